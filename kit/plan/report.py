"""The plan as data (for ``kit plan show --json`` and the policy document) and the static report.

:func:`plan_data` gathers everything once: the legal checklist, the proposals with
their reasons, this school year's actions with their SMART warnings, and the
evaluation of earlier targets. Under papermill :func:`show_report` renders it, writes
``actieplan.json`` and the timeline as PNG to the output folder.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from kit import dates
from kit.live.report import embedded_png, write_json
from kit.plan.checklist import summary_counts
from kit.plan.evaluation import evaluate_targets
from kit.plan.facts import Facts, gather_facts, target_text
from kit.plan.model import PRIORITIES, STATUSES, long_date, short_date, smart_warnings
from kit.plan.proposals import build_overview

JSON_NAME = "actieplan.json"
TIMELINE_PNG = "actieplan_tijdlijn.png"


def plain_action(action: dict, facts: Facts, number: int, votes: int = 0, comments: int = 0) -> dict:
    """An action with everything a reader needs: labels, the target as text, SMART warnings."""
    return {
        "number": number,
        **{k: v for k, v in action.items() if k not in ("created_at", "updated_at", "removed_at", "position")},
        "status_label": STATUSES[action["status"]],
        "priority_label": PRIORITIES[action["priority"]],
        "target_label": target_text(facts.labels, action.get("target")),
        "start_label": short_date(action.get("start")),
        "deadline_label": short_date(action.get("deadline")),
        "deadline_long": long_date(action.get("deadline")),
        "warnings": smart_warnings(action, facts.today),
        "votes": votes,
        "comments": comments,
    }


def plan_data(school_dir: str | Path, today: date | None = None, facts: Facts | None = None) -> dict:
    """Everything about the school's action plan as plain JSON-ready data."""
    from kit.plan.facts import open_existing_store
    from kit.plan.store import plan_snapshot

    facts = facts or gather_facts(school_dir, today)
    overview = build_overview(facts)
    votes: dict[int, int] = {}
    comments: dict[int, list] = {}
    store = open_existing_store(school_dir)
    if store is not None:
        with store:
            snapshot = plan_snapshot(store, facts.plan_year)
        votes = snapshot["votes"]
        comments = snapshot["comments"]
    current = [a for a in facts.actions if a["school_year"] == facts.plan_year]
    actions = [plain_action(a, facts, n, votes.get(a["id"], 0),
                            len([c for c in comments.get(a["id"], []) if not c["hidden"]]))
               for n, a in enumerate(current, start=1)]
    profile = facts.profile
    return {
        "school": profile.school_id if profile else Path(school_dir).name,
        "school_name": profile.naam if profile else Path(school_dir).name,
        "school_year": facts.plan_year,
        "survey_year": (facts.findings or {}).get("year"),
        "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "checklist": overview["checklist"],
        "checklist_counts": summary_counts(overview["checklist"]),
        "proposals": overview["proposals"],
        "actions": actions,
        "evaluation": evaluate_targets(facts),
    }


def write_plan_json(output_dir: Path, data: dict) -> Path:
    """Write ``actieplan.json`` into ``output_dir`` (created if needed); returns its path."""
    return write_json(output_dir, JSON_NAME, data)


def timeline_png(data: dict, today: date | None = None) -> bytes | None:
    """The timeline of the year's actions as PNG, or None when no action has a date."""
    from kit.charts import png_bytes
    from kit.plan.charts import timeline_chart

    if not any(a.get("start") or a.get("deadline") for a in data["actions"]):
        return None
    return png_bytes(timeline_chart(data["actions"], data["school_year"], today))


def report_context(data: dict, chart: bytes | None) -> dict:
    """What ``plan_report.html.j2`` needs."""
    return {
        "data": data,
        "chart": embedded_png(chart),
        "open_proposals": [p for p in data["proposals"] if not p["in_plan"]],
        "warned": sum(1 for a in data["actions"] if a["warnings"]),
        "today": dates.numeric_date(dates.today()),
    }


def show_report(page) -> dict:
    """Render the report for ``page``'s school, write ``actieplan.json`` and the timeline; returns the data."""
    from kit.page import show_html
    from kit.render import render

    data = plan_data(page.school_dir)
    write_plan_json(page.output_dir, data)
    chart = timeline_png(data)
    if chart:
        (page.output_dir / TIMELINE_PNG).write_bytes(chart)
    show_html(render("plan_report.html.j2", **report_context(data, chart)))
    return data
