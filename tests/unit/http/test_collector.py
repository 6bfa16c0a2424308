"""What the API process's freeze leaves to the collector: cycles made while serving."""

from __future__ import annotations

import gc
import weakref

from gateways.entrypoints.http.collector import frozen_while_serving


def test_a_cycle_made_while_serving_is_still_collected() -> None:
    class Node:
        partner: object = None

    with frozen_while_serving() as frozen:
        assert frozen > 0
        first, second = Node(), Node()
        first.partner, second.partner = second, first
        gone = weakref.ref(first)
        del first, second
        assert gone() is not None  # only the collector frees a cycle
        gc.collect()
        assert gone() is None
