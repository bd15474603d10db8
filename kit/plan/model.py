"""An action of the plan: its fields, how typed values are checked, and what makes it less SMART.

An action is a plain dict (what :func:`kit.plan.store.list_actions` returns)::

    {"id", "school_year", "position", "catalogue_id", "title", "description", "reason",
     "reason_kind", "owner", "involved", "start", "deadline", "indicator",
     "target": {"metric", "op", "value", "year"} | None, "target_text", "status",
     "priority", "created_at", "updated_at", "removed_at"}

Dates are ISO strings (``2027-03-01``). Text is kept as typed (only measured), control characters cleaned out.
SMART warnings are warnings, never errors: a plan may be unfinished while the team
works on it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone
from kit.dates import dutch_date
from kit.text_safety import clean_text
from kit.workshop.errors import InputError

STATUSES = {"planned": "Gepland", "in_progress": "Bezig", "done": "Klaar", "stopped": "Gestopt"}
PRIORITIES = {"high": "hoog", "medium": "middel", "low": "laag"}
PRIORITY_BY_LABEL = {label: code for code, label in PRIORITIES.items()}
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
FINISHED = ("done", "stopped")
REASON_KINDS = ("finding", "trend", "group", "checklist", "value", "own")
OPS = {"<=": "≤ (hoogstens)", ">=": "≥ (minstens)"}

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
REASON_MAX = 1500
OWNER_MAX = 120
INVOLVED_MAX = 300
INDICATOR_MAX = 300
TARGET_TEXT_MAX = 300

TEXT_FIELDS = {
    "title": (TITLE_MAX, "De titel"),
    "description": (DESCRIPTION_MAX, "De omschrijving"),
    "reason": (REASON_MAX, "De aanleiding"),
    "owner": (OWNER_MAX, "De eigenaar"),
    "involved": (INVOLVED_MAX, "De betrokkenen"),
    "indicator": (INDICATOR_MAX, "De indicator"),
    "target_text": (TARGET_TEXT_MAX, "Het doel"),
}
EDITABLE = tuple(TEXT_FIELDS) + ("start", "deadline", "target", "status", "priority")
DEFAULTS: dict[str, Any] = {
    "description": "", "reason": "", "reason_kind": "own", "owner": "", "involved": "", "start": None,
    "deadline": None, "indicator": "", "target": None, "target_text": "", "status": "planned",
    "priority": "medium", "catalogue_id": None,
}
_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
_METRIC_RE = re.compile(r"^(?:(?:plek|schaal):)?[a-z0-9_]+$")


def check_fields(fields: dict, *, new: bool) -> dict:
    """The fields checked and normalised; InputError (Dutch) for the first problem.

    With ``new=True`` a title is required and missing fields get their defaults;
    otherwise only the given fields are checked (an edit).
    """
    unknown = set(fields) - set(EDITABLE) - {"reason_kind", "catalogue_id"}
    if unknown:
        raise InputError(f"Onbekend veld: {sorted(unknown)[0]}.")
    out: dict[str, Any] = dict(DEFAULTS) if new else {}
    for key, value in fields.items():
        if key in TEXT_FIELDS:
            out[key] = _check_text(key, value)
        elif key in ("start", "deadline"):
            out[key] = check_date(value, "De startdatum" if key == "start" else "De deadline")
        elif key == "target":
            out[key] = check_target(value)
        elif key == "status":
            if value not in STATUSES:
                raise InputError("Kies een status: gepland, bezig, klaar of gestopt.")
            out[key] = value
        elif key == "priority":
            if value not in PRIORITIES:
                raise InputError("Kies een prioriteit: hoog, middel of laag.")
            out[key] = value
        elif key == "reason_kind":
            if value not in REASON_KINDS:
                raise InputError("Onbekende soort aanleiding.")
            out[key] = value
        elif key == "catalogue_id":
            if value is not None and (not isinstance(value, str) or not re.match(r"^[a-z0-9-]{1,80}$", value)):
                raise InputError("Onbekende actie uit de catalogus.")
            out[key] = value
    if new and not (out.get("title") or "").strip():
        raise InputError("Geef de actie een titel.", hint="Schrijf in een paar woorden wat er gebeurt.")
    if "title" in out and not out["title"].strip():
        raise InputError("De titel is leeg.", hint="Schrijf in een paar woorden wat er gebeurt.")
    return out


def check_order(start: str | None, deadline: str | None) -> None:
    """InputError when the deadline lies before the start."""
    if start and deadline and deadline < start:
        raise InputError("De deadline ligt vóór de startdatum.", hint="Kies een latere deadline of een eerdere start.")


def _check_text(key: str, value: Any) -> str:
    limit, what = TEXT_FIELDS[key]
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"{what} moet tekst zijn.")
    if len(value) > limit:
        raise InputError(f"{what} is {len(value)} tekens lang; het maximum is {limit}.", hint="Maak de tekst korter.")
    value = clean_text(value, multiline=key not in ("title", "owner"))  # a pasted control character never stored
    if key in ("title", "owner") and any(ch in value for ch in "\r\n\t"):
        value = " ".join(value.split())
    return value


def check_date(value: Any, what: str = "De datum") -> str | None:
    """An ISO date string (or None for no date) from a date, an ISO string or a Dutch dd-mm-jjjj string."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        match = re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", text)
        try:
            if match:
                return date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise InputError(f"{what} klopt niet.", hint="Schrijf een datum als 1-3-2027.")


def check_school_year(value: Any) -> str:
    match = _YEAR_RE.match(value) if isinstance(value, str) else None
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise InputError("Het schooljaar klopt niet.", hint="Schrijf het als 2027-2028.")
    return value


def check_target(value: Any) -> dict | None:
    """A survey target ``{"metric", "op", "value", "year"}``, or None for no survey target."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise InputError("Het doel klopt niet.")
    metric, op, number, year = value.get("metric"), value.get("op", "<="), value.get("value"), value.get("year")
    if not metric:
        return None
    if not isinstance(metric, str) or not _METRIC_RE.match(metric):
        raise InputError("Kies een cijfer uit de enquête voor het doel.")
    if op not in OPS:
        raise InputError("Kies bij het doel 'hoogstens' of 'minstens'.")
    if isinstance(number, bool) or not isinstance(number, (int, float)) or number != number:
        raise InputError("Geef bij het doel een getal.", hint="Bijvoorbeeld 8 voor 8%.")
    upper = 100 if not metric.startswith("schaal:") else 10
    if not 0 <= number <= upper:
        raise InputError(f"Het getal van het doel moet tussen 0 en {upper} liggen.")
    return {"metric": metric, "op": op, "value": float(number), "year": check_school_year(year) if year else None}


# ----------------------------------------------------------------------------- SMART

def is_measurable(action: dict) -> bool:
    """A survey target with a number, or a written target with a number in it."""
    target = action.get("target")
    if target and target.get("metric") and target.get("value") is not None:
        return True
    return bool(re.search(r"\d", action.get("target_text") or ""))


def smart_warnings(action: dict, today: date | None = None) -> list[dict]:
    """What makes the action less SMART: ``[{"code", "text"}, ...]`` (empty when it is fine)."""
    today = today or dutch_today()
    warnings = []
    if not (action.get("owner") or "").strip():
        warnings.append({"code": "no_owner", "text": "Geen eigenaar: wie trekt deze actie?"})
    if not action.get("deadline"):
        warnings.append({"code": "no_deadline", "text": "Geen deadline: wanneer is het klaar?"})
    if not is_measurable(action):
        warnings.append({"code": "not_measurable",
                         "text": "Geen meetbaar doel: kies een cijfer uit de enquête met een grens, of schrijf een "
                                 "doel met een getal erin."})
    deadline = action.get("deadline")
    if deadline and action.get("status") not in FINISHED and date.fromisoformat(deadline) < today:
        warnings.append({"code": "deadline_passed",
                         "text": f"De deadline ({long_date(deadline)}) is voorbij en de actie is nog niet klaar."})
    return warnings


# ----------------------------------------------------------------------------- showing dates

def long_date(iso: str | None) -> str:
    """``1 maart 2027``; empty for no date."""
    if not iso:
        return ""
    return dutch_date(date.fromisoformat(iso))


def short_date(iso: str | None) -> str:
    """``1-3-2027``; empty for no date."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day}-{day.month}-{day.year}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover
