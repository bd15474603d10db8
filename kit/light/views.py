"""What a light page shows, per exercise: the data its template needs, read in one go from the store.

Runs in a store thread (:mod:`kit.light.stores`). The words are today's participant pages'
words (:mod:`kit.live.header` for the header and the closed banner); the school's name, its
cases, the knowledge text and the plan's labels come from files and are kept for a few
seconds, so a room of phones does not read them a hundred times a second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from kit import workshop
from kit.live.header import closed_banner, page_header, participant_lead

FILE_SECONDS = 10.0  # how long a school's files (profile, cases, knowledge, labels) are kept once read
STATE_SECONDS = 0.5  # how long one workshop's live state is kept (every phone asks for it every 2 s)

ANONYMOUS = "Doe mee vanaf je eigen laptop of telefoon."
JOIN_TEXT = "Kies de naam waaronder je meedoet; je voornaam is genoeg."


@dataclass
class Visit:
    """One request of a light page: the school, the workshop its code opens, and who is asking (if known)."""

    exercise: str
    school_id: str
    folder: Path
    workshop: workshop.Workshop
    me: workshop.Participant | None = None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.workshop.join_code

    @property
    def closed(self) -> bool:
        return not self.workshop.is_open


# --- a few seconds' memory -----------------------------------------------------------------------------------

_cache: dict[tuple, tuple[float, Any]] = {}
_cache_lock = threading.Lock()


def kept(key: tuple, seconds: float, make: Callable[[], Any]) -> Any:
    """``make()``, or what it gave for ``key`` less than ``seconds`` ago."""
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < seconds:
            return hit[1]
    value = make()
    with _cache_lock:
        if len(_cache) > 2000:
            _cache.clear()
        _cache[key] = (now, value)
    return value


def school_name(folder: Path) -> str:
    def read() -> str:
        from kit.errors import KitError
        from kit.profile import load_profile

        try:
            return load_profile(folder).naam
        except KitError:
            return folder.name

    return kept(("name", folder), FILE_SECONDS, read)


# --- every exercise ------------------------------------------------------------------------------------------

EXERCISES = {
    "visie": {"eyebrow": "Visieworkshop sociale veiligheid", "classes": "kit-visie kit-participant",
              "closed": "De workshop is gesloten; er kan niets meer worden ingevoerd. Wat je hebt ingevoerd, is bewaard.",
              "intro": "De begeleider bepaalt of namen op het scherm komen."},
    "signaleren": {"eyebrow": "Signaleren en handelen", "classes": "kit-signalering kit-case-participant",
                   "closed": "De workshop is gesloten: je kunt de casus nog lezen, maar niet meer antwoorden. Wat je "
                             "hebt ingevoerd, is bewaard.",
                   "intro": "Daarna beantwoord je bij elke casus drie vragen. De begeleider ziet de antwoorden zonder "
                            "namen."},
    "actieplan": {"eyebrow": "Actieplan sociale veiligheid", "classes": "kit-plan kit-plan-participant",
                  "closed": "De workshop is gesloten: je kunt het plan bekijken, maar niet meer reageren of stemmen.",
                  "intro": ""},
}


def page(visit: Visit, store: workshop.Store) -> dict:
    """Everything the exercise's template needs."""
    words = EXERCISES[visit.exercise]
    context = {"visit": visit, "me": visit.me, "closed": visit.closed, "classes": words["classes"],
               "school_name": school_name(visit.folder), "join_text": f"{JOIN_TEXT} {words['intro']}".strip(),
               "banner": closed_banner(visit.closed, words["closed"]), "state": state(visit, store)}
    context.update(BUILDERS[visit.exercise](visit, store, context))
    context["header"] = page_header(context.pop("eyebrow", words["eyebrow"]), context["school_name"],
                                    participant_lead(visit.me.pseudonym if visit.me else None,
                                                     context.pop("anonymous", ANONYMOUS)))
    return context


def state(visit: Visit, store: workshop.Store) -> dict:
    """The live state every phone of this workshop polls: open or closed, and a version of what it shows.

    The version changes only when a participant's page would change for everyone (the workshop
    closes or opens, the facilitator shows another case or hides a statement, the plan or its
    votes and comments change), so a phone fetches its page again only then.
    """
    return kept(("state", visit.folder, visit.workshop.id, visit.exercise), STATE_SECONDS,
                lambda: _state(visit, store))


def _state(visit: Visit, store: workshop.Store) -> dict:
    current = workshop.workshop_for_code(store, visit.code)
    data: dict[str, Any] = {"open": current.is_open}
    if visit.exercise == "signaleren":
        from kit.workshop.cases import shown_case

        data["casus"] = shown_case(store, current.id)
    elif visit.exercise == "visie":
        data["verborgen"] = store.read(lambda conn: conn.execute(
            "SELECT COUNT(*) FROM statements s JOIN participants p ON p.id = s.participant_id "
            "WHERE p.workshop_id = ? AND s.deleted_at IS NOT NULL", (current.id,)).fetchone()[0])
    else:
        from kit.plan import store as plan

        data["plan"] = plan.plan_snapshot(store, _plan_year(visit, store))
    version = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return {"open": current.is_open, "casus": data.get("casus"), "versie": version}


# --- 1. visie ------------------------------------------------------------------------------------------------

def _visie(visit: Visit, store: workshop.Store, context: dict) -> dict:
    from kit.workshop.statements import MAX_STATEMENTS, STATEMENT_MAX

    out: dict[str, Any] = {"statement_max": STATEMENT_MAX, "max_statements": MAX_STATEMENTS}
    if visit.me is None:
        return out
    token = visit.me.token
    own = workshop.own_statements(store, token)
    budget = visit.workshop.votes_per_participant
    mine = set(workshop.own_votes(store, token))
    ratings = workshop.own_ratings(store, token)
    stellingen = workshop.list_stellingen(store, visit.workshop.id)
    out.update(
        own=own, active=sum(1 for s in own if not s["deleted_at"]),
        editing=_number(visit.query.get("bewerk")), confirming=_number(visit.query.get("intrekken")),
        budget=budget, votes_word="stem" if budget == 1 else "stemmen", votes_left=budget - len(mine),
        values=[{**v, "mine": v["id"] in mine} for v in workshop.list_values(store, visit.workshop.id)],
        stellingen=stellingen, ratings=ratings, scale=list(workshop.SCALE.items()),
    )
    return out


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


# --- 2. signaleren -------------------------------------------------------------------------------------------

def school_cases(folder: Path) -> list:
    from kit.signalering.cases import load_school_cases

    return kept(("cases", folder), FILE_SECONDS, lambda: load_school_cases(folder))


def knowledge(folder: Path) -> str:
    """The knowledge text of the case exercise; empty when the school's files cannot be read (the log says why)."""
    from kit.signalering.knowledge import knowledge_html

    def make() -> str:
        try:
            return knowledge_html(folder)
        except Exception as exc:  # noqa: BLE001 - the exercise goes on without it
            logging.getLogger("kit.light").warning("De kennis van %s kan niet worden getoond: %s", folder.name, exc)
            return ""

    return kept(("knowledge", folder), FILE_SECONDS, make)


def _signaleren(visit: Visit, store: workshop.Store, context: dict) -> dict:
    from kit.signalering.cases import SERIOUSNESS
    from kit.workshop.cases import ANSWER_TEXT_MAX, own_answer

    out: dict[str, Any] = {"text_max": ANSWER_TEXT_MAX, "seriousness": list(SERIOUSNESS.items()),
                           "knowledge": knowledge(visit.folder), "case": None}
    if visit.me is None:
        return out
    shown = context["state"]["casus"]
    cases = school_cases(visit.folder)
    found = next(((n, c) for n, c in enumerate(cases, start=1) if c.id == shown), None)
    if found is not None:
        out["number"], out["case"] = found
        out["answer"] = own_answer(store, visit.me.token, found[1].id) or {}
    return out


# --- 4. actieplan --------------------------------------------------------------------------------------------

def _plan_year(visit: Visit, store: workshop.Store) -> str:
    from kit.plan.cards import participant_year

    return kept(("year", visit.folder), FILE_SECONDS, lambda: participant_year(visit.folder, store))


def _actieplan(visit: Visit, store: workshop.Store, context: dict) -> dict:
    from kit.plan import store as plan
    from kit.plan.cards import card_html
    from kit.plan.facts import load_labels
    from kit.plan.store import COMMENT_MAX, PRIORITY_VOTES

    year = _plan_year(visit, store)
    labels = kept(("labels", visit.folder), FILE_SECONDS, lambda: load_labels(visit.folder))
    snapshot = plan.plan_snapshot(store, year)
    mine = plan.own_priority_votes(store, visit.me.token) if visit.me else set()
    me = visit.me.id if visit.me else None
    cards = [{"id": a["id"], "html": card_html(a, n, snapshot["votes"].get(a["id"], 0), labels),
              "title": a["title"], "mine": a["id"] in mine,
              "comments": [{"text": c["text"], "own": c["participant_id"] == me}
                           for c in snapshot["comments"].get(a["id"], []) if not c["hidden"]]}
             for n, a in enumerate(snapshot["actions"], start=1)]
    return {"eyebrow": f"Actieplan sociale veiligheid · schooljaar {year}",
            "anonymous": "Het actieplan van de school, live.",
            "join_text": f"{JOIN_TEXT} Daarna kun je op acties reageren en {PRIORITY_VOTES} stemmen geven aan de "
                         "acties die jij het belangrijkst vindt.",
            "cards": cards, "votes": PRIORITY_VOTES, "votes_left": PRIORITY_VOTES - len(mine),
            "comment_max": COMMENT_MAX}


BUILDERS = {"visie": _visie, "signaleren": _signaleren, "actieplan": _actieplan}
