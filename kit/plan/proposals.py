"""Proposals: the catalogue's actions whose condition holds, each with why, an owner, dates and a target.

:func:`build_overview` is the one entry point: it evaluates the legal checklist, then
the catalogue, then the checklist item that looks at the plan ("maatregelen als de
enquête daar aanleiding toe geeft"), and returns ``{"checklist", "proposals"}``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from kit.plan.catalogue import TARGET_KINDS, CatalogueAction, load_catalogue
from kit.plan.checklist import ChecklistItem, evaluate_checklist, evaluate_item, load_checklist
from kit.plan.conditions import evaluate
from kit.plan.facts import Facts, metric_figure, next_school_year, split_metric, target_text, year_start
from kit.plan.model import PRIORITIES, PRIORITY_ORDER, add_months
from kit.profile import ROLES
from kit.terms import fill_terms

SURVEY_KINDS = ("finding", "trend", "group")


def build_overview(facts: Facts, checklist: list[ChecklistItem] | None = None,
                   catalogue: list[CatalogueAction] | None = None) -> dict:
    """``{"checklist": [...], "proposals": [...]}`` for the school described by ``facts``."""
    checklist = load_checklist() if checklist is None else checklist
    catalogue = load_catalogue() if catalogue is None else catalogue
    first = {item.id: evaluate_item(item, facts) for item in checklist if not item.needs_plan}
    proposals = propose(catalogue, facts, first)
    survey = [p for p in proposals if any(r["kind"] in SURVEY_KINDS for r in p["reasons"])]
    return {"checklist": evaluate_checklist(checklist, facts, survey), "proposals": proposals}


def propose(catalogue: list[CatalogueAction], facts: Facts, checklist: dict[str, dict]) -> list[dict]:
    """Every catalogue action whose condition holds, most urgent first (then in catalogue order)."""
    found = []
    for order, action in enumerate(catalogue):
        reasons = evaluate(action.condition, facts, checklist)
        if reasons:
            found.append((PRIORITY_ORDER[action.priority], order, proposal(action, reasons, facts)))
    return [p for _, _, p in sorted(found, key=lambda item: item[:2])]


def proposal(action: CatalogueAction, reasons: list[dict], facts: Facts) -> dict:
    """One proposal as plain data (what ``kit plan show --json`` prints under ``proposals``)."""
    start, deadline = proposed_dates(facts, action.horizon)
    target = proposed_target(action, facts)
    in_plan = [a for a in facts.actions
               if a.get("catalogue_id") == action.id and a.get("school_year") == facts.plan_year]
    words = partial(fill_terms, onderwijstype=facts.onderwijstype)  # {{ groep }}: groep (po) or klas (vo)
    return {
        "id": action.id,
        "title": words(action.title),
        "description": words(action.description),
        "reason": " ".join(r["text"] for r in reasons),
        "reasons": reasons,
        "reason_kind": reasons[0]["kind"],
        "owner": words(owner_text(action.owner, facts)),
        "owner_role": action.owner if action.owner in ROLES else None,
        "involved": words(action.involved),
        "horizon_months": action.horizon,
        "start": start.isoformat(),
        "deadline": deadline.isoformat(),
        "priority": action.priority,
        "priority_label": PRIORITIES[action.priority],
        "indicator": words(action.indicator),
        "target": target,
        "target_label": target_text(facts.labels, target),
        "target_text": words(action.target_text),
        "in_plan": bool(in_plan),
        "action_id": in_plan[0]["id"] if in_plan else None,
    }


def owner_text(owner: str, facts: Facts) -> str:
    """A catalogue owner as a policy document names people: the role first, then the name the profile
    gives (``Coördinator anti-pestbeleid (Samir El Amrani)``), or the role alone."""
    if owner not in ROLES:
        return owner
    label = ROLES[owner]
    name = facts.profile.role(owner).get("naam") if facts.profile else None
    return f"{label} ({name})" if name else label


def target_year(facts: Facts) -> str:
    """The school year of the survey that will measure this plan's targets."""
    base = (facts.findings or {}).get("year") or facts.plan_year
    year = next_school_year(base)
    return max(year, facts.plan_year) if facts.plan_year else year


def proposed_target(action: CatalogueAction, facts: Facts) -> dict | None:
    """The catalogue's target made concrete for this school (None when it cannot be computed)."""
    spec = action.target
    if not spec:
        return None
    metric = spec["meting"]
    kind = next(k for k in TARGET_KINDS if k in spec)
    amount = float(spec[kind])
    percentage = split_metric(metric)[0] != "schaal"
    if kind in ("max", "min"):
        value = amount
    else:
        current, _ = metric_figure(facts.summary, metric)
        if current is None:
            return None
        value = current - amount if kind == "daling" else current + amount
        value = round(value) if percentage else round(value, 1)
        top = 100 if percentage else facts.labels.scale_max.get(split_metric(metric)[1], 10)
        value = min(max(value, 0), top)
    return {"metric": metric, "op": TARGET_KINDS[kind], "value": float(value), "year": target_year(facts)}


def proposed_dates(facts: Facts, months: int) -> tuple[date, date]:
    """Start on the first of next month (not before 1 September of the plan year); end ``months`` later."""
    today = facts.today
    start = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if facts.plan_year:
        first_day = year_start(facts.plan_year).replace(month=9)
        start = max(start, first_day)
    return start, add_months(start, months) - timedelta(days=1)
