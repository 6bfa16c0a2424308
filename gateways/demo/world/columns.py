"""Growable numpy columns: per-person or per-mentor attributes the simulation filters in bulk."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


class Column:
    """One attribute for items 0, 1, 2, ... (an ordinal each), stored in a numpy array."""

    def __init__(self, dtype: npt.DTypeLike, fill: Any = 0) -> None:
        self._fill = fill
        self._values: npt.NDArray[Any] = np.full(64, fill, dtype=dtype)
        self.size = 0

    def set(self, ordinal: int, value: Any) -> None:
        """Give item ``ordinal`` its value (items up to it count from now on)."""
        if ordinal >= len(self._values):
            grown = np.full(max(2 * len(self._values), ordinal + 1), self._fill, self._values.dtype)
            grown[: len(self._values)] = self._values
            self._values = grown
        self._values[ordinal] = value
        self.size = max(self.size, ordinal + 1)

    @property
    def values(self) -> npt.NDArray[Any]:
        """The values of every item so far (a view: do not keep it across changes)."""
        return self._values[: self.size]
