"""The second demo school, ``demo-vo`` (voortgezet onderwijs): installed beside the po demo, run with papermill,
and read back: its survey report, start page and plan say "klas" where the po school's say "groep", and its
figures are those of its survey file, recomputed here by hand."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import re
import sys
from html import unescape

import pytest
import yaml
from docx import Document as read_docx
from openpyxl import load_workbook

from kit import workshop
from kit.demo import DEMO_ID, DEMO_IDS, DEMO_VO_ID, install_demos
from kit.paths import EXAMPLES_DIR, NOTEBOOKS_DIR
from kit.plan.store import list_actions
from kit.profile import load_profile
from kit.runner import run_school
from kit.terms import group_word

pytestmark = pytest.mark.notebook

VO_SURVEY = EXAMPLES_DIR / DEMO_VO_ID / "surveys" / "2026-2027.csv"
GROUP_COLUMN = "In welke groep of klas zit je?"
BULLIED_COLUMN = "Hoe vaak ben je de afgelopen maanden op school gepest?"
SAFE_COLUMN = "Hoe veilig voel je je? [Ik voel me veilig op school.]"
# Olweus: "two or three times a month" or more often counts as bullied.
OLWEUS = {"Twee of drie keer per maand", "Ongeveer één keer per week", "Meerdere keren per week"}
AGREE = {"Klopt wel", "Klopt helemaal"}
PLACES_COLUMN = "Waar voel je je weleens onveilig?"
PLACES = {"gym": "Bij gym of in de kleedkamer", "gang": "Op de gang"}


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """Both demo schools installed in one workspace; every notebook run for the vo school."""
    workspace = tmp_path_factory.mktemp("demo-vo") / "workspace"
    folders = install_demos(workspace)
    vo = workspace / DEMO_VO_ID
    result = run_school(vo, progress=lambda _: None)
    return workspace, folders, result


def _text(html: str) -> str:
    """The visible text of an HTML report, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def _hand_figures() -> dict:
    """% bullied (Olweus cut-off) and % feeling safe, for the school and per klas, straight from the csv."""
    rows = list(csv.DictReader(io.StringIO(VO_SURVEY.read_text(encoding="utf-8"))))
    out: dict = {"n": len(rows), "groups": {}}

    def share(subset, column, yes):
        answered = [r[column] for r in subset if r[column]]
        return 100 * sum(a in yes for a in answered) / len(answered), len(answered)

    out["gepest"], _ = share(rows, BULLIED_COLUMN, OLWEUS)
    out["veilig"], _ = share(rows, SAFE_COLUMN, AGREE)
    out["bullied_count"] = sum(r[BULLIED_COLUMN] in OLWEUS for r in rows)
    named = [r[PLACES_COLUMN].split(", ") for r in rows if r[PLACES_COLUMN]]  # Google Forms joins with ", "
    for place, label in PLACES.items():
        out[place] = 100 * sum(label in places for places in named) / len(named)
    for group in sorted({r[GROUP_COLUMN] for r in rows}):
        subset = [r for r in rows if r[GROUP_COLUMN] == group]
        out["groups"][group] = {"n": len(subset), "gepest": share(subset, BULLIED_COLUMN, OLWEUS)[0],
                                "veilig": share(subset, SAFE_COLUMN, AGREE)[0]}
    return out


def _wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_group_word_per_kind_of_school():
    assert [group_word(kind) for kind in ("po", "so", "vo", None, "")] == ["groep", "groep", "klas", "groep", "groep"]
    assert group_word("vo", plural=True) == "klassen" and group_word("po", plural=True) == "groepen"
    assert group_word("vo", capital=True) == "Klas" and group_word("po", plural=True, capital=True) == "Groepen"


def test_both_demo_schools_are_installed_with_their_kind(demo_workspace):
    workspace, folders, _ = demo_workspace
    assert [f.name for f in folders] == list(DEMO_IDS) == [DEMO_ID, DEMO_VO_ID]
    kinds = {f.name: load_profile(f).get("onderwijstype") for f in folders}
    assert kinds == {DEMO_ID: "po", DEMO_VO_ID: "vo"}
    vo = load_profile(workspace / DEMO_VO_ID)
    assert vo.naam == "Het Baken College (voorbeeldschool)"
    assert dict(vo.leerlingen) == {"klas 1": 62, "klas 2": 58, "klas 3": 56, "klas 4": 54}
    assert "FICTIEF" in (EXAMPLES_DIR / DEMO_VO_ID / "school.yaml").read_text(encoding="utf-8").splitlines()[0]


def test_vo_example_plan_is_entered_whole_with_owners_as_role_and_name(demo_workspace):
    workspace, _, _ = demo_workspace
    seed = yaml.safe_load((EXAMPLES_DIR / DEMO_VO_ID / "actieplan.yaml").read_text(encoding="utf-8"))
    wanted = [entry for plan in seed["plannen"] for entry in plan["acties"]]
    with workshop.Store(workspace / DEMO_VO_ID, create=False) as store:
        actions = list_actions(store)
    assert len(actions) == len(wanted), "every example action follows from this school's proposals; none skipped"
    for action in actions:
        assert re.fullmatch(r"[A-Z][^()]* \([A-Z]\. [^()]+\)", action["owner"]), action["owner"]
    assert "Mentor klas 3 (J. Mulder)" in {a["owner"] for a in actions}
    # No peer-led action without adult supervision, no herstelgesprek that a pupil would have to take part in.
    chosen = {entry.get("voorstel") for entry in wanted}
    assert not chosen & {"pauzespel", "leerlingmediatoren", "maatjesproject", "herstelgesprekken"}
    text = " ".join(f"{a['title']} {a.get('description') or ''}" for a in actions).casefold()
    assert "herstelgesprek" not in text and "pleincoach" not in text and "mediator" not in text


def test_vo_survey_report_says_klas_and_shows_the_hand_computed_figures(demo_workspace):
    _, _, result = demo_workspace
    html = (result.output_dir / "03_enquete.html").read_text(encoding="utf-8")
    text = _text(html)
    assert "<h2>Per klas</h2>" in html and '<th scope="col">Klas</th>' in html
    assert "Per groep" not in text and '<th scope="col">Groep</th>' not in html
    assert "Cijfers over minder dan 10 leerlingen worden niet getoond" in text
    assert "Tussen haakjes: het deel van de klas dat de enquête invulde." in text
    hand = _hand_figures()
    assert hand["n"] == 211
    assert _pct(hand["gepest"]) in text and _pct(hand["veilig"]) in text
    low, high = _wilson(hand["bullied_count"], hand["n"])
    assert f"{_pct(low)[:-1]} – {_pct(high)}" in text  # the report's 95% interval: Wilson
    for group, figures in hand["groups"].items():
        row = re.search(rf"<tr><th scope=\"row\">{group}</th>(.*?)</tr>", html, flags=re.S)
        assert row, group
        cells = _text(row.group(1))
        assert cells.startswith(f"{figures['n']} (")
        assert _pct(figures["gepest"]) in cells and _pct(figures["veilig"]) in cells


def test_vo_start_page_and_checklist_say_klas(demo_workspace):
    _, _, result = demo_workspace
    hand = _hand_figures()
    seed = " ".join((EXAMPLES_DIR / DEMO_VO_ID / "actieplan.yaml").read_text(encoding="utf-8").split())
    # The example plan's reasons quote the survey's own figures.
    assert f"{_pct(hand['gym'])} van de leerlingen voelt zich weleens onveilig bij gym of in de kleedkamer (n = 211)" \
        in seed
    assert f"{_pct(hand['gang'])} van de leerlingen zich weleens onveilig op de gang (n = 211)" in seed
    start = _text((result.output_dir / "00_start.html").read_text(encoding="utf-8"))
    assert "Leerlingen per klas" in start and "Leerlingen per groep" not in start
    plan_report = _text((result.output_dir / "04_actieplan.html").read_text(encoding="utf-8"))
    assert "Alle 4 klassen uit het schoolprofiel deden mee, elk met minstens 70%." in plan_report

    checklist = {c["id"]: c for c in json.loads((result.output_dir / "actieplan.json").read_text())["checklist"]}
    assert checklist["maatregelen"]["status"] == "met", checklist["maatregelen"]["detail"]  # an action per clear finding


def test_vo_plan_group_table_says_klas_with_the_hand_computed_figures(demo_workspace):
    _, _, result = demo_workspace
    word = read_docx(str(result.output_dir / "beleidsplan-intern.docx"))
    headers = [[cell.text for cell in table.rows[0].cells] for table in word.tables]
    group_table = next(t for t, h in zip(word.tables, headers) if h[:2] == ["Klas", "n"])
    assert not any(h and h[0] == "Groep" for h in headers)
    hand = _hand_figures()
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in group_table.rows[1:]}
    assert set(rows) == set(hand["groups"])
    for group, figures in hand["groups"].items():
        assert rows[group][0] == str(figures["n"])
        assert _pct(figures["veilig"]) in rows[group] and _pct(figures["gepest"]) in rows[group]
    body = "\n".join(p.text for p in word.paragraphs)
    assert "Per klas" in body and "Cijfers over minder dan 10 leerlingen worden niet getoond" in body
    assert "Uitkomsten van een klas met minder dan 10 leerlingen" in " ".join(body.split())
    page = _text((result.output_dir / "beleidsplan-intern.html").read_text(encoding="utf-8"))
    assert "Het Baken College (voorbeeldschool)" in page and "Mentor klas 3 (J. Mulder)" in page
    assert _pct(hand["gepest"]) in page
    assert "van de leerlingen in Klas 1, Klas 2, Klas 3 en Klas 4 wordt gepest op school" in page  # a Dutch list


def test_po_demo_still_says_groep(demo_workspace):
    workspace, _, _ = demo_workspace
    from kit.document.content import build_document
    from kit.document.model import Table

    po = workspace / DEMO_ID
    tables = [b for s in build_document(po).sections for b in s.blocks if isinstance(b, Table)]
    group_table = next(t for t in tables if t.caption == "Per groep")
    assert group_table.header[:2] == ["Groep", "n"]
    assert [row[0].text for row in group_table.rows] == ["Groep 5", "Groep 6", "Groep 7", "Groep 8"]
    result = run_school(po, notebooks=[NOTEBOOKS_DIR / "03_enquete.ipynb"], progress=lambda _: None)
    html = (result.output_dir / "03_enquete.html").read_text(encoding="utf-8")
    assert "<h2>Per groep</h2>" in html and '<th scope="col">Groep</th>' in html and "Per klas" not in html


def _cells(workbook_file) -> list[list]:
    return [[cell.value for cell in row] for row in load_workbook(workbook_file).active.iter_rows()]


def test_survey_script_reproduces_the_committed_exports(monkeypatch):
    """make_demo_surveys.py gives exactly the stored answers: each csv byte for byte, each xlsx cell for cell."""
    import datetime as dt

    spec = importlib.util.spec_from_file_location("make_demo_surveys", EXAMPLES_DIR / "make_demo_surveys.py")
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)  # its dataclass looks itself up there
    spec.loader.exec_module(script)
    exports = [(DEMO_ID, script.PO, "2025-2026", 2025, dt.datetime(2026, 3, 10, 9, 0), "csv"),
               (DEMO_ID, script.PO, "2026-2027", 2026, dt.datetime(2027, 3, 9, 9, 0), "xlsx"),
               (DEMO_VO_ID, script.VO, "2025-2026", 3025, dt.datetime(2026, 2, 16, 8, 30), "xlsx"),
               (DEMO_VO_ID, script.VO, "2026-2027", 3026, dt.datetime(2027, 2, 15, 8, 30), "csv")]
    for school, story, year, seed, start, kind in exports:
        stored = EXAMPLES_DIR / school / "surveys" / f"{year}.{kind}"
        rows = script.pupils(story, year, seed=seed)
        if kind == "csv":
            assert script.google_forms(rows, start) == stored.read_text(encoding="utf-8"), stored
        else:
            buffer = io.BytesIO()
            script.microsoft_forms(rows, start, buffer)
            assert _cells(buffer) == _cells(stored), stored


@pytest.mark.browser
def test_vo_reports_have_no_serious_accessibility_violations(demo_workspace, browser):
    """axe-core (WCAG 2.1 A/AA) on every HTML report the run wrote: 0 critical, 0 serious. Both schools whole:
    tests/test_axe_documents.py (make test-heavy)."""
    from live_pages import PHONE, axe_violations as violations, close, new_page
    
    workspace, _, _ = demo_workspace
    reports = sorted((workspace / DEMO_VO_ID / "output").glob("*.html"))
    assert {p.stem for p in reports} >= {"00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan",
                                         "05_beleidsplan"}
    page = new_page(browser)
    found = {}
    for path in reports:
        page.goto(path.as_uri())
        problems = violations(page)
        if problems:
            found[path.name] = problems
    close(page)
    assert found == {}

    # On a phone a chart keeps a readable size and scrolls sideways in its own box; the page itself does not.
    phone = new_page(browser, PHONE)
    phone.goto((workspace / DEMO_VO_ID / "output" / "03_enquete.html").as_uri())
    sizes = phone.evaluate("""() => [...document.querySelectorAll('.kit-figure-scroll')].map(box => ({
        img: box.querySelector('img').getBoundingClientRect().width, box: box.clientWidth,
        scrolls: box.scrollWidth > box.clientWidth, focusable: box.tabIndex === 0}))""")
    assert len(sizes) >= 4 and all(s["img"] >= 600 and s["scrolls"] and s["focusable"] for s in sizes), sizes
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations(phone) == []
    close(phone)
