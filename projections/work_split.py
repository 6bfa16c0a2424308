"""How the set-based routes' JSON work is split between the reader thread and the main thread."""

from __future__ import annotations

STEP = 0.125
WAITED_SECONDS = 0.002
"""A queue operation that took longer than this means the thread waited for the other one."""


class WorkSplit:
    """The share of a batch's set-based events whose rows the reader thread computes.

    The main thread computes the rest inside the batch's transaction. The share moves towards
    the thread that waits: when the main thread waits for the next batch, the reader does too
    much; when the reader waits to hand a batch over, the main thread does. Either way the
    rows are the same; only which core parses the JSON changes.
    """

    def __init__(self, share: float = 0.5) -> None:
        self.share = share

    def reader_waited(self, seconds: float) -> None:
        """The reader waited `seconds` to hand a batch over."""
        if seconds > WAITED_SECONDS:
            self.share = min(1.0, self.share + STEP)

    def writer_waited(self, seconds: float) -> None:
        """The main thread waited `seconds` for the next batch."""
        if seconds > WAITED_SECONDS:
            self.share = max(0.0, self.share - STEP)
