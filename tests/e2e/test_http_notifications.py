"""`GET /notifications` for the notifier (on SQLite and Kafka): in order, by cursor, ids only."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import Stamp
from domain.notifications import Notification, NotificationType, ReminderPolicy
from gateways.entrypoints.http.auth.keys import DEVELOPMENT_KEYS, KeyRing, Role
from tests.e2e.http_world import Api, Pair


def page(api: Api, after: str | None = None, limit: int = 100) -> dict[str, object]:
    """One page of the outbox, read with the notifier's key."""
    query = f"?limit={limit}" + (f"&after={after}" if after is not None else "")
    result: dict[str, object] = api.ok("GET", "/notifications" + query, Role.NOTIFIER)
    return result


def every_id_by_cursor(api: Api, limit: int) -> list[str]:
    """The outbox's ids, page by page (``limit`` a page) from cursor to cursor, until an empty
    page whose ``next`` is the cursor it was read after."""
    seen: list[str] = []
    cursor: str | None = None
    while True:
        body = page(api, cursor, limit=limit)
        items = body["notifications"]
        assert isinstance(items, list)
        if not items:
            assert body["next"] == cursor
            return seen
        seen.extend(n["id"] for n in items)
        cursor = str(body["next"])


def test_the_notifier_reads_the_notifications_in_order(api: Api, pair: Pair) -> None:
    body = page(api)
    items = body["notifications"]
    assert isinstance(items, list)
    assert [(n["type"], n["recipient"]) for n in items] == [
        ("request-received", "E1"),
        ("request-accepted", "E2"),
        ("mentorship-started", "E2"),
        ("mentorship-started", "E1"),
    ]
    accepted = items[1]
    assert accepted["request_id"] == pair.request_id
    assert accepted["mentorship_id"] == pair.mentorship_id
    assert accepted["program_id"] == pair.program_id
    assert accepted["business_date"] == "2024-02-06"
    assert "I want to learn" not in str(body)
    assert body["next"] == items[-1]["cursor"]


def test_paging_by_cursor_returns_each_notification_once(api: Api, pair: Pair) -> None:
    first = page(api)["notifications"]
    assert isinstance(first, list)
    everything = [n["id"] for n in first]
    seen = every_id_by_cursor(api, limit=1)
    assert seen == everything and len(seen) == 4


def test_only_the_notifier_and_admins_read_the_outbox(api: Api, pending: Pair) -> None:
    for role in (Role.PORTAL, Role.ANALYST, Role.AUDITOR, Role.HRIS):
        response = api.call("GET", "/notifications", role, employee="E1")
        assert response.status_code == 403, role
    assert api.call("GET", "/notifications", Role.ADMIN).status_code == 200


def test_a_malformed_cursor_is_422(api: Api, pending: Pair) -> None:
    response = api.call("GET", "/notifications?after=nope", Role.NOTIFIER)
    assert (response.status_code, response.json()["rule"]) == (422, "invalid-cursor")


def test_the_notifier_has_a_development_key() -> None:
    assert DEVELOPMENT_KEYS[Role.NOTIFIER] == "dev-notifier-key"
    assert KeyRing.development().role_for("dev-notifier-key") is Role.NOTIFIER


def test_an_admin_sets_a_programs_reminder_days(api: Api, pending: Pair) -> None:
    path = f"/programs/{pending.program_id}/reminder-policy"
    body = {"due_soon_days": 5, "kickoff_after_days": 10, "survey_every_days": 30}
    recorded = api.ok("PUT", path, Role.ADMIN, body=body)
    assert recorded["id"] == str(ReminderPolicy.create_id(UUID(pending.program_id)))
    refused = api.call("PUT", path, Role.ADMIN, body={"survey_every_days": 0})
    assert refused.status_code == 422
    assert api.call("PUT", path, Role.PORTAL, employee="E1", body=body).status_code == 403


def test_the_feed_pages_through_ten_thousand_over_http_with_no_gap_and_no_repeat(
    api: Api,
) -> None:
    service = api.client.app.state.service  # type: ignore[attr-defined]
    stamp = Stamp("scheduler", date(2024, 3, 15))
    expected: list[str] = []
    for batch in range(0, 10_000, 1000):
        notifications = [
            Notification.send(
                notification_type=NotificationType.KICKOFF_DUE, recipient_id=f"E{n}",
                business_date=stamp.effective_date, cause=f"c{n}", stamp=stamp,
            )
            for n in range(batch, batch + 1000)
        ]
        service.save(*notifications)
        expected.extend(str(n.id) for n in notifications)
    assert every_id_by_cursor(api, limit=997) == expected
