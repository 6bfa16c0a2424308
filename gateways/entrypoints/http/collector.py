"""The cyclic garbage collector of a long-running API process.

Once the app has started (the stores opened, the log's index read, every route built), the
objects alive then live as long as the process: ``frozen_while_serving`` moves them out of the
collector's generations (``gc.freeze``), so a full collection no longer walks them. Under load
on a Kafka store this took full collections from 130-180 ms (a pause every request in flight
waits out) to under 10 ms (docs/benchmarks.md, "Command API under load"). When the app stops,
they are handed back (``gc.unfreeze``), so a process that builds several apps (the tests)
collects what each leaves behind.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

log = structlog.get_logger(__name__)


@contextmanager
def frozen_while_serving() -> Iterator[int]:
    """Freeze what is tracked now for the block, unfreeze after; yields how many objects were
    frozen. No collection first (as the library's documentation has it for a server about to
    fork): it would cost a tenth of a second per app in the tests, and what garbage it would
    have freed is held only until the app stops."""
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info("startup_objects_frozen", objects=frozen)
    try:
        yield frozen
    finally:
        gc.unfreeze()
