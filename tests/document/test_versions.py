"""The public and the internal plan: both exported for the demo school, read back from DOCX, HTML and PDF."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from kit.document.content import APPENDIX, PRIVACY_HEADING, build_document
from kit.document.export import FORMATS, export_versions
from kit.document.model import gap_count_text
from kit.errors import KitError
from kit.profile import load_profile
from kit.survey import summarize

# People who own an action in the demo plan (this year's or last year's) but hold no role in the profile:
# never in the public plan. Checked against the demo's actieplan.yaml in _owner_names().
OWNER_NAMES = ("D. Visser", "I. Verhoef")
ROLE_NAMES = ("Marieke de Vries", "Samir El Amrani", "Joke Bakker", "Petra Jansen")
STAFF_PHONES = ("020 799 00 01", "020 799 00 02", "020 799 00 03")
KIT_WORDS = ("school.yaml", "surveys/", "01_visie", "03_enquete", "04_actieplan")


def _docx_text(path) -> str:
    word = read_docx(str(path))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in word.sections for p in section.header.paragraphs]
    return "\n".join(parts)


def _html_text(path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def _pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _texts(files: dict) -> dict[str, str]:
    return {"docx": _docx_text(files["docx"]), "html": _html_text(files["html"]),
            "pdf": " ".join(" ".join(_pdf_pages(files["pdf"])).split())}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kit.demo import install_demo

    school = install_demo(tmp_path_factory.mktemp("versions") / "workspace")
    files = export_versions(school)
    return school, files, {version: _texts(by_format) for version, by_format in files.items()}


def _open_answers(school) -> set[str]:
    from kit.survey.school import load_school_surveys

    surveys = load_school_surveys(school)
    answers = surveys.current.answers
    out = set()
    for item in surveys.current.instrument.items.values():
        if item.type == "open" and item.id in answers:
            out |= {str(t).strip() for t in answers[item.id].dropna() if str(t).strip()}
    return out


def _expected_gaps(school) -> int:
    """Counted by hand from the demo's files: empty meldcode, no external vertrouwenspersoon, protocols without a
    date, actions without owner."""
    from kit.plan.document import plan_actions
    from kit.profile import PROTOCOLS

    profile = load_profile(school)
    count = (profile.get("beleid.meldcode") is None) + (profile.get("rollen.vertrouwenspersoon_extern.naam") is None)
    count += sum(1 for key in PROTOCOLS if profile.get(f"protocollen.{key}.vastgesteld_op") is None)
    return count + sum(1 for action in plan_actions(school) if not action["owner"])


def test_file_names_say_which_version(demo):
    school, files, _ = demo
    assert sorted(p.name for p in (school / "output").iterdir()) == sorted(
        f"beleidsplan-{v}.{fmt}" for v in ("intern", "openbaar") for fmt in FORMATS)
    assert {fmt: p.name for fmt, p in files["openbaar"].items()} == {
        "docx": "beleidsplan-openbaar.docx", "pdf": "beleidsplan-openbaar.pdf", "html": "beleidsplan-openbaar.html"}


@pytest.mark.parametrize("version, name", [("intern", "Interne versie"), ("openbaar", "Openbare versie")])
def test_title_page_and_header_name_the_version(demo, version, name):
    _, files, _ = demo
    word = read_docx(str(files[version]["docx"]))
    cover = [p.text for p in word.paragraphs[:16]]
    assert name in cover
    assert any(name in p.text for section in word.sections[1:] for p in section.header.paragraphs)
    pages = _pdf_pages(files[version]["pdf"])
    assert name in pages[0]
    assert all(name in page for page in pages[2:]), "the running header names the version on every page"
    assert f"<title>Sociaal veiligheidsplan · " in files[version]["html"].read_text(encoding="utf-8")
    assert name in _html_text(files[version]["html"])
    other = "Openbare versie" if version == "intern" else "Interne versie"
    assert other not in pages[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_version_has_school_level_figures_only(demo, fmt):
    school, files, texts = demo
    public, internal = texts["openbaar"][fmt], texts["intern"][fmt]
    summary = summarize(school / "surveys" / "2026-2027.xlsx")
    groups = [g for g, f in summary["groups"].items() if not f.get("suppressed")]
    assert "Groep 8" in groups
    for group in groups:
        figure = re.compile(rf"{re.escape(group)}:?\s+\d")  # a table row "Groep 5 24 ..." or "Groep 8: 31% ..."
        assert figure.search(internal)
        assert not figure.search(public), group
    assert "Groep 8: " in internal
    school_pct = f"{summary['indicators']['gepest']['pct']:.1f}".replace(".", ",") + "%"
    assert school_pct in public and school_pct in internal


def test_public_docx_and_html_have_no_group_table_or_figure(demo):
    _, files, _ = demo
    for version, present in (("intern", True), ("openbaar", False)):
        word = read_docx(str(files[version]["docx"]))
        assert any(t.rows[0].cells[0].text == "Groep" for t in word.tables) is present
        page = files[version]["html"].read_text(encoding="utf-8")
        assert ('<th scope="col">Groep</th>' in page) is present
        alts = re.findall(r'<img src="[^"]*" alt="([^"]*)"', page)
        assert alts and not any("groep" in alt.lower() for alt in alts)


def test_the_owner_names_are_those_of_the_demo_plan(demo):
    from kit.plan.document import evaluation_rows, plan_actions

    school = demo[0]
    owners = [a["owner"] for a in plan_actions(school)] + [r["owner"] for r in evaluation_rows(school)["rows"]]
    named = {m.group(1) for owner in owners for m in [re.search(r"\(([^)]*)\)", owner)] if m}
    assert set(OWNER_NAMES) <= named


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_names_beside_actions_in_the_public_version(demo, fmt):
    _, _, texts = demo
    public, internal = texts["openbaar"][fmt], texts["intern"][fmt]
    for name in OWNER_NAMES:
        assert name in internal
        assert name not in public
    for name in ROLE_NAMES:  # the roles table keeps the names: pupils and parents must find them
        assert name in public


def test_public_action_table_shows_roles_not_people(demo):
    _, files, _ = demo
    word = read_docx(str(files["openbaar"]["docx"]))
    actions = next(t for t in word.tables if [c.text for c in t.rows[0].cells][:2] == ["Actie", "Eigenaar"])
    owners = [row.cells[1].text for row in actions.rows[1:]]
    assert owners and all(not any(name in owner for name in ROLE_NAMES + OWNER_NAMES) for owner in owners)
    assert {"Coördinator anti-pestbeleid", "Directeur", "Leerkracht"} <= set(owners)
    assert not any(re.search(r"groep \d", owner, re.IGNORECASE) for owner in owners)
    evaluation = next(t for t in word.tables if "Uitgevoerd" in [c.text for c in t.rows[0].cells])
    assert "Eigenaar" not in [c.text for c in evaluation.rows[0].cells]
    cells = " ".join(c.text for row in evaluation.rows for c in row.cells)
    assert not any(name in cells for name in ROLE_NAMES + OWNER_NAMES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_staff_phone_numbers_only_in_the_internal_version(demo, fmt):
    _, _, texts = demo
    for phone in STAFF_PHONES:
        assert phone in texts["intern"][fmt]
        assert phone not in texts["openbaar"][fmt]
    assert "s.elamrani@deregenboog.example" in texts["openbaar"][fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_version_has_no_instructions_about_files_or_the_kit(demo, fmt):
    school, _, texts = demo
    instrument = load_profile(school).get("beleid.monitoringsinstrument") or ""
    public = texts["openbaar"][fmt].replace(instrument, "")  # the school's own words for its instrument
    for word in KIT_WORDS:
        assert word not in public
    assert not re.search(r"\bkit\b", public, re.IGNORECASE)
    assert "school.yaml" in texts["intern"][fmt] and "04_actieplan" in texts["intern"][fmt]
    assert "Wat te doen" in texts["intern"][fmt] and "Wat te doen" not in public


def test_public_statuses_are_worded_for_a_reader(demo):
    _, _, texts = demo
    public, internal = texts["openbaar"]["html"], texts["intern"]["html"]
    assert " controleren " in internal and " voldaan " in internal
    assert " controleren " not in public and " voldaan " not in public
    assert " wordt nagegaan " in public and " geregeld " in public
    assert " loopt " in public and " afgerond " in public


def test_open_answers_never_in_the_public_version(demo, kit):
    school, _, texts = demo
    answers = _open_answers(school)
    assert answers
    for version in ("intern", "openbaar"):
        for fmt in FORMATS:
            assert not any(answer in texts[version][fmt] for answer in answers)
    assert answers <= set(build_document(school, include_open_answers=True).text().splitlines())
    public = build_document(school, include_open_answers=True, version="openbaar").text()
    assert not any(answer in public for answer in answers)
    status, out, _ = kit("plan", "export", school, "--versie", "openbaar", "--format", "html", "--open-antwoorden")
    assert status == 0 and "genegeerd" in out
    page = (school / "output" / "beleidsplan-openbaar.html").read_text(encoding="utf-8")
    assert not any(answer in page for answer in answers)


@pytest.mark.parametrize("version", ["intern", "openbaar"])
def test_gap_count_is_the_same_in_banner_and_appendix(demo, version):
    school, files, texts = demo
    expected = _expected_gaps(school)
    assert expected == 4
    banner = f"Concept: {expected} onderdelen zijn nog in te vullen"
    for fmt in FORMATS:
        assert texts[version][fmt].count(banner) == 1, fmt
        assert f"Nog in te vullen ({expected})" in texts[version][fmt]
    word = read_docx(str(files[version]["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == APPENDIX == "Bijlage: Volledigheidscontrole"
    gap_table = next(t for t in word.tables if t.rows[0].cells[0].text == "Hoofdstuk")
    assert len(gap_table.rows) - 1 == expected
    whats = {row.cells[1].text for row in gap_table.rows[1:]}
    assert whats == {"de meldcode huiselijk geweld en kindermishandeling", "de externe vertrouwenspersoon",
                     "de datum waarop het protocol radicalisering is vastgesteld",
                     'de eigenaar van de actie "Training pauzetoezicht voor overblijfkrachten"'}


def test_both_versions_count_the_same_gaps(demo):
    school, _, _ = demo
    internal, public = build_document(school), build_document(school, version="openbaar")
    assert [g.what for g in internal.gaps] == [g.what for g in public.gaps]
    whats = [g.what for g in internal.gaps]
    assert len(whats) == len(set(whats)), "a gap that shows in two chapters counts once"


def test_grammar_for_one_and_for_many(copy_demo):
    assert gap_count_text(1) == "1 onderdeel is nog in te vullen"
    assert gap_count_text(2) == "2 onderdelen zijn nog in te vullen"
    from kit.document.html import render_html

    profile = copy_demo / "school.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("  meldcode:\n", "  meldcode: ja\n")
    text = re.sub(r"(vertrouwenspersoon_extern:\n    naam:)", r"\1 Anna Smit", text)
    text = re.sub(r"(radicalisering:\n    titel:)\n    vastgesteld_op:", r"\1 Protocol radicalisering\n    vastgesteld_op: 01-10-2026",
                  text)
    profile.write_text(text, encoding="utf-8")
    doc = build_document(copy_demo)
    assert [g.what for g in doc.gaps] == ['de eigenaar van de actie "Training pauzetoezicht voor overblijfkrachten"']
    page = render_html(doc)
    assert "Concept: 1 onderdeel is nog in te vullen (zie de bijlage)." in page
    assert "Nog in te vullen (1)" in page and "onderdelen" not in page.split("<main>")[1].split("</header>")[0]


@pytest.mark.parametrize("version", ["intern", "openbaar"])
def test_privacy_paragraph(demo, version):
    school, _, texts = demo
    profile = load_profile(school)
    for fmt in FORMATS:
        text = texts[version][fmt]
        assert PRIVACY_HEADING in text
        for key in ("grondslag", "open_antwoorden"):
            assert " ".join(profile.get(f"privacy.{key}").split()) in text
        assert "Uitkomsten van een groep met minder dan 10 leerlingen worden niet getoond" in text
        assert "meldcode" in text.split(PRIVACY_HEADING)[1]
    word = read_docx(str(demo[1][version]["docx"]))
    assert PRIVACY_HEADING in [p.text for p in word.paragraphs if p.style.name == "Heading 2"]


def test_privacy_practice_missing_is_a_gap(copy_demo):
    profile = copy_demo / "school.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[:text.index("\nprivacy:")] + "\n", encoding="utf-8")
    doc = build_document(copy_demo, version="openbaar")
    whats = {g.what for g in doc.gaps}
    assert {"de grondslag uit de AVG waarop de school de antwoorden verwerkt",
            "wie de open antwoorden van leerlingen leest"} <= whats
    assert "nog in te vullen: de grondslag uit de AVG" in doc.text()


@pytest.mark.parametrize("version", ["intern", "openbaar"])
def test_evaluation_of_last_years_actions(demo, version):
    school, files, _ = demo
    summary = summarize(school / "surveys" / "2026-2027.xlsx")
    word = read_docx(str(files[version]["docx"]))
    table = next(t for t in word.tables if "Uitgevoerd" in [c.text for c in t.rows[0].cells])
    header = ["Actie", "Uitgevoerd", "Doel", "Gemeten in 2026-2027", "Uitkomst"]
    if version == "intern":
        header.insert(1, "Eigenaar")
    assert [c.text for c in table.rows[0].cells] == header
    skip = 2 if version == "intern" else 1  # the owner column, internal only
    rows = {row.cells[0].text: [c.text for c in row.cells[skip:]] for row in table.rows[1:]}
    if version == "intern":
        assert table.rows[2].cells[1].text == "Intern begeleider (I. Verhoef)"
    assert len(rows) == 5  # the demo's plan of 2025-2026

    def measured(pct, n):  # in the target's positive form: not bullied, safe on the playground
        return f"{pct:.1f}".replace(".", ",") + f"% (n = {n})"

    bullied = summary["indicators"]["gepest"]
    row = rows["Pestprotocol samen met het team doornemen"]
    assert row[1].startswith("Minstens 80% van de leerlingen wordt niet gepest op school")
    assert row[2] == measured(100 - bullied["pct"], bullied["n"])
    assert row[3] == ("gehaald" if 100 - bullied["pct"] >= 80 else "niet gehaald")
    playground = summary["places"]["plein"]
    row = rows["Pleinwacht uitbreiden en vaste plekken afspreken"]
    assert row[1].startswith("Minstens 77% van de leerlingen voelt zich veilig op het schoolplein")
    assert row[2] == measured(100 - playground["pct"], playground["n"])
    assert row[3] == ("gehaald" if 100 - playground["pct"] >= 77 else "niet gehaald")
    toilets = rows["Afspraken en toezicht bij de toiletten"]
    assert toilets[0] == ("Gestopt" if version == "intern" else "gestopt")
    assert rows["Met elke leerling een kort kindgesprek"][2:] == ["–", "niet gemeten met de enquête"]
    from kit.plan.document import evaluation_rows

    codes = [r["result_code"] for r in evaluation_rows(school)["rows"]]
    measured, reached = len(codes) - codes.count("not_measurable"), codes.count("reached")
    assert (measured, reached) == (3, 2)  # the demo: two of the three survey targets reached
    text = _docx_text(files[version]["docx"])
    assert "Van de 3 acties met een doel uit de leerlingenquête zijn er 2 gehaald." in text
    assert "Bij 2 acties beoordeelt het team zelf of het doel is bereikt." in text


def test_dates_are_dutch_local_dates(copy_demo):
    from kit import dates
    from kit.visie.results import local_date

    assert dates.local_day("2026-12-03T23:30:00+00:00") == date(2026, 12, 4)
    assert dates.local_day("2026-07-01T22:15:00+00:00") == date(2026, 7, 2)  # summer time: UTC+2
    stamp = "2026-12-03T23:40:00.000+00:00"  # just after midnight in Amsterdam
    with sqlite3.connect(copy_demo / "workshop.sqlite") as db:
        db.execute("UPDATE vision_versions SET saved_at = ? WHERE final = 1", (stamp,))
    doc = build_document(copy_demo)
    assert local_date(stamp) == "04-12-2026"
    assert f"Vastgesteld door het team op {local_date(stamp)}." in doc.text()
    assert doc.date == dates.dutch_date(dates.today())


def test_periods_come_from_one_place():
    from kit import periods

    known = periods.periods()
    assert known["steungroep_start"] == "2 schooldagen"
    assert periods.fill("binnen {{ termijn_steungroep_start }}") == f"binnen {known['steungroep_start']}"
    assert periods.unknown("{{ termijn_steungroep_start }} {{ termijn_bestaat_niet }}") == ["bestaat_niet"]
    with pytest.raises(KitError, match="onbekende termijn"):
        periods.fill("binnen {{ termijn_bestaat_niet }}", "acties.yaml")


def test_the_action_catalogue_uses_the_periods():
    from kit import periods
    from kit.plan.catalogue import load_catalogue

    known = periods.periods()
    actions = {a.id: a for a in load_catalogue()}
    support = actions["steungroepaanpak"]
    for text in (support.title, support.description, support.indicator, support.target_text):
        assert known["steungroep_start"] in text and "termijn_" not in text
    assert f"na {known['steungroep_nagesprek']} nagevraagd" in support.target_text
    assert f"Na {known['nazorg_pesten']} wordt bij de gepeste leerling nagevraagd" in actions["herstelgesprekken"].description
    assert not any("{{ termijn_" in a.title + a.description + a.indicator + a.target_text for a in actions.values())


def test_an_unknown_period_in_the_catalogue_is_a_clear_error(tmp_path):
    from kit.plan.catalogue import TEMPLATES_DIR, load_catalogue
    from kit.plan.errors import CatalogueError

    text = (TEMPLATES_DIR / "acties.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "acties.yaml"
    broken.write_text(text.replace("{{ termijn_nazorg_pesten }}", "{{ termijn_nazorg }}", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"herstelgesprekken.*onbekende termijn \{\{ termijn_nazorg \}\}"):
        load_catalogue(broken)


@pytest.mark.parametrize("owner, shown", [
    ("Samir El Amrani (coördinator anti-pestbeleid)", "coördinator anti-pestbeleid"),
    ("Directeur (Marieke de Vries)", "Directeur"),
    ("Leerkracht groep 8 (D. Visser)", "Leerkracht"),
    ("Meester Daan (leerkracht groep 8)", "leerkracht"),
    ("Leerkrachten groep 6, 7 en 8", "Leerkrachten"),
    ("Alle leerkrachten groep 5 tot en met 8", "Alle leerkrachten"),
    ("Mentor klas 2b", "Mentor"),
    ("Sectievoorzitter lichamelijke opvoeding (T. Jansen)", "Sectievoorzitter lichamelijke opvoeding"),
    ("Mentor klas 3 (J. Mulder)", "Mentor"),
    ("Marieke de Vries", "directeur"),
    ("Meester Daan", "medewerker van de school"),
    ("", ""),
])
def test_public_owner(owner, shown):
    from kit.document.versions import public_owner

    assert public_owner(owner, {"Marieke de Vries": "directeur"}) == shown


def test_version_choice_and_download_names():
    from kit.document.export import parse_versions
    from kit.document.notebook import download_name

    assert parse_versions("openbaar, INTERN,openbaar") == ["openbaar", "intern"]
    with pytest.raises(KitError, match="Onbekende versie: geheim"):
        parse_versions("geheim")
    assert download_name("demo-school", "pdf", "openbaar") == "beleidsplan-openbaar-demo-school.pdf"
    assert download_name("demo-school", "docx") == "beleidsplan-intern-demo-school.docx"


def test_kit_run_makes_both_versions(copy_demo):
    """05_beleidsplan under papermill (as kit run runs it) writes every format of both versions."""
    from kit.paths import NOTEBOOKS_DIR
    from kit.runner import run_school

    result = run_school(copy_demo, notebooks=[NOTEBOOKS_DIR / "05_beleidsplan.ipynb"], progress=lambda _: None)
    names = {p.name for p in result.output_dir.iterdir()}
    assert {f"beleidsplan-{v}.{fmt}" for v in ("intern", "openbaar") for fmt in FORMATS} <= names
    assert not any(re.fullmatch(r"beleidsplan\.\w+", name) for name in names)
    report = _html_text(result.output_dir / "05_beleidsplan.html")
    assert "Concept: 4 onderdelen zijn nog in te vullen" in report
    assert "Openbare versie: beleidsplan-openbaar.docx" in report


def test_public_contact_is_the_role_email_or_the_schools_own(copy_demo):
    profile = copy_demo / "school.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("    email: j.bakker@deregenboog.example\n",
                                                                   "    email:\n"), encoding="utf-8")

    def contact(version: str, role: str) -> str:
        doc = build_document(copy_demo, version=version)
        roles = next(b for s in doc.sections for b in s.blocks if getattr(b, "caption", "") == "Wie doet wat")
        return next(row[2].text for row in roles.rows if row[0].text == role)

    assert contact("openbaar", "Interne vertrouwenspersoon") == "info@deregenboog.example · 020 799 00 00"
    assert contact("openbaar", "Directeur") == "m.devries@deregenboog.example"
    assert contact("intern", "Directeur") == "m.devries@deregenboog.example · 020 799 00 01"
    assert contact("openbaar", "Externe vertrouwenspersoon") == "–"


def test_vo_school_public_and_internal(tmp_path):
    """The vo demo: the public HTML has no class or year-group figure and no names beside actions."""
    from kit.demo import DEMO_VO_ID, install_demo
    from kit.plan.document import plan_actions

    school = install_demo(tmp_path / "workspace", DEMO_VO_ID)
    files = export_versions(school, ["html"])
    public, internal = _html_text(files["openbaar"]["html"]), _html_text(files["intern"]["html"])
    summary = summarize(next((school / "surveys").glob("2026-2027.*")))
    groups = [g for g, f in summary["groups"].items() if not f.get("suppressed")]
    assert groups
    for group in groups:
        figure = re.compile(rf"{re.escape(group)}:?\s+\d")
        assert figure.search(internal) and not figure.search(public), group
    names = {re.search(r"\(([^)]*)\)", a["owner"]).group(1) for a in plan_actions(school) if "(" in a["owner"]}
    assert names
    page = files["openbaar"]["html"].read_text(encoding="utf-8")
    tables = _table_text(page, "Acties") + _table_text(page, "Evaluatie van de acties", required=False)
    for name in names:
        assert name in internal
        assert name not in tables
    assert "Openbare versie" in public and "Interne versie" in internal
    expected = len(build_document(school).gaps)
    assert f"Nog in te vullen ({expected})" in public and f"Nog in te vullen ({expected})" in internal


def _table_text(page: str, caption: str, required: bool = True) -> str:
    """The text of the HTML table whose caption starts with ``caption``."""
    table = re.search(rf"<table[^>]*><caption>{re.escape(caption)}.*?</table>", page, re.S)
    assert table or not required, caption
    if not table:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.group(0)))
