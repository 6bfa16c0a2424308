"""Request fingerprints: what makes a retry the same request."""

from __future__ import annotations

from gateways.entrypoints.http.idempotency.fingerprint import command_id, fingerprint


def test_json_key_order_and_spacing_do_not_change_the_fingerprint() -> None:
    spaced = fingerprint("POST", "/p", b'{"a": 1, "b": 2}')
    assert spaced == fingerprint("POST", "/p", b'{"b":2,"a":1}')


def test_a_different_body_changes_the_fingerprint() -> None:
    assert fingerprint("POST", "/p", b'{"a": 1}') != fingerprint("POST", "/p", b'{"a": 2}')


def test_a_different_path_changes_the_fingerprint() -> None:
    assert fingerprint("POST", "/p/1", b"{}") != fingerprint("POST", "/p/2", b"{}")


def test_a_body_that_is_not_json_is_fingerprinted_by_its_bytes() -> None:
    assert fingerprint("POST", "/p", b"\xff{") != fingerprint("POST", "/p", b"\xfe{")


def test_the_command_id_depends_on_the_key_and_the_fingerprint() -> None:
    first = command_id("scope", "key", "print-1")
    assert first == command_id("scope", "key", "print-1")
    assert first != command_id("scope", "key", "print-2")
    assert first != command_id("scope", "other", "print-1")
