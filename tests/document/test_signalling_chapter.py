"""Chapter 6 "Signaleren en handelen": the school's own route, read back from the exported DOCX."""

from __future__ import annotations

import pytest
from docx import Document as read_docx

from kit.document.content import build_document
from kit.document.export import export_plan
from kit.profile import load_profile

CHAPTER, NEXT = "6. Signaleren en handelen", "7. Registratie van incidenten"
STEPS = ("het signaal serieus nemen, ook als het klein lijkt;",
         "luisteren en rustig blijven, en geen geheimhouding beloven;",
         "dezelfde dag de feiten opschrijven, zonder oordeel;")


def chapter_6(docx_path) -> tuple[list[str], list[list[str]]]:
    """The paragraphs of chapter 6 and the rows of its "Wie waarvoor" table."""
    word = read_docx(str(docx_path))
    texts = [p.text for p in word.paragraphs]
    start = texts.index(CHAPTER)
    end = texts.index(NEXT)
    table = next(t for t in word.tables if [c.text for c in t.rows[0].cells] == ["Waarvoor", "Rol", "Naam",
                                                                              "Bereikbaar via"])
    return texts[start:end], [[c.text for c in row.cells] for row in table.rows[1:]]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from kit.demo import install_demo

    workspace = tmp_path_factory.mktemp("chapter6") / "workspace"
    out = {}
    for school_id in ("demo-school", "demo-vo"):
        school = install_demo(workspace, school_id)
        out[school_id] = (school, {v: export_plan(school, ["docx"], version=v)["docx"] for v in ("intern", "openbaar")})
    return out


@pytest.mark.parametrize("school_id", ["demo-school", "demo-vo"])
def test_the_route_names_the_schools_people(exported, school_id):
    school, files = exported[school_id]
    profile = load_profile(school)
    paragraphs, rows = chapter_6(files["intern"])
    text = "\n".join(paragraphs)
    assert "Wat een medewerker doet bij een signaal" in paragraphs
    assert "Bij wie een medewerker, leerling of ouder terechtkan" in paragraphs
    for step in STEPS:
        assert step in paragraphs
    by_role = {row[1]: row for row in rows}
    assert list(by_role) == ["Coördinator anti-pestbeleid", "Aanspreekpunt pesten", "Aandachtsfunctionaris meldcode",
                             "Interne vertrouwenspersoon", "Externe vertrouwenspersoon", "Directeur"]
    coordinator = profile.role("coordinator")
    assert by_role["Coördinator anti-pestbeleid"][2] == coordinator["naam"]
    assert by_role["Coördinator anti-pestbeleid"][3] == f"{coordinator['email']} · {coordinator['telefoon']}"
    assert by_role["Aandachtsfunctionaris meldcode"][0] == "Zorgen over thuis (meldcode)"
    assert by_role["Aandachtsfunctionaris meldcode"][2] == profile.role("aandachtsfunctionaris")["naam"]
    # the meldcode pointer and the card
    attention = profile.role("aandachtsfunctionaris")["naam"]
    assert (f"horen niet bij het pestprotocol, maar bij de meldcode. De aandachtsfunctionaris ({attention}) "
            "ondersteunt daarbij") in text
    assert f"De signaleringskaart van {profile.naam} vat deze route samen op één A4" in text
    assert "output/signaleringskaart.pdf" in text  # the internal version says where the card is


def test_demo_school_details(exported):
    school, files = exported["demo-school"]
    _, rows = chapter_6(files["intern"])
    by_role = {row[1]: row for row in rows}
    assert by_role["Aanspreekpunt pesten"][2] == "Samir El Amrani (ook coördinator)"
    assert by_role["Externe vertrouwenspersoon"][2] == "nog niet aangewezen"
    assert by_role["Aandachtsfunctionaris meldcode"][3] == "p.jansen@deregenboog.example · 020 799 00 03"
    assert by_role["Interne vertrouwenspersoon"][3] == "j.bakker@deregenboog.example"


@pytest.mark.parametrize("school_id", ["demo-school", "demo-vo"])
def test_public_version_has_no_staff_phone_numbers_and_no_kit_words(exported, school_id):
    school, files = exported[school_id]
    profile = load_profile(school)
    paragraphs, rows = chapter_6(files["openbaar"])
    text = "\n".join(paragraphs) + "\n" + "\n".join(" | ".join(row) for row in rows)
    phones = [profile.get(f"rollen.{role}.telefoon") for role in ("directeur", "coordinator", "aanspreekpunt",
                                                                   "aandachtsfunctionaris",
                                                                   "vertrouwenspersoon_intern",
                                                                   "vertrouwenspersoon_extern")]
    for phone in filter(None, phones):
        assert phone not in text
    assert profile.role("coordinator")["email"] in text and profile.role("coordinator")["naam"] in text
    assert "output/" not in text and "kit " not in text
    for step in STEPS:
        assert step in paragraphs


def test_a_missing_role_is_a_placeholder_and_one_gap(tmp_path):
    from kit.demo import install_demo

    school = install_demo(tmp_path / "workspace")
    path = school / "school.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Petra Jansen", "naam:"), encoding="utf-8")
    doc = build_document(school)
    chapter = next(s for s in doc.sections if s.number == 6)
    table = next(b for b in chapter.blocks if getattr(b, "caption", "") == "Wie waarvoor")
    row = next(r for r in table.rows if r[1].text == "Aandachtsfunctionaris meldcode")
    assert row[2].text == "nog in te vullen" and row[2].runs[0].missing
    assert "Petra Jansen" not in doc.text()
    gaps = [g for g in doc.gaps if g.what == "de aandachtsfunctionaris meldcode"]
    assert len(gaps) == 1 and gaps[0].chapter == "Taken en rollen"  # counted once, where it first shows
