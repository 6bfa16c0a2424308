"""The adjusted hazard ratio recovers a known effect on a synthetic population.

4,000 people employed at the window start (2022-01-01, follow-up to 2023-12-31). Exits are
exponential with a baseline hazard that depends on department (Ops leaves twice as fast) and
level; participation multiplies the hazard by 0.6 from the day one joins (memoryless, so the
time after joining is drawn afresh at the lower rate). Ops people also join more often, so
the crude comparisons are confounded by department; the Cox model adjusts for it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from uuid import UUID, uuid4

import duckdb
import numpy as np
import pandas as pd
import pytest

from projections.queries.adjusted_hazard import AdjustedHazardQuery
from projections.schema import create_statements

START, END = date(2022, 1, 1), date(2023, 12, 31)
DAYS = (END - START).days
TRUE_HR = 0.6


def synthetic(people: int = 4000, seed: int = 17) -> duckdb.DuckDBPyConnection:
    """Read-side tables of a simulated population (spells, history, participations)."""
    rng = np.random.default_rng(seed)
    spells, history, participations = [], [], []
    program = uuid4()
    for _ in range(people):
        person = uuid4()
        ops = rng.random() < 0.4
        level = int(rng.integers(1, 6))
        hired = START - timedelta(days=int(rng.integers(30, 3000)))
        rate = 0.0009 * (2.0 if ops else 1.0) * math.exp(-0.1 * (level - 3))
        joins = rng.random() < (0.6 if ops else 0.3)
        join_day = int(rng.integers(0, DAYS)) if joins else None
        exit_day = rng.exponential(1 / rate)
        if join_day is not None and exit_day > join_day:
            exit_day = join_day + rng.exponential(1 / (rate * TRUE_HR))
        day = math.ceil(exit_day)
        left_on = START + timedelta(days=day) if day <= DAYS else None
        if join_day is not None and left_on is not None and join_day >= day:
            join_day = None
        spells.append((person, 1, hired, left_on, "voluntary" if left_on else None, True))
        history.append((person, hired, None, "Ops" if ops else "Eng", level, None,
                        str(rng.choice(["Paris", "Lyon"]))))
        if join_day is not None:
            participations.append((uuid4(), person, "mentee", program, 1,
                                    START + timedelta(days=join_day), None, None))
    connection = duckdb.connect()
    for statement in create_statements():
        connection.execute(statement)
    _insert(connection, "employment_spells", spells)
    _insert(connection, "employee_history", history)
    _insert(connection, "participations", participations)
    return connection


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    columns = [r[0] for r in connection.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame(rows, columns=columns)
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, UUID)).any():
            frame[column] = frame[column].map(lambda v: None if v is None else str(v))
    connection.register("incoming", frame)
    connection.execute(f"INSERT INTO {table} SELECT * FROM incoming")
    connection.unregister("incoming")


@pytest.fixture(scope="module")
def population() -> duckdb.DuckDBPyConnection:
    return synthetic()


def test_the_cox_model_recovers_the_hazard_ratio_within_its_interval(
    population: duckdb.DuckDBPyConnection,
) -> None:
    result = AdjustedHazardQuery(START, END).run(population)

    assert result.hazard_ratio is not None and result.interval is not None
    assert result.interval.low < TRUE_HR < result.interval.high
    assert result.hazard_ratio == pytest.approx(TRUE_HR, abs=0.12)
    assert result.interval.high < 1 and result.p_value is not None and result.p_value < 0.05
    assert "department_Ops" in result.adjusted_for and "level" in result.adjusted_for


def test_the_landmark_and_naive_comparisons_come_with_the_estimate(
    population: duckdb.DuckDBPyConnection,
) -> None:
    result = AdjustedHazardQuery(START, END).run(population)

    assert result.naive is not None and result.naive.participants.headcount
    assert result.landmark is not None
    # Nobody participates at the start: the landmark's "in" group is empty, so suppressed.
    assert result.landmark.participants.suppressed
    assert result.participants and result.others and result.participants < result.others


def test_too_few_participants_give_no_estimate() -> None:
    population = synthetic(people=40, seed=3)
    result = AdjustedHazardQuery(START, END, role="mentor").run(population)

    assert result.suppressed and result.hazard_ratio is None and result.interval is None
    assert result.note is not None and "fewer than 5" in result.note
