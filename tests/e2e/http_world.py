"""The vocabulary of the e2e tests: a client that names its role, and the usual first steps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role, hash_key
from gateways.entrypoints.http.settings import HttpSettings
from gateways.settings import Settings

KEYS = {role: f"e2e-{role.value}-key" for role in Role}


def key_settings() -> HttpSettings:
    """One key per role, configured the way production configures them: as hashes."""
    return HttpSettings(
        api_keys=json.dumps({role.value: [hash_key(key)] for role, key in KEYS.items()})
    )


def sqlite_app(folder: Path) -> FastAPI:
    """The app on a SQLite file in ``folder``, taking the keys of ``key_settings``."""
    settings = Settings(store=f"sqlite:///{folder / 'events.db'}", environment="test")
    return build_http_app(settings, key_settings())


@dataclass
class Api:
    """A client of the API that names its role (and, for the portal, who it acts for)."""

    client: TestClient

    def call(
        self, method: str, path: str, role: Role | None, *, employee: str | None = None,
        body: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if role is not None:
            sent["X-API-Key"] = KEYS[role]
        if employee is not None:
            sent["X-Acting-Employee"] = employee
        return self.client.request(method, path, json=body, headers=sent)

    def ok(self, method: str, path: str, role: Role, **kwargs: Any) -> Any:
        """Call, and fail the test with the problem unless it succeeded."""
        response = self.call(method, path, role, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()


@dataclass
class Pair:
    """A program with a trained mentor E1 matched to mentee E2; E3 is employed but unrelated."""

    program_id: str
    request_id: str
    mentorship_id: str
    mentor: str = "E1"
    mentee: str = "E2"
    outsider: str = "E3"


def hire(api: Api, hris_id: str, department: str = "sales", level: int = 5,
         manager: str | None = None) -> None:
    """The HRIS reports a hire on 2024-01-02."""
    body = {"hris_id": hris_id, "department": department, "job_level": level,
            "manager_id": manager, "location": "Lisbon", "hired_on": "2024-01-02"}
    api.ok("POST", "/employees", Role.HRIS, body=body)


def launch_program(api: Api, require_training: bool = True) -> str:
    """An admin launches a program and opens its first round."""
    body = {"name": "Sales mentoring", "program_type": "general", "goal": "grow",
            "formality": "structured", "starts_on": "2024-02-01",
            "meeting_cadence": "every two weeks", "executive_sponsor_id": "E9",
            "require_training": require_training, "effective_date": "2024-02-01"}
    program_id: str = api.ok("POST", "/programs", Role.ADMIN, body=body)["program_id"]
    api.ok("POST", f"/programs/{program_id}/rounds", Role.ADMIN,
           body={"round_name": "first", "effective_date": "2024-02-01"})
    return program_id


def volunteer(api: Api, program_id: str, mentor: str, capacity: int = 2) -> None:
    """The mentor volunteers through the portal and completes training."""
    path = f"/programs/{program_id}/mentors/{mentor}"
    api.ok("POST", path + "/volunteer", Role.PORTAL, employee=mentor,
           body={"topics": ["negotiation"], "capacity": capacity, "hours_per_month": 4,
                 "effective_date": "2024-02-02"})
    api.ok("POST", path + "/training", Role.HRIS,
           body={"course": "Mentoring 101", "effective_date": "2024-02-03"})


def enrol(api: Api, program_id: str, mentee: str) -> None:
    """The mentee enrols through the portal."""
    api.ok("POST", f"/programs/{program_id}/mentees/{mentee}/enrol", Role.PORTAL,
           employee=mentee, body={"topics": ["negotiation"], "aim": "close deals",
                                  "effective_date": "2024-02-02"})


def api_on_sqlite(folder: Path) -> Iterator[Api]:
    """A client of ``sqlite_app(folder)``, for a module that only reads or writes nothing."""
    with TestClient(sqlite_app(folder)) as client:
        yield Api(client)


def ask(api: Api, program_id: str, mentee: str, *choices: str) -> str:
    """The mentee asks the mentors ``choices`` in turn, to respond by the end of the month."""
    body = {"topic": "negotiation", "choices": list(choices), "reason": "I want to learn",
            "respond_by": "2024-02-29", "effective_date": "2024-02-05"}
    request_id: str = api.ok("POST", f"/programs/{program_id}/requests", Role.PORTAL,
                             employee=mentee, body=body)["request_id"]
    return request_id


def enrolled(api: Api, *mentors: str, mentee: str = "E2") -> str:
    """A new program with the (hired) ``mentors`` as trained volunteers and ``mentee`` enrolled:
    its id."""
    program_id = launch_program(api)
    for mentor in mentors:
        volunteer(api, program_id, mentor)
    enrol(api, program_id, mentee)
    return program_id


def asked_in_turn(api: Api) -> tuple[str, str]:
    """A new program where E2 asks E1 then E4 (all hired before): the program and request ids."""
    program_id = enrolled(api, "E1", "E4")
    return program_id, ask(api, program_id, "E2", "E1", "E4")


def asked(api: Api) -> Pair:
    """E2 has asked the trained mentor E1 (E3 works in ops); nobody has answered yet."""
    for hris_id in ("E1", "E2", "E3"):
        hire(api, hris_id, department="sales" if hris_id != "E3" else "ops")
    program_id = enrolled(api, "E1")
    return Pair(program_id, ask(api, program_id, "E2", "E1"), mentorship_id="")


def accepted(api: Api, pair: Pair) -> Pair:
    """E1 accepts E2's request on 2024-02-06: the mentorship runs."""
    answer = api.ok("POST", f"/requests/{pair.request_id}/accept", Role.PORTAL,
                    employee="E1", body={"effective_date": "2024-02-06"})
    pair.mentorship_id = answer["mentorship_id"]
    return pair
