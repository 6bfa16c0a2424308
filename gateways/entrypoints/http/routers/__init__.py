"""The API's routers, one per use case."""

from __future__ import annotations

from fastapi import APIRouter

from gateways.entrypoints.http.routers import (
    analyst_sql,
    analytics,
    audit,
    employees,
    erasure,
    lists,
    matching,
    mentees,
    mentors,
    mentorship_reads,
    mentorships,
    notifications,
    portal,
    programs,
    requests,
    stories,
    webhooks,
)

API_ROUTERS: tuple[APIRouter, ...] = (
    programs.router,
    employees.router,
    erasure.router,
    mentors.router,
    mentees.router,
    requests.router,
    mentorships.router,
    mentorship_reads.router,
    stories.router,
    portal.router,
    lists.router,
    matching.router,
    audit.router,
    analytics.router,
    analyst_sql.router,
    notifications.router,
    webhooks.router,
)
