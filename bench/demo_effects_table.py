"""The demo's estimates of its known effects for several seeds, as a Markdown table.

    .venv/bin/python bench/demo_effects_table.py [--seeds 1,2,3,4,5] [--employees 2000]

Runs the whole demo (simulate, commands, daily scheduler, projection, report) once per seed on
a fresh SQLite store and DuckDB file in a temporary folder, then prints, per seed, the naive,
landmark and adjusted hazard ratios of voluntary exit with their 95% intervals
(``gateways.demo.estimates``), which is closest to the world's known factor, and the
performance comparison's in-versus-out difference (the world's known performance effect is
positive). This is the table in docs/demo.md. Each run's commands, events and phase timings
go to stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateways.demo.estimates import EffectEstimates, HazardEstimate  # noqa: E402
from gateways.demo.run import DemoOptions, run_demo  # noqa: E402
from gateways.logging import configure_logging  # noqa: E402
from gateways.settings import Settings  # noqa: E402


def quiet(description: str, total: int) -> Callable[[int], None]:
    """A progress phase that shows nothing."""
    return lambda n: None


def estimates_for(seed: int, employees: int) -> EffectEstimates:
    """Run the demo for one seed in a temporary folder and return its estimates."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            store=f"sqlite:///{folder}/events.db",
            duckdb=Path(folder) / "analytics.duckdb",
            log_level="WARNING",
        )
        configure_logging(settings)
        options = DemoOptions(seed, employees, Path(folder) / "report.html")
        outcome = run_demo(settings, options, quiet)
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in outcome.timings.items())
    print(
        f"seed {seed}: {outcome.drive.accepted:,} commands, {outcome.events:,} events; {timings}",
        file=sys.stderr,
    )
    assert outcome.estimates is not None
    return outcome.estimates


def cell(estimate: HazardEstimate) -> str:
    """A hazard ratio and its interval, or a dash."""
    if estimate.ratio is None or estimate.interval is None:
        return "–"
    return f"{estimate.ratio:.2f} ({estimate.interval.low:.2f}–{estimate.interval.high:.2f})"


def row(seed: int, estimates: EffectEstimates) -> str:
    """One seed's line of the table."""
    closest = estimates.closest()
    difference, interval = estimates.performance_difference, estimates.performance_interval
    performance = "–"
    if difference is not None and interval is not None:
        performance = f"{difference:+.3f} ({interval.low:+.3f} to {interval.high:+.3f})"
    cells = [cell(e) for e in estimates.estimates]
    return (
        f"| {seed} | {estimates.known:g} | {' | '.join(cells)} | "
        f"{closest.key if closest else '–'} | {performance} |"
    )


def main() -> None:
    """Run every seed and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--employees", type=int, default=2000)
    args = parser.parse_args()
    print(
        "| seed | known | naive HR (95% CI) | landmark HR (95% CI) | adjusted HR (95% CI) "
        "| closest | performance change in − out (95% CI) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for seed in (int(s) for s in args.seeds.split(",")):
        print(row(seed, estimates_for(seed, args.employees)), flush=True)


if __name__ == "__main__":
    main()
