"""Who nominates mentors: the sponsor, admins, and whom the program allows (by default the
nominee's managers; or employees at or above a job level the program sets)."""

from __future__ import annotations

from gateways.entrypoints.http.auth.keys import Role
from tests.e2e.http_world import Api, hire, launch_program

DAY = {"effective_date": "2024-02-06"}


def company(api: Api) -> str:
    """N1 reports to MGR, who reports to VP (level 9); PEER is level 8 elsewhere; sponsor E9."""
    hire(api, "VP", level=9)
    hire(api, "MGR", level=7, manager="VP")
    hire(api, "N1", level=4, manager="MGR")
    hire(api, "PEER", level=8)
    return launch_program(api)


def nominate(api: Api, program_id: str, nominator: str) -> tuple[int, str | None]:
    """The status and rule of ``nominator`` nominating N1."""
    response = api.call("POST", f"/programs/{program_id}/mentors/N1/nomination", Role.PORTAL,
                        employee=nominator, body=DAY)
    return response.status_code, response.json().get("rule")


def test_the_nominees_skip_level_manager_nominates_by_default(api: Api) -> None:
    program_id = company(api)
    assert nominate(api, program_id, "VP") == (201, None)


def test_a_senior_peer_cannot_nominate_by_default(api: Api) -> None:
    program_id = company(api)
    assert nominate(api, program_id, "PEER") == (403, "not-allowed-to-nominate")


def test_a_program_lets_employees_at_or_above_a_level_nominate(api: Api) -> None:
    program_id = company(api)
    api.ok("PUT", f"/programs/{program_id}/nominators", Role.ADMIN,
           body={"nominator_level": 8, **DAY})
    assert api.ok("GET", f"/programs/{program_id}", Role.ADMIN)["nominator_level"] == 8
    assert nominate(api, program_id, "MGR") == (403, "not-allowed-to-nominate")  # level 7
    assert nominate(api, program_id, "PEER") == (201, None)


def test_the_level_is_refused_when_out_of_range(api: Api) -> None:
    program_id = company(api)
    response = api.call("PUT", f"/programs/{program_id}/nominators", Role.ADMIN,
                        body={"nominator_level": 0})
    assert response.status_code == 422
