"""The two vendor mappings documented in docs/hris-import.md, applied to their sample rows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gateways.entrypoints.hris_import.mapping import BadMapping, parse_mapping
from gateways.entrypoints.hris_import.rows import read_snapshot

DOC = Path(__file__).parents[3] / "docs" / "hris-import.md"


def blocks(heading: str) -> tuple[str, str]:
    """The TOML mapping and the CSV sample under a heading of the document."""
    section = DOC.read_text(encoding="utf-8").split(f"### {heading}", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]
    toml = re.search(r"```toml\n(.*?)```", section, re.S)
    sample = re.search(r"```csv\n(.*?)```", section, re.S)
    assert toml and sample
    return toml.group(1), sample.group(1)


def test_a_workday_style_report_maps_to_the_snapshot_columns_and_values() -> None:
    mapping, sample = blocks("A Workday-style worker report")
    snapshot = read_snapshot(sample, parse_mapping(mapping))
    assert snapshot.problems == ()
    active, leaver = snapshot.rows
    assert (active.employee_id, active.hire_date, active.department, active.job_level) == (
        "21001", dt.date(2024, 1, 15), "Sales EMEA", 2
    )
    assert (active.manager_id, active.location, active.demographic_group) == (
        "20007", "Leeds", "B"
    )
    assert (active.performance_rating, active.rating_date) == (4.0, dt.date(2024, 12, 1))
    assert (leaver.termination_date, leaver.termination_reason, leaver.job_level) == (
        dt.date(2025, 5, 31), "voluntary", 5
    )


def test_a_bamboohr_style_report_maps_to_the_snapshot_columns_and_values() -> None:
    mapping, sample = blocks("A BambooHR-style employee report")
    snapshot = read_snapshot(sample, parse_mapping(mapping))
    assert snapshot.problems == ()
    active, retiree = snapshot.rows
    assert (active.employee_id, active.job_level, active.manager_id) == ("E-0101", 3, "E-0007")
    assert (retiree.manager_id, retiree.termination_reason) == (None, "retirement")
    assert retiree.termination_date == dt.date(2025, 4, 30)


def test_vendor_values_match_after_trimming_and_ignoring_case() -> None:
    mapping = parse_mapping('[values.termination_reason]\n"Resignation" = "voluntary"\n')
    assert mapping.value("termination_reason", "  RESIGNATION ") == "voluntary"
    assert mapping.value("termination_reason", "Layoff") == "Layoff"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("columns = [", "not valid TOML"),
        ("[columns]\nsalary = 'Pay'\n", "'salary' is not a snapshot column"),
        ("colums = {}\n", "unknown keys"),
        ("date_format = 3\n", "date_format"),
    ],
)
def test_a_bad_mapping_file_is_refused_saying_why(text: str, complaint: str) -> None:
    with pytest.raises(BadMapping, match=complaint):
        parse_mapping(text)
