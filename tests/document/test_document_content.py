"""The policy document: read the generated DOCX, PDF and HTML back and check what they say."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from kit.document.content import APPENDIX, CHAPTERS, build_document
from kit.document.export import export_plan, parse_formats
from kit.errors import KitError
from kit.survey import summarize

HEADINGS = [f"{n}. {title}" for n, title in enumerate(CHAPTERS, start=1)] + [APPENDIX]


def _final_vision(school) -> str:
    from kit.workshop import Store, current_vision
    from kit.workshop.meetings import vision_workshop

    with Store(school, create=False) as store:  # the vision is made in meeting 1, not the latest workshop
        vision = current_vision(store, vision_workshop(store).id)
    assert vision["final"]
    return vision["text"]


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from kit.demo import install_demo

    school = install_demo(tmp_path_factory.mktemp("doc") / "workspace")
    return school, export_plan(school)


def test_docx_has_the_headings_in_order_and_the_school_content(exported):
    school, files = exported
    word = read_docx(str(files["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Inhoud"] + HEADINGS
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "OBS De Regenboog (voorbeeldschool)" in text
    for name in ("Marieke de Vries", "Samir El Amrani", "Joke Bakker", "Petra Jansen"):
        assert name in cells
    first_line = next(line for line in _final_vision(school).splitlines() if line.strip())
    assert first_line.strip() in text
    summary = summarize(school / "surveys" / "2026-2027.xlsx")
    for figure in summary["indicators"].values():
        assert _pct(figure["pct"]) in cells
    assert "nog in te vullen: de meldcode huiselijk geweld en kindermishandeling" in text
    assert "Meer toezicht op het plein" not in text + cells  # open answers stay out


def test_docx_structure_toc_header_rows_alt_text_page_numbers(exported):
    _, files = exported
    with zipfile.ZipFile(files["docx"]) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        footers = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/footer"))
        settings = archive.read("word/settings.xml").decode("utf-8")
    assert 'TOC \\o "1-2"' in body
    assert "<w:tblHeader" in body
    assert 'descr="Staafdiagram' in body
    assert " PAGE " in footers
    assert "w:updateFields" in settings


def test_pdf_text_and_tags(exported):
    school, files = exported
    reader = PdfReader(str(files["pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    positions = [flat.index(h, flat.index("1. Inleiding Dit")) if i else flat.index("1. Inleiding Dit")
                 for i, h in enumerate(HEADINGS)]
    assert positions == sorted(positions), "chapters in the order of the issue"
    assert "OBS De Regenboog (voorbeeldschool)" in flat
    assert "Samir El Amrani" in flat
    assert "pagina 3 van" in flat
    assert len(reader.pages) >= 6
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Sociaal veiligheidsplan")


def test_html_is_self_contained_and_complete(exported):
    _, files = exported
    page = files["html"].read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    for heading in HEADINGS:
        assert heading in page
    assert 'src="data:image/png;base64,' in page and "http" not in page.split("<body>")[1].split("Gemaakt met")[0]
    assert '<mark class="gap">nog in te vullen: de meldcode' in page


def test_every_gap_is_visible_in_the_text_and_listed_in_the_appendix(tmp_path):
    from kit.workspace import create_school

    school = create_school(tmp_path, "lege-school", "Lege School")
    doc = build_document(school)
    text = doc.text()
    assert [s.heading for s in doc.sections] == HEADINGS
    whats = {g.what for g in doc.gaps}
    for expected in ("de definitieve visie van het team", "de uitkomsten van de leerlingenquête",
                     "de acties van het actieplan", "de coördinator anti-pestbeleid", "het antipestprogramma",
                     "de interne vertrouwenspersoon", "de externe vertrouwenspersoon",
                     "de meldcode huiselijk geweld en kindermishandeling"):
        assert expected in whats
    assert text.count("nog in te vullen") + text.count("Nog in te vullen") >= len(doc.gaps)
    html = export_plan(school, ["html"])["html"].read_text(encoding="utf-8")
    appendix = html[html.index('id="hbijlage"'):]
    for gap in doc.gaps:
        assert gap.what in appendix


def test_participant_text_is_escaped_in_html(tmp_path):
    from kit.demo import install_demo
    from kit.workshop import Store, open_workshop, save_vision

    school = install_demo(tmp_path / "workspace")
    evil = 'Veilig <img src=x onerror=alert(1)> & "samen" <script>alert(2)</script>'
    with Store(school) as store:
        key = open_workshop(store).facilitator_key
        save_vision(store, key, evil, final=True)
    page = export_plan(school, ["html"])["html"].read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "Veilig &lt;img src=x onerror=alert(1)&gt; &amp; &#34;samen&#34;" in page


def test_suppressed_groups_do_not_leak(tmp_path, monkeypatch):
    from kit.demo import install_demo
    from kit.survey.school import load_school_surveys

    school = install_demo(tmp_path / "workspace")
    monkeypatch.setattr("kit.document.content._surveys", lambda folder: load_school_surveys(folder, 26))
    doc = build_document(school)
    monitoring = next(s for s in doc.sections if s.number == 8)
    tables = [b for b in monitoring.blocks if getattr(b, "header", None) and b.header[0] == "Groep"]
    assert tables
    summary = summarize(school / "surveys" / "2026-2027.xlsx", min_group_size=26)
    shown = {g: f["n"] for g, f in summary["groups"].items() if not f.get("suppressed")}
    hidden = [g for g, f in summary["groups"].items() if f.get("suppressed")]
    assert shown and hidden
    everything = doc.text()
    for group in hidden:
        row = next(r for r in tables[0].rows if r[0].text == group)
        why = {"small": "minder dan 26 leerlingen", "protect": "verborgen om kleine groepen te beschermen"}
        assert [cell.text for cell in row[1:]] == ["niet getoond", why[summary["groups"][group]["reason"]]] \
            + [""] * (len(row) - 3)
        assert group not in " ".join(f for f in everything.splitlines() if "%" in f and "Groep" in f.split(":")[0])
    for row in tables[0].rows:
        group = row[0].text
        assert (row[1].text == str(shown[group])) if group in shown else row[1].text == "niet getoond"


def test_format_choice():
    assert parse_formats("pdf, DOCX,pdf") == ["pdf", "docx"]
    with pytest.raises(KitError, match="Onbekend formaat: odt"):
        parse_formats("odt")


def test_cli_export(kit, copy_demo):
    status, out, _ = kit("plan", "export", copy_demo, "--format", "html,docx")
    assert status == 0
    output = copy_demo / "output"
    assert f"Gemaakt (interne versie): {output / 'beleidsplan-intern.html'}" in out
    assert (output / "beleidsplan-intern.docx").is_file()
    assert not (output / "beleidsplan-intern.pdf").exists() and not (output / "beleidsplan-openbaar.html").exists()
    # the demo school has no meldcode, no external vertrouwenspersoon and no protocol on radicalisering yet
    assert "Concept: 4 onderdelen zijn nog in te vullen:" in out and "meldcode" in out
    assert "externe vertrouwenspersoon" in out and "protocol radicalisering" in out
    status, _, err = kit("plan", "export", copy_demo, "--format", "odt")
    assert status == 2 and "Onbekend formaat: odt" in err


def test_demo_plan_actions_are_in_the_document(copy_demo):
    from kit.plan.document import plan_actions

    actions = plan_actions(copy_demo)
    assert actions
    text = build_document(copy_demo).text()
    for action in actions:
        assert action["title"] in text
    assert "de acties van het actieplan" not in {g.what for g in build_document(copy_demo).gaps}


def test_house_style_reference_document_is_used(tmp_path, copy_demo):
    from docx.shared import Pt

    from kit.document.docx import render_docx

    style = read_docx()
    style.styles["Normal"].font.name = "Georgia"
    style.styles["Heading 1"].font.size = Pt(21)
    style.add_paragraph("Oude inhoud van het sjabloon")
    reference = tmp_path / "huisstijl.docx"
    style.save(str(reference))
    target = render_docx(build_document(copy_demo), tmp_path / "plan.docx", reference=reference)
    word = read_docx(str(target))
    assert word.styles["Normal"].font.name == "Georgia"
    assert word.styles["Heading 1"].font.size == Pt(21)
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"][1:] == HEADINGS
    assert "Oude inhoud van het sjabloon" not in "\n".join(p.text for p in word.paragraphs)


def test_open_answers_only_when_the_school_asks(kit, copy_demo):
    assert "Meer toezicht op het plein" not in build_document(copy_demo).text()
    status, _, _ = kit("plan", "export", copy_demo, "--format", "html", "--open-antwoorden")
    assert status == 0
    page = (copy_demo / "output" / "beleidsplan-intern.html").read_text(encoding="utf-8")
    assert page.count("<li>Meer toezicht op het plein.</li>") == 1
