"""Domain errors: every refusal names its rule, so gateways can map it to 404 / 409 / 422.

- ``NotFound`` (404): the addressed thing does not exist.
- ``Conflict`` (409): the command raced another change or repeats a used identity.
- ``RuleViolation`` (422): a business rule refuses the command; ``rule`` is a stable code.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain and the services raise on purpose."""

    rule: str = "domain-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolation(DomainError):
    """A business rule refused the command; ``rule`` is the stable problem code."""


class NotFound(DomainError):
    """The command addresses something that does not exist."""

    rule = "not-found"


class Conflict(DomainError):
    """The command conflicts with the current state or with a concurrent change."""

    rule = "conflict"


# --- not found -------------------------------------------------------------------------


class EmployeeNotFound(NotFound):
    """No employee with this HRIS id has been hired."""

    rule = "employee-not-found"


class ProgramNotFound(NotFound):
    """No program with this id."""

    rule = "program-not-found"


class EnrolmentNotFound(NotFound):
    """The employee is not enrolled (as mentor or mentee) in the program."""

    rule = "enrolment-not-found"


class RequestNotFound(NotFound):
    """No mentorship request with this id."""

    rule = "request-not-found"


class StoryNotFound(NotFound):
    """No success story has this id."""

    rule = "story-not-found"


class MentorshipNotFound(NotFound):
    """No mentorship with this id."""

    rule = "mentorship-not-found"


# --- conflicts -------------------------------------------------------------------------


class VersionConflict(Conflict):
    """The caller's expected version is stale; ``current_version`` is the stored one."""

    rule = "version-conflict"

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class ConcurrentModification(Conflict):
    """Another command changed the same aggregate at the same time, and retrying did not help."""

    rule = "concurrent-modification"


class AlreadyExists(Conflict):
    """The thing to create exists already (same natural key)."""

    rule = "already-exists"


class CommandIdReused(Conflict):
    """A command id was reused for a different command."""

    rule = "command-id-reused"


# --- rules -----------------------------------------------------------------------------


class InvalidValue(RuleViolation):
    """A value is outside what the domain accepts (e.g. a score of 7 on a 1-5 scale)."""

    rule = "invalid-value"


class DatedBeforeHire(RuleViolation):
    """The business date of the event is before the employee's (latest) hire."""

    rule = "dated-before-hire"


class NotEmployed(RuleViolation):
    """The person is no longer employed."""

    rule = "not-employed"


class AlreadyEmployed(RuleViolation):
    """A rehire for someone who has not left."""

    rule = "already-employed"


class ProgramClosed(RuleViolation):
    """The program is closed."""

    rule = "program-closed"


class RoundNotOpen(RuleViolation):
    """No round of the program is open on that date (or not the one named)."""

    rule = "round-not-open"


class RoundAlreadyOpen(RuleViolation):
    """A round is open already; close it before opening the next."""

    rule = "round-already-open"


class NotEligibleForRound(RuleViolation):
    """The open round is limited to departments that do not include the employee's."""

    rule = "not-eligible-for-round"


class HiredTooEarlyForRound(NotEligibleForRound):
    """The open round is for newer hires: the employee's (latest) hire is before its
    ``hired_on_or_after`` date or more than its ``max_tenure_days`` ago."""

    rule = "hired-too-early-for-round"


class MentorAtCapacity(RuleViolation):
    """The mentor's active mentees already fill the stated capacity."""

    rule = "mentor-at-capacity"


class MentorUntrained(RuleViolation):
    """The program requires training before the first match, and the mentor has not done it."""

    rule = "mentor-untrained"


class MentorNotAvailable(RuleViolation):
    """The mentor enrolment is not active (nomination pending or declined, or withdrawn)."""

    rule = "mentor-not-available"


class NominationNotPending(RuleViolation):
    """The nomination has been answered already (or this enrolment was volunteered)."""

    rule = "nomination-not-pending"


class TopicNotOffered(RuleViolation):
    """The mentor does not offer the requested topic."""

    rule = "topic-not-offered"


class SelfMatch(RuleViolation):
    """Mentor and mentee are the same person."""

    rule = "self-match"


class ReportingLineConflict(RuleViolation):
    """One of the pair is in the other's reporting line within the program's levels."""

    rule = "reporting-line-conflict"


class SameManagerConflict(RuleViolation):
    """Both have the same manager, and the program forbids such pairs."""

    rule = "same-manager-conflict"


class JuniorMentorNotAllowed(RuleViolation):
    """The mentor is junior to the mentee, and the program is not a reverse-mentoring one."""

    rule = "junior-mentor-not-allowed"


class AlreadyPaired(RuleViolation):
    """The two already have an active mentorship in this program."""

    rule = "already-paired"


class InvalidChoices(RuleViolation):
    """The ranked choices are empty or name a mentor twice."""

    rule = "invalid-choices"


class RequestExpired(RuleViolation):
    """The request's respond-by date has passed (whether or not expiry was recorded)."""

    rule = "request-expired"


class RequestWithdrawn(RuleViolation):
    """The mentee withdrew the request."""

    rule = "request-withdrawn"


class RequestClosed(RuleViolation):
    """The request was answered already (accepted, declined or expired)."""

    rule = "request-closed"


class RequestNotDue(RuleViolation):
    """The request's respond-by date has not passed yet, so it cannot expire."""

    rule = "request-not-due"


class NotAddressedMentor(RuleViolation):
    """Only the mentor the request is currently addressed to can answer it."""

    rule = "not-addressed-mentor"


class NotRequestingMentee(RuleViolation):
    """Only the mentee who made the request can withdraw it."""

    rule = "not-requesting-mentee"


class NotAParticipant(RuleViolation):
    """The actor is not the mentee or the mentor of this mentorship."""

    rule = "not-a-participant"


class MentorshipEnded(RuleViolation):
    """The mentorship has ended; nothing more can be recorded on it."""

    rule = "mentorship-ended"


class DatedBeforeStart(RuleViolation):
    """The business date is before the mentorship started."""

    rule = "dated-before-start"
