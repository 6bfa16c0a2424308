"""hris-publish: lines are published verbatim, keyed by employee_id when they have one."""

from __future__ import annotations

from pathlib import Path

from gateways.entrypoints.hris.publish import key_of, read_lines


def test_line_is_keyed_by_its_employee_id() -> None:
    assert key_of(b'{"employee_id": "E7", "type": "hired"}') == b"E7"


def test_line_that_is_not_json_has_no_key() -> None:
    assert key_of(b"not json") is None


def test_lines_are_read_verbatim_and_blank_lines_skipped(tmp_path: Path) -> None:
    file = tmp_path / "m.jsonl"
    file.write_bytes(b'{"a": 1}\n\n  \nnot json \r\n')
    assert list(read_lines(file)) == [b'{"a": 1}', b"not json "]
