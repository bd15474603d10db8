"""The signaleringskaart: one A4 page, read back from the PDF, with the school's own people and numbers."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from kit.profile import load_profile
from kit.signalering.kaart import FILE_NAME, MISSING_ROLE, kaart_html, write_kaart

NUMBERS = ("0800-2000", "0900-111 3 111", "112")


def flat(text: str) -> str:
    """Text without any whitespace: a cell may wrap an e-mail address or a name over two lines."""
    return "".join(text.split())


def pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    from kit.demo import install_demos

    return {folder.name: folder for folder in install_demos(tmp_path_factory.mktemp("kaart") / "workspace")}


@pytest.mark.parametrize("school_id", ["demo-school", "demo-vo"])
def test_one_page_with_the_schools_people_and_the_numbers(demos, school_id):
    school = demos[school_id]
    path = write_kaart(school)
    assert path == school / "output" / FILE_NAME
    pages, text = pdf_text(path)
    assert pages == 1
    profile = load_profile(school)
    named = 0
    for role in ("directeur", "coordinator", "aanspreekpunt", "vertrouwenspersoon_intern",
                 "vertrouwenspersoon_extern", "aandachtsfunctionaris"):
        details = profile.get(f"rollen.{role}") or {}
        for part in ("naam", "email", "telefoon"):
            if details.get(part):
                assert flat(details[part]) in flat(text), (role, part)
                named += 1
    assert named >= 10
    for number in NUMBERS:
        assert flat(number) in flat(text)
    assert flat(profile.naam) in flat(text)
    assert "Signaleringskaart" in text or "SIGNALERINGSKAART" in text
    assert "Veilig Thuis" in text and "Vertrouwensinspecteur" in text


def test_an_empty_role_shows_the_placeholder_never_a_person(demos):
    # demo-school names no external vertrouwenspersoon
    school = demos["demo-school"]
    assert load_profile(school).get("rollen.vertrouwenspersoon_extern.naam") is None
    _, text = pdf_text(write_kaart(school))
    row = next(line for line in text.splitlines() if "Externe" in line or "onafhankelijk" in line)
    assert flat(MISSING_ROLE) in flat(text), row
    assert text.count("nog invullen") == 1


def _profile_with(school, replace: dict[str, str]) -> None:
    path = school / "school.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_missing_roles_and_phones(tmp_path):
    from kit.demo import install_demo

    school = install_demo(tmp_path / "workspace")
    _profile_with(school, {"naam: Petra Jansen": "naam:", "naam: Joke Bakker": "naam:"})
    pages, text = pdf_text(write_kaart(school, tmp_path / "elders"))
    assert pages == 1 and (tmp_path / "elders" / FILE_NAME).is_file()
    assert flat(text).count(flat(MISSING_ROLE)) == 4  # both vertrouwenspersonen, the aandachtsfunctionaris, and
    # the line under the meldcode that names the aandachtsfunctionaris
    assert "Petra Jansen" not in text and "Joke Bakker" not in text
    # the aanspreekpunt is the coordinator here, and says so
    assert flat("Samir El Amrani (ook coördinator)") in flat(text)


def test_long_names_still_fit_on_one_page(tmp_path):
    from kit.demo import install_demo

    school = install_demo(tmp_path / "workspace", "demo-vo")
    long = {
        "naam: \"Het Baken College (voorbeeldschool)\"": "naam: \"Christelijke Scholengemeenschap voor Voortgezet "
                                                        "Onderwijs Het Baken College, locatie Middenland-Noord\"",
        "naam: Rob Pinas": "naam: Maria-Christina van Oostveen-Bergschenhoek de Wit",
        "naam: Sanne Visser": "naam: Anne-Wilhelmina Zuidervaart-van der Heijden",
        "naam: Linda Kok": "naam: Jan-Willem Beekhuizen van Kampen-Oosterhout",
        "k.bouzid@hetbaken.example": "karim.bouzid.directie@scholengemeenschap-hetbaken-middenland.example",
    }
    _profile_with(school, long)
    pages, text = pdf_text(write_kaart(school))
    assert pages == 1
    for name in ("Maria-Christina van Oostveen-Bergschenhoek de Wit", "Jan-Willem Beekhuizen van Kampen-Oosterhout",
                 "karim.bouzid.directie@scholengemeenschap-hetbaken-middenland.example"):
        assert flat(name) in flat(text)
    for number in NUMBERS:
        assert flat(number) in flat(text)


def test_the_preview_escapes_names(tmp_path):
    from kit.demo import install_demo

    school = install_demo(tmp_path / "workspace")
    _profile_with(school, {"naam: Petra Jansen": "naam: \"<script>x</script> & Co\""})
    page = kaart_html(school)
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt; &amp; Co" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page


def test_cli_writes_the_card_and_prints_its_path(demos, capsys):
    from kit.cli import main

    school = demos["demo-vo"]
    (school / "output" / FILE_NAME).unlink(missing_ok=True)
    assert main(["signalering", "kaart", "demo-vo", "--workspace", str(school.parent)]) == 0
    out = capsys.readouterr().out
    assert f"De signaleringskaart staat in {school / 'output' / FILE_NAME}" in out
    assert (school / "output" / FILE_NAME).is_file()
    assert "nog invullen" not in out  # demo-vo names every role
    assert main(["signalering", "kaart", "bestaat-niet", "--workspace", str(school.parent)]) == 2
    assert re.search(r"bestaat niet", capsys.readouterr().err)
