"""The facilitator's script: the template, its checks, the per-school PDF and HTML, and meetings as workshops."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from kit import workshop
from kit.cli import main
from kit.draaiboek import DraaiboekError, load_draaiboek
from kit.draaiboek.apps import APPS
from kit.draaiboek.model import DRAAIBOEK_PATH, hours_text
from kit.draaiboek.school import school_view
from kit.paths import REPO_ROOT
from kit.workshop.meetings import meeting_of, vision_workshop

MEETING_IDS = ["aftrap-en-visie", "signaleren-en-handelen", "enquete-uitkomsten", "actieplan",
               "vaststellen-en-vervolg"]


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "ws" / "obs-de-linde"
    folder.mkdir(parents=True)
    (folder / "school.yaml").write_text("naam: OBS De Linde\n", encoding="utf-8")
    return folder


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


# ----------------------------------------------------------------------------- the template

def test_template_has_the_five_meetings_in_order_and_durations_add_up():
    raw = yaml.safe_load(DRAAIBOEK_PATH.read_text(encoding="utf-8"))
    # Recomputed from the raw YAML, independent of the loader.
    assert [m["id"] for m in raw["bijeenkomsten"]] == MEETING_IDS
    for meeting in raw["bijeenkomsten"]:
        assert sum(int(p["duur"]) for p in meeting["onderdelen"]) == int(meeting["duur"]), meeting["id"]
    draaiboek = load_draaiboek()
    assert [m.id for m in draaiboek.meetings] == MEETING_IDS
    assert [m.number for m in draaiboek.meetings] == [1, 2, 3, 4, 5]
    assert [m.minutes for m in draaiboek.meetings] == [120, 120, 90, 120, 90]
    assert draaiboek.minutes == 540 and hours_text(draaiboek.minutes) == "9 uur"
    assert draaiboek.course_title == "Professionalisering Sociale Veiligheid"
    # Each meeting has concrete prompts: something to say in every part and questions in most.
    for meeting in draaiboek.meetings:
        assert meeting.goals and meeting.materials and meeting.take_home and meeting.learning_goal
        assert all(part.say for part in meeting.parts)
        assert sum(bool(part.ask) for part in meeting.parts) >= len(meeting.parts) - 1
    assert draaiboek.meetings[1].join_apps == ("02_signaleren",)
    assert "signaleringskaart" in " ".join(draaiboek.meetings[1].materials).lower()


def test_hours_text():
    assert hours_text(240) == "4 uur"
    assert hours_text(330) == "5,5 uur"
    assert hours_text(135) == "2,25 uur"
    assert hours_text(80) == "1 uur 20 minuten"


def test_app_names_match_the_apps():
    from kit.plan.app_facilitator import TAB_TITLES as PLAN_TABS
    from kit.visie.app_facilitator import TAB_TITLES as VISIE_TABS

    assert APPS["01_visie"].tabs == VISIE_TABS
    assert APPS["04_actieplan"].tabs == PLAN_TABS
    assert set(APPS) == {"00_start", "01_visie", "02_signaleren", "03_enquete", "04_actieplan", "05_beleidsplan"}
    # Headings of the pages without tabs occur in their templates or code.
    sources = {
        "00_start": ["kit/templates/start.html.j2", "kit/draaiboek/page.py"],
        "03_enquete": ["kit/templates/enquete_import.html.j2", "kit/templates/enquete_findings.html.j2",
                       "kit/templates/enquete_indicators.html.j2", "kit/templates/enquete_scales.html.j2",
                       "kit/templates/enquete_places.html.j2", "kit/survey/notebook.py", "kit/survey/upload.py"],
        "05_beleidsplan": ["kit/document/notebook.py"],
    }
    for app, files in sources.items():
        text = " ".join((REPO_ROOT / f).read_text(encoding="utf-8") for f in files)
        for heading in APPS[app].headings:
            if heading in ("Per groep", "Bovenaan de pagina"):  # "Per {{ word }}"; the page's top
                continue
            assert heading in text, (app, heading)
    notebooks = {p.stem for p in (REPO_ROOT / "notebooks").glob("*.ipynb")}
    assert {"00_start", "01_visie", "03_enquete", "04_actieplan", "05_beleidsplan"} <= notebooks


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = DRAAIBOEK_PATH.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "draaiboek.yaml"
    target.write_text(text.replace(old, new, count), encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_durations_that_do_not_add_up_are_an_error_naming_meeting_and_line(tmp_path):
    path = _broken(tmp_path, "    titel: Signaleren en handelen\n    duur: 120", "    titel: Signaleren en handelen\n    duur: 110")
    with pytest.raises(DraaiboekError) as caught:
        load_draaiboek(path)
    message = str(caught.value)
    assert str(path) in message and "1 fout(en) in het draaiboek" in message
    line = _line_of(path, "    duur: 110")
    assert (f"regel {line}, veld 'bijeenkomst 2 ('signaleren-en-handelen').duur': de bijeenkomst duurt 110 minuten, "
            "maar de onderdelen samen 120 (5 + 5 + 20 + 40 + 20 + 25 + 5)") in message


@pytest.mark.parametrize("old, new, expected", [
    ("        tabblad: Waarden", "        tabblad: Stemmen",
     "'Stemmen' is geen tabblad van 01_visie; kies uit Uitspraken, Waarden, Stellingen, Visie"),
    ("        app: 05_beleidsplan\n        kopje: Downloaden", "        app: 06_extra\n        kopje: Downloaden",
     "'06_extra' is geen app van de kit"),
    ("        kopje: Wat is ingelezen", "        tabblad: Wat is ingelezen",
     "deze pagina heeft geen tabbladen; gebruik 'kopje'"),
    ("        duur: 15\n        app: 01_visie", "        duur: kwartier\n        app: 01_visie",
     "'kwartier' is geen duur; schrijf een heel aantal minuten"),
    ("  - id: actieplan\n", "  - id: Actie Plan\n", "'Actie Plan' kan geen id zijn"),
    ("    leerdoel: >-\n      Van bevindingen", "    leerdoelen: >-\n      Van bevindingen",
     "onbekend veld; toegestaan zijn"),
])
def test_template_errors_are_dutch_and_name_the_field(tmp_path, old, new, expected):
    path = _broken(tmp_path, old, new)
    with pytest.raises(DraaiboekError) as caught:
        load_draaiboek(path)
    assert expected in str(caught.value)
    assert "regel " in str(caught.value) and "Verbeter het bestand" in str(caught.value)


def test_bad_yaml_and_missing_field(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("bijeenkomsten:\n  - id: x\n   titel: y\n", encoding="utf-8")
    with pytest.raises(DraaiboekError) as caught:
        load_draaiboek(bad)
    assert "geen geldige YAML" in str(caught.value)
    path = _broken(tmp_path, "    materialen:\n      - Beamer en laptop voor de begeleider\n      - Een laptop of telefoon per deelnemer, met wifi\n      - De deelnamecode groot op het scherm\n", "")
    with pytest.raises(DraaiboekError) as caught:
        load_draaiboek(path)
    assert "veld 'bijeenkomst 1 ('aftrap-en-visie').materialen': ontbreekt" in str(caught.value)


def test_readme_lists_the_meetings_of_the_template_in_order():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## De bijeenkomsten van de cursus", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d) \| ([^|]+) \| (\d+) min\. \| ([^|]+) \|$", section, re.M)
    draaiboek = load_draaiboek()
    assert [(int(n), t.strip(), int(d)) for n, t, d, _ in rows] == [(m.number, m.title, m.minutes)
                                                                     for m in draaiboek.meetings]
    for (_, _, _, opens), meeting in zip(rows, draaiboek.meetings):
        for part in meeting.parts:
            assert f"`{part.app}`" in opens, (meeting.id, part.app)
            if part.tab:
                assert part.tab in opens, (meeting.id, part.tab)


# ----------------------------------------------------------------------------- meetings as workshops

def test_workshop_open_gives_each_meeting_its_own_workshop(school, capsys):
    assert main(["workshop", "open", str(school)]) == 0
    out = capsys.readouterr().out
    assert "Bijeenkomst 1: Aftrap en visie" in out
    first = re.search(r"Deelnamecode: (\w+)", out).group(1)
    assert main(["workshop", "open", str(school), "--bijeenkomst", "2"]) == 2
    assert "Er loopt nog een workshop voor bijeenkomst 1 (Aftrap en visie)" in capsys.readouterr().err
    main(["workshop", "close", str(school)])
    capsys.readouterr()
    assert main(["workshop", "open", str(school), "--bijeenkomst", "signaleren-en-handelen"]) == 0
    out = capsys.readouterr().out
    second = re.search(r"Deelnamecode: (\w+)", out).group(1)
    assert "gestart" in out and "Bijeenkomst 2: Signaleren en handelen" in out and second != first
    assert f"/mee/signaleren?school=obs-de-linde&code={second}" in out  # the participants' light page
    assert main(["workshop", "open", str(school)]) == 0  # no flag: go on with the latest
    assert re.search(r"Deelnamecode: (\w+)", capsys.readouterr().out).group(1) == second
    assert main(["workshop", "open", str(school), "--bijeenkomst", "9"]) == 2
    assert "Het draaiboek heeft geen bijeenkomst '9'" in capsys.readouterr().err
    main(["workshop", "close", str(school)])
    assert main(["workshop", "open", str(school), "--nieuw"]) == 0  # a new one becomes the next meeting not held
    assert "Bijeenkomst 3: De uitkomsten van de leerlingenquête" in capsys.readouterr().out
    with workshop.Store(school) as store:
        meetings = [meeting_of(store, w.id) for w in workshop.list_workshops(store)]
    assert meetings == ["aftrap-en-visie", "signaleren-en-handelen", "enquete-uitkomsten"]


def test_a_workshop_without_meeting_gets_the_one_asked_for(school, capsys):
    with workshop.Store(school) as store:
        old = workshop.open_workshop(store)  # as before meetings existed
        assert meeting_of(store, old.workshop.id) is None
    assert main(["workshop", "open", str(school), "--bijeenkomst", "1"]) == 0
    assert "loopt nog" in capsys.readouterr().out
    with workshop.Store(school) as store:
        assert [meeting_of(store, w.id) for w in workshop.list_workshops(store)] == ["aftrap-en-visie"]


def test_vision_workshop_is_the_one_with_the_vision(school):
    with workshop.Store(school) as store:
        first = workshop.open_workshop(store)
        workshop.save_vision(store, first.facilitator_key, "Onze visie", final=True)
        workshop.close_workshop(store)
        second = workshop.open_workshop(store, new=True)
        assert workshop.current_workshop(store).id == second.workshop.id
        assert vision_workshop(store).id == first.workshop.id
    from kit.course import statuses

    assert statuses(school)[0].state == "klaar"


# ----------------------------------------------------------------------------- per school

def test_draaiboek_pdf_has_join_code_and_links_and_never_the_key(school, capsys):
    assert main(["workshop", "open", str(school), "--bijeenkomst", "1"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Deelnamecode: (\w+)", out).group(1)
    key = re.search(r"key=([A-Za-z0-9_-]{43})", out).group(1)
    assert main(["draaiboek", "obs-de-linde", "--workspace", str(school.parent), "--host", "192.168.1.20",
                 "--port", "8870"]) == 0
    out = capsys.readouterr().out
    pdf, html = school / "output" / "draaiboek.pdf", school / "output" / "draaiboek.html"
    assert str(pdf) in out and str(html) in out
    text = _pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert "OBS De Linde" in text and "Deelnamecode:" in text and code in text
    assert f"http://192.168.1.20:8870/mee/visie?school=obs-de-linde&code={code}" in flat  # the light page
    assert "http://192.168.1.20:8870/voila/render/00_start.ipynb?school=obs-de-linde" in flat
    assert "kitworkshopopenobs-de-linde--bijeenkomst2" in flat  # meeting 2 has no workshop yet
    for title in ("Aftrap en visie", "Signaleren en handelen", "Het actieplan"):
        assert title in text
    assert "Open01_visie,tabbladUitspraken" in flat
    page_html = html.read_text(encoding="utf-8")
    assert key not in text and key not in flat and key not in page_html and "key=" not in page_html
    assert f"code={code}" in page_html
    assert len(PdfReader(str(pdf)).pages) >= 6  # a cover and at least a page per meeting


def test_start_page_view_shows_facilitator_links_only_for_the_keys_meeting(school):
    with workshop.Store(school) as store:
        opened = workshop.open_workshop(store)
        from kit.workshop.meetings import set_meeting

        set_meeting(store, opened.workshop.id, "aftrap-en-visie")
    view = school_view(school, relative=True, key=opened.facilitator_key)
    first, second = view["meetings"][0], view["meetings"][1]
    assert [l.url for l in first.facilitator_links] == [
        f"00_start.ipynb?school=obs-de-linde&key={opened.facilitator_key}",
        f"01_visie.ipynb?school=obs-de-linde&key={opened.facilitator_key}"]
    assert f"../../mee/visie?school=obs-de-linde&code={opened.workshop.join_code}" in [l.url for l in first.links]
    assert second.facilitator_links == [] and second.code is None
    anyone = school_view(school, relative=True)
    assert all(not v.facilitator_links for v in anyone["meetings"])
    wrong = school_view(school, relative=True, key="x" * 43)
    assert all(not v.facilitator_links for v in wrong["meetings"])


def test_start_page_report_has_the_draaiboek(school, tmp_path, monkeypatch):
    from kit.page import Page

    shown = []
    monkeypatch.setattr("kit.draaiboek.page.show_html", shown.append)
    from kit.draaiboek.page import show_draaiboek

    show_draaiboek(Page(school, school / "output", False, "obs-de-linde", {}))
    html = "".join(shown)
    assert '<h2 id="draaiboek">Draaiboek</h2>' in html and "kit draaiboek obs-de-linde" in html
    assert "Aftrap en visie" in html and "Nog geen workshop voor deze bijeenkomst" in html


def test_migration_adds_meeting_full_name_and_certificates(school):
    with workshop.Store(school) as store:
        columns = store.read(lambda c: {r[1] for r in c.execute("PRAGMA table_info(workshops)")})
        people = store.read(lambda c: {r[1] for r in c.execute("PRAGMA table_info(participants)")})
        tables = store.read(lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")})
    assert "meeting" in columns and "full_name" in people and "certificates" in tables
    assert isinstance(sqlite3.connect(school / workshop.DB_NAME).execute("PRAGMA user_version").fetchone()[0], int)
