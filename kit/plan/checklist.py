"""The legal checklist: what the law and the Inspectie ask, and what the school's data shows of it.

Items come from ``data/templates/checklist.yaml``. Every item gets a status:
``met`` (the data shows it is in place), ``missing`` (the data shows it is not) or
``to_check`` (the kit cannot see it; the team checks it). The detail line always says
where the kit looked ("volgens het schoolprofiel ..."), so a status never claims more
than the data shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.paths import TEMPLATES_DIR
from kit.plan.errors import CatalogueError
from kit.plan.checkprofile import profile_check_problem, check_profile_fields, check_protocol
from kit.plan.facts import Facts, number
from kit.plan.yamlfile import read_yaml
from kit.profile import ROLES, SCHOOL_TYPES
from kit.terms import group_word
from kit.reuse import reused

CHECKLIST_PATH = TEMPLATES_DIR / "checklist.yaml"
MET, MISSING, TO_CHECK = "met", "missing", "to_check"
STATUS_LABELS = {MET: "voldaan", MISSING: "ontbreekt", TO_CHECK: "controleren"}
STATUS_BY_LABEL = {label: code for code, label in STATUS_LABELS.items()}
_SEVERITY = {MET: 0, TO_CHECK: 1, MISSING: 2}
CHECK_KINDS = ("rol", "beleid", "profiel", "protocol", "enquete", "monitor", "plan", "handmatig", "meldroute")
PROFILE_CHECKS = ("rol", "beleid", "profiel", "protocol", "meldroute")  # kinds that read the school profile
SURVEY_CHECKS = ("jaarlijks", "instrument", "representatief")
MONITOR_CHECKS = ("jaarlijks",)
PLAN_CHECKS = ("maatregelen",)
DEFAULT_MIN_RESPONSE = 70


@dataclass(frozen=True)
class ChecklistItem:
    """One requirement: its text, its sources and how the kit checks it."""

    id: str
    title: str
    explanation: str
    sources: tuple[Any, ...]  # strings, or mappings per onderwijstype
    checks: tuple[dict, ...]
    todo: str
    to_check: str

    @property
    def needs_plan(self) -> bool:
        """True when the item looks at the plan (it is decided after the proposals)."""
        return any("plan" in check for check in self.checks)


@reused
def load_checklist(path: str | Path | None = None) -> list[ChecklistItem]:
    """Read and check the checklist; CatalogueError lists every problem at once."""
    source = Path(path) if path else CHECKLIST_PATH
    data = read_yaml(source)
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise CatalogueError(str(source), ["verwacht een lijst 'items:'"])
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for number_, raw in enumerate(data["items"], start=1):
        where = f"punt {number_}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: verwacht regels 'sleutel: waarde'")
            continue
        item_id = raw.get("id")
        if not isinstance(item_id, str) or not item_id:
            problems.append(f"{where}: 'id' ontbreekt")
            continue
        where = f"punt '{item_id}'"
        if item_id in seen:
            problems.append(f"{where}: deze id staat er twee keer in")
        seen.add(item_id)
        for key in ("titel", "uitleg", "wat_te_doen"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problems.append(f"{where}: '{key}' ontbreekt")
        sources = raw.get("bron")
        sources = sources if isinstance(sources, list) else [sources]
        if not all(isinstance(s, str) or (isinstance(s, dict) and s) for s in sources):
            problems.append(f"{where}: 'bron' moet een tekst zijn, of per soort onderwijs (po, vo, so)")
        checks = raw.get("controle")
        checks = checks if isinstance(checks, list) else [checks]
        for check in checks:
            problem = _check_problem(check)
            if problem:
                problems.append(f"{where}: {problem}")
        if any(isinstance(c, dict) and "handmatig" in c for c in checks) and not raw.get("controleren"):
            problems.append(f"{where}: een punt dat de kit niet kan zien, heeft 'controleren' nodig "
                            "(wat het team zelf nagaat)")
        items.append(ChecklistItem(
            id=item_id, title=str(raw.get("titel", "")).strip(), explanation=str(raw.get("uitleg", "")).strip(),
            sources=tuple(sources), checks=tuple(c for c in checks if isinstance(c, dict)),
            todo=str(raw.get("wat_te_doen", "")).strip(), to_check=str(raw.get("controleren") or "").strip()))
    if problems:
        raise CatalogueError(str(source), problems)
    return items


def _check_problem(check: Any) -> str | None:
    if not isinstance(check, dict) or not check:
        return "'controle' ontbreekt of is geen 'soort: waarde'"
    kinds = [k for k in check if k in CHECK_KINDS]
    if len(kinds) != 1:
        return f"'controle' moet precies één van {', '.join(CHECK_KINDS)} hebben"
    kind = kinds[0]
    value = check[kind]
    if kind == "rol":
        roles = value if isinstance(value, list) else [value]
        unknown = [r for r in roles if r not in ROLES]
        if unknown or not roles:
            return f"onbekende rol {unknown[0] if unknown else ''!r}; kies uit {', '.join(ROLES)}"
    elif kind == "beleid":
        from kit.profile import POLICIES

        if value not in POLICIES:
            return f"onbekend beleidsonderdeel {value!r}; kies uit {', '.join(POLICIES)}"
    elif kind in ("profiel", "protocol"):
        return profile_check_problem(kind, value)
    elif kind == "enquete" and value not in SURVEY_CHECKS:
        return f"onbekende enquêtecontrole {value!r}; kies uit {', '.join(SURVEY_CHECKS)}"
    elif kind == "monitor" and value not in MONITOR_CHECKS:
        return f"onbekende monitorcontrole {value!r}; kies uit {', '.join(MONITOR_CHECKS)}"
    elif kind == "plan" and value not in PLAN_CHECKS:
        return f"onbekende plancontrole {value!r}; kies uit {', '.join(PLAN_CHECKS)}"
    elif kind == "meldroute" and value not in (True, "ja"):
        return "'meldroute' kent alleen de waarde ja"
    return None


# ----------------------------------------------------------------------------- evaluation

def sources_for(item: ChecklistItem, onderwijstype: str | None) -> list[str]:
    """The item's sources as text, for the school's kind of education (all kinds when unknown)."""
    out: list[str] = []
    for source in item.sources:
        if isinstance(source, str):
            out.append(source)
        elif onderwijstype and onderwijstype in source:
            out.append(str(source[onderwijstype]))
        else:
            texts = [str(source[k]) for k in SCHOOL_TYPES if k in source]
            out.append(" / ".join(dict.fromkeys(texts)))
    return out


def evaluate_checklist(items: list[ChecklistItem], facts: Facts,
                       survey_proposals: list[dict] | None = None) -> list[dict]:
    """The status of every item, in checklist order.

    ``survey_proposals`` are the proposals that follow from the survey (for the
    ``plan: maatregelen`` check); leave it None to mark such items "to check".
    """
    return [evaluate_item(item, facts, survey_proposals) for item in items]


def evaluate_item(item: ChecklistItem, facts: Facts, survey_proposals: list[dict] | None = None) -> dict:
    results = [_evaluate_check(check, item, facts, survey_proposals) for check in item.checks]
    status = max((s for s, _ in results), key=_SEVERITY.get, default=TO_CHECK)
    detail = " ".join(d for _, d in results if d)
    if status == MISSING:
        todo = item.todo
    elif status == TO_CHECK:
        todo = item.to_check or item.todo
    else:
        todo = ""
    return {
        "id": item.id,
        "title": item.title,
        "explanation": item.explanation,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "detail": detail,
        "todo": todo,
        "sources": sources_for(item, facts.onderwijstype),
    }


def _evaluate_check(check: dict, item: ChecklistItem, facts: Facts,
                    survey_proposals: list[dict] | None) -> tuple[str, str]:
    if "handmatig" in check:
        return TO_CHECK, "De kit kan dit niet zien in de gegevens van de school."
    if facts.profile is None and any(kind in check for kind in PROFILE_CHECKS):
        return TO_CHECK, "Er is geen schoolprofiel gelezen."
    if "meldroute" in check:
        from kit.plan.meldroute import check_route

        return check_route(facts)
    if "rol" in check:
        return _check_roles(check["rol"], facts)
    if "beleid" in check:
        return _check_policy(check["beleid"], facts)
    if "profiel" in check:
        return check_profile_fields(check["profiel"], facts.profile)
    if "protocol" in check:
        return check_protocol(check["protocol"], facts.profile, lambda key: _check_policy(key, facts))
    if "monitor" in check:
        from kit.plan.monitor_check import check_monitor_yearly

        return check_monitor_yearly(facts)
    if "enquete" in check:
        kind = check["enquete"]
        if kind == "jaarlijks":
            return _check_yearly(facts)
        if kind == "instrument":
            return _check_instrument(facts)
        return _check_representative(facts, int(check.get("minimale_respons") or DEFAULT_MIN_RESPONSE))
    return _check_measures(facts, survey_proposals)


def _check_roles(roles: str | list[str], facts: Facts) -> tuple[str, str]:
    roles = roles if isinstance(roles, list) else [roles]
    profile = facts.profile
    named = []
    for role in roles:
        name = profile.role(role).get("naam")
        if name:
            if role == "aanspreekpunt" and not profile.get("rollen.aanspreekpunt.naam"):
                return MET, (f"Volgens het schoolprofiel is de coördinator anti-pestbeleid ({name}) ook het "
                             "aanspreekpunt pesten.")
            named.append(f"{ROLES[role]}: {name}")
    if named:
        return MET, "; ".join(named) + " (volgens het schoolprofiel)."
    labels = " of ".join(ROLES[r].lower() for r in roles)
    return MISSING, f"Het schoolprofiel noemt geen {labels}."


def _check_policy(key: str, facts: Facts) -> tuple[str, str]:
    from kit.profile import POLICIES

    value = facts.profile.get(f"beleid.{key}")
    label = POLICIES[key]
    if value is True:
        return MET, f"{label}: volgens het schoolprofiel ja."
    if value is False:
        return MISSING, f"{label}: volgens het schoolprofiel nee."
    if isinstance(value, str):
        return MET, f"{label}: volgens het schoolprofiel {value}."
    return TO_CHECK, f"{label}: nog niet ingevuld in het schoolprofiel."


def _previous_year(year: str) -> str:
    first = int(year[:4]) - 1
    return f"{first}-{first + 1}"


def _check_yearly(facts: Facts) -> tuple[str, str]:
    findings = facts.findings
    if not findings:
        return MISSING, "Er staat geen enquête-export in de map surveys/ van de school."
    year, n = findings.get("year"), (findings.get("summary") or {}).get("n")
    if not year:
        return TO_CHECK, (f"Er is een enquête ({n} leerlingen), maar de bestandsnaam noemt geen schooljaar; "
                          "geef het bestand het schooljaar als naam, bijvoorbeeld 2026-2027.xlsx.")
    if year == facts.plan_year:
        return MET, f"Er is een enquête van dit schooljaar ({year}) met {n} leerlingen."
    if facts.plan_year and year == _previous_year(facts.plan_year):
        return TO_CHECK, (f"De laatste enquête is van vorig schooljaar ({year}). Plan die van dit schooljaar "
                          f"({facts.plan_year}).")
    return MISSING, f"De laatste enquête is van {year}; dat is langer dan een jaar geleden."


def _check_instrument(facts: Facts) -> tuple[str, str]:
    """Met only for a monitor on the Inspectie's list (data/templates/monitors.yaml)."""
    from kit.monitors import MONITOR, OWN, load_monitors

    value = facts.profile.get("beleid.monitoringsinstrument") if facts.profile else None
    monitors = load_monitors()
    listed = f"de {monitors.list_name} van {monitors.date_text}"
    if value is False:
        return MISSING, "Volgens het schoolprofiel heeft de school geen monitoringsinstrument."
    if value is None:
        return TO_CHECK, "Het schoolprofiel noemt het monitoringsinstrument van de school niet."
    if value is True:
        return TO_CHECK, ("Volgens het schoolprofiel heeft de school een monitoringsinstrument, maar het noemt "
                          f"de naam niet, dus de kit kan het niet opzoeken op {listed}.")
    found = monitors.match(value)
    if found.kind == OWN:
        return MISSING, (f"Volgens het schoolprofiel: {value}. Dat is de eigen leerlingenquête, geen monitor van "
                         f"{listed}. De eigen enquête verdiept het beeld, maar vervangt de wettelijke monitor niet: "
                         "ze is niet als gestandaardiseerd, valide en betrouwbaar instrument erkend en levert geen "
                         "gegevens aan de Inspectie.")
    if found.kind == MONITOR:
        monitor = found.monitor
        school_type = facts.onderwijstype
        text = f"Volgens het schoolprofiel: {value}. Dat is {monitor.label}, een instrument op {listed}."
        if school_type and monitor.school_types and school_type not in monitor.school_types:
            kinds = " en ".join(monitor.school_types)
            return TO_CHECK, text + (f" Volgens de bron is het bedoeld voor {kinds}; deze school is {school_type}. "
                                     "Vraag de aanbieder of het instrument ook voor deze school geldt.")
        return MET, text
    return TO_CHECK, (f"Volgens het schoolprofiel: {value}. Dat staat niet op {listed}; controleer bij de "
                      "aanbieder of het instrument aan de wettelijke eisen voldoet en de gegevens aan de "
                      "Inspectie levert.")


def _same(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_representative(facts: Facts, minimum: int) -> tuple[str, str]:
    summary = facts.summary
    if not summary:
        return TO_CHECK, "Er is nog geen enquête, dus ook nog geen respons."
    n = summary.get("n") or 0
    pupils = dict(facts.profile.leerlingen) if facts.profile else {}
    kind = facts.profile.get("onderwijstype") if facts.profile else None
    word = group_word(kind)
    if not pupils:
        return TO_CHECK, (f"{n} leerlingen vulden de enquête in. Het schoolprofiel noemt het aantal leerlingen "
                          f"per {word} niet, dus de kit kan de respons niet uitrekenen.")
    total = sum(pupils.values())
    if total <= 0 or n > total:
        return TO_CHECK, (f"{n} leerlingen vulden de enquête in, meer dan de {total} leerlingen in het "
                          f"schoolprofiel. Controleer de aantallen per {word}.")
    groups = {_same(name): figure for name, figure in (summary.get("groups") or {}).items()}
    absent = [name for name in pupils if _same(name) not in groups]
    low = []
    for name, count in pupils.items():
        figure = groups.get(_same(name))
        if figure and figure.get("n") is not None and count > 0 and 100 * figure["n"] / count < minimum:
            low.append(f"{name} {number(100 * figure['n'] / count, 0)}%")
    rate = 100 * n / total
    text = f"{n} van de {total} leerlingen vulden de enquête in ({number(rate, 0)}%)."
    problems = []
    if rate < minimum:
        problems.append(f"Dat is minder dan de grens van {minimum}%.")
    if absent:
        problems.append("Niet in de enquête: " + ", ".join(absent) + ".")
    if low:
        problems.append(f"Respons onder {minimum}% in: " + ", ".join(low) + ".")
    if problems:
        return MISSING, " ".join([text, *problems])
    return MET, (f"{text} Alle {len(pupils)} {group_word(kind, plural=True)} uit het schoolprofiel deden mee, "
                 f"elk met minstens {minimum}%.")


def _check_measures(facts: Facts, survey_proposals: list[dict] | None) -> tuple[str, str]:
    """Met only when every clear finding of the survey has an action in this year's plan."""
    from kit.plan.clear_findings import coverage, finding_label

    if not facts.findings:
        return TO_CHECK, "Er is nog geen enquête."
    if survey_proposals is None:
        return TO_CHECK, "Het plan is nog niet bekeken."
    covered = coverage(survey_proposals, facts)
    if not covered:
        return TO_CHECK, ("De enquête laat geen duidelijke bevinding zien die volgens de regels van de kit om een "
                          "maatregel vraagt. Bespreek de uitkomsten toch met het team.")
    total = len(covered)
    findings = f"{total} duidelijke {'bevinding' if total == 1 else 'bevindingen'}"
    open_ = [finding_label(finding, facts.labels) for finding, actions in covered if not actions]
    if open_:
        return MISSING, (f"De enquête laat {findings} zien. Nog geen actie in het plan van {facts.plan_year} "
                         f"voor: {'; '.join(open_)}.")
    answered = "; ".join(f"{finding_label(finding, facts.labels)} ({len(actions)} "
                         f"{'actie' if len(actions) == 1 else 'acties'})" for finding, actions in covered)
    each = "daarvoor" if total == 1 else "voor elk daarvan"
    return MET, (f"De enquête laat {findings} zien; {each} staat een actie in het plan van {facts.plan_year}: "
                 f"{answered}.")


def summary_counts(results: list[dict]) -> dict[str, int]:
    """How many items have each status: ``{"met": 7, "missing": 1, "to_check": 5}``."""
    counts = {MET: 0, MISSING: 0, TO_CHECK: 0}
    for result in results:
        counts[result["status"]] += 1
    return counts


