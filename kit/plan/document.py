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
