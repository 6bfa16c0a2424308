"""Erasure of a person's personal data (admin): the body says why, the reply names the person."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from gateways.entrypoints.http.models.common import ReasonedBody
from services import erasure


class ErasePersonalData(ReasonedBody, command=erasure.ErasePersonalData):
    """Why the person's personal data is erased (e.g. the request's reference): it is kept
    unencrypted for good, so it must hold no personal data."""


class PersonalDataErased(BaseModel):
    """The person whose private texts and demographic group are now unreadable everywhere."""

    employee_id: UUID
    hris_id: str
