"""What a light page's form does: one store write per form, named by its ``actie`` field.

Each action gets the visit (:class:`kit.light.views.Visit`), the store and the form's fields
(already within their limits, :mod:`kit.light.limits`) and returns a :class:`Done`: where on the
page the result belongs and what to say there. Refusals are the store's own Dutch errors
(:class:`kit.workshop.WorkshopError`), shown in the same place (:data:`PLACES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kit import workshop
from kit.errors import KitError
from kit.light.views import Visit, school_cases

JOIN, LEAVE = "meedoen", "ander"
MESSAGES = {
    "uitspraak": "Je uitspraak is opgeslagen.",
    "aangepast": "Je aanpassing is opgeslagen.",
    "ingetrokken": "Je uitspraak is ingetrokken.",
    "antwoord": "Je antwoord is opgeslagen.",
    "ongewijzigd": "Je antwoord was al zo opgeslagen.",
    "eerder": "Je antwoord op de vorige casus is opgeslagen. Hieronder staat de casus die de begeleider nu toont.",
    "reactie": "Je reactie is opgeslagen.",
}


@dataclass(frozen=True)
class Done:
    """The result of a form: the page region it belongs to and the message for it (may be empty)."""

    place: str
    message: str = ""  # a key of MESSAGES
    joined: workshop.Participant | None = None


class Refused(KitError):
    """A form that cannot be handled (an unknown action); shown like a store error."""


def one(fields: dict[str, list[str]], name: str, default: str = "") -> str:
    values = fields.get(name) or [default]
    return values[0]


def number(fields: dict[str, list[str]], name: str) -> int:
    text = one(fields, name).strip()
    if not text.isdigit() or len(text) > 12:
        raise workshop.InputError("Dit formulier kan de kit niet verwerken.", hint="Laad de pagina opnieuw.")
    return int(text)


def place_of(action: str, fields: dict[str, list[str]]) -> str:
    """Where on the page the result (or refusal) of ``action`` is shown."""
    if action.startswith("reactie") or action == "prioriteit":
        return f"actie-{one(fields, 'id')}" if one(fields, "id").isdigit() else "acties"
    return PLACES.get(action, "boven")


PLACES = {JOIN: "meedoen", LEAVE: "boven", "uitspraak": "uitspraken", "aanpassen": "uitspraken",
          "intrekken": "uitspraken", "stem": "waarden", "stelling": "stellingen", "antwoord": "casus"}


# --- everyone -------------------------------------------------------------------------------------------------

def join(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    me = workshop.join(store, visit.code, one(fields, "naam"), one(fields, "volledige_naam"))
    return Done("boven", joined=me)


# --- 1. visie -------------------------------------------------------------------------------------------------

def add_statement(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    workshop.add_statement(store, visit.me.token, one(fields, "uitspraak"))
    return Done("uitspraken", "uitspraak")


def edit_statement(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    workshop.edit_statement(store, visit.me.token, number(fields, "id"), one(fields, "uitspraak"))
    return Done("uitspraken", "aangepast")


def withdraw_statement(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    workshop.withdraw_statement(store, visit.me.token, number(fields, "id"))
    return Done("uitspraken", "ingetrokken")


def vote(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    """Give or take back a vote on a value (``aan`` 1 or 0: the state asked for, so a second click changes nothing)."""
    value_id, on = one(fields, "waarde"), one(fields, "aan") == "1"
    if (value_id in workshop.own_votes(store, visit.me.token)) != on:
        (workshop.cast_vote if on else workshop.withdraw_vote)(store, visit.me.token, value_id)
    return Done("waarden")


def rate(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    score = one(fields, "score")
    if not score:
        raise workshop.InputError("Kies eerst een antwoord.")
    workshop.rate(store, visit.me.token, one(fields, "stelling"), number(fields, "score"))
    return Done("stellingen")


# --- 2. signaleren --------------------------------------------------------------------------------------------

def answer(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    """Save the answer to a case of the school; only that case's own options count."""
    from kit.workshop.cases import save_answer, shown_case

    case = next((c for c in school_cases(visit.folder) if c.id == one(fields, "casus")), None)
    if case is None:
        raise workshop.InputError("Deze casus bestaat niet (meer).", hint="Laad de pagina opnieuw.")
    signals = fields.get("signaal", [])
    steps = fields.get("stap", [])
    if any(s not in case.signals for s in signals) or any(s not in case.next_steps for s in steps):
        raise workshop.InputError("Dit antwoord hoort niet bij deze casus.", hint="Laad de pagina opnieuw.")
    level = one(fields, "ernst")
    seriousness = number(fields, "ernst") if level else None
    changed = save_answer(store, visit.me.token, case.id, signals, seriousness, steps, one(fields, "toelichting"))
    if shown_case(store, visit.workshop.id) != case.id:  # the facilitator moved on while this was typed
        return Done("casus", "eerder")
    return Done("casus", "antwoord" if changed else "ongewijzigd")


# --- 4. actieplan ---------------------------------------------------------------------------------------------

def priority(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    from kit.plan import store as plan

    action_id, on = number(fields, "id"), one(fields, "aan") == "1"
    if (action_id in plan.own_priority_votes(store, visit.me.token)) != on:
        (plan.cast_priority_vote if on else plan.withdraw_priority_vote)(store, visit.me.token, action_id)
    return Done(f"actie-{action_id}")


def comment(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    from kit.plan import store as plan

    action_id = number(fields, "id")
    plan.add_comment(store, visit.me.token, action_id, one(fields, "reactie"))
    return Done(f"actie-{action_id}", "reactie")


ACTIONS: dict[str, dict[str, Callable[[Visit, workshop.Store, dict], Done]]] = {
    "visie": {"uitspraak": add_statement, "aanpassen": edit_statement, "intrekken": withdraw_statement,
              "stem": vote, "stelling": rate},
    "signaleren": {"antwoord": answer},
    "actieplan": {"prioriteit": priority, "reactie": comment},
}


def run(visit: Visit, store: workshop.Store, fields: dict) -> Done:
    """Do what the form asks (it must fit the exercise, and all but joining need a participant)."""
    action = one(fields, "actie")
    if action == JOIN:
        return join(visit, store, fields)
    do = ACTIONS[visit.exercise].get(action)
    if do is None:
        raise Refused("Dit formulier kan de kit niet verwerken.", hint="Laad de pagina opnieuw.")
    if visit.me is None:
        raise workshop.AccessError("Je deelname is niet (meer) bekend.", hint="Meld je opnieuw aan met je naam.")
    return do(visit, store, fields)
