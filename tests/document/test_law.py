"""The law in the plan, per kind of education: the right articles, phone numbers and sources for po, vo and so."""

from __future__ import annotations

import re
import shutil

import pytest
from docx import Document as read_docx

from kit.document.content import APPENDIX, build_document
from kit.document.model import Table, block_text
from kit.terms import group_word, term_values, year_word

PO_ARTICLES = ("artikel 4c van de Wet op het primair onderwijs", "artikel 4a van de Wet op het primair onderwijs",
               "artikel 4b van de Wet op het primair onderwijs", "artikel 14 van de Wet op het primair onderwijs",
               "artikel 8, derde lid, van de Wet op het primair onderwijs",
               "artikel 34.6a van het Besluit bekostiging WPO")
SO_ARTICLES = ("artikel 5a van de Wet op de expertisecentra", "artikel 4a van de Wet op de expertisecentra",
               "artikel 5 van de Wet op de expertisecentra", "artikel 23 van de Wet op de expertisecentra")


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    """The demo school as po (as shipped), and copies of it as vo and so."""
    from kit.demo import install_demo

    po = install_demo(tmp_path_factory.mktemp("po") / "workspace")
    found = {"po": po}
    for kind in ("vo", "so"):
        target = tmp_path_factory.mktemp(kind) / "workspace" / po.name
        shutil.copytree(po, target)
        profile = target / "school.yaml"
        text, count = re.subn(r"(?m)^onderwijstype: po$", f"onderwijstype: {kind}", profile.read_text("utf-8"))
        assert count == 1
        profile.write_text(text, encoding="utf-8")
        found[kind] = target
    return found


@pytest.fixture(scope="module")
def docs(schools):
    return {kind: build_document(folder) for kind, folder in schools.items()}


def chapter(doc, number: int) -> str:
    section = next(s for s in doc.sections if s.number == number)
    return "\n".join(line for block in section.blocks for line in block_text(block))


def paragraph_with(doc, words: str) -> str:
    return next(line for line in doc.text().splitlines() if words in line)


def checklist(doc) -> dict[str, tuple[str, str]]:
    """The appendix's legal checklist: title -> (status, source)."""
    appendix = next(s for s in doc.sections if s.title == APPENDIX)
    table = next(b for b in appendix.blocks if isinstance(b, Table) and b.caption == "Wettelijke eisen")
    return {row[0].text: (row[1].text, row[2].text) for row in table.rows}


def test_po_chapter_3_holds_the_zorgplicht_both_members_and_the_monitoring_rules(docs):
    text = chapter(docs["po"], 3)
    assert "artikel 4c van de Wet op het primair onderwijs" in text
    assert "sociale, psychische en fysieke veiligheid van de leerlingen" in text  # second member
    for duty in ("beleid voeren met betrekking tot de veiligheid",
                 "monitoren met een instrument dat een representatief en actueel beeld geeft",
                 "het coördineren van het beleid tegen pesten en het zijn van aanspreekpunt"):
        assert duty in text
    assert "artikel 34.6a van het Besluit bekostiging WPO" in text
    for rule in ("ervaren en de feitelijke veiligheid en in het welbevinden", "ten minste eens per schooljaar",
                 "representatief deel van de leerlingen", "gestandaardiseerd, valide en betrouwbaar"):
        assert rule in text
    for reference in ("RI&E", "bedrijfshulpverlening", "artikel 3, tweede lid", "basiswaarden van de democratische "
                      "rechtsstaat", "artikel 8, derde lid, van de Wet op het primair onderwijs"):
        assert reference in text


def test_po_articles_and_phone_numbers(docs):
    text = docs["po"].text()
    for article in PO_ARTICLES:
        assert article in text, article
    handling = chapter(docs["po"], 6)
    assert "0900-111 3 111" in handling and "vertrouwensinspecteur" in handling
    assert handling.count("0800-2000") >= 1 and "Veilig Thuis" in handling
    for step in range(1, 6):
        assert f"Stap {step}:" in handling
    assert "afwegingskader" in handling
    route = paragraph_with(docs["po"], "zedendelict tegenover")
    assert "aan het bevoegd gezag (Stichting Voorbeeldscholen Middenland)" in route
    assert "overlegt onverwijld met een vertrouwensinspecteur" in handling and "aangifte bij de politie" in handling
    # the aandachtsfunctionaris is advised, not a legal duty; the demo school names one
    advice = paragraph_with(docs["po"], "verplicht niet tot een aandachtsfunctionaris")
    assert "De wet verplicht niet tot een aandachtsfunctionaris" in advice and "Petra Jansen" in advice
    assert "De wet verplicht nu nog geen vertrouwenspersoon" in handling


def test_the_pending_bill_is_named_as_a_bill(docs):
    for doc in docs.values():
        text = doc.text()
        bill = paragraph_with(doc, "36 777")
        assert "wetsvoorstel Wet vrij en veilig onderwijs (Kamerstuk 36 777)" in bill
        assert "nog geen wet" in bill
        for line in text.splitlines():
            if "Wet vrij en veilig onderwijs" in line:
                assert "wetsvoorstel" in line.lower(), line


def test_vo_cites_the_wet_voortgezet_onderwijs_2020_and_never_the_old_wvo(docs):
    doc = docs["vo"]
    text = doc.text()
    assert "Dat staat in de Wet voortgezet onderwijs 2020" in chapter(doc, 3)
    assert "3b" not in text
    assert "Wet op het voortgezet onderwijs" not in text  # the old law's name
    for po_only in ("Wet op het primair onderwijs", "WPO", "expertisecentra"):
        assert po_only not in chapter(doc, 3) + chapter(doc, 6), po_only
    assert "zedendelict tegenover een minderjarige leerling" in chapter(doc, 6)
    assert "0900-111 3 111" in text and "0800-2000" in text


def test_so_cites_the_wet_op_de_expertisecentra(docs):
    text = docs["so"].text()
    for article in SO_ARTICLES:
        assert article in text, article
    assert "Wet op het primair onderwijs" not in chapter(docs["so"], 3) + chapter(docs["so"], 6)


def test_checklist_sources_follow_the_kind_of_education(docs):
    po, vo, so = (checklist(docs[kind]) for kind in ("po", "vo", "so"))
    meldplicht = "Meld-, overleg- en aangifteplicht bij zedendelicten"
    assert po[meldplicht][1] == "Wet op het primair onderwijs (WPO), art. 4a"
    assert vo[meldplicht][1] == "Wet voortgezet onderwijs 2020 (meld-, overleg- en aangifteplicht)"
    assert so[meldplicht][1] == "Wet op de expertisecentra (WEC), art. 4a"
    assert po["Een klachtenregeling"][1] == "Wet op het primair onderwijs (WPO), art. 14"
    assert so["Een klachtenregeling"][1] == "Wet op de expertisecentra (WEC), art. 23"
    assert vo["Een klachtenregeling"][1] == "Wet voortgezet onderwijs 2020 (klachtenregeling)"
    meldcode = "Meldcode huiselijk geweld en kindermishandeling"
    assert po[meldcode][1].startswith("Wet op het primair onderwijs (WPO), art. 4b")
    assert so[meldcode][1].startswith("Wet op de expertisecentra (WEC), art. 5;")
    assert po["Een coördinator anti-pestbeleid"][1].startswith("Wet op het primair onderwijs (WPO), art. 4c")
    assert vo["Een coördinator anti-pestbeleid"][1].startswith("Wet voortgezet onderwijs 2020 (zorgplicht")
    assert so["Een coördinator anti-pestbeleid"][1].startswith("Wet op de expertisecentra (WEC), art. 5a")
    assert "3b" not in " ".join(source for _, source in vo.values())
    assert "geen wettelijke plicht" in po["Een vertrouwenspersoon"][1]


def test_meldplicht_is_met_only_when_the_team_was_informed(schools, monkeypatch, tmp_path):
    from kit import workshop
    from kit.plan.facts import gather_facts
    from kit.plan.proposals import build_overview
    from kit.plan.store import LOCAL, add_action, list_actions, update_action

    school = tmp_path / "demo-school"
    shutil.copytree(schools["po"], school)

    def item() -> dict:
        facts = gather_facts(school, strict=False)
        return next(i for i in build_overview(facts)["checklist"] if i["id"] == "meldplicht")

    before = item()
    assert before["status"] == "to_check"
    assert "hoofdstuk 6" in before["detail"] and "Stichting Voorbeeldscholen Middenland" in before["detail"]
    assert "vertrouwensinspecteur" in before["detail"]
    year = gather_facts(school, strict=False).plan_year
    with workshop.Store(school) as store:
        ours = [a for a in list_actions(store, year) if a.get("catalogue_id") == "meldplicht-bekendmaken"]
        if ours:
            update_action(store, LOCAL, ours[0]["id"], {"status": "done"})
        else:
            add_action(store, LOCAL, year, {"title": "Meld- en aangifteplicht bij zedendelicten bekendmaken",
                                            "catalogue_id": "meldplicht-bekendmaken", "status": "done"})
    after = item()
    assert after["status"] == "met"
    assert f"staat in het actieplan van {year} op klaar" in after["detail"]
    # a template without the route: the item is missing, whatever the action plan says
    from kit.document import texts

    real = texts.load_texts()
    monkeypatch.setattr(texts, "load_texts", lambda *a: {k: v for k, v in real.items() if k != "meldplicht"})
    assert item()["status"] == "missing"


def test_an_unknown_kind_of_education_is_visible_in_each_chapter_and_one_gap(schools, tmp_path):
    school = tmp_path / "demo-school"
    shutil.copytree(schools["po"], school)
    profile = school / "school.yaml"
    profile.write_text(profile.read_text("utf-8").replace("onderwijstype: po", "onderwijstype:"), encoding="utf-8")
    doc = build_document(school)
    kinds = [g for g in doc.gaps if g.what.startswith("het soort onderwijs (po, vo of so)")]
    assert [g.chapter for g in kinds] == ["Wettelijk kader"]  # one missing thing counts once (where it first shows)
    assert "nog in te vullen: het soort onderwijs" in chapter(doc, 3)
    assert "nog in te vullen: het soort onderwijs" in chapter(doc, 6)
    assert "zedendelict tegenover een leerling" in chapter(doc, 6)  # wording, not a gap


def test_vo_docx_reads_back_with_the_law(schools):
    from kit.document.export import export_plan

    files = export_plan(schools["vo"], ["docx"])
    word = read_docx(str(files["docx"]))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "3. Wettelijk kader" in text
    assert "Dat staat in de Wet voortgezet onderwijs 2020" in text
    assert "0900-111 3 111" in text and "0800-2000" in text
    assert "wetsvoorstel Wet vrij en veilig onderwijs (Kamerstuk 36 777)" in text
    assert "3b" not in text + cells
    assert "Wet voortgezet onderwijs 2020 (meld-, overleg- en aangifteplicht)" in cells


def test_terms_per_kind_of_education():
    assert (group_word("po"), group_word("vo"), group_word("so")) == ("groep", "klas", "groep")
    assert group_word("vo", plural=True) == "klassen" and group_word("po", plural=True) == "groepen"
    assert (year_word("vo"), year_word("vo", plural=True), year_word("po")) == ("leerjaar", "leerjaren", "groep")
    assert group_word(None) == "groep" and group_word("VO ") == "klas"
    assert term_values("vo") == {"groep": "klas", "groepen": "klassen", "leerjaar": "leerjaar",
                                 "leerjaren": "leerjaren"}
