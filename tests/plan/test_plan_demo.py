"""The demo school's example plan, ``plan_data`` and ``kit plan show``."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

from kit import workshop
from kit.paths import EXAMPLES_DIR
from kit.plan import seed_demo_plan
from kit.plan import store as plan
from kit.plan.report import plan_data


@pytest.fixture
def demo_with_plan(workspace):
    """The demo school's profile, surveys and example workshop, then its example plan entered by the seed."""
    from kit.demo import load_demo_workshop

    source = EXAMPLES_DIR / "demo-school"
    school = workspace / "demo-school"
    shutil.copytree(source, school, ignore=shutil.ignore_patterns("workshop.yaml", "actieplan.yaml"))
    load_demo_workshop(school, source / "workshop.yaml")
    return school, seed_demo_plan(school)


def test_the_example_plan_comes_from_the_demo_schools_proposals(demo_with_plan):
    school, result = demo_with_plan
    assert result["skipped"] == [] and result["actions"] >= 10  # every named proposal is one the rules make
    assert seed_demo_plan(school) == {"actions": 0, "skipped": []}  # a second time changes nothing
    with workshop.Store(school) as store:
        assert len(plan.list_actions(store)) >= 10
    data = plan_data(school)
    assert data["school_year"] == "2026-2027"
    accepted = [a for a in data["actions"] if a["catalogue_id"]]
    proposals = {p["id"]: p for p in data["proposals"]}
    for action in accepted:
        assert proposals[action["catalogue_id"]]["in_plan"]
    assert any(a["warnings"] for a in data["actions"])  # the example shows a SMART warning too
    assert {r["status"] for r in data["evaluation"]} == {"reached", "not_reached", "not_measurable"}
    assert json.loads(json.dumps(data)) == data  # plain JSON


def test_kit_plan_show_json(demo_with_plan, kit, monkeypatch, workspace):
    from kit import cli

    school, _ = demo_with_plan
    if "kit.plan.cli" not in cli.COMMAND_MODULES:  # until kit/cli.py lists it
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "kit.plan.cli"))
    status, out, err = kit("plan", "show", "demo-school", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert {"checklist", "proposals", "actions"} <= set(data)
    assert all({"status", "sources"} <= set(item) for item in data["checklist"])
    assert all(p["reason"] and p["reasons"][0]["text"] for p in data["proposals"])
    assert data["actions"][0]["title"]
    status, out, _ = kit("plan", "show", str(school))
    assert status == 0 and "Wettelijke checklist:" in out and "waarom:" in out
    status, _, err = kit("plan", "show", "bestaat-niet")
    assert status == 2 and "School 'bestaat-niet' bestaat niet" in err


def test_register_adds_plan_show():
    from kit.plan.cli import register

    parser = argparse.ArgumentParser(prog="kit")
    register(parser.add_subparsers())
    args = parser.parse_args(["plan", "show", "demo-school", "--json"])
    assert args.json and args.school_dir == "demo-school"


def test_the_policy_document_reads_plain_rows(demo_with_plan):
    from kit.plan.document import checklist_items, plan_actions

    school, _ = demo_with_plan
    rows = plan_actions(school)
    assert rows[0]["title"] and rows[0]["status"] in ("Gepland", "Bezig", "Klaar", "Gestopt")
    assert all(isinstance(value, str) for row in rows for key, value in row.items() if key != "warnings")
    assert any(row["deadline"].endswith("2027") for row in rows)
    items = checklist_items(school)
    assert {item["status"] for item in items} <= {"voldaan", "ontbreekt", "controleren"}
    assert all(item["source"] for item in items)
