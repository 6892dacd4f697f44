"""Start-up objects are frozen out of the cycle collector once per stage, never again: a second
sign-in must not keep the first one's garbage for good."""

from __future__ import annotations

import gc

from desktop_app import longlived


def test_each_stage_freezes_once_and_only_once() -> None:
    before = gc.get_freeze_count()
    try:
        stage = "a stage only this test reaches"
        assert longlived.keep_for_good(stage) is True
        frozen = gc.get_freeze_count()
        assert frozen >= before
        garbage = [[]]
        garbage[0].append(garbage)  # a cycle made after the first freeze
        assert longlived.keep_for_good(stage) is False
        assert gc.get_freeze_count() == frozen  # not frozen again: the cycle stays collectable
        del garbage
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
