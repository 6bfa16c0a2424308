"""Catch-up passes pause Python's cyclic garbage collector and restore it afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from projections.gc_pause import collector_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_the_block() -> None:
    gc.enable()

    with collector_paused():
        assert not gc.isenabled()


def test_the_collector_is_back_on_after_the_block() -> None:
    gc.enable()

    with collector_paused():
        pass

    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_error_in_the_block() -> None:
    gc.enable()

    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")

    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()

    with collector_paused():
        pass

    assert not gc.isenabled()
