"""``notebooks/04_actieplan.ipynb`` under papermill on a demo-like school: the static report and actieplan.json."""

from __future__ import annotations

import json

from kit import workshop
from kit.paths import NOTEBOOKS_DIR
from kit.plan import seed_demo_plan
from kit.plan import store as plan
from kit.runner import run_school

HOSTILE = "<script>alert('x')</script> Oefenen met ingrijpen"


def test_papermill_report_with_plan_timeline_and_evaluation(copy_demo):
    seed_demo_plan(copy_demo)
    with workshop.Store(copy_demo) as store:
        plan.add_action(store, plan.LOCAL, "2026-2027", {"title": HOSTILE, "owner": "Juf <b>Anna</b>"})
    result = run_school(copy_demo, notebooks=[NOTEBOOKS_DIR / "04_actieplan.ipynb"], progress=lambda _: None)
    output = result.output_dir
    html = (output / "04_actieplan.html").read_text(encoding="utf-8")
    for heading in ("Actieplan sociale veiligheid", "Het plan", "Tijdlijn", "Evaluatie van eerdere doelen",
                    "Wettelijke checklist", "Voorstellen"):
        assert heading in html
    assert "gehaald" in html and "niet meetbaar" in html
    assert "&lt;script&gt;alert(" in html and "<script>alert('x')" not in html
    assert "Juf &lt;b&gt;Anna&lt;/b&gt;" in html
    assert (output / "actieplan_tijdlijn.png").read_bytes().startswith(b"\x89PNG")
    data = json.loads((output / "actieplan.json").read_text(encoding="utf-8"))
    assert {"checklist", "proposals", "actions", "evaluation"} <= set(data)
    assert data["actions"][-1]["title"] == HOSTILE
    assert not any(p.suffix in (".csv", ".xlsx") for p in output.iterdir())  # no raw exports in output/
