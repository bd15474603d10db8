"""The plan as a director publishes it and an inspector reads it: both demo schools (po and vo), both versions,
read back from the DOCX, the HTML and the PDF.

The finer points have tests of their own (test_versions, test_law, test_monitors, tests/plan); this file
checks that they hold together in the files a school actually hands out.
"""

from __future__ import annotations

import re

import pytest
from test_versions import _texts

from kit.document.export import export_versions

SCHOOLS = {"demo-school": "po", "demo-vo": "vo"}
FORMATS = ("docx", "html", "pdf")


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory):
    """``{(school, version): {"docx": path, "html": path, "pdf": path}}`` of both demo schools, and the workspace."""
    from kit.demo import install_demos

    workspace = tmp_path_factory.mktemp("publishable") / "workspace"
    install_demos(workspace)
    files = {}
    for school in SCHOOLS:
        for version, paths in export_versions(workspace / school, list(FORMATS)).items():
            files[school, version] = paths
    return files, workspace


@pytest.fixture(scope="module")
def plans(plan_files):
    """``{(school, version): {"docx": text, "html": text, "pdf": text}}`` plus each school's survey groups."""
    from kit.survey.school import load_school_surveys

    files, workspace = plan_files
    texts = {key: _texts(paths) for key, paths in files.items()}
    groups = {school: list(load_school_surveys(workspace / school).summary["groups"]) for school in SCHOOLS}
    return texts, groups


def each(plans, version=None):
    texts, _ = plans
    for (school, kind), formats in texts.items():
        if version in (None, kind):
            for fmt, text in formats.items():
                yield school, kind, fmt, text


def test_the_law_per_kind_of_school(plans):
    for school, version, fmt, text in each(plans):
        where = (school, version, fmt)
        if SCHOOLS[school] == "po":
            assert "artikel 4c van de Wet op het primair onderwijs" in text, where
            assert "Wet voortgezet onderwijs 2020" not in text, where
        else:
            assert "Wet voortgezet onderwijs 2020" in text, where
            assert "Wet op het primair onderwijs" not in text and "3b" not in text, where
        # the reporting duty and the meldcode, with the numbers to call
        assert "0900-111 3 111" in text and "0800-2000" in text and "vertrouwensinspecteur" in text, where
        # the pending law is a bill, never stated as law
        assert "36 777" in text and "wetsvoorstel" in text.lower(), where
        assert "Instemming medezeggenschapsraad" in text, where


def test_monitoring_cites_the_recognised_monitor_and_the_kits_survey_as_the_deeper_look(plans):
    monitors = {"demo-school": "Kanjertraining", "demo-vo": "Vensters"}
    for school, version, fmt, text in each(plans):
        assert monitors[school] in text, (school, version, fmt)
        assert "Inspectie van het Onderwijs van 8 februari 2022" in text, (school, version, fmt)
        assert "Verdiepende analyse" in text, (school, version, fmt)


def test_no_invented_names_no_symbols_and_targets_in_positive_form(plans):
    for school, version, fmt, text in each(plans):
        where = (school, version, fmt)
        assert not re.search(r"\b(Meester|Juf) [A-Z]", text), where
        assert "≤" not in text and "≥" not in text, where
        assert "Minstens " in text, where
        assert "Volledigheidscontrole" in text and "Compleetheidscheck" not in text, where


def test_the_gap_count_is_the_same_on_the_title_page_and_in_the_appendix(plans):
    for school, version, fmt, text in each(plans):
        banner = re.search(r"Concept: (\d+) onderde(?:el is|len zijn) nog in te vullen", text)
        appendix = re.search(r"Nog in te vullen \((\d+)\)", text)
        assert banner and appendix, (school, version, fmt)
        assert banner.group(1) == appendix.group(1), (school, version, fmt)


def test_vo_speaks_of_klassen(plans):
    texts, groups = plans
    assert all(g.startswith("Klas") for g in groups["demo-vo"])
    for fmt, text in texts["demo-vo", "intern"].items():
        assert "Per klas" in text and "Per groep" not in text, fmt
        assert not re.search(r"\bGroep \d", text), fmt
    for fmt, text in texts["demo-school", "intern"].items():
        assert "Per groep" in text, fmt


def test_the_public_version_has_school_level_figures_and_no_kit_instructions(plans):
    texts, groups = plans
    for school, _, fmt, text in each(plans, "openbaar"):
        where = (school, fmt)
        assert "Openbare versie" in text, where
        assert "Per groep" not in text and "Per klas" not in text, where
        for group in groups[school]:
            # no finding about a group and no comparison of a year group
            assert f"{group}:" not in text and f"in {group} gepest" not in text, (where, group)
        for instruction in ("school.yaml", "monitor.yaml", "surveys/", "04_actieplan", "Wat te doen"):
            assert instruction not in text, (where, instruction)
        assert not re.search(r"\bkit\b", text, re.I), where
    # the internal version keeps what the team needs
    for school in SCHOOLS:
        internal = texts[school, "intern"]["html"]
        assert "Wat te doen" in internal
        assert any(f"{group}:" in internal or group in internal for group in groups[school])


def test_staff_names_beside_actions_only_in_the_internal_version(plans):
    texts, _ = plans
    for school, named in (("demo-school", "Leerkracht groep 8 (D. Visser)"), ("demo-vo", "(J. Mulder)")):
        for fmt in FORMATS:
            assert named in " ".join(texts[school, "intern"][fmt].split()), (school, fmt)
            assert named not in texts[school, "openbaar"][fmt], (school, fmt)


# ---------------------------------------------------------------- the PDF's pages (WeasyPrint layout)

MOSTLY_EMPTY = 0.15  # a page with text over less than this share of its height counts as mostly empty


def test_no_pdf_page_ends_with_a_heading_and_none_is_mostly_empty(plan_files):
    """Every page of both plans of both schools: a heading (or a table's caption) never ends a page without
    what it introduces, and no page but the cover, the contents and the last is mostly empty."""
    from pdf_pages import ends_with_heading, headings, margins, pdf_pages

    files, _ = plan_files
    for (school, version), paths in files.items():
        html = paths["html"].read_text(encoding="utf-8")
        titles = headings(html)
        assert "1. Inleiding" in titles and len(titles) > 20, (school, version)
        pages = pdf_pages(paths["pdf"], *margins(html))
        assert len(pages) > 10
        assert pages[2].lines[0] == "1. Inleiding"  # cover, contents, then chapter 1: the reading is right
        stranded = [(page.number, ends_with_heading(page, titles)) for page in pages if ends_with_heading(page, titles)]
        assert stranded == [], (school, version)
        empty = [(page.number, round(page.fill, 2)) for page in pages[2:-1] if page.fill < MOSTLY_EMPTY]
        assert empty == [], (school, version)


def test_the_page_check_finds_a_stranded_heading_and_a_wrapped_one():
    from pdf_pages import Page, ends_with_heading

    titles = ["9. Actieplan", "8. Monitoring: hoe veilig voelen onze leerlingen zich?"]
    assert ends_with_heading(Page(5, ["tekst", "9. Actieplan"], .9), titles) == "9. Actieplan"
    wrapped = Page(6, ["tekst", "8. Monitoring: hoe veilig voelen onze", "leerlingen zich?"], .9)
    assert ends_with_heading(wrapped, titles) == titles[1]
    assert ends_with_heading(Page(7, ["9. Actieplan", "Uit de visie volgen de acties."], .9), titles) is None


def test_long_tables_break_across_pages_under_their_header_row(plan_files):
    """A long table is not pushed whole to the next page (leaving a gap); its header row repeats (thead)."""
    from pdf_pages import margins, pdf_pages

    files, _ = plan_files
    paths = files["demo-school", "intern"]
    html = paths["html"].read_text(encoding="utf-8")
    assert "thead { display: table-header-group; }" in html
    pages = pdf_pages(paths["pdf"], *margins(html))
    header = "Actie Eigenaar Klaar op Doel Status"
    with_header = [page.number for page in pages if header in page.lines]
    assert len(with_header) >= 2, with_header  # the action table goes on, under its header, on a next page


@pytest.mark.browser
def test_the_plans_web_pages_have_no_serious_accessibility_violations(plan_files, browser):
    """axe-core (WCAG 2.1 A/AA) on both versions of both schools' plan as HTML: 0 critical, 0 serious."""
    from live_pages import axe_violations as violations, close, new_page
    
    files, _ = plan_files
    page = new_page(browser)
    found = {}
    for (school, version), paths in files.items():
        page.goto(paths["html"].as_uri())
        problems = violations(page)
        if problems:
            found[school, version] = problems
    close(page)
    assert len(files) == 4 and found == {}
