"""Dates as the school reads them: Dutch words, in Europe/Amsterdam time.

Times are stored in UTC (the workshop store's ``saved_at``); a vision saved at
00:30 in Amsterdam is still the previous day in UTC, so every date shown to people
is converted here first. The vision report and the plan both use these functions.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def today() -> date:
    """Today's date in the Netherlands (not the server's time zone)."""
    return datetime.now(LOCAL_TIME).date()


def local_day(stamp: str) -> date:
    """The Dutch calendar day of a stored ISO time; a time without zone is taken as UTC, as the store writes it."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL_TIME).date()


def dutch_date(day: date) -> str:
    """``4 december 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def numeric_date(day: date) -> str:
    """``04-12-2026``, the form the vision report uses."""
    return day.strftime("%d-%m-%Y")
