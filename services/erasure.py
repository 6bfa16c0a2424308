"""Erasure of a person's personal data (GDPR Art. 17) by crypto-shredding.

The command records ``Employee.PersonalDataErased``. The key that sealed the person's private
texts and demographic group is destroyed by the store's mapper as it writes that event
(``gateways.erasure``), so the log itself never changes: its fields just cannot be read again.
"""

from __future__ import annotations

from uuid import UUID

from services.changes import Changes
from services.command import Command, command, handles


@command
class ErasePersonalData(Command[UUID]):
    """An admin erases the personal data of the employee ``hris_id``, saying why."""

    hris_id: str
    reason: str


@handles(ErasePersonalData)
def erase_personal_data(command: ErasePersonalData, changes: Changes) -> UUID:
    employee = changes.employee(command.hris_id)
    employee.erase_personal_data(reason=command.reason, stamp=command.stamp)
    return employee.id
