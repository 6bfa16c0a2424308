"""`mentoring sql`: analysts' own SELECTs on the snapshot; anything else refused in one line."""

from __future__ import annotations

import json

from tests.integration.cli.conftest import invoke


def test_sql_prints_the_rows_as_a_table(projected: dict[str, str]) -> None:
    code, out, _ = invoke(projected, "sql",
                          "SELECT people FROM workforce WHERE breakdown = 'total'")
    assert (code, "people" in out, "14" in out) == (0, True, True)


def test_sql_prints_json(projected: dict[str, str]) -> None:
    _, out, _ = invoke(projected, "sql", "SELECT 1 AS one", "--json")
    assert json.loads(out) == {"columns": ["one"], "rows": [[1]], "truncated": False}


def test_sql_refuses_insert_in_one_line_with_exit_2(projected: dict[str, str]) -> None:
    code, out, err = invoke(projected, "sql", "INSERT INTO employees (hris_id) VALUES ('X')")
    assert (code, out, err) == (2, "", "error: statement refused: only SELECT is allowed, "
                                       "not INSERT\n")


def test_sql_that_fails_is_one_line_with_exit_2(projected: dict[str, str]) -> None:
    code, _, err = invoke(projected, "sql", "SELECT * FROM nowhere")
    assert (code, len(err.splitlines())) == (2, 1)


def test_sql_before_any_snapshot_says_to_run_project(env: dict[str, str]) -> None:
    code, _, err = invoke(env, "sql", "SELECT 1")
    assert (code, "run `mentoring project`" in err) == (1, True)
