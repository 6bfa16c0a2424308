"""Performance improvement over a window, on a hand-built organisation (performance_org.py).

In: P1-P6 (P7 has no rating before the window). Changes in twelfths: 4, 6, 5, -4, 3, 4 →
mean 18/72 = 1/4. Out: O1-O6 (O7 has no rating in the window; O8 and X1 were not employed at
the start). Changes in twelfths: 0, 0, 4, -3, 3, 0 → mean 4/72 = 1/18. Difference 7/36.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy import stats

from projections.analytics import Analytics
from projections.catch_up import CatchUp
from projections.queries.performance import PerformanceQuery
from projections.read_side import ReadSideProjection
from projections.view import DuckDBView
from tests.integration.projections.performance_org import (
    IN_CHANGES,
    OUT_CHANGES,
    RATINGS,
    build_rated_organisation,
)
from tests.integration.projections.projected import projection_fixture
from tests.integration.projections.scenario_org import EventLog

START, END = date(2024, 1, 1), date(2024, 12, 31)


#: The rated organisation projected (by either path of the projector).
rated_view = projection_fixture(build_rated_organisation, name="rated_view")


@pytest.fixture(scope="module")
def rated(rated_view: DuckDBView) -> Analytics:
    """The analytics over the rated organisation."""
    return Analytics(rated_view.cursor())


def t_half_width(values: tuple[float, ...]) -> float:
    """The half width of the 95% t interval of the mean, by the textbook formula."""
    n = len(values)
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    return float(stats.t.ppf(0.975, n - 1)) * math.sqrt(variance / n)


def test_the_mean_change_of_each_group_uses_the_latest_ratings_on_their_own_scales(
    rated: Analytics,
) -> None:
    (row,) = rated.run(PerformanceQuery(START, END)).rows

    assert (row.participants.people, row.others.people) == (6, 6)
    assert row.participants.mean_change == pytest.approx(1 / 4)
    assert row.others.mean_change == pytest.approx(1 / 18)
    assert row.difference == pytest.approx(7 / 36)


def test_each_mean_has_a_t_interval_and_the_difference_a_welch_interval(rated: Analytics) -> None:
    (row,) = rated.run(PerformanceQuery(START, END)).rows

    half = t_half_width(IN_CHANGES)  # s² = (64/144)/5, t(5) = 2.5706
    assert half == pytest.approx(0.31289, abs=1e-5)
    assert row.participants.interval is not None
    assert (row.participants.interval.low, row.participants.interval.high) == pytest.approx(
        (1 / 4 - half, 1 / 4 + half))
    welch = stats.ttest_ind(IN_CHANGES, OUT_CHANGES, equal_var=False).confidence_interval(0.95)
    assert row.difference_interval is not None
    assert (row.difference_interval.low, row.difference_interval.high) == pytest.approx(
        (welch.low, welch.high))


def test_a_rating_on_the_window_start_is_the_baseline_not_the_outcome(rated: Analytics) -> None:
    # P3's baseline is dated 2024-01-01; a window starting a day earlier has it as P3's outcome
    # and P3 then has no baseline, so only P1, P2, P4, P5, P6 remain in.
    (row,) = rated.run(PerformanceQuery(date(2023, 12, 31), END)).rows

    assert row.participants.people == 5
    # P2's baseline is then 2023-12-31 (1/2), others unchanged: twelfths 4, 6, -4, 3, 4.
    assert row.participants.mean_change == pytest.approx(13 / 60)


def test_groups_under_five_people_are_suppressed_with_no_difference(rated: Analytics) -> None:
    (row,) = rated.run(PerformanceQuery(START, END, role="mentee")).rows

    assert row.participants.suppressed and row.participants.people is None
    assert row.participants.mean_change is None and row.participants.interval is None
    assert row.others.people == 9  # the out group now holds the mentors P4-P6 too
    assert row.difference is None and row.difference_interval is None


def test_grouping_by_department_splits_each_side_and_suppresses_small_cells(
    rated: Analytics,
) -> None:
    rows = rated.run(PerformanceQuery(START, END, group_by="department")).rows

    assert [r.group for r in rows] == ["Eng", "Sales"]
    assert all(r.participants.suppressed and r.others.suppressed for r in rows)


def test_grouping_by_program_compares_its_participants_with_everyone_else(
    rated: Analytics,
) -> None:
    (row,) = rated.run(PerformanceQuery(START, END, group_by="program")).rows

    assert row.group == "Lift"
    assert (row.participants.people, row.others.people) == (6, 6)
    assert row.others.mean_change == pytest.approx(1 / 18)
    assert row.difference == pytest.approx(7 / 36)


def test_the_set_based_route_writes_the_rows_the_python_handler_does(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    app = EventLog(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    build_rated_organisation(app)
    tables = []
    for set_based in (True, False):
        view = DuckDBView(tmp_path_factory.mktemp("paths") / "view.duckdb")
        CatchUp(app.recorder, app.mapper, ReadSideProjection(view), batch_size=5,
                set_based=set_based).run()
        tables.append(view.fetch("SELECT * FROM performance_ratings ORDER BY ALL"))
        view.close()

    assert tables[0] == tables[1]
    assert len(tables[0]) == sum(len(r) for r in RATINGS.values()) == 32
    assert tables[0][0][2:] == (date(2023, 12, 15), "2023-12", 2.0, 1.0, 4.0)  # P1's first
