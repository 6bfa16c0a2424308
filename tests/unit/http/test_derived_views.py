"""A response model derived from the dataclass holding the answer has that dataclass's fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateways.entrypoints.http.models.views import view_of


@dataclass(frozen=True)
class Answer:
    """An answer."""

    group: str | None
    people: int
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str | None = None


def test_a_derived_view_has_the_fields_types_and_plain_defaults_of_its_dataclass() -> None:
    view = view_of(Answer, "AnswerView", "An answer.", types={"tags": list[str]})
    schema = view.model_json_schema()
    assert list(schema["properties"]) == ["group", "people", "tags", "note"]
    assert schema["required"] == ["group", "people", "tags"]
    assert schema["properties"]["tags"]["type"] == "array"
    assert (schema["title"], schema["description"]) == ("AnswerView", "An answer.")


def test_fields_named_required_or_put_first_are() -> None:
    view = view_of(Answer, "AnswerView", "An answer.", required=("note",),
                   first={"ok": (bool, ...)})
    schema = view.model_json_schema()
    assert list(schema["properties"])[0] == "ok"
    assert schema["required"] == ["ok", "group", "people", "tags", "note"]
