"""API keys: stored as SHA-256 hashes, each mapped to exactly one role."""

from __future__ import annotations

import pytest

from gateways.entrypoints.http.auth.keys import KeyRing, Role, hash_key, new_key, parse_key_hashes
from gateways.settings import ConfigurationError


def test_a_key_is_stored_as_its_sha256_hex_digest() -> None:
    assert hash_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_new_keys_are_long_and_never_repeat() -> None:
    keys = {new_key() for _ in range(100)}
    assert len(keys) == 100
    assert all(len(key) >= 40 for key in keys)


def test_a_known_key_has_its_role() -> None:
    ring = KeyRing.from_pairs([("hris", hash_key("secret"))])
    assert ring.role_for("secret") is Role.HRIS


def test_an_unknown_key_has_no_role() -> None:
    ring = KeyRing.from_pairs([("hris", hash_key("secret"))])
    assert ring.role_for("guess") is None


def test_an_unknown_role_is_refused_naming_the_roles() -> None:
    with pytest.raises(ConfigurationError, match="portal, hris, analyst, auditor, admin"):
        KeyRing.from_pairs([("janitor", hash_key("x"))])


def test_a_hash_that_is_not_sha256_hex_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="SHA-256"):
        KeyRing.from_pairs([("admin", "plaintext-key")])


def test_one_hash_for_two_roles_is_refused() -> None:
    digest = hash_key("shared")
    with pytest.raises(ConfigurationError, match="two roles"):
        KeyRing.from_pairs([("admin", digest), ("portal", digest)])


def test_hashes_are_read_from_json() -> None:
    text = '{{"portal": ["{}"], "admin": []}}'.format(hash_key("p"))
    assert parse_key_hashes(text, "X") == [("portal", hash_key("p"))]


def test_hashes_are_read_from_role_and_hash_lines_with_comments() -> None:
    text = "# keys\nportal {}  # the portal\n\nadmin {}\n".format(hash_key("p"), hash_key("a"))
    assert parse_key_hashes(text, "X") == [("portal", hash_key("p")), ("admin", hash_key("a"))]


def test_json_of_the_wrong_shape_is_refused_naming_the_source() -> None:
    with pytest.raises(ConfigurationError, match="MENTORING_API_KEYS"):
        parse_key_hashes('{"portal": "not-a-list"}', "MENTORING_API_KEYS")


def test_the_development_ring_knows_it_holds_development_keys() -> None:
    assert KeyRing.development().contains_development_keys()
