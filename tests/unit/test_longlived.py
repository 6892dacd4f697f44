"""Start-up objects are frozen out of the cycle collector once per stage, never again: a second
sign-in must not keep the first one's garbage for good."""

from __future__ import annotations

import gc

import pytest

from desktop_app import longlived


def test_each_stage_freezes_once_and_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted by the calls, not by gc.get_freeze_count(): frozen objects freed meanwhile (by this
    # process's other threads) lower the count, so comparing counts is not a fair witness.
    freezes: list[int] = []

    def freeze() -> None:
        freezes.append(1)
        real_freeze()

    real_freeze = gc.freeze
    monkeypatch.setattr(longlived.gc, "freeze", freeze)
    try:
        stage = "a stage only this test reaches"
        assert longlived.keep_for_good(stage) is True
        assert len(freezes) == 1
        assert longlived.keep_for_good(stage) is False
        assert len(freezes) == 1  # not frozen again: what is made after stays collectable
        assert longlived.keep_for_good("another stage only this test reaches") is True
        assert len(freezes) == 2
    finally:
        gc.unfreeze()


def test_collection_waits_for_the_action_and_resumes_after_it_even_on_error() -> None:
    assert gc.isenabled()
    with longlived.collection_waits():
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with longlived.collection_waits():
            raise ValueError("refused")
    except ValueError:
        pass
    assert gc.isenabled()


def test_collection_left_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with longlived.collection_waits():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
