"""Every portal endpoint × every relation of the acting employee: the expected answer.

The role matrix (test_http_role_matrix.py) pins which key roles reach an endpoint; this one pins
what the portal may do for whom. The world: E2 (managed by E5) asked mentor E1, then E4; E1
accepted, so E1 and E2 are the pair; E3 is uninvolved; E9 sponsors the program. Each cell runs
on a fresh world (reads share one world per stage: no read changes what another answers), so
an answer that changes makes exactly its cell fail. ``ok`` is a 2xx; any
other answer is the problem's rule (403 for every refusal of who acts; asking for a mentor is
for enrolled mentees only, so the others get 404 ``enrolment-not-found``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.settings import HttpSettings
from gateways.settings import Settings
from tests.e2e.http_world import (
    Api,
    Pair,
    asked_in_turn,
    hire,
    key_settings,
)

RELATIONS: dict[str, str | None] = {
    "mentee": "E2",
    "mentor": "E1",  # the addressed mentor of the request, the mentor of the mentorship
    "later-ranked mentor": "E4",
    "mentee's manager": "E5",
    "uninvolved": "E3",
    "sponsor": "E9",
    "admin": None,  # an admin key naming no employee
    "admin acting for the uninvolved": "E3",
    "admin acting for the mentee": "E2",
}
AS_MENTEE = "admin acting for the mentee"
ADMIN_ROWS = {"admin", "admin acting for the uninvolved", AS_MENTEE}
OK = "ok"
DAY = {"effective_date": "2024-02-10"}


@dataclass
class World(Pair):
    """The pair, plus whatever a stage added (a goal, a nomination)."""

    stage: str = "paired"
    story_id: str = ""


def build(api: Api, stage: str) -> World:
    """E2 (manager E5) asked E1 then E4 in E9's program; ``stage`` says how far it went."""
    hire(api, "E9", level=9)
    hire(api, "E5", level=7, manager="E9")
    for hris_id, manager in (("E1", "E9"), ("E2", "E5"), ("E3", None), ("E4", "E9")):
        hire(api, hris_id, department="ops" if hris_id == "E3" else "sales", manager=manager)
    program_id, request_id = asked_in_turn(api)
    world = World(program_id, request_id, mentorship_id="", stage=stage)
    if stage == "nominated":
        api.ok("POST", f"/programs/{program_id}/mentors/E2/nomination", Role.PORTAL,
               employee="E9", body={"effective_date": "2024-02-06"})
    if stage in ("paired", "goal"):
        world.mentorship_id = api.ok("POST", f"/requests/{request_id}/accept", Role.PORTAL,
                                     employee="E1", body={"effective_date": "2024-02-06"}
                                     )["mentorship_id"]
    if stage == "story":
        world.story_id = api.ok("POST", f"/programs/{program_id}/stories", Role.ADMIN,
                                body={"title": "Closed the deal", "text": "t"})["story_id"]
    if stage == "goal":
        api.ok("POST", f"/mentorships/{world.mentorship_id}/goals", Role.PORTAL, employee="E2",
               body={"goal_id": "g1", "description": "close a deal", **DAY})
    return world


@dataclass(frozen=True)
class Cell:
    """One endpoint called in one stage of the world, and its answers by relation."""

    method: str
    path: str
    stage: str
    body: dict[str, Any] | None
    otherwise: str
    answers: dict[str, str] = field(default_factory=dict)

    def expected(self, relation: str) -> str:
        """The answer for ``relation``: named, else the endpoint's default; an admin acting for
        the mentee passes the checks of the path and answers as the mentee to the domain's."""
        if relation == AS_MENTEE and relation not in self.answers:
            return self.expected("mentee")
        return self.answers.get(relation, self.otherwise)


def only(*relations: str, refusal: str, admins: str = OK) -> tuple[str, dict[str, str]]:
    """``relations`` (and admins, answering ``admins``) get ok; everyone else ``refusal``."""
    answers = {relation: OK for relation in relations}
    answers.update({row: admins for row in ADMIN_ROWS})
    return refusal, answers


def cell(method: str, path: str, stage: str, body: dict[str, Any] | None,
         rule: tuple[str, dict[str, str]]) -> Cell:
    """A cell from ``only(...)``'s default and answers."""
    otherwise, answers = rule
    return Cell(method, path, stage, body, otherwise, answers)


EVERYONE: tuple[str, dict[str, str]] = (OK, {})
PAIR = ("mentee", "mentor")
ADDRESSED = "not-addressed-mentor"
NO_HEADER = "acting-employee-required"
ACTS_FOR = "not-acting-for-employee"
P, M = "/programs/{program_id}", "/programs/{program_id}/mentors"
R, MS = "/requests/{request_id}", "/mentorships/{mentorship_id}"
OFFER = {"topics": ["negotiation"], "capacity": 2, "hours_per_month": 4, **DAY}
SURVEY = {"confidence": 4, "commitment": 5, "org_understanding": 3, "networking": 4,
          "pairing_fit": 5, **DAY}
KICKOFF = {"goals": "g", "communication": "chat", "off_limits": "none",
           "confidentiality": "strict", **DAY}
SESSION = {"duration_minutes": 60, "mode": "virtual", "topics": ["negotiation"], **DAY}

CELLS: dict[str, Cell] = {
    "GET program": cell("GET", P, "paired", None, EVERYONE),
    "GET roster": cell("GET", P + "/roster", "paired", None, EVERYONE),
    "GET programs": cell("GET", "/programs", "pending", None, EVERYONE),
    "GET a program's rounds": cell("GET", P + "/rounds", "pending", None, EVERYONE),
    "GET a program's mentors": cell("GET", P + "/mentors", "pending", None, EVERYONE),
    "GET a program's stories": cell("GET", P + "/stories", "story", None, EVERYONE),
    "GET a story": cell("GET", "/stories/{story_id}", "story", None, EVERYONE),
    "GET the mentee's requests": cell(
        "GET", "/employees/E2/requests", "pending", None, only("mentee", refusal=ACTS_FOR)),
    "GET the mentorship's sessions": cell(
        "GET", MS + "/sessions", "paired", None, only(*PAIR, refusal="not-involved")),
    "GET the mentorship's goals": cell(
        "GET", MS + "/goals", "goal", None, only(*PAIR, refusal="not-involved")),
    "GET the mentorship's surveys": cell(
        "GET", MS + "/surveys", "paired", None, only(*PAIR, refusal="private-to-the-pair")),
    "GET the mentee's mentorships": cell(
        "GET", "/employees/E2/mentorships", "paired", None, only("mentee", refusal=ACTS_FOR)),
    "GET the mentor's open requests": cell(
        "GET", "/employees/E1/open-requests", "pending", None, only("mentor", refusal=ACTS_FOR)),
    "GET the mentee's suggestions": cell(
        "GET", P + "/mentees/E2/suggestions", "pending", None, only("mentee", refusal=ACTS_FOR)),
    "GET the mentor's enrolment": cell("GET", M + "/E1", "paired", None, EVERYONE),
    "volunteer the uninvolved": cell(
        "POST", M + "/E3/volunteer", "pending", OFFER, only("uninvolved", refusal=ACTS_FOR)),
    "nominate the mentee": cell(
        "POST", M + "/E2/nomination", "pending", DAY,
        ("not-allowed-to-nominate", {"mentee's manager": OK, "sponsor": OK, "admin": OK})),
    "the nominee (the mentee) accepts": cell(
        "POST", M + "/E2/nomination/accept", "nominated", OFFER, only("mentee", refusal=ACTS_FOR)),
    "the nominee (the mentee) declines": cell(
        "POST", M + "/E2/nomination/decline", "nominated", {"reason": "busy", **DAY},
        only("mentee", refusal=ACTS_FOR)),
    "update the mentor's profile": cell(
        "PUT", M + "/E1/profile", "paired", OFFER, only("mentor", refusal=ACTS_FOR)),
    "withdraw the mentor": cell(
        "POST", M + "/E1/withdraw", "paired", {"reason": "busy", **DAY},
        only("mentor", refusal=ACTS_FOR)),
    "GET the mentee's enrolment": cell(
        "GET", P + "/mentees/E2", "paired", None, only("mentee", refusal=ACTS_FOR)),
    "enrol the uninvolved": cell(
        "POST", P + "/mentees/E3/enrol", "pending", {"topics": ["sales"], "aim": "grow", **DAY},
        only("uninvolved", refusal=ACTS_FOR)),
    "ask for a mentor": cell(
        "POST", P + "/requests", "pending",
        {"topic": "negotiation", "choices": ["E4"], "reason": "r", "respond_by": "2024-02-29",
         **DAY},
        ("enrolment-not-found", {"mentee": OK, "admin": NO_HEADER})),  # only enrolled mentees
    "GET the request": cell(
        "GET", R, "pending", None,
        only("mentee", "mentor", "later-ranked mentor", refusal="not-involved")),
    "accept the request": cell(
        "POST", R + "/accept", "pending", DAY,
        (ADDRESSED, {"mentor": OK, "admin": NO_HEADER})),
    "decline the request": cell(
        "POST", R + "/decline", "pending", {"reason": "busy", **DAY},
        (ADDRESSED, {"mentor": OK, "admin": NO_HEADER})),
    "withdraw the request": cell(
        "POST", R + "/withdraw", "pending", {"reason": "changed my mind", **DAY},
        ("not-requesting-mentee", {"mentee": OK, "admin": NO_HEADER})),
    "GET the mentorship": cell("GET", MS, "paired", None, only(*PAIR, refusal="not-involved")),
    "GET the private record": cell(
        "GET", MS + "/private", "paired", None, only(*PAIR, refusal="private-to-the-pair")),
    "answer the kickoff": cell(
        "POST", MS + "/kickoff", "paired", KICKOFF,
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": NO_HEADER})),
    "set a goal": cell(
        "POST", MS + "/goals", "paired", {"goal_id": "g2", "description": "d", **DAY},
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": NO_HEADER})),
    "achieve a goal": cell(
        "POST", MS + "/goals/g1/achieved", "goal", DAY,
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": NO_HEADER})),
    "record a session": cell(
        "POST", MS + "/sessions", "paired", SESSION,
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": NO_HEADER})),
    "file a memo": cell(
        "POST", MS + "/memos", "paired", {"skills": ["anchoring"], "text": "t", **DAY},
        ("not-a-participant", {"mentee": OK, "admin": NO_HEADER})),
    "answer the survey": cell(
        "POST", MS + "/surveys", "paired", SURVEY,
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": NO_HEADER})),
    "end the mentorship": cell(
        "POST", MS + "/end", "paired", {"reason": "completed", **DAY},
        ("not-a-participant", {"mentee": OK, "mentor": OK, "admin": OK})),
}

REFUSAL_STATUSES = {NO_HEADER: 422, "enrolment-not-found": 404}
"""The status of each refusal that is not about who acts (those are all 403)."""


class Worlds:
    """Apps on SQLite files, each with the world in a stage; closed at the end.

    Each stage is built once through the API, into template files; a fresh world is a copy of
    them (the event store and the Idempotency-Key ledger) opened by a new app.
    """

    templates: ClassVar[dict[str, tuple[Path, World]]] = {}
    """The template of each stage, built once per test session."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.clients: list[TestClient] = []

    def fresh(self, stage: str) -> tuple[Api, World]:
        """A new app and world, for a call that may change it."""
        if stage not in self.templates:
            store = self.directory / f"template-{stage}" / "events.db"
            store.parent.mkdir()
            with TestClient(build_http_app(self.settings(store), quiet())) as client:
                self.templates[stage] = store, build(Api(client), stage)
        template, world = self.templates[stage]
        store = self.directory / f"world-{len(self.clients)}" / "events.db"
        store.parent.mkdir()
        for file in template.parent.iterdir():
            shutil.copy(file, store.parent / file.name)
        client = TestClient(build_http_app(self.settings(store), quiet()))
        client.__enter__()
        self.clients.append(client)
        return Api(client), replace(world)

    @staticmethod
    def settings(store: Path) -> Settings:
        """The settings of an app on ``store``."""
        return Settings(store=f"sqlite:///{store}", environment="test")

    def built(self, stage: str) -> tuple[Api, World]:
        """A new app whose own calls built the world (its read side has seen every write)."""
        store = self.directory / f"world-{len(self.clients)}" / "events.db"
        store.parent.mkdir()
        client = TestClient(build_http_app(self.settings(store), quiet()))
        client.__enter__()
        self.clients.append(client)
        return Api(client), build(Api(client), stage)

    def close(self) -> None:
        """Stop every app."""
        for client in self.clients:
            client.__exit__(None, None, None)


def quiet() -> HttpSettings:
    """The test keys, and no scheduler running in the background."""
    return key_settings().model_copy(update={"serve_schedules": False})


@pytest.fixture(scope="module")
def read_worlds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Any]]:
    """One world per stage for the reads, which change nothing a read answers."""
    worlds = Worlds(tmp_path_factory.mktemp("reads"))
    cache: dict[str, tuple[Api, World]] = {}

    def shared(stage: str) -> tuple[Api, World]:
        if stage not in cache:
            cache[stage] = worlds.built(stage)
        return cache[stage]

    yield shared
    worlds.close()


@pytest.fixture
def world_api(
    tmp_path: Path, read_worlds: Callable[[str], tuple[Api, World]]
) -> Iterator[Callable[[str, str], tuple[Api, World]]]:
    """The world in the stage asked for: a fresh one for a command, a shared one for a read."""
    worlds = Worlds(tmp_path)

    def make(stage: str, method: str = "POST") -> tuple[Api, World]:
        return read_worlds(stage) if method == "GET" else worlds.fresh(stage)

    yield make
    worlds.close()


def answer_of(response: Any) -> str:
    """``ok`` for a success, else the problem's rule."""
    if response.status_code < 300:
        return OK
    rule: str = response.json().get("rule", str(response.status_code))
    return rule


@pytest.mark.parametrize("relation", list(RELATIONS))
@pytest.mark.parametrize("name", list(CELLS))
def test_each_relation_gets_exactly_the_answer_the_table_says(
    world_api: Callable[[str, str], tuple[Api, World]], name: str, relation: str
) -> None:
    endpoint = CELLS[name]
    api, world = world_api(endpoint.stage, endpoint.method)
    role = Role.ADMIN if relation in ADMIN_ROWS else Role.PORTAL
    path = endpoint.path.format(program_id=world.program_id, request_id=world.request_id,
                                mentorship_id=world.mentorship_id, story_id=world.story_id)
    response = api.call(endpoint.method, path, role, employee=RELATIONS[relation],
                        body=endpoint.body)
    expected = endpoint.expected(relation)
    assert answer_of(response) == expected, response.text
    if expected != OK:
        assert response.status_code == REFUSAL_STATUSES.get(expected, 403)


def template(path: str) -> str:
    """The route's path: the people and goals the cell names back as parameters."""
    path = re.sub(r"/(mentors|mentees|employees)/E\d", r"/\1/{employee_id}", path)
    return path.replace("/goals/g1/", "/goals/{goal_id}/")


def test_the_matrix_covers_every_endpoint_the_portal_may_call() -> None:
    from tests.e2e.test_http_role_matrix import ROLES

    portal = {endpoint for endpoint, roles in ROLES.items() if Role.PORTAL in roles}
    covered = {(c.method, template(c.path)) for c in CELLS.values()}
    assert portal - covered == set()


def test_an_employee_outside_the_pair_cannot_end_the_mentorship(
    world_api: Callable[[str, str], tuple[Api, World]],
) -> None:
    api, world = world_api("paired", "POST")
    response = api.call("POST", f"/mentorships/{world.mentorship_id}/end", Role.PORTAL,
                        employee="E3", body={"reason": "completed", **DAY})
    assert (response.status_code, response.json()["rule"]) == (403, "not-a-participant")
    mentorship = api.ok("GET", f"/mentorships/{world.mentorship_id}", Role.ADMIN)
    assert mentorship["is_active"] is True
