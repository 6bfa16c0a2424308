"""Erasure (admin): crypto-shredding of a person's private texts and demographic group."""

from __future__ import annotations

from gateways.entrypoints.http.deps import AdminCaller
from gateways.entrypoints.http.models import erasure as models
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply
from gateways.entrypoints.http.routers.common import api_router

router = api_router("erasure")
erasure = CommandRoutes(router, reply=Reply(models.PersonalDataErased, "employee_id"))

erasure.post(
    "/employees/{hris_id}/erasure", models.ErasePersonalData, AdminCaller, name="erase",
    summary="Erase a person's personal data",
    description="Destroy the person's key: their memo texts, kickoff answers, request reasons, "
    "goal texts, the texts of stories naming them and their demographic group read as "
    "`[erased]` everywhere from now on. The log is unchanged (its hash chain still verifies); "
    "analytics figures keep their counts and dates (docs/security.md, Erasure).",
)
