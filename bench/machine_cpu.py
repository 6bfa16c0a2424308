"""Where the machine's CPU goes during a bench: the server, the brokers, the load generator.

A bench takes a ``CpuTimes`` before and after its load; their difference says how much CPU
each part used, so a throughput figure comes with its cost on the whole machine, not only the
server's. Everything is read from /proc (Linux):

- the machine: every core's busy time from /proc/stat (user, nice, system, irq, softirq,
  steal; not idle or iowait);
- the Kafka brokers: every process whose command line runs ``kafka.Kafka``;
- the load generator: the children this process waited for (``RUSAGE_CHILDREN``: wrk, once
  ``subprocess.run`` returns);
- this process itself (``RUSAGE_SELF``: e.g. the threads of a raw-append run).
"""

from __future__ import annotations

import os
import resource
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

BROKER_MAIN = "kafka.Kafka"
"""The broker's main class, as it shows on a java command line."""


@dataclass(frozen=True)
class CpuTimes:
    """CPU seconds used so far by each part of the machine, and when they were read."""

    machine: float
    brokers: float
    children: float
    own: float
    at: float

    @classmethod
    def now(cls) -> CpuTimes:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        return cls(
            machine=machine_busy_seconds(),
            brokers=brokers_cpu_seconds(),
            children=children.ru_utime + children.ru_stime,
            own=own.ru_utime + own.ru_stime,
            at=time.monotonic(),
        )

    def __sub__(self, earlier: CpuTimes) -> CpuTimes:
        return CpuTimes(
            machine=self.machine - earlier.machine,
            brokers=self.brokers - earlier.brokers,
            children=self.children - earlier.children,
            own=self.own - earlier.own,
            at=self.at - earlier.at,
        )

    @property
    def machine_share(self) -> float:
        """Of the machine's cores, the share busy over the interval (a difference's)."""
        return self.machine / max(1e-9, self.at * cores())


def cores() -> int:
    """The cores this machine has."""
    return os.cpu_count() or 1


def machine_busy_seconds() -> float:
    """Busy CPU time of every core since boot (the first line of /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_table() -> dict[int, tuple[int, float]]:
    """Every process: its parent and its CPU seconds so far (user + system, every thread)."""
    table: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rpartition(")")[2].split()
            ticks = int(fields[11]) + int(fields[12])
            table[int(stat.parent.name)] = (int(fields[1]), ticks / tick)
    return table


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process and all its descendants so far."""
    table = process_table()
    tree, grew = {root}, True
    while grew:
        grown = tree | {pid for pid, (parent, _) in table.items() if parent in tree}
        tree, grew = grown, grown != tree
    return sum(table[pid][1] for pid in tree if pid in table)


def brokers_cpu_seconds() -> float:
    """CPU seconds of every Kafka broker on this machine so far."""
    table = process_table()
    return sum(table.get(pid, (0, 0.0))[1] for pid in broker_pids())


def broker_pids() -> list[int]:
    """The processes running a Kafka broker on this machine."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with suppress(OSError):
            if BROKER_MAIN.encode() in cmdline.read_bytes().split(b"\0"):
                found.append(int(cmdline.parent.name))
    return found
