"""notebooks/03_enquete.ipynb under papermill on the demo school: figures recomputed by hand from the raw files."""

from __future__ import annotations

import csv
import json
import re

import papermill
import pytest
from openpyxl import load_workbook

from kit.paths import NOTEBOOKS_DIR
from kit.runner import run_school, write_report
from kit.survey import summarize

pytestmark = pytest.mark.notebook
OFTEN = {"Twee of drie keer per maand", "Ongeveer één keer per week", "Meerdere keren per week"}
BULLIED = "Hoe vaak ben je de afgelopen maanden op school gepest?"


def _dutch(pct: float) -> str:
    return f"{pct:.1f}".replace(".", ",") + "%"


def test_survey_report_on_the_demo_school(copy_demo):
    run_school(copy_demo, notebooks=[NOTEBOOKS_DIR / "03_enquete.ipynb"], progress=lambda _: None)
    output = copy_demo / "output"
    report = (output / "03_enquete.html").read_text(encoding="utf-8")

    sheet = load_workbook(copy_demo / "surveys" / "2026-2027.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(BULLIED)
    now = [r[column] for r in rows[1:] if r[column]]
    with open(copy_demo / "surveys" / "2025-2026.csv", encoding="utf-8") as f:
        before = [r[BULLIED] for r in csv.DictReader(f) if r[BULLIED]]
    pct_now = 100 * sum(a in OFTEN for a in now) / len(now)
    pct_before = 100 * sum(a in OFTEN for a in before) / len(before)

    assert f"{len(rows) - 1}</strong> leerlingen meegeteld" in report
    assert _dutch(pct_now) in report and _dutch(pct_before) in report
    # gepest fell from 23,3% to 10,1%: p = 0,012 alone, 0,049 after Holm over the 4 indicators
    assert "duidelijke verandering (p = 0,049)" in report
    assert "gecorrigeerd volgens de methode van Holm" in report
    assert "wie vorig jaar in Groep 8 zat, doet niet meer mee" in report
    assert "Leerlingenquête 2026-2027 · OBS De Regenboog (voorbeeldschool)" in report
    assert "De belangrijkste bevindingen" in report
    assert "Meer toezicht op het plein" not in report, "open answers stay out of the report"
    assert "enquete.load(" not in report
    for name in ["indicatoren", "plekken", "vragen-veiligheidsbeleving", "vragen-pesten"]:
        assert (output / "figuren" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    assert 'alt="Staafdiagram met per indicator' in report

    saved = json.loads((output / "enquete.json").read_text(encoding="utf-8"))
    assert saved["year"] == "2026-2027" and saved["previous_year"] == "2025-2026"
    assert saved["summary"] == json.loads(json.dumps(summarize(copy_demo / "surveys" / "2026-2027.xlsx")))
    assert saved["trend"]["gepest"]["change"] == pytest.approx(pct_now - pct_before)
    assert saved["findings"] and all(f["text"] for f in saved["findings"])


def test_small_groups_stay_hidden(copy_demo):
    output = copy_demo / "output"
    output.mkdir(exist_ok=True)
    executed = output / "03_enquete.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "03_enquete.ipynb"), str(executed), progress_bar=False,
                               parameters={"school_dir": str(copy_demo), "output_dir": str(output),
                                           "min_group_size": 26}, kernel_name="python3")
    report = write_report(executed, output / "03_enquete.html").read_text(encoding="utf-8")
    groups = summarize(copy_demo / "surveys" / "2026-2027.xlsx", min_group_size=26)["groups"]
    hidden = [g for g, f in groups.items() if f.get("suppressed")]
    shown = [g for g, f in groups.items() if not f.get("suppressed")]
    assert hidden and shown
    table = report[report.index('kit-table-wide kit-groups'):]
    table = table[:table.index("</table>")]
    reasons = {"small": "niet getoond (minder dan 26 leerlingen)",
               "protect": "niet getoond (verborgen om kleine groepen te beschermen)"}
    assert table.count("niet getoond (") == len(hidden)
    for group in hidden:
        assert re.search(rf'{group}</th>\s*<td[^>]*>'
                         rf'{re.escape(reasons[groups[group]["reason"]])}</td>', table)
    for group in shown:
        assert f">{groups[group]['n']}<" in table.replace(" <span", "<span")


def test_no_export_yet_says_what_to_do(copy_demo):
    for path in (copy_demo / "surveys").iterdir():
        path.unlink()
    run_school(copy_demo, notebooks=[NOTEBOOKS_DIR / "03_enquete.ipynb"], progress=lambda _: None)
    report = (copy_demo / "output" / "03_enquete.html").read_text(encoding="utf-8")
    assert "Er staat nog geen enquête-export in de map surveys/" in report
    assert not (copy_demo / "output" / "enquete.json").exists()
