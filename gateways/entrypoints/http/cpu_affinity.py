"""The CPUs `mentoring serve` runs on (MENTORING_HTTP_CPUS).

One serve process runs its Python under one GIL, so it uses about one core however many the
machine has, while its threads (the event loop, the command threads, the store's commit
threads) hand every command to each other. A thread woken on another CPU than the one that
woke it costs that CPU an interrupt and, on a virtual machine, often a trip through the
hypervisor: on the 2-core benchmark VM a round trip to a worker thread cost 146 µs of CPU
across CPUs and 91 µs on one, and serve answered a quarter to a half more commands a second
when all its threads shared one CPU (docs/benchmarks.md, "Sixth pass").

- ``auto`` (the default): a single serve process (one worker) runs on one CPU, the last of
  those it may use; serve with several workers is left where the system puts it.
- ``all``: every CPU the process may use; nothing is pinned.
- a list such as ``3`` or ``0-1,4``: serve and its workers run on those CPUs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

AUTO = "auto"
ALL = "all"
LISTED = "listed"
CPU_LIST = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")
HIGHEST_CPU = 8191
"""The highest CPU number Linux knows (its largest NR_CPUS is 8192)."""


@dataclass(frozen=True)
class CpuChoice:
    """MENTORING_HTTP_CPUS, read: ``auto``, ``all``, or ``listed`` with the CPUs listed."""

    mode: str
    listed: frozenset[int] = frozenset()

    def cpus(self, workers: int, allowed: frozenset[int]) -> frozenset[int] | None:
        """The CPUs serve with ``workers`` processes pins itself to, of those it is
        ``allowed``; None to pin nothing. A listed CPU not allowed is a ValueError."""
        if self.mode == ALL:
            return None
        if self.mode == AUTO:
            return frozenset({max(allowed)}) if workers == 1 and len(allowed) > 1 else None
        unavailable = self.listed - allowed
        if unavailable:
            raise ValueError(
                f"CPU {cpu_list(unavailable)} is not available to this process "
                f"(it may run on {cpu_list(allowed)})"
            )
        return self.listed


def parse_cpus(text: str) -> CpuChoice:
    """``auto``, ``all`` or a CPU list (``2``, ``0-3``, ``0,2-3``); a ValueError otherwise."""
    value = text.strip().lower()
    if value in (AUTO, ALL):
        return CpuChoice(value)
    if not CPU_LIST.fullmatch(value):
        raise ValueError(f"{text!r} is not auto, all or a CPU list such as 1 or 0-2,4")
    listed: set[int] = set()
    for part in value.split(","):
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if high < low:
            raise ValueError(f"the CPU range {part} runs backwards")
        if high > HIGHEST_CPU:
            raise ValueError(f"CPU {high} is past the highest CPU number ({HIGHEST_CPU})")
        listed.update(range(low, high + 1))
    return CpuChoice(LISTED, frozenset(listed))


def cpu_list(cpus: frozenset[int] | set[int]) -> str:
    """CPUs as the kernel lists them (``0-2,5``)."""
    runs: list[list[int]] = []  # [first, last] of each run of consecutive CPUs
    for cpu in sorted(cpus):
        if runs and cpu == runs[-1][1] + 1:
            runs[-1][1] = cpu
        else:
            runs.append([cpu, cpu])
    return ",".join(str(first) if first == last else f"{first}-{last}" for first, last in runs)


def can_pin() -> bool:
    """Whether this system pins processes to CPUs (Linux does; macOS, for one, does not)."""
    return hasattr(os, "sched_setaffinity") and Path("/proc/self/task").is_dir()


def allowed_cpus() -> frozenset[int]:
    """The CPUs this process may run on."""
    if not can_pin():
        return frozenset(range(os.cpu_count() or 1))
    return frozenset(os.sched_getaffinity(0))


def pin_process(cpus: frozenset[int]) -> None:
    """Run every thread of this process, and every thread and child it starts later, on
    ``cpus`` (Linux sets the affinity of one thread at a time; new ones inherit it). Raises
    PermissionError where the system forbids it (e.g. a container's seccomp policy)."""
    for task in Path("/proc/self/task").iterdir():
        try:
            os.sched_setaffinity(int(task.name), cpus)
        except ProcessLookupError:  # the thread ended meanwhile
            continue
