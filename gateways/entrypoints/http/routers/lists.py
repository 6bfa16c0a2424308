"""The portal's lists, from the read side the API process keeps current (never aggregates,
never a scan of the log), keyset-paginated, with read-your-writes (`?after_position=`).

Who sees what: an employee's requests and mentorships, the portal only for the employee it acts
for; a mentorship's sessions and goals, the pair (portal), auditors and admins; its surveys, the
pair and admins; programs, rounds and stories, every reader of programs; a program's mentors,
the portal, auditors and admins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import duckdb
from fastapi import Depends, Query, Request
from pydantic import AfterValidator

from domain.errors import MentorshipNotFound, ProgramNotFound, StoryNotFound
from gateways.entrypoints.http.auth.callers import Caller
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import (
    PersonLevelReader,
    PrivateReader,
    ProgramReader,
    StateReader,
)
from gateways.entrypoints.http.models import lists as models
from gateways.entrypoints.http.models.common import encodable
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import (
    EmployeePath,
    acting_employee,
    api_router,
    check_reads_for,
)
from projections.portal import queries
from projections.portal.follower import WAIT_SECONDS, PortalReadModel
from projections.portal.mentor_pool import ProgramCache
from projections.portal.pages import DEFAULT_LIMIT, MAX_LIMIT, InvalidCursor, Page

router = api_router("portal lists")
Text = AfterValidator(lambda value: None if value is None else encodable(value))

T = TypeVar("T")


class ReadSide:
    """The read model, caught up to what the caller needs; `cursor()` reads it."""

    def __init__(self, model: PortalReadModel) -> None:
        self.model = model

    @property
    def position(self) -> int:
        return self.model.position

    @property
    def programs(self) -> ProgramCache:
        """The read model's programs, per position (the suggestions read them from it)."""
        return self.model.programs

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            with self.model.cursor() as cursor:
                yield cursor
        except InvalidCursor as error:
            raise HttpProblem(422, "invalid-cursor", str(error)) from None


async def portal_read_model(request: Request) -> PortalReadModel:
    """The read model the composition root built (503 when this app has none)."""
    model: PortalReadModel | None = getattr(request.app.state, "portal", None)
    if model is None:
        raise HttpProblem(503, "read-side-unavailable", "this process keeps no portal read side")
    return model


def read_side(
    model: Annotated[PortalReadModel, Depends(portal_read_model)],
    after_position: Annotated[int | None, Query(
        ge=0, le=2**62,
        description="a position a command answered (X-Log-Position): the read waits, at "
        "most a second, until the read side has projected it",
    )] = None,
) -> ReadSide:
    """The read side once it has projected `after_position` and every write of this process
    (503 `read-side-behind`, with Retry-After, if it has not within a second; 422
    `position-not-written` for a position beyond the log's end)."""
    if after_position is not None and after_position > model.position:
        model.start()
        if after_position > model.head():
            raise HttpProblem(
                422, "position-not-written", f"the log has no position {after_position} yet"
            )
    needed = max(after_position or 0, model.written)
    if not model.wait_for(needed, WAIT_SECONDS):
        raise HttpProblem(
            503, "read-side-behind",
            f"the read side has projected up to {model.position}, not yet {needed}",
            headers={"Retry-After": "1"},
        )
    return ReadSide(model)


ReadSideDep = Annotated[ReadSide, Depends(read_side)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Cursor = Annotated[str | None, Query(
    max_length=512, description="the `next` of the previous page"
)]


def listed(reads: ReadSide, item: type[Any], run: Callable[[duckdb.DuckDBPyConnection], Page],
           ) -> dict[str, Any]:
    """Run one list query and shape its page."""
    position = reads.position
    with reads.cursor() as cursor:
        result = run(cursor)
    return {"items": [item.model_validate(row) for row in result.items], "next": result.next,
            "position": position}


# --- programs ------------------------------------------------------------------------------


@router.get("/programs", summary="Programs, with their open rounds")
def list_programs(
    caller: ProgramReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None, status: Literal["open", "closed", "all"] = "all",
) -> models.ListPage[models.ProgramItem]:
    """Programs in launch order; `status=open` keeps those not closed."""
    return models.ListPage[models.ProgramItem].model_validate(listed(
        reads, models.ProgramItem,
        lambda c: queries.programs(c, status=status, limit=limit, cursor=cursor),
    ))


def _program(reads: ReadSide, program_id: UUID) -> None:
    with reads.cursor() as cursor:
        if not queries.program_exists(cursor, program_id):
            raise ProgramNotFound(f"program {program_id} not found")


@router.get("/programs/{program_id}/rounds", summary="A program's rounds")
def list_rounds(
    program_id: UUID, caller: ProgramReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None, status: Literal["open", "closed", "all"] = "all",
) -> models.ListPage[models.RoundItem]:
    """The program's rounds by number."""
    _program(reads, program_id)
    return models.ListPage[models.RoundItem].model_validate(listed(
        reads, models.RoundItem,
        lambda c: queries.rounds(c, program_id, status=status, limit=limit, cursor=cursor),
    ))


@router.get("/programs/{program_id}/mentors", summary="A program's mentors, filtered")
def list_mentors(
    program_id: UUID, caller: StateReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    topic: Annotated[str | None, Query(min_length=1, max_length=200), Text] = None,
    available: bool | None = None,
    department: Annotated[str | None, Query(min_length=1, max_length=200), Text] = None,
    location: Annotated[str | None, Query(min_length=1, max_length=200), Text] = None,
) -> models.ListPage[models.MentorItem]:
    """Mentors by HRIS id; `available=true`: active with a free slot; `topic`: offers it;
    `department`, `location`: the mentor's current ones."""
    _program(reads, program_id)
    return models.ListPage[models.MentorItem].model_validate(listed(
        reads, models.MentorItem,
        lambda c: queries.mentors(
            c, program_id, topic=topic, available=available, department=department,
            location=location, limit=limit, cursor=cursor,
        ),
    ))


@router.get("/programs/{program_id}/stories", summary="A program's success stories")
def list_stories(
    program_id: UUID, caller: PersonLevelReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> models.ListPage[models.StoryItem]:
    """Titles and head counts, never the text; oldest first."""
    _program(reads, program_id)
    return models.ListPage[models.StoryItem].model_validate(listed(
        reads, models.StoryItem,
        lambda c: queries.stories(c, program_id, limit=limit, cursor=cursor),
    ))


@router.get("/stories/{story_id}", summary="A success story")
def get_story(story_id: UUID, caller: PersonLevelReader, reads: ReadSideDep) -> models.StoryRead:
    """One story's title, program, mentorship and head count (never the text)."""
    position = reads.position
    with reads.cursor() as cursor:
        row = queries.story(cursor, story_id)
    if row is None:
        raise StoryNotFound(f"story {story_id} not found")
    return models.StoryRead.model_validate({**row, "position": position})


# --- an employee's requests and mentorships ----------------------------------------------------


RequestStatus = Literal["pending", "accepted", "declined", "expired", "withdrawn"]


@router.get("/employees/{employee_id}/requests", summary="Requests sent and received")
def list_requests(
    employee_id: EmployeePath, caller: StateReader, reads: ReadSideDep,
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
    role: Literal["mentee", "mentor"] | None = None,
    status: Annotated[list[RequestStatus] | None, Query()] = None,
) -> models.ListPage[models.RequestItem]:
    """Requests the employee made (`role=mentee`) and those addressed to them as a mentor
    (`role=mentor`; a ranked mentor sees a request once it is addressed to them), in any state,
    oldest first; `status` (repeatable) keeps those in the states named."""
    check_reads_for(caller, employee_id)
    statuses = tuple(status or ())
    return models.ListPage[models.RequestItem].model_validate(listed(
        reads, models.RequestItem,
        lambda c: queries.requests(
            c, employee_id, role=role, statuses=statuses, limit=limit, cursor=cursor
        ),
    ))


@router.get("/employees/{employee_id}/mentorships", summary="A person's mentorships")
def list_mentorships(
    employee_id: EmployeePath, caller: StateReader, reads: ReadSideDep,
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
    status: Literal["active", "ended", "all"] = "active",
) -> models.PersonMentorships:
    """The employee's mentorships as mentee or mentor, oldest first (default: active ones)."""
    check_reads_for(caller, employee_id)
    page = listed(
        reads, models.MentorshipItem,
        lambda c: queries.mentorships(c, employee_id, status=status, limit=limit, cursor=cursor),
    )
    return models.PersonMentorships.model_validate(
        {**page, "employee_id": employee_id, "mentorships": page["items"]}
    )


# --- what happens in a mentorship ----------------------------------------------------------------


def _seen_by(reads: ReadSide, mentorship_id: UUID, caller: Caller, rule: str) -> None:
    """404 if unknown; the portal only for one of the pair (403 `rule`)."""
    with reads.cursor() as cursor:
        pair = queries.mentorship_pair(cursor, mentorship_id)
    if pair is None:
        raise MentorshipNotFound(f"mentorship {mentorship_id} not found")
    if caller.role is Role.PORTAL and acting_employee(caller) not in pair:
        raise HttpProblem(403, rule, "the acting employee is not in this mentorship")


@router.get("/mentorships/{mentorship_id}/sessions", summary="A mentorship's sessions")
def list_sessions(
    mentorship_id: UUID, caller: StateReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> models.ListPage[models.SessionItem]:
    """Sessions by date: when, how long, how, on what."""
    _seen_by(reads, mentorship_id, caller, "not-involved")
    return models.ListPage[models.SessionItem].model_validate(listed(
        reads, models.SessionItem,
        lambda c: queries.sessions(c, mentorship_id, limit=limit, cursor=cursor),
    ))


@router.get("/mentorships/{mentorship_id}/goals", summary="A mentorship's goals")
def list_goals(
    mentorship_id: UUID, caller: StateReader, reads: ReadSideDep, limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None, achieved: bool | None = None,
) -> models.ListPage[models.GoalItem]:
    """Goals by id, with when they were set and achieved (never their description)."""
    _seen_by(reads, mentorship_id, caller, "not-involved")
    return models.ListPage[models.GoalItem].model_validate(listed(
        reads, models.GoalItem,
        lambda c: queries.goals(c, mentorship_id, achieved=achieved, limit=limit, cursor=cursor),
    ))


@router.get("/mentorships/{mentorship_id}/surveys", summary="A mentorship's survey answers")
def list_surveys(
    mentorship_id: UUID, caller: PrivateReader, reads: ReadSideDep,
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
) -> models.ListPage[models.SurveyItem]:
    """The pair's survey scores, in the order given: the pair and admins only."""
    _seen_by(reads, mentorship_id, caller, "private-to-the-pair")
    return models.ListPage[models.SurveyItem].model_validate(listed(
        reads, models.SurveyItem,
        lambda c: queries.surveys(c, mentorship_id, limit=limit, cursor=cursor),
    ))
