"""How far a school is with step 2, for the start page: light, read-only, never raises."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

KLAAR, BEZIG, OPEN = "klaar", "bezig", "open"
CASES_FOR_DONE = 3  # cases answered before the step counts as done: one session's exercise


def case_state(school_dir: str | Path) -> tuple[str, str]:
    """``("klaar" | "bezig" | "open", Dutch detail)`` from the case answers in the workshop store.

    "klaar": answers to at least :data:`CASES_FOR_DONE` cases; "bezig": fewer; "open": none yet.
    Creates nothing.
    """
    try:
        return _state(Path(school_dir))
    except Exception:  # the start page must always render
        traceback.print_exc(file=sys.stderr)
        return OPEN, "De antwoorden op de casussen konden niet worden gelezen."


def _state(school_dir: Path) -> tuple[str, str]:
    from kit import workshop
    from kit.live.report import existing_store
    from kit.workshop.cases import list_answers

    store = existing_store(school_dir)
    if store is None:
        return OPEN, "Nog geen workshop gehouden."
    try:
        with store:
            answers = [a for ws in workshop.list_workshops(store) for a in list_answers(store, ws.id)]
    except workshop.WorkshopError as exc:
        return BEZIG, f"De workshopdatabase kan nu niet worden gelezen: {exc.message}"
    cases = len({a["case_id"] for a in answers})
    people = len({a["participant_id"] for a in answers})
    if not answers:
        return OPEN, "Nog geen casussen besproken."
    done = (f"{cases} {'casus' if cases == 1 else 'casussen'} besproken, {len(answers)} "
            f"{'antwoord' if len(answers) == 1 else 'antwoorden'} van {people} "
            f"{'deelnemer' if people == 1 else 'deelnemers'}")
    if cases >= CASES_FOR_DONE:
        return KLAAR, f"{done}."
    return BEZIG, f"{done}; bespreek er samen minstens {CASES_FOR_DONE}."
