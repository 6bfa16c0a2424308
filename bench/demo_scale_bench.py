"""How the demo's simulation grows with the organisation: simulate at two sizes, one run.

    .venv/bin/python bench/demo_scale_bench.py [--sizes 2000,8000] [--repeats 5] [--seed 7]

Each size is simulated ``--repeats`` times, the sizes taking turns (so that other work on the
machine weighs on both alike); the best time of each size is kept and the ratio of the largest
size's time to the smallest's printed next to the ratio of their sizes, for wall-clock time
and for CPU time (``time.process_time``: not counting time spent waiting for a core while
other work runs). The issue's target:
8,000 employees in at most 4.5 times the time of 2,000. The load average (``os.getloadavg``)
is printed before and after, since the figures move with other work on the machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateways.demo.world.params import WorldParams  # noqa: E402
from gateways.demo.world.simulate import simulate  # noqa: E402


def simulate_seconds(seed: int, employees: int) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds to simulate one world, and the steps of its timeline."""
    gc.collect()
    began, began_cpu = time.perf_counter(), time.process_time()
    world = simulate(WorldParams(seed=seed, employees=employees))
    return time.perf_counter() - began, time.process_time() - began_cpu, len(world.timeline)


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,8000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    best: dict[int, float] = {}
    best_cpu: dict[int, float] = {}
    steps: dict[int, int] = {}
    print(f"load average before: {load()}")
    for _ in range(args.repeats):
        for size in sizes:
            seconds, cpu, steps[size] = simulate_seconds(args.seed, size)
            best[size] = min(best.get(size, seconds), seconds)
            best_cpu[size] = min(best_cpu.get(size, cpu), cpu)
    print(f"load average after:  {load()}")
    print(
        f"| employees | steps | simulate s, wall clock | simulate s, CPU (best of {args.repeats}) |"
    )
    print("| ---: | ---: | ---: | ---: |")
    for size in sizes:
        print(f"| {size:,} | {steps[size]:,} | {best[size]:.2f} | {best_cpu[size]:.2f} |")
    small, large = sizes[0], sizes[-1]
    print(
        f"ratio {large:,}/{small:,}: wall clock {best[large] / best[small]:.2f}x, CPU "
        f"{best_cpu[large] / best_cpu[small]:.2f}x for {large / small:.1f}x the employees "
        f"({steps[large] / steps[small]:.2f}x the steps)"
    )


if __name__ == "__main__":
    main()
