"""A mentorship's life: assignment by admins; kickoff, goals, sessions, memos, surveys, end.

The participant acting is the employee in X-Acting-Employee; the domain refuses anyone else
(403). An admin may end a mentorship without naming an employee.
"""

from __future__ import annotations

from gateways.entrypoints.http.deps import AdminCaller, PortalCaller
from gateways.entrypoints.http.models import mentorships as models
from gateways.entrypoints.http.models.requests import AssignPair, PairAssigned
from gateways.entrypoints.http.routers.commands import (
    CommandRoutes,
    Reply,
    the_acting_employee,
    the_acting_employee_or_admin,
)
from gateways.entrypoints.http.routers.common import api_router

router = api_router("mentorships")
MENTORSHIP = "/mentorships/{mentorship_id}"
mentorship = CommandRoutes(router, MENTORSHIP, Reply(models.MentorshipRecorded, "mentorship_id"),
                           actor=the_acting_employee)

CommandRoutes(router).post(
    "/programs/{program_id}/assignments", AssignPair, AdminCaller, name="assign_pair",
    status_code=201, reply=Reply(PairAssigned, "mentorship_id"), summary="Assign a pair",
    description="An admin pairs a mentee with a mentor directly; the usual conflict rules apply.",
)
mentorship.post("/kickoff", models.AnswerKickoff, PortalCaller, name="answer_kickoff",
                summary="Answer the kickoff questionnaire",
                description="The acting participant's answers; private to the pair and admins.")
mentorship.post("/goals", models.SetGoal, PortalCaller, name="set_goal", summary="Set a goal",
                description="The pair sets a goal, named by ``goal_id``.")
mentorship.post("/goals/{goal_id}/achieved", models.AchieveGoal, PortalCaller,
                name="achieve_goal", summary="Mark a goal achieved",
                description="The pair achieved the goal.")
mentorship.post("/sessions", models.HoldSession, PortalCaller, name="hold_session",
                summary="Record a session", description="The pair met on the effective date.")
mentorship.post("/memos", models.FileMemo, PortalCaller, name="file_memo", summary="File a memo",
                description="The mentee notes the skills learned; the text is private to the "
                "pair and admins.")
mentorship.post("/surveys", models.AnswerSurvey, PortalCaller, name="answer_survey",
                summary="Answer the survey", description="The acting participant's scores, 1-5.")
mentorship.post("/end", models.EndMentorship, PortalCaller, name="end_mentorship",
                actor=the_acting_employee_or_admin, summary="End the mentorship",
                description="Either participant (or an admin) ends it: completed, or a no-fault "
                "exit. Anyone else is refused (403 `not-a-participant`).")
