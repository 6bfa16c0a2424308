"""One field sealed with AES-GCM under its owners' keys (gateways.erasure.sealing)."""

from __future__ import annotations

import json

import pytest

from gateways.erasure.sealing import (
    PersonKey,
    Unopenable,
    is_sealed,
    open_sealed,
    seal,
)

TEXT = "I learned to price a deal"
E1, E2 = PersonKey.new(), PersonKey.new()
HELD = {("E1", E1.key_id): E1, ("E2", E2.key_id): E2}


def held(owner: str, key_id: str) -> PersonKey | None:
    """Both keys are held."""
    return HELD.get((owner, key_id))


def without_e2(owner: str, key_id: str) -> PersonKey | None:
    """E2's key is destroyed."""
    return None if owner == "E2" else held(owner, key_id)


def test_a_sealed_value_opens_with_its_owners_key() -> None:
    assert open_sealed("text", seal("text", TEXT, ["E1"], [E1]), held) == TEXT


def test_a_sealed_value_holds_no_plaintext() -> None:
    assert "price" not in json.dumps(seal("text", TEXT, ["E1"], [E1]))


def test_a_sealed_value_keeps_its_json_type() -> None:
    assert open_sealed("group", seal("group", ["a", 1], ["E1"], [E1]), held) == ["a", 1]


def test_a_value_whose_owners_key_is_gone_does_not_open() -> None:
    with pytest.raises(Unopenable):
        open_sealed("text", seal("text", TEXT, ["E2"], [E2]), without_e2)


def test_a_value_of_several_owners_needs_every_key() -> None:
    with pytest.raises(Unopenable):
        open_sealed("text", seal("text", TEXT, ["E1", "E2"], [E1, E2]), without_e2)


def test_a_value_of_several_owners_opens_with_all_their_keys() -> None:
    assert open_sealed("text", seal("text", TEXT, ["E1", "E2"], [E1, E2]), held) == TEXT


def test_a_box_moved_to_another_field_does_not_open() -> None:
    with pytest.raises(Unopenable):
        open_sealed("reason", seal("text", TEXT, ["E1"], [E1]), held)


def test_a_box_relabelled_to_another_owner_does_not_open() -> None:
    box = seal("text", TEXT, ["E1"], [E1])
    box["to"] = ["E2"]
    box["keys"] = [E2.key_id]
    with pytest.raises(Unopenable):
        open_sealed("text", box, held)


def test_two_seals_of_one_text_differ() -> None:
    assert seal("text", TEXT, ["E1"], [E1])["box"] != seal("text", TEXT, ["E1"], [E1])["box"]


def test_a_plain_text_is_not_a_box() -> None:
    assert (is_sealed(TEXT), is_sealed(seal("text", TEXT, ["E1"], [E1]))) == (False, True)


def test_a_keys_repr_hides_its_secret() -> None:
    assert E1.secret.hex() not in repr(E1) and E1.key_id in repr(E1)
