"""The CLI's analyst paths: aggregate-safe by default, person-level only `--trusted --as`, recorded.

Each test has a store of its own: trusted reads and private reads are recorded in it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateways.bootstrap import build_audit_service
from gateways.entrypoints.http.private_reads import private_reads
from gateways.settings import Settings
from gateways.trusted_sql import trusted_queries
from tests.integration.cli.conftest import TRUSTED, invoke
from tests.integration.cli.stores import store_per_test  # noqa: F401  (the fixture `store`)


def rows(env: dict[str, str], *args: str) -> list[list[object]]:
    """The rows `mentoring sql ... --json` prints (it must succeed)."""
    code, out, err = invoke(env, "sql", *args, "--json")
    assert code == 0, err
    return list(json.loads(out)["rows"])


def recorded(store: Path) -> list[tuple[str, str, str, int]]:
    """The trusted reads recorded in the store: analyst, channel, SQL, rows."""
    service = build_audit_service(Settings(store=f"sqlite:///{store}"))
    try:
        return [(r.analyst, r.channel, r.sql, r.row_count) for r in trusted_queries(service)]
    finally:
        service.close()


@pytest.mark.parametrize("sql", [
    "SELECT * FROM employees WHERE hris_id = 'X1'",
    "SELECT department, count(*) FROM employees GROUP BY 1 HAVING count(*) < 5",
    "SELECT mentee_id, mentor_id FROM mentorships LIMIT 1",
])
def test_an_analysts_sql_on_person_level_tables_fails(projected: dict[str, str], sql: str
                                                      ) -> None:
    code, out, err = invoke(projected, "sql", sql)
    assert (code, out, err.startswith("error: statement failed: Catalog Error")) == (2, "", True)


def test_an_analysts_sql_finds_no_group_of_fewer_than_five(projected: dict[str, str]) -> None:
    assert rows(projected, "SELECT * FROM workforce WHERE people < 5") == []
    assert rows(projected, "SELECT people FROM workforce WHERE breakdown = 'department' "
                           "ORDER BY department") == [[8], [6]]


def test_trusted_sql_needs_an_identity(projected: dict[str, str]) -> None:
    code, out, err = invoke(projected, "sql", "--trusted", "SELECT count(*) FROM employees")
    assert (code, out, "--as NAME" in err) == (2, "", True)


def test_trusted_sql_reads_people_and_is_recorded(projected: dict[str, str], store: Path
                                                 ) -> None:
    sql = "SELECT count(*) FROM employees"
    assert rows(projected, *TRUSTED, sql) == [[20]]
    assert recorded(store) == [("cli:ana", "cli", sql, 1)]


def test_auditors_list_the_trusted_runs_from_the_cli(projected: dict[str, str]) -> None:
    rows(projected, *TRUSTED, "SELECT hris_id FROM employees")

    code, out, _ = invoke(projected, "audit", "analyst-queries", "--json")
    (run,) = [json.loads(line) for line in out.splitlines()]
    assert (code, run["analyst"], run["sql"], run["row_count"]) == (
        0, "cli:ana", "SELECT hris_id FROM employees", 20)


def test_the_default_export_holds_only_the_aggregate_safe_views(
    projected: dict[str, str], store: Path, tmp_path: Path
) -> None:
    code, _, err = invoke(projected, "export", "--format", "csv", str(tmp_path / "out"))

    assert code == 0, err
    files = sorted(path.name for path in (tmp_path / "out").glob("*.csv"))
    assert "employees.csv" not in files and "workforce.csv" in files
    workforce = (tmp_path / "out" / "workforce.csv").read_text(encoding="utf-8").splitlines()
    assert workforce[0].startswith("breakdown,department,level,location,people")
    assert recorded(store) == []


def test_a_person_level_export_is_recorded(projected: dict[str, str], store: Path,
                                           tmp_path: Path) -> None:
    code, _, err = invoke(projected, "export", *TRUSTED, "--format", "csv", str(tmp_path))

    assert code == 0, err
    ((analyst, channel, described, _),) = recorded(store)
    assert (analyst, channel, described.startswith("EXPORT csv TO "),
            "employees" in described) == ("cli:ana", "cli", True, True)


def test_a_cli_read_of_private_texts_is_recorded(env: dict[str, str], store: Path) -> None:
    code, _, err = invoke(env, "audit", "history", "employee", "M1", "--include-private",
                          "--as", "auditor-1")

    assert code == 0, err
    service = build_audit_service(Settings(store=f"sqlite:///{store}"))
    try:
        reads = [(r.reader, r.role, r.route, r.concerns) for r in private_reads(service)]
    finally:
        service.close()
    assert reads == [("cli:auditor-1", "cli", "cli-audit-employee-history", ("M1",))]


def test_a_redacted_cli_history_records_no_read(env: dict[str, str], store: Path) -> None:
    assert invoke(env, "audit", "history", "employee", "M1")[0] == 0
    service = build_audit_service(Settings(store=f"sqlite:///{store}"))
    try:
        assert list(private_reads(service)) == []
    finally:
        service.close()
