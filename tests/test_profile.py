"""School profile validation: the template, a full profile, and every kind of wrong input."""

from __future__ import annotations

import pytest

from kit.errors import ProfileError
from kit.paths import EXAMPLES_DIR, TEMPLATES_DIR
from kit.profile import FIELDS, FIELDS_BY_PATH, MISSING_TEXT, load_profile, parse_profile, render_template

FULL = """\
id: obs-de-linde
naam: "OBS De Linde"
bestuur: Stichting Lindescholen
brin: 12AB01
onderwijstype: PO
schooljaar: 2026 - 2027
adres:
  straat: Dorpsstraat 1
  postcode: 1234ab
  plaats: Linden
telefoon: 0201234567
email: info@delinde.example
leerlingen:
  groep 7: 25
  8: 28
rollen:
  directeur: {naam: A. Directeur, email: a@delinde.example, telefoon: 020 123 45 67}
  coordinator: {naam: B. Coordinator, email: b@delinde.example, telefoon: +31 20 123 45 68}
  aanspreekpunt: {naam: C. Aanspreekpunt, email: c@delinde.example, telefoon: 020-1234569}
  vertrouwenspersoon_intern: {naam: D, email: d@delinde.example, telefoon: 0201234560}
  vertrouwenspersoon_extern: {naam: E, email: e@extern.example, telefoon: 0201234561}
  aandachtsfunctionaris: {naam: F, email: f@delinde.example, telefoon: 0201234562}
beleid:
  antipestprogramma: KiVa
  monitoringsinstrument: Vensters
  pestprotocol: ja
  klachtenregeling: yes
  meldcode: Nee
rollen_vindbaar_in: [de schoolgids, de website]
protocollen:
  pesten: {titel: Pestprotocol De Linde, vastgesteld_op: 2025-09-16}
  agressie_en_geweld: {vastgesteld_op: 16-09-2025}
  seksueel_grensoverschrijdend_gedrag: {vastgesteld_op: 14/1/2025}
  discriminatie: {vastgesteld_op: 14 januari 2025}
  radicalisering: {vastgesteld_op: 1 mrt 2024}
  sociale_media: {vastgesteld_op: 3 Juni 2025}
  schorsing_en_verwijdering: {vastgesteld_op: 10.05.2024}
  gedragscode_personeel: {vastgesteld_op: 2024-5-10}
preventie:
  toezicht_pauzes: Twee leerkrachten per pauze.
  online_gedrag: Lessen mediawijsheid in groep 7 en 8.
  groepsvorming: De eerste vier weken.
  ouders_informeren: Op de informatieavond.
registratie:
  systeem: ParnasSys
  categorieen: pesten, geweld
  analyse_door: de coördinator
  analyse_frequentie: twee keer per jaar
vaststelling:
  instemming_mr: 6-10-2026
  bevoegd_gezag: 20 oktober 2026
"""


def problems_of(text: str, folder_id: str | None = None) -> list:
    with pytest.raises(ProfileError) as info:
        parse_profile(text, folder_id=folder_id)
    return info.value.problems


def test_template_is_valid_and_entirely_empty():
    profile = parse_profile((TEMPLATES_DIR / "school.yaml").read_text(encoding="utf-8"))
    assert all(value is None for _, value in profile.items())
    assert profile.completeness() == (0, len([f for f in FIELDS if not f.optional]))
    assert profile.display(FIELDS[1]) == MISSING_TEXT


def test_full_profile_is_normalised():
    profile = parse_profile(FULL, folder_id="obs-de-linde")
    assert profile.get("adres.postcode") == "1234 AB"
    assert profile.get("onderwijstype") == "po"
    assert profile.get("schooljaar") == "2026-2027"
    assert profile.get("brin") == "12AB01"
    # YAML 1.1 would read 0201234567 as an octal number; the profile keeps the text.
    assert profile.get("telefoon") == "0201234567"
    assert profile.get("beleid.pestprotocol") is True
    assert profile.get("beleid.klachtenregeling") is True
    assert profile.get("beleid.meldcode") is False
    assert profile.get("beleid.antipestprogramma") == "KiVa"
    assert profile.leerlingen == {"groep 7": 25, "8": 28}
    # dates in any of the accepted spellings become one date; lists stay lists, one text a list of one
    assert [profile.get(f"protocollen.{key}.vastgesteld_op").isoformat() for key in (
        "pesten", "agressie_en_geweld", "seksueel_grensoverschrijdend_gedrag", "discriminatie", "radicalisering",
        "sociale_media", "schorsing_en_verwijdering", "gedragscode_personeel")] == [
        "2025-09-16", "2025-09-16", "2025-01-14", "2025-01-14", "2024-03-01", "2025-06-03", "2024-05-10",
        "2024-05-10"]
    assert profile.get("rollen_vindbaar_in") == ["de schoolgids", "de website"]
    assert profile.get("registratie.categorieen") == ["pesten, geweld"]
    assert profile.display(FIELDS_BY_PATH["vaststelling.bevoegd_gezag"]) == "20 oktober 2026"
    assert profile.display(FIELDS_BY_PATH["rollen_vindbaar_in"]) == "de schoolgids, de website"
    assert profile.missing() == []
    assert profile.completeness()[0] == profile.completeness()[1]


def test_demo_school_is_valid_with_known_gaps():
    profile = load_profile(EXAMPLES_DIR / "demo-school")
    assert profile.naam.startswith("OBS De Regenboog")
    missing = {f.path for f in profile.missing()}
    assert "beleid.meldcode" in missing
    assert "protocollen.radicalisering.vastgesteld_op" in missing  # the demo school has none (yet)
    # beleid.pestprotocol is filled in, and a dated protocollen.pesten would cover it anyway
    assert not any(p.startswith(("protocollen.pesten", "beleid.pestprotocol", "vaststelling", "registratie",
                                 "preventie")) for p in missing)
    assert "rollen.vertrouwenspersoon_extern.naam" in missing
    # An empty aanspreekpunt is covered by the coordinator, so it is not missing.
    assert not any(p.startswith("rollen.aanspreekpunt") for p in missing)
    assert profile.role("aanspreekpunt")["naam"] == profile.get("rollen.coordinator.naam")


def test_empty_file_is_an_empty_profile():
    profile = parse_profile("", folder_id="nieuw")
    assert profile.school_id == "nieuw"
    assert profile.get("naam") is None


@pytest.mark.parametrize(
    ("text", "field", "line", "fragment"),
    [
        ("naam: x\ntelefon: 0201234567\n", "telefon", 2, "bedoelt u 'telefoon'"),
        ("adres:\n  postcod: 1234 AB\n", "adres.postcod", 2, "bedoelt u 'postcode'"),
        ("rollen:\n  coördinator:\n    naam: X\n", "rollen.coördinator", 2, "bedoelt u 'coordinator'"),
        ("brin: 1X2Y\n", "brin", 1, "twee cijfers en twee letters"),
        ("brin: 12AB1\n", "brin", 1, "12AB01"),
        ("onderwijstype: mbo\n", "onderwijstype", 1, "po (primair onderwijs)"),
        ("adres:\n  postcode: 0123 AB\n", "adres.postcode", 2, "1234 AB"),
        ("adres:\n  postcode: 1234 A\n", "adres.postcode", 2, "1234 AB"),
        ("email: info.school.nl\n", "email", 1, "naam@school.nl"),
        ("telefoon: 12345\n", "telefoon", 1, "10 cijfers"),
        ("telefoon: bel maar\n", "telefoon", 1, "10 cijfers"),
        ("schooljaar: 2026-2028\n", "schooljaar", 1, "2026-2027"),
        ("schooljaar: volgend jaar\n", "schooljaar", 1, "2026-2027"),
        ("leerlingen:\n  groep 8: veel\n", "leerlingen.groep 8", 2, "heel getal"),
        ("leerlingen:\n  groep 8: -3\n", "leerlingen.groep 8", 2, "heel getal"),
        ("leerlingen:\n  groep 8: 20\n  Groep 8: 21\n", "leerlingen.Groep 8", 3, "twee keer"),
        ("leerlingen: 120\n", "leerlingen", 1, "per groep"),
        ("naam: a\nnaam: b\n", "naam", 2, "twee keer"),
        ("naam:\n  - a\n  - b\n", "naam", 2, "geen lijst"),
        ("adres: Dorpsstraat 1\n", "adres", 1, "ingesprongen"),
        ("rollen:\n  directeur: Jan\n", "rollen.directeur", 2, "ingesprongen"),
        ("rollen:\n  directeur:\n    mail: a@b.nl\n", "rollen.directeur.mail", 3, "bedoelt u 'email'"),
        ("id: Mijn School\n", "id", 1, "kleine letters"),
    ],
)
def test_wrong_input_names_field_line_and_fix(text, field, line, fragment):
    problems = problems_of(text)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.field == field
    assert problem.line == line
    assert fragment in problem.message


def test_every_problem_is_reported_at_once():
    problems = problems_of("brin: x\nemail: y\nonbekend: z\n")
    assert [p.field for p in problems] == ["brin", "email", "onbekend"]
    assert [p.line for p in problems] == [1, 2, 3]


def test_id_must_match_folder():
    (problem,) = problems_of("id: andere-school\n", folder_id="obs-de-linde")
    assert problem.field == "id" and problem.line == 1
    assert "obs-de-linde" in problem.message


def test_yaml_syntax_error_gives_line():
    (problem,) = problems_of("naam: x\nadres:\n  straat: a\n   postcode: b: c\n")
    assert problem.line == 4
    assert "geen geldige YAML" in problem.message


def test_not_a_mapping():
    (problem,) = problems_of("- een\n- lijst\n")
    assert "sleutel: waarde" in problem.message


def test_error_message_names_file_and_says_nothing_changed(tmp_path):
    folder = tmp_path / "obs-x"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: X\nbrin: fout\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(folder)
    message = str(info.value)
    assert str(folder / "school.yaml") in message
    assert "regel 2, veld 'brin'" in message
    assert "niets gewijzigd" in message


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ProfileError, match="bestaat niet"):
        load_profile(tmp_path)
    (tmp_path / "school.yaml").write_bytes("naam: De B\xe9ver\n".encode("cp1252"))
    with pytest.raises(ProfileError, match="UTF-8"):
        load_profile(tmp_path)


def test_render_template_fills_id_and_quotes_name():
    text = render_template((TEMPLATES_DIR / "school.yaml").read_text(encoding="utf-8"), "obs-x",
                           'OBS "Het Anker": locatie #2')
    profile = parse_profile(text, folder_id="obs-x")
    assert profile.get("id") == "obs-x"
    assert profile.get("naam") == 'OBS "Het Anker": locatie #2'
    assert "# Schoolprofiel" in text  # comments kept
