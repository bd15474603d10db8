"""The action catalogue (``data/templates/acties.yaml``): concrete actions and when the kit proposes them.

Loading checks the whole file and reports every problem at once, in Dutch, by action,
so a facilitator can edit the catalogue without touching code. The conditions
themselves are evaluated in :mod:`kit.plan.conditions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit import periods
from kit.paths import TEMPLATES_DIR
from kit.plan.errors import CatalogueError
from kit.plan.model import PRIORITIES, PRIORITY_BY_LABEL, TITLE_MAX
from kit.plan.yamlfile import read_yaml
from kit.profile import PROTOCOLS, SCHOOL_TYPES
from kit.terms import unknown_terms
from kit.reuse import reused

CATALOGUE_PATH = TEMPLATES_DIR / "acties.yaml"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HORIZON_MAX = 24

# Condition kinds: the key that names the kind, and the other keys it may have.
THRESHOLD_KINDS = {"indicator": "indicator", "plek": "plek", "schaal": "schaal"}
CONDITION_KEYS = {
    "indicator": {"boven", "onder"},
    "plek": {"boven", "onder"},
    "schaal": {"boven", "onder"},
    "gestegen": set(),
    "gedaald": set(),
    "groep": {"boven_school", "onder_school"},
    "checklist": {"status"},
    "waarde": set(),
    "protocol": set(),
    "onderwijstype": set(),
    "alle": set(),
    "een_van": set(),
}
TARGET_KINDS = {"max": "<=", "min": ">=", "daling": "<=", "stijging": ">="}
_ACTION_KEYS = {"id", "titel", "omschrijving", "voorwaarde", "eigenaar", "betrokkenen", "horizon", "prioriteit",
                "indicator", "doel", "doel_tekst"}


@dataclass(frozen=True)
class CatalogueAction:
    """One action of the catalogue, as the facilitator wrote it."""

    id: str
    title: str
    description: str
    condition: dict
    owner: str
    involved: str
    horizon: int  # months
    priority: str  # code: high, medium, low
    indicator: str
    target: dict | None  # {"meting", one of max/min/daling/stijging}
    target_text: str


@reused
def load_catalogue(path: str | Path | None = None) -> list[CatalogueAction]:
    """Read and check the catalogue; CatalogueError lists every problem at once."""
    source = Path(path) if path else CATALOGUE_PATH
    data = read_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("acties"), list):
        raise CatalogueError(str(source), ["verwacht een lijst 'acties:'"])
    problems: list[str] = []
    actions: list[CatalogueAction] = []
    seen: set[str] = set()
    for position, raw in enumerate(data["acties"], start=1):
        action = _read_action(raw, position, seen, problems)
        if action is not None:
            actions.append(action)
    if problems:
        raise CatalogueError(str(source), problems)
    return actions


def _read_action(raw: Any, position: int, seen: set[str], problems: list[str]) -> CatalogueAction | None:
    if not isinstance(raw, dict):
        problems.append(f"actie {position}: verwacht regels 'sleutel: waarde'")
        return None
    action_id = raw.get("id")
    if not isinstance(action_id, str) or not ID_RE.match(action_id):
        problems.append(f"actie {position}: 'id' ontbreekt of is geen korte naam (kleine letters, cijfers, streepjes)")
        return None
    where = f"actie '{action_id}'"
    count = len(problems)
    if action_id in seen:
        problems.append(f"{where}: deze id staat er twee keer in")
    seen.add(action_id)
    for key in sorted(set(raw) - _ACTION_KEYS):
        problems.append(f"{where}: onbekende sleutel '{key}'; toegestaan zijn {', '.join(sorted(_ACTION_KEYS))}")
    for key in ("titel", "omschrijving", "eigenaar", "indicator"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: '{key}' ontbreekt")
    if isinstance(raw.get("titel"), str) and len(raw["titel"]) > TITLE_MAX:
        problems.append(f"{where}: de titel is langer dan {TITLE_MAX} tekens")
    horizon = raw.get("horizon")
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= HORIZON_MAX:
        problems.append(f"{where}: 'horizon' moet een aantal maanden zijn van 1 tot {HORIZON_MAX}")
    priority = str(raw.get("prioriteit", "middel"))
    if priority not in PRIORITY_BY_LABEL:
        problems.append(f"{where}: 'prioriteit' moet hoog, middel of laag zijn")
    problems.extend(f"{where}: {p}" for p in condition_problems(raw.get("voorwaarde")))
    for key in ("titel", "omschrijving", "eigenaar", "betrokkenen", "indicator", "doel_tekst"):
        for name in [n for n in unknown_terms(str(raw.get(key) or "")) if not n.startswith("termijn_")]:
            problems.append(f"{where}: onbekend woord {{{{ {name} }}}} in '{key}'; gebruik {{{{ groep }}}}, "
                            "{{ groepen }}, {{ leerkracht }}, {{ leerkrachten }} of {{ intern_begeleider }}")
    target = raw.get("doel")
    if target is not None:
        problems.extend(f"{where}: {p}" for p in _target_problems(target))
    target_text = raw.get("doel_tekst")
    if target_text is not None and (not isinstance(target_text, str) or not target_text.strip()):
        problems.append(f"{where}: 'doel_tekst' moet een tekst zijn")
    if target is None and target_text is None:
        problems.append(f"{where}: geef een meetbaar doel: 'doel' (uit de enquête) of 'doel_tekst'")
    for key in ("titel", "omschrijving", "indicator", "doel_tekst"):  # periods come from one place (kit.periods)
        for name in periods.unknown(raw[key]) if isinstance(raw.get(key), str) else []:
            problems.append(f"{where}: onbekende termijn {{{{ termijn_{name} }}}} in '{key}'; zet hem onder "
                            "'termijnen' in data/templates/beleidsplan.yaml")
    if len(problems) > count:
        return None
    return CatalogueAction(
        id=action_id, title=periods.fill(raw["titel"].strip()),
        description=periods.fill(" ".join(raw["omschrijving"].split())),
        condition=raw["voorwaarde"], owner=raw["eigenaar"].strip(), involved=str(raw.get("betrokkenen") or "").strip(),
        horizon=horizon, priority=PRIORITY_BY_LABEL[priority], indicator=periods.fill(raw["indicator"].strip()),
        target=dict(target) if target else None, target_text=periods.fill((target_text or "").strip()))


def condition_problems(condition: Any, depth: int = 0) -> list[str]:
    """What is wrong with a condition (empty when it is fine)."""
    if not isinstance(condition, dict) or not condition:
        return ["'voorwaarde' ontbreekt of is geen 'soort: waarde'"]
    kinds = [k for k in condition if k in CONDITION_KEYS]
    if len(kinds) != 1:
        return [f"een voorwaarde heeft precies één soort: {', '.join(CONDITION_KEYS)}"]
    kind = kinds[0]
    extra = set(condition) - {kind} - CONDITION_KEYS[kind]
    if extra:
        return [f"voorwaarde '{kind}': onbekende sleutel '{sorted(extra)[0]}'"]
    value = condition[kind]
    if kind in ("alle", "een_van"):
        if not isinstance(value, list) or not value:
            return [f"'{kind}' moet een lijst van voorwaarden zijn"]
        if depth > 3:
            return ["voorwaarden zijn te diep genest"]
        return [p for sub in value for p in condition_problems(sub, depth + 1)]
    if kind == "onderwijstype":
        return _school_type_problems(value, depth)
    if not isinstance(value, str) or not value:
        return [f"voorwaarde '{kind}': geef een naam, bijvoorbeeld {kind}: {_EXAMPLE[kind]}"]
    if kind in THRESHOLD_KINDS:
        limits = [k for k in ("boven", "onder") if k in condition]
        if len(limits) != 1 or not _is_number(condition[limits[0]]):
            return [f"voorwaarde '{kind}: {value}' heeft boven: <getal> of onder: <getal> nodig"]
    if kind == "groep":
        limits = [k for k in ("boven_school", "onder_school") if k in condition]
        if len(limits) != 1 or not _is_number(condition[limits[0]]) or condition[limits[0]] < 0:
            return [f"voorwaarde 'groep: {value}' heeft boven_school: <getal> of onder_school: <getal> nodig"]
    if kind == "protocol" and value not in PROTOCOLS:
        return [f"voorwaarde 'protocol': onbekend onderwerp {value!r}; kies uit {', '.join(PROTOCOLS)}"]
    if kind == "checklist" and "status" in condition:
        statuses = condition["status"] if isinstance(condition["status"], list) else [condition["status"]]
        if not statuses or any(s not in ("ontbreekt", "controleren", "voldaan") for s in statuses):
            return ["voorwaarde 'checklist': status moet ontbreekt, controleren of voldaan zijn"]
    return []


def _school_type_problems(value: Any, depth: int) -> list[str]:
    """``onderwijstype: po`` or ``onderwijstype: [po, so]``: only inside ``alle: [...]``, never on its own,
    because the kind of school is no reason for an action, only a limit on where it fits."""
    types = value if isinstance(value, list) else [value]
    if not types or any(t not in SCHOOL_TYPES for t in types):
        return [f"voorwaarde 'onderwijstype' moet {', '.join(SCHOOL_TYPES)} zijn (of een lijst daarvan)"]
    if depth == 0:
        return ["voorwaarde 'onderwijstype' werkt alleen samen met een andere voorwaarde, in alle: [...]"]
    return []


_EXAMPLE = {"indicator": "gepest", "plek": "plein", "schaal": "steun", "gestegen": "gepest", "gedaald": "veilig",
            "groep": "gepest", "checklist": "meldcode", "waarde": "respect",
            "protocol": "discriminatie"}


def _target_problems(target: Any) -> list[str]:
    if not isinstance(target, dict) or not isinstance(target.get("meting"), str):
        return ["'doel' heeft een 'meting' nodig, bijvoorbeeld {meting: gepest, daling: 3}"]
    kinds = [k for k in TARGET_KINDS if k in target]
    if len(kinds) != 1 or not _is_number(target[kinds[0]]) or target[kinds[0]] < 0:
        return ["'doel' heeft precies één van max, min, daling of stijging nodig, met een getal"]
    extra = set(target) - {"meting", kinds[0]}
    if extra:
        return [f"'doel': onbekende sleutel '{sorted(extra)[0]}'"]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def priority_label(code: str) -> str:
    return PRIORITIES[code]
