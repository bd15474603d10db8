"""The plan as the policy document (``kit/document``) reads it: plain rows of text, nothing to compute there.

Both functions read the school's files and create nothing; a survey export that
cannot be read leaves the survey out instead of stopping the document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path


def plan_actions(school_dir: str | Path, today: date | None = None) -> list[dict]:
    """This school year's actions in plan order: ``[{"title", "description", "owner", "deadline", "target",
    "status", "priority", "reason", "warnings"}, ...]``, every value a Dutch string (empty when not filled in)."""
    from kit.plan.facts import gather_facts
    from kit.plan.report import plain_action

    facts = gather_facts(school_dir, today, strict=False)
    current = [a for a in facts.actions if a["school_year"] == facts.plan_year]
    rows = []
    for number, action in enumerate(current, start=1):
        plain = plain_action(action, facts, number)
        rows.append({
            "title": plain["title"],
            "description": plain.get("description") or "",
            "owner": plain.get("owner") or "",
            "deadline": plain["deadline_long"],
            "target": plain["target_label"] or plain.get("target_text") or "",
            "status": plain["status_label"],
            "priority": plain["priority_label"],
            "reason": plain.get("reason") or "",
            "warnings": [w["text"] for w in plain["warnings"]],
        })
    return rows


def checklist_items(school_dir: str | Path, today: date | None = None) -> list[dict]:
    """The legal checklist: ``[{"title", "status", "detail", "todo", "source"}, ...]`` in Dutch
    (status is voldaan, ontbreekt or controleren)."""
    from kit.plan.facts import gather_facts
    from kit.plan.proposals import build_overview

    facts = gather_facts(school_dir, today, strict=False)
    return [{"title": item["title"], "status": item["status_label"], "detail": item["detail"], "todo": item["todo"],
             "source": "; ".join(item["sources"])} for item in build_overview(facts)["checklist"]]


def evaluation_rows(school_dir: str | Path, today: date | None = None) -> dict:
    """Last school year's actions with their measured results (plan-do-check-act).

    ``{"year": "2025-2026", "survey_year": "2026-2027" or None, "rows": [{"title", "owner", "status",
    "status_code", "target", "result", "result_code", "measured"}, ...]}``: ``status`` is what the team did
    (Klaar, Gestopt, ...), ``result_code`` is reached / not_reached / not_measurable (kit.plan.evaluation),
    ``measured`` this year's figure as text in the form of the target ("66,7% (n = 99)" for "at least 77%
    feels safe on the playground"), empty when not measured.
    """
    from kit.plan.evaluation import evaluate_action
    from kit.plan.facts import gather_facts, number, pct, positive_form, split_metric
    from kit.plan.model import STATUSES

    facts = gather_facts(school_dir, today, strict=False)
    year = _previous_year(facts.plan_year)
    rows = []
    for action in facts.actions:
        if action.get("removed_at") or action["school_year"] != year:
            continue
        result = evaluate_action(action, facts)
        target = action.get("target") or {}
        measured = ""
        if result["value"] is not None:  # in the target's own (positive) form: 89,9% not bullied for "at least 80%"
            _, shown, _ = positive_form(facts.labels, target["metric"], target.get("op"), result["value"])
            value = number(shown, 2) if split_metric(target["metric"])[0] == "schaal" else pct(shown)
            measured = f"{value} (n = {result['n']})" if result["n"] is not None else value
        rows.append({"title": action["title"], "owner": action.get("owner") or "",
                     "status": STATUSES[action["status"]], "status_code": action["status"],
                     "target": result["target_label"] or result["target_text"], "target_year": target.get("year") or "",
                     "result": result["status_label"], "result_code": result["status"], "measured": measured})
    return {"year": year, "survey_year": (facts.findings or {}).get("year"), "rows": rows}


def _previous_year(year: str | None) -> str:
    if not year:
        return ""
    first = int(year[:4]) - 1
    return f"{first}-{first + 1}"
