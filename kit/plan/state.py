"""How far a school is with its action plan, for the start page: light, read-only, never raises."""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path
from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone

KLAAR, BEZIG, OPEN = "klaar", "bezig", "open"


def plan_state(school_dir: str | Path, today: date | None = None) -> tuple[str, str]:
    """``("klaar" | "bezig" | "open", Dutch detail)`` for the plan of the school's current year.

    Reads only the profile's school year and the workshop store (never the survey
    exports); creates nothing. "klaar": actions, all with an owner, a deadline and a
    measurable target; "bezig": actions, some not yet SMART; "open": none yet.
    """
    try:
        return _state(Path(school_dir), today or dutch_today())
    except Exception:  # the start page must always render
        traceback.print_exc(file=sys.stderr)
        return OPEN, "Het actieplan kon niet worden gelezen."


def _state(school_dir: Path, today: date) -> tuple[str, str]:
    from kit import workshop
    from kit.errors import KitError
    from kit.plan.model import smart_warnings
    from kit.plan.store import list_actions

    if not (school_dir / workshop.DB_NAME).is_file():
        return OPEN, "Nog geen acties vastgelegd."
    with workshop.Store(school_dir, create=False) as store:
        actions = list_actions(store)
    if not actions:
        return OPEN, "Nog geen acties vastgelegd."
    year = None
    try:
        from kit.profile import load_profile

        year = load_profile(school_dir).get("schooljaar")
    except KitError:
        pass
    year = year or max(a["school_year"] for a in actions)
    current = [a for a in actions if a["school_year"] == year]
    if not current:
        return OPEN, f"Nog geen acties voor {year}."
    unfinished = sum(1 for a in current if any(w["code"] != "deadline_passed" for w in smart_warnings(a, today)))
    count = f"{len(current)} {'actie' if len(current) == 1 else 'acties'} in het plan van {year}"
    if unfinished:
        return BEZIG, (f"{count}; {unfinished} nog zonder eigenaar, deadline of meetbaar doel.")
    return KLAAR, f"{count}, alle met een eigenaar, een deadline en een meetbaar doel."
