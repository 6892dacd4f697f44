"""Who earns a recognition certificate: the reward figure decided on whole numbers, 100 %
above it, and the most improved on the half-term before (ties shared, falls earn nothing)."""

from __future__ import annotations

from desktop_app.domain import recognition as rules


def test_the_reward_figure_is_decided_without_rounding() -> None:
    assert rules.meets_reward((94, 100), 94)
    assert not rules.meets_reward((939, 1000), 94)  # 93.9 % would round to 94
    assert rules.meets_reward((47, 50), 94)
    assert not rules.meets_reward((0, 0), 94)


def test_full_attendance_outranks_the_reward_figure() -> None:
    found = rules.awards({1: (40, 40), 2: (38, 40), 3: (30, 40)}, {}, 94)
    assert found == {1: (rules.FULL,), 2: (rules.REWARD,)}


def test_the_most_improved_share_the_award_and_a_fall_earns_nothing() -> None:
    now = {1: (30, 40), 2: (20, 40), 3: (35, 50), 4: (10, 40)}
    before = {1: (20, 40), 2: (10, 40), 3: (30, 50), 4: (20, 40)}
    assert rules.most_improved(now, before) == {1, 2}  # both rose 25 points
    assert rules.most_improved({4: (10, 40)}, {4: (20, 40)}) == set()
    assert rules.most_improved({5: (10, 40)}, {}) == set()  # nothing to compare with


def test_a_learner_can_earn_two_awards_on_one_certificate() -> None:
    found = rules.awards({1: (40, 40), 2: (30, 40)}, {1: (20, 40), 2: (29, 40)}, 94)
    assert found[1] == (rules.FULL, rules.IMPROVED)
    assert 2 not in found
