"""The school's own practice in the profile (protocols, prevention, registration, adoption) and in the plan.

Every sentence about what the school does comes from school.yaml or is a visible "nog in te
vullen" that the appendix lists; the title page carries the adoption dates; the checklist reads
the new fields. Generated DOCX and HTML are read back.
"""

from __future__ import annotations

import pytest
from docx import Document as read_docx

from kit.document.content import build_document
from kit.document.export import export_plan
from kit.errors import ProfileError
from kit.profile import FIELDS_BY_PATH, load_profile, parse_profile

PRACTICE = """\
id: obs-de-linde
naam: OBS De Linde
bestuur: Stichting Linde
onderwijstype: po
schooljaar: 2026-2027
rollen:
  coordinator: {naam: Ahmed Bakr}
beleid:
  antipestprogramma: KiVa
rollen_vindbaar_in:
  - de schoolgids
  - de website van de school
protocollen:
  pesten:
    titel: Pestprotocol De Linde
    vastgesteld_op: 16-09-2025
    stappen:
      - De leerkracht praat dezelfde dag met de gepeste leerling.
      - Na twee weken vraagt de leerkracht of het pesten gestopt is.
  agressie_en_geweld: {titel: Protocol agressie, vastgesteld_op: 2025-09-16}
  seksueel_grensoverschrijdend_gedrag: {vastgesteld_op: 14 januari 2025}
  discriminatie: {vastgesteld_op: 14-01-2025}
  radicalisering: {titel: Protocol radicalisering, vastgesteld_op: 1-3-2024}
  sociale_media: {vastgesteld_op: 3 juni 2025}
  schorsing_en_verwijdering: {vastgesteld_op: 10-05-2024}
  gedragscode_personeel: {vastgesteld_op: 10-05-2024}
preventie:
  toezicht_pauzes: Elke pauze lopen twee leerkrachten buiten volgens het pleinwachtrooster.
  online_gedrag: Groep 7 en 8 krijgen vier lessen mediawijsheid.
  groepsvorming: De eerste zes weken maakt elke groep klassenafspraken.
  ouders_informeren: Op de informatieavond in september.
registratie:
  systeem: het incidentenregister in ParnasSys
  categorieen: [pesten, fysiek geweld, discriminatie]
  analyse_door: de coördinator anti-pestbeleid
  analyse_frequentie: twee keer per schooljaar
vaststelling:
  instemming_mr: 6-10-2026
  bevoegd_gezag: 20 oktober 2026
"""

# An old profile: only the yes/no field for the bullying protocol, none of the new fields.
OLD = """\
id: obs-de-linde
naam: OBS De Linde
bestuur: Stichting Linde
onderwijstype: po
schooljaar: 2026-2027
rollen:
  coordinator: {naam: Ahmed Bakr}
beleid:
  antipestprogramma: KiVa
  pestprotocol: ja
"""

# Sentences the template used to state as the school's practice; the school never said them.
INVENTED = ("volgens een vast rooster", "elk half jaar", "ook in de schoolgids en op de website",
            "komen in elke groep aan bod", "na twee weken volgt een evaluatie", "is te vinden op de website")

PRACTICE_GAPS = {
    ("Taken en rollen", "waar leerlingen en ouders de namen van de rollen vinden"),
    ("Preventie", "het toezicht tijdens pauzes en op het plein"),
    ("Preventie", "de lessen over online gedrag en sociale media"),
    ("Preventie", "de aandacht voor groepsvorming aan het begin van het schooljaar"),
    ("Preventie", "de manier waarop de school ouders informeert"),
    ("Signaleren en handelen", "de datum waarop het pestprotocol is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol agressie en geweld is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol seksueel grensoverschrijdend gedrag is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol discriminatie is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol radicalisering is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol sociale media is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop het protocol schorsing en verwijdering is vastgesteld"),
    ("Signaleren en handelen", "de datum waarop de gedragscode personeel is vastgesteld"),
    ("Registratie van incidenten", "waar incidenten worden vastgelegd"),
    ("Registratie van incidenten", "welke incidenten worden vastgelegd"),
    ("Registratie van incidenten", "wie de incidentregistratie analyseert"),
    ("Registratie van incidenten", "hoe vaak de incidentregistratie wordt geanalyseerd"),
    ("Titelpagina", "de datum waarop de medezeggenschapsraad met het plan heeft ingestemd"),
    ("Titelpagina", "de datum waarop het bevoegd gezag het plan heeft vastgesteld"),
}


def school_with(tmp_path, profile_text: str):
    folder = tmp_path / "obs-de-linde"
    folder.mkdir()
    (folder / "school.yaml").write_text(profile_text, encoding="utf-8")
    return folder


def section(doc, number: int):
    return next(s for s in doc.sections if s.number == number)


def protocol_table(doc):
    from kit.document.model import Table

    return next(b for b in section(doc, 6).blocks if isinstance(b, Table) and b.caption == "Protocollen van de school")


def docx_text(path) -> tuple[list[str], str]:
    word = read_docx(str(path))
    paragraphs = [p.text for p in word.paragraphs]
    cells = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    return paragraphs, cells


# ----------------------------------------------------------------------------- validation

@pytest.mark.parametrize(
    ("text", "field", "line", "fragment"),
    [
        ("vaststelling:\n  instemming_mr: 31-02-2027\n", "vaststelling.instemming_mr", 2, "die datum bestaat niet"),
        ("vaststelling:\n  bevoegd_gezag: volgende week\n", "vaststelling.bevoegd_gezag", 2, "dat is geen datum"),
        ("vaststelling:\n  bevoegd_gezag: 12 maartt 2027\n", "vaststelling.bevoegd_gezag", 2, "12 maart 2027"),
        ("vaststelling:\n  bevoegd_gezag: 2027-13-01\n", "vaststelling.bevoegd_gezag", 2, "die datum bestaat niet"),
        ("protocollen:\n  pesten:\n    vastgesteld_op: 12-03-1890\n", "protocollen.pesten.vastgesteld_op", 3,
         "het jaar 1890 kan niet kloppen"),
        ("protocollen:\n  pesten:\n    vastgesteld_op: [2025, 2026]\n", "protocollen.pesten.vastgesteld_op", 3,
         "geen lijst"),
        ("protocollen:\n  pest:\n    titel: x\n", "protocollen.pest", 2, "bedoelt u 'pesten'"),
        ("protocollen:\n  pestprotocol:\n    titel: x\n", "protocollen.pestprotocol", 2, "toegestaan zijn: pesten, "),
        ("protocollen:\n  discriminatie:\n    datum: 1-1-2025\n", "protocollen.discriminatie.datum", 3,
         "toegestaan zijn: titel, vastgesteld_op"),
        ("protocollen:\n  pesten: ja\n", "protocollen.pesten", 2, "ingesprongen"),
        ("registratie:\n  categorieen:\n    - pesten\n    - {soort: geweld}\n", "registratie.categorieen", 4,
         "één regel tekst"),
        ("registratie:\n  systeem:\n    - ParnasSys\n", "registratie.systeem", 3, "geen lijst"),
        ("rollen_vindbaar_in: {schoolgids: ja}\n", "rollen_vindbaar_in", 1, "een lijst met regels"),
        ("preventie:\n  toezicht: ja\n", "preventie.toezicht", 2, "bedoelt u 'toezicht_pauzes'"),
    ],
)
def test_wrong_practice_input_names_field_line_and_fix(text, field, line, fragment):
    with pytest.raises(ProfileError) as info:
        parse_profile(text)
    (problem,) = info.value.problems
    assert (problem.field, problem.line) == (field, line)
    assert fragment in problem.message


def test_a_bad_date_in_a_file_names_the_file_line_and_field(tmp_path):
    folder = school_with(tmp_path, PRACTICE.replace("instemming_mr: 6-10-2026", "instemming_mr: 30-02-2026"))
    with pytest.raises(ProfileError) as info:
        load_profile(folder)
    message = str(info.value)
    line = PRACTICE.splitlines().index("  instemming_mr: 6-10-2026") + 1
    assert str(folder / "school.yaml") in message
    assert f"regel {line}, veld 'vaststelling.instemming_mr': '30-02-2026' klopt niet: die datum bestaat niet" \
        in message
    assert "12 maart 2027" in message  # how to write it


def test_practice_fields_are_read_and_shown_in_dutch():
    profile = parse_profile(PRACTICE, folder_id="obs-de-linde")
    assert profile.get("vaststelling.bevoegd_gezag").isoformat() == "2026-10-20"
    assert profile.display(FIELDS_BY_PATH["vaststelling.instemming_mr"]) == "6 oktober 2026"
    assert profile.display(FIELDS_BY_PATH["protocollen.radicalisering.vastgesteld_op"]) == "1 maart 2024"
    assert profile.get("registratie.categorieen") == ["pesten", "fysiek geweld", "discriminatie"]
    assert profile.display(FIELDS_BY_PATH["registratie.categorieen"]) == "pesten, fysiek geweld, discriminatie"
    assert profile.get("protocollen.pesten.stappen")[1].startswith("Na twee weken")
    practice = [p for p in FIELDS_BY_PATH if p.startswith(("protocollen", "preventie", "registratie",
                                                           "vaststelling", "rollen_vindbaar_in"))]
    assert not [f for f in profile.missing() if f.path in practice]


def test_an_old_profile_still_loads_and_a_dated_protocol_covers_the_old_field():
    old = parse_profile(OLD, folder_id="obs-de-linde")
    assert old.get("beleid.pestprotocol") is True
    missing = {f.path for f in old.missing()}
    assert "protocollen.pesten.vastgesteld_op" in missing and "vaststelling.bevoegd_gezag" in missing
    assert "protocollen.pesten.titel" not in missing and "protocollen.pesten.stappen" not in missing  # optional
    dated = parse_profile("protocollen:\n  pesten:\n    vastgesteld_op: 16-09-2025\n")
    assert "beleid.pestprotocol" not in {f.path for f in dated.missing()}
    assert dated.display(FIELDS_BY_PATH["beleid.pestprotocol"]) == "ja, vastgesteld op 16 september 2025"
    assert "beleid.pestprotocol" in {f.path for f in parse_profile("").missing()}


# ----------------------------------------------------------------------------- the plan

def test_chapters_state_the_schools_own_practice(tmp_path):
    doc = build_document(school_with(tmp_path, PRACTICE))
    text = doc.text()
    for invented in INVENTED:
        assert invented not in text
    assert not {(g.chapter, g.what) for g in doc.gaps} & PRACTICE_GAPS
    rollen = "\n".join(section(doc, 4).blocks[i].text for i in range(2))
    assert ("Waar leerlingen en ouders deze namen en contactgegevens vinden: de schoolgids en de website van de "
            "school.") in rollen
    prevention = [b.text for b in section(doc, 5).blocks[-1].items]
    assert prevention == [
        "Toezicht tijdens pauzes en op het plein: Elke pauze lopen twee leerkrachten buiten volgens het "
        "pleinwachtrooster.",
        "Lessen over online gedrag en sociale media: Groep 7 en 8 krijgen vier lessen mediawijsheid.",
        "Groepsvorming aan het begin van het schooljaar: De eerste zes weken maakt elke groep klassenafspraken.",
        "Ouders informeren: Op de informatieavond in september.",
    ]
    handling = section(doc, 6).blocks
    texts = [getattr(b, "text", None) for b in handling]
    assert "Bij pesten volgt de school haar pestprotocol: Pestprotocol De Linde, vastgesteld op 16 september 2025." \
        in texts
    steps = handling[texts.index("De stappen van het pestprotocol in het kort:") + 1]
    assert [s.text for s in steps.items] == ["De leerkracht praat dezelfde dag met de gepeste leerling.",
                                             "Na twee weken vraagt de leerkracht of het pesten gestopt is."]
    table = protocol_table(doc)
    assert table.header == ["Onderwerp", "Titel", "Vastgesteld op"]
    assert [[c.text for c in row] for row in table.rows] == [
        ["Pesten", "Pestprotocol De Linde", "16 september 2025"],
        ["Agressie en geweld", "Protocol agressie", "16 september 2025"],
        ["Seksueel grensoverschrijdend gedrag", "–", "14 januari 2025"],
        ["Discriminatie", "–", "14 januari 2025"],
        ["Radicalisering", "Protocol radicalisering", "1 maart 2024"],
        ["Sociale media", "–", "3 juni 2025"],
        ["Schorsing en verwijdering", "–", "10 mei 2024"],
        ["Gedragscode personeel", "–", "10 mei 2024"],
    ]
    registration = [b.text for b in section(doc, 7).blocks[-1].items]
    assert registration == ["Vastgelegd in: het incidentenregister in ParnasSys",
                            "Soorten incidenten: pesten, fysiek geweld en discriminatie",
                            "Analyse door: de coördinator anti-pestbeleid",
                            "Hoe vaak: twee keer per schooljaar"]
    assert [line.text for line in doc.adoption] == ["Instemming medezeggenschapsraad: 6 oktober 2026",
                                                    "Vastgesteld door het bevoegd gezag: 20 oktober 2026"]


def test_practice_and_dates_are_in_the_docx_and_the_html(tmp_path):
    school = school_with(tmp_path, PRACTICE)
    files = export_plan(school, ["docx", "html"])
    paragraphs, cells = docx_text(files["docx"])
    cover = paragraphs[:paragraphs.index("Inhoud")]
    assert "Instemming medezeggenschapsraad: 6 oktober 2026" in cover
    assert "Vastgesteld door het bevoegd gezag: 20 oktober 2026" in cover
    assert "Toezicht tijdens pauzes en op het plein: Elke pauze lopen twee leerkrachten buiten volgens het " \
           "pleinwachtrooster." in paragraphs
    assert "Na twee weken vraagt de leerkracht of het pesten gestopt is." in paragraphs
    assert "Pestprotocol De Linde" in cells and "1 maart 2024" in cells
    page = files["html"].read_text(encoding="utf-8")
    cover_html = page[page.index('<header class="cover">'):page.index("</header>")]
    assert '<p class="adoption">Instemming medezeggenschapsraad: 6 oktober 2026</p>' in cover_html
    assert '<p class="adoption">Vastgesteld door het bevoegd gezag: 20 oktober 2026</p>' in cover_html
    assert "<td>Radicalisering</td><td>Protocol radicalisering</td><td>1 maart 2024</td>" in page


def test_without_the_fields_every_practice_is_a_placeholder_and_a_listed_gap(tmp_path):
    school = school_with(tmp_path, OLD)
    doc = build_document(school)
    text = doc.text()
    for invented in INVENTED:
        assert invented not in text
    gaps = {(g.chapter, g.what) for g in doc.gaps}
    assert PRACTICE_GAPS <= gaps
    # the sentence and the table name the missing date of the bullying protocol once, as one gap
    assert [g.what for g in doc.gaps].count("de datum waarop het pestprotocol is vastgesteld") == 1
    assert "Bij pesten volgt de school haar pestprotocol: nog in te vullen: de datum waarop het pestprotocol is " \
           "vastgesteld." in text
    assert "De stappen van het pestprotocol in het kort:" not in text  # no steps given: none invented
    assert "Toezicht tijdens pauzes en op het plein: nog in te vullen: het toezicht tijdens pauzes en op het " \
           "plein" in text
    table = protocol_table(doc)
    for row in table.rows:
        assert row[2].text == "nog in te vullen" and row[2].runs[0].missing
    for line in doc.adoption:
        assert line.runs[-1].missing and line.runs[-1].text == "nog in te vullen"
    files = export_plan(school, ["docx", "html"])
    paragraphs, cells = docx_text(files["docx"])
    cover = paragraphs[:paragraphs.index("Inhoud")]
    assert "Instemming medezeggenschapsraad: nog in te vullen" in cover
    assert "Vastgesteld door het bevoegd gezag: nog in te vullen" in cover
    word = read_docx(str(files["docx"]))
    marked = [r for p in word.paragraphs[:len(cover)] for r in p.runs if r.text == "nog in te vullen"]
    assert len(marked) == 2 and all(r.italic and r.font.highlight_color is not None for r in marked)
    assert f"Concept: {len(doc.gaps)} onderdelen zijn nog in te vullen (zie de bijlage)." in cover
    page = files["html"].read_text(encoding="utf-8")
    assert ('<p class="adoption">Vastgesteld door het bevoegd gezag: <mark class="gap">nog in te vullen</mark></p>'
            in page)
    appendix = page[page.index('id="hbijlage"'):]
    for chapter, what in PRACTICE_GAPS:
        assert f"<td>{chapter}</td><td>{what}</td>" in appendix
    assert f"Nog in te vullen ({len(doc.gaps)})" in appendix
    assert f"Nog in te vullen ({len(doc.gaps)})" in paragraphs  # the caption of the DOCX appendix table
    for _, what in PRACTICE_GAPS:
        assert what in cells


def test_the_demo_school_plan_names_its_practice(tmp_path):
    from kit.demo import install_demo

    doc = build_document(install_demo(tmp_path / "workspace"))
    text = doc.text()
    assert "Toezicht tijdens pauzes en op het plein: In elke pauze zijn twee leerkrachten op het plein" in text
    assert "Vastgesteld door het bevoegd gezag: 20 oktober 2026" in text
    assert {(g.chapter, g.what) for g in doc.gaps} & PRACTICE_GAPS == {
        ("Signaleren en handelen", "de datum waarop het protocol radicalisering is vastgesteld")}


# ----------------------------------------------------------------------------- checklist

def checklist(profile_text: str) -> dict[str, dict]:
    from kit.plan.checklist import evaluate_checklist, load_checklist
    from kit.plan.facts import Facts, load_labels

    facts = Facts(labels=load_labels(), profile=parse_profile(profile_text, folder_id="obs-de-linde"),
                  plan_year="2026-2027")
    return {item["id"]: item for item in evaluate_checklist(load_checklist(), facts)}


def test_checklist_reads_the_practice_fields():
    items = checklist(PRACTICE)
    for item_id in ("registratie", "vindbaar", "pestprotocol", "vaststelling"):
        assert items[item_id]["status"] == "met", item_id
        assert items[item_id]["todo"] == ""
    assert items["pestprotocol"]["detail"] == ("Pestprotocol: Pestprotocol De Linde, vastgesteld op 16 september "
                                               "2025 (volgens het schoolprofiel).")
    assert "Wie de registratie analyseert: de coördinator anti-pestbeleid" in items["registratie"]["detail"]
    assert "de schoolgids, de website van de school (volgens het schoolprofiel)" in items["vindbaar"]["detail"]
    assert items["vaststelling"]["detail"] == (
        "Instemming medezeggenschapsraad: 6 oktober 2026; Vastgesteld door het bevoegd gezag: 20 oktober 2026 "
        "(volgens het schoolprofiel).")
    assert items["vaststelling"]["sources"] == ["Wet medezeggenschap op scholen (WMS), art. 10 onder e"]


def test_checklist_without_the_fields_says_what_is_not_filled_in():
    items = checklist(OLD + "registratie:\n  systeem: ParnasSys\n")
    assert items["registratie"]["status"] == "to_check"
    assert items["registratie"]["detail"] == (
        "Waar incidenten worden vastgelegd: ParnasSys (volgens het schoolprofiel). Nog niet ingevuld in het "
        "schoolprofiel: welke incidenten worden vastgelegd; wie de registratie analyseert; hoe vaak de registratie "
        "wordt geanalyseerd.")
    assert "bij registratie" in items["registratie"]["todo"]
    assert items["vindbaar"]["status"] == "to_check"  # the coordinator is the aanspreekpunt; where is not known
    assert items["vaststelling"]["status"] == "to_check"
    # the old yes/no field still counts, and the detail says what the plan still lacks
    assert items["pestprotocol"]["status"] == "met"
    assert items["pestprotocol"]["detail"] == ("Pestprotocol: volgens het schoolprofiel ja. De titel en de datum "
                                               "van vaststelling staan er nog niet in.")
    titled = checklist(OLD.replace("pestprotocol: ja", "pestprotocol: nee")
                       + "protocollen:\n  pesten:\n    titel: Pestprotocol 2019\n")
    assert titled["pestprotocol"]["status"] == "to_check"
    assert "zonder datum van vaststelling" in titled["pestprotocol"]["detail"]
    assert checklist(OLD.replace("pestprotocol: ja", "pestprotocol: nee"))["pestprotocol"]["status"] == "missing"


def test_checklist_rejects_unknown_fields_and_protocols(tmp_path):
    from kit.plan.checklist import load_checklist
    from kit.plan.errors import CatalogueError

    bad = tmp_path / "checklist.yaml"
    bad.write_text("""items:
  - {id: a, titel: A, uitleg: A, bron: x, wat_te_doen: x, controle: {profiel: registratie.sisteem}}
  - {id: b, titel: B, uitleg: B, bron: x, wat_te_doen: x, controle: {protocol: pestprotocol}}
""", encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_checklist(bad)
    message = str(info.value)
    assert "punt 'a': onbekend veld 'registratie.sisteem' in het schoolprofiel" in message
    assert "punt 'b': onbekend protocol 'pestprotocol'; kies uit pesten," in message
