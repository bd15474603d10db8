"""The demo school's example plan (``data/examples/demo-school/actieplan.yaml``), entered through the plan's API.

The example names proposals by their catalogue id; the kit computes the school's
proposals (from that year's survey, the checklist and the vision) and accepts the
named ones exactly as a facilitator would, then applies the team's edits. A named
proposal that the rules do not (or no longer) make is skipped and reported, never
invented.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from kit.paths import EXAMPLES_DIR
from kit.plan.errors import CatalogueError
from kit.plan.facts import Facts, gather_facts
from kit.plan.model import PRIORITY_BY_LABEL
from kit.plan.proposals import build_overview
from kit.plan.yamlfile import read_yaml

DEMO_PLAN = EXAMPLES_DIR / "demo-school" / "actieplan.yaml"
STATUS_BY_LABEL = {"gepland": "planned", "bezig": "in_progress", "klaar": "done", "gestopt": "stopped"}
_FIELDS = {"titel": "title", "omschrijving": "description", "aanleiding": "reason", "eigenaar": "owner",
           "betrokkenen": "involved", "start": "start", "deadline": "deadline", "indicator": "indicator",
           "doel_tekst": "target_text"}


def _changes(entry: dict, where: str) -> dict:
    changes = {}
    for dutch, key in _FIELDS.items():
        if dutch in entry:
            value = entry[dutch]
            changes[key] = value.isoformat() if isinstance(value, date) else " ".join(str(value).split())
    if "status" in entry:
        if entry["status"] not in STATUS_BY_LABEL:
            raise CatalogueError(where, [f"onbekende status '{entry['status']}'"])
        changes["status"] = STATUS_BY_LABEL[entry["status"]]
    if "prioriteit" in entry:
        if entry["prioriteit"] not in PRIORITY_BY_LABEL:
            raise CatalogueError(where, [f"onbekende prioriteit '{entry['prioriteit']}'"])
        changes["priority"] = PRIORITY_BY_LABEL[entry["prioriteit"]]
    return changes


def year_facts(facts: Facts, which: str, school_year: str) -> Facts:
    """The facts as they were for a plan made after the latest (``huidig``) or the previous (``vorig``) survey."""
    if which == "huidig":
        return replace(facts, plan_year=school_year)
    findings = facts.findings or {}
    if not findings.get("previous_summary"):
        return replace(facts, findings=None, plan_year=school_year)
    earlier = {"year": findings["previous_year"], "file": findings.get("previous_file"),
               "min_group_size": findings.get("min_group_size"), "summary": findings["previous_summary"],
               "previous_year": None, "previous_file": None, "previous_summary": None, "trend": None}
    return replace(facts, findings=earlier, plan_year=school_year)


def seed_demo_plan(school_dir: str | Path, seed: str | Path | None = None) -> dict:
    """Enter the example plan into ``school_dir``'s store; returns ``{"actions": n, "skipped": [ids]}``.

    Does nothing when the school already has a plan.
    """
    from kit import workshop
    from kit.plan.store import LOCAL, accept_proposal, add_action, list_actions, update_action

    source = Path(seed) if seed else DEMO_PLAN
    spec = read_yaml(source)
    if not isinstance(spec, dict) or not isinstance(spec.get("plannen"), list):
        raise CatalogueError(str(source), ["verwacht een lijst 'plannen:'"])
    added, skipped = 0, []
    with workshop.Store(school_dir) as store:
        if list_actions(store, include_removed=True):
            return {"actions": 0, "skipped": []}
        facts = gather_facts(school_dir, store=store)
        for plan in spec["plannen"]:
            year = str(plan.get("schooljaar", ""))
            which = plan.get("enquete", "huidig")
            if which not in ("huidig", "vorig"):
                raise CatalogueError(str(source), [f"plan {year}: 'enquete' moet huidig of vorig zijn"])
            proposals = {p["id"]: p for p in build_overview(year_facts(facts, which, year))["proposals"]}
            for entry in plan.get("acties") or []:
                where = f"{source}, plan {year}"
                changes = _changes(entry, where)
                if entry.get("voorstel"):
                    found = proposals.get(entry["voorstel"])
                    if found is None:
                        skipped.append(entry["voorstel"])
                        continue
                    action_id = accept_proposal(store, LOCAL, year, found)
                    if changes:
                        update_action(store, LOCAL, action_id, changes)
                elif entry.get("eigen") in (True, "ja"):
                    add_action(store, LOCAL, year, changes)
                else:
                    raise CatalogueError(where, ["een actie heeft 'voorstel: <id>' of 'eigen: ja' nodig"])
                added += 1
    return {"actions": added, "skipped": skipped}
