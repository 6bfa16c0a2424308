"""The scheduler's business dates: the server's clock in MENTORING_TIMEZONE, or a fixed day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gateways.entrypoints.scheduler.runner import Clock
from gateways.settings import load_settings


def test_a_fixed_day_overrides_the_clock() -> None:
    assert Clock("Europe/Paris", date(2024, 3, 15)).today() == date(2024, 3, 15)


def test_today_is_the_date_in_the_configured_time_zone() -> None:
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"):
        expected = datetime.now(ZoneInfo(zone)).date()
        assert Clock(zone).today() in (expected, expected + timedelta(days=1))
    east, west = Clock("Pacific/Kiritimati").today(), Clock("Pacific/Pago_Pago").today()
    assert (east - west).days in (1, 2)  # UTC+14 and UTC-11 are never on the same date
    assert Clock().today() in (datetime.now(UTC).date(), datetime.now(UTC).date() + timedelta(1))


def test_the_time_zone_defaults_to_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MENTORING_TIMEZONE", raising=False)
    assert load_settings().timezone == "UTC"
