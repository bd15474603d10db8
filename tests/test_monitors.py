"""Recognised monitors: the Inspectie's list, matching a school's instrument, the checklist item,
monitor.yaml with its errors, and the Monitoring chapter read back from the document and the DOCX."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from docx import Document as read_docx

from kit.document.content import CHAPTERS, build_document
from kit.document.model import Figure, Table, block_text
from kit.monitor_results import MonitorResultsError, load_monitor_results, parse_monitor_text
from kit.monitors import EMPTY, MONITOR, OWN, UNKNOWN, MonitorListError, load_monitors, normalise
from kit.plan.checklist import evaluate_item, load_checklist
from kit.plan.facts import Facts, load_labels
from kit.profile import parse_profile

TODAY = date(2026, 12, 4)
MONITORING = CHAPTERS[7]
DEMO_MONITOR_ROWS = [
    "2023-2024 | 3,3 (schaal 1-4) | 3,2 (schaal 1-4) | 12% | 94 | 18 april 2024",
    "2024-2025 | 3,2 (schaal 1-4) | 3,1 (schaal 1-4) | 15% | 99 | 10 april 2025",
    "2025-2026 | 3,0 (schaal 1-4) | 3,1 (schaal 1-4) | 19% | 101 | 16 april 2026",
]


@pytest.fixture(scope="module")
def monitors():
    return load_monitors()


# ----------------------------------------------------------------------------- the list and matching

def test_the_list_holds_the_inspecties_instruments_with_its_date(monitors):
    assert monitors.list_date == date(2022, 2, 8) and monitors.date_text == "8 februari 2022"
    assert monitors.source.startswith("https://www.onderwijsinspectie.nl/onderwerpen/sociale-veiligheid/instrumenten-")
    expected = ["EigenwijzR", "Hart & Ziel", "Kanjertraining", "KiVa", "Kwaliteitscholen", "Looqin",
                "Leerklimaatvragenlijst", "O&I Groep", "Qschool", "SCOL", "SterkWerk", "Scholen met Succes",
                "Succes!Spiegel", "Veiligheidsmonitor (Praktikon)", "Veiligheidsmonitor PO/VO (ResearchNed)",
                "Vensters", "Viseon/Cito", "Wat Werkt Tegen Pesten", "WMK", "ZIEN!"]
    assert len(monitors.monitors) == 20
    for name in expected:
        assert monitors.match(name).kind == MONITOR, name
    assert len({monitors.match(name).monitor.name for name in expected}) == 20  # each a different instrument


@pytest.mark.parametrize("written, name", [
    ("kiva-MONITOR", "KiVa"),
    ("KiVa monitor", "KiVa"),
    ("KiVa-monitor (groep 5-8)", "KiVa"),  # something added in brackets
    ("Hart en Ziel", "Hart & Ziel"),
    ("hart&ziel", "Hart & Ziel"),
    ("Zien", "ZIEN!"),
    ("ZIEN! Leerling 5-8", "ZIEN!"),
    ("zien leerling 5 - 8", "ZIEN!"),
    ("KanVAS", "Kanjertraining"),
    ("Vragenlijst Sociale Veiligheid Kanjertraining (KanVAS)", "Kanjertraining"),
    ("Monitor Sociale Veiligheid", "SCOL"),
    ("M.S.V.", "SCOL"),
    ("wmk po", "WMK"),
    ("O en I Groep", "Onderzoek & Innovatie Groep"),
    ("Veiligheidsmonitor PO/VO", "Veiligheidsmonitor PO/VO (ResearchNed)"),
    ("looqin2u", "Looqin"),
    ("  VENSTERS ", "Vensters"),
    ("EigenwijzR", "EigenwijzR"),  # a monitor, although it starts with "eigen"
])
def test_matching_ignores_case_spaces_and_punctuation_and_knows_aliases(monitors, written, name):
    found = monitors.match(written)
    assert found.kind == MONITOR
    assert found.monitor.name == name


@pytest.mark.parametrize("written", ["Eigen leerlingenquête (instrument van de kit)", "eigen leerlingenquete",
                                     "Instrument van de kit", "de enquête van de cursus", "Eigen vragenlijst"])
def test_the_kits_own_questionnaire_is_not_a_monitor(monitors, written):
    assert monitors.match(written).kind == OWN


@pytest.mark.parametrize("written", ["Veiligheidsmonitor", "Mijn Schoolvragenlijst", "KiVa-lessen 2"])
def test_an_unknown_name_is_unknown(monitors, written):
    assert monitors.match(written).kind == UNKNOWN


def test_empty_values_are_empty(monitors):
    for value in (None, "", "  ", "!?", True, False):
        assert monitors.match(value).kind == EMPTY


def test_normalise():
    assert normalise("Hart & Ziel") == normalise("hart en ziel") == "hartenziel"
    assert normalise("Leerlingenquête") == "leerlingenquete"


def test_a_broken_list_names_line_and_field(tmp_path):
    path = tmp_path / "monitors.yaml"
    path.write_text(
        "lijst:\n"
        "  bron: https://example.org\n"
        "  datum: 8 februari\n"
        "eigen_vragenlijst: [eigen enquête]\n"
        "monitoren:\n"
        "  - naam: KiVa\n"
        "    aliassen: [KiVa-monitor]\n"
        "  - naam: Andere\n"
        "    aliassen: [kiva monitor]\n"
        "    onderwijs: [mbo]\n"
        "  - aanbieder: Niemand\n"
        "    kleur: blauw\n", encoding="utf-8")
    with pytest.raises(MonitorListError) as info:
        load_monitors(path)
    text = str(info.value)
    assert str(path) in text
    assert "regel 3, veld 'lijst.datum': '8 februari' is geen datum" in text
    assert "regel 8, veld 'monitoren, 'Andere'': 'kiva monitor' staat ook bij 'KiVa'" in text
    assert "'mbo' is geen soort onderwijs" in text
    assert "regel 12, veld 'monitoren, instrument 3.kleur': onbekend veld" in text
    assert "veld 'monitoren, instrument 3.naam': ontbreekt" in text


# ----------------------------------------------------------------------------- the checklist item

PROFILE = """
id: obs-de-linde
naam: OBS De Linde
onderwijstype: {kind}
schooljaar: 2026-2027
beleid:
  monitoringsinstrument: {value}
"""


@pytest.fixture(scope="module")
def instrument_item():
    return next(item for item in load_checklist() if item.id == "instrument")


@pytest.fixture(scope="module")
def labels():
    return load_labels()


def _instrument(item, labels, value: str, kind: str = "po") -> dict:
    profile = parse_profile(PROFILE.format(value=value, kind=kind), folder_id="obs-de-linde")
    return evaluate_item(item, Facts(labels=labels, profile=profile, plan_year="2026-2027", today=TODAY))


def test_a_recognised_monitor_is_met_with_the_lists_date(instrument_item, labels):
    result = _instrument(instrument_item, labels, "KiVa-monitor")
    assert result["status"] == "met" and result["todo"] == ""
    assert result["detail"] == ("Volgens het schoolprofiel: KiVa-monitor. Dat is KiVa, een instrument op de lijst "
                                "van de Inspectie van het Onderwijs van 8 februari 2022.")


def test_the_kits_own_questionnaire_is_missing_with_a_plain_explanation(instrument_item, labels):
    result = _instrument(instrument_item, labels, "Eigen leerlingenquête (instrument van de kit)")
    assert result["status"] == "missing"
    assert "vervangt de wettelijke monitor niet" in result["detail"]
    assert "8 februari 2022" in result["detail"]
    assert result["todo"].startswith("Kies een instrument van de lijst van de Inspectie")


def test_an_unknown_instrument_is_to_check(instrument_item, labels):
    result = _instrument(instrument_item, labels, "Mijn Schoolvragenlijst")
    assert result["status"] == "to_check"
    assert ("Mijn Schoolvragenlijst. Dat staat niet op de lijst van de Inspectie van het Onderwijs van "
            "8 februari 2022; controleer bij de aanbieder") in result["detail"]
    assert "1 juli" in result["todo"]


def test_empty_yes_and_no(instrument_item, labels):
    assert _instrument(instrument_item, labels, "")["status"] == "to_check"
    assert "noemt het monitoringsinstrument van de school niet" in _instrument(instrument_item, labels, "")["detail"]
    assert _instrument(instrument_item, labels, "ja")["status"] == "to_check"
    no = _instrument(instrument_item, labels, "nee")
    assert no["status"] == "missing" and "geen monitoringsinstrument" in no["detail"]


def test_a_monitor_for_another_kind_of_school_is_to_check(instrument_item, labels):
    result = _instrument(instrument_item, labels, "ZIEN! Leerling 5-8", kind="vo")
    assert result["status"] == "to_check"
    assert "bedoeld voor po; deze school is vo" in result["detail"]
    assert _instrument(instrument_item, labels, "Vensters", kind="vo")["status"] == "met"


# ----------------------------------------------------------------------------- monitor.yaml

def test_monitor_results_are_read_per_school_year():
    results = parse_monitor_text(
        "schooljaren:\n"
        "  2025-2026:\n"
        "    datum_rapport: 16-4-2026\n"
        "    n: 101\n"
        "    veiligheidsbeleving: {waarde: '3,0', eenheid: schaal 1-4}\n"
        "    pesten: {waarde: 6.5, eenheid: '%', omschrijving: gepest}\n"
        "  2024-2025:\n"
        "    datum_rapport: 2025-04-10\n"
        "    n: 99\n"
        "    welbevinden: {waarde: 7, eenheid: schaal van 1 tot 10}\n", today=TODAY)
    assert [y.year for y in results.years] == ["2024-2025", "2025-2026"]  # oldest first
    latest = results.latest
    assert latest.report_date == date(2026, 4, 16) and latest.n == 101
    assert latest.figures["veiligheidsbeleving"].text() == "3,0 (schaal 1-4)"
    assert latest.figures["pesten"].text() == "6,5%" and latest.figures["pesten"].label == "gepest"
    assert results.years[0].figures["welbevinden"].text() == "7 (schaal 1-10)"


def test_monitor_yaml_errors_name_line_and_field():
    text = ("schooljaren:\n"                                  # 1
            "  2024-2026:\n"                                  # 2
            "    n: 5\n"                                      # 3
            "  2025-2026:\n"                                  # 4
            "    datum_rapport: 2027-01-01\n"                 # 5
            "    n: veel\n"                                   # 6
            "    veiligheidsbeleving:\n"                      # 7
            "      waarde: 5\n"                               # 8
            "      eenheid: schaal 1-4\n"                     # 9
            "    pesten:\n"                                   # 10
            "      waarde: 6\n"                               # 11
            "      eenheid: cijfer\n"                         # 12
            "    welzijn: 3\n"                                # 13
            "  2023-2024:\n"                                  # 14
            "    datum_rapport: 2022-05-01\n"                 # 15
            "    pesten: {waarde: 120, eenheid: '%'}\n")      # 16
    with pytest.raises(MonitorResultsError) as info:
        parse_monitor_text(text, "demo/monitor.yaml", today=TODAY)
    message = str(info.value)
    assert message.startswith("demo/monitor.yaml: ")
    expected = [
        "regel 2, veld 'schooljaren.2024-2026': '2024-2026' is geen schooljaar",
        "regel 5, veld 'schooljaren.2025-2026.datum_rapport': 2027-01-01 ligt in de toekomst",
        "regel 6, veld 'schooljaren.2025-2026.n': 'veel' is geen aantal leerlingen",
        "regel 8, veld 'schooljaren.2025-2026.veiligheidsbeleving.waarde': 5 ligt buiten de schaal 1-4",
        "regel 12, veld 'schooljaren.2025-2026.pesten.eenheid': 'cijfer' kent de kit niet",
        "regel 13, veld 'schooljaren.2025-2026.welzijn': onbekend veld",
        "regel 15, veld 'schooljaren.2023-2024.datum_rapport': 2022-05-01 ligt vóór het begin van schooljaar "
        "2023-2024",
        "regel 14, veld 'schooljaren.2023-2024.n': ontbreekt",
        "regel 16, veld 'schooljaren.2023-2024.pesten.waarde': 120 is geen percentage tussen 0 en 100",
    ]
    for line in expected:
        assert line in message, line
    assert len(info.value.problems) == len(expected)


def test_broken_yaml_and_a_missing_file(tmp_path):
    assert load_monitor_results(tmp_path) is None
    (tmp_path / "monitor.yaml").write_text("schooljaren:\n  2025-2026: [\n", encoding="utf-8")
    with pytest.raises(MonitorResultsError) as info:
        load_monitor_results(tmp_path)
    assert "geen geldige YAML" in str(info.value) and "regel " in str(info.value)


def test_the_template_is_valid_and_empty():
    from kit.paths import TEMPLATES_DIR

    template = (TEMPLATES_DIR / "monitor.yaml").read_text(encoding="utf-8")
    assert parse_monitor_text(template).years == []
    head, tail = template.split("schooljaren:\n")
    example = "schooljaren:\n" + "\n".join(line[1:] for line in tail.splitlines())  # the commented example
    assert [y.year for y in parse_monitor_text(example, today=TODAY).years] == ["2025-2026"]


def test_school_check_checks_monitor_yaml(kit, tmp_path):
    from kit.paths import EXAMPLES_DIR

    school = tmp_path / "demo-school"
    shutil.copytree(EXAMPLES_DIR / "demo-school", school)
    status, out, _ = kit("school", "check", school)
    assert status == 0
    assert "de uitkomsten van de monitor zijn in orde (2023-2024, 2024-2025, 2025-2026)" in out
    text = (school / "monitor.yaml").read_text(encoding="utf-8")
    (school / "monitor.yaml").write_text(text.replace("    n: 99\n", "    n: negen\n"), encoding="utf-8")
    status, out, err = kit("school", "check", school)
    assert status == 2 and out == ""
    line = text.splitlines().index("    n: 99") + 1
    assert f"regel {line}, veld 'schooljaren.2024-2025.n': 'negen' is geen aantal leerlingen" in err


# ----------------------------------------------------------------------------- the Monitoring chapter

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kit.demo import install_demo

    return install_demo(tmp_path_factory.mktemp("monitors") / "workspace")


def _variant(demo, tmp_path, instrument: str | None = None, monitor_yaml: str | None = "keep"):
    """A copy of the demo school with another instrument in the profile and/or another monitor.yaml."""
    school = tmp_path / "demo-school"
    shutil.copytree(demo, school)
    if instrument is not None:
        profile = (school / "school.yaml").read_text(encoding="utf-8")
        lines = [f"  monitoringsinstrument: {instrument}" if line.startswith("  monitoringsinstrument:") else line
                 for line in profile.splitlines()]
        (school / "school.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if monitor_yaml is None:
        (school / "monitor.yaml").unlink()
    elif monitor_yaml != "keep":
        (school / "monitor.yaml").write_text(monitor_yaml, encoding="utf-8")
    return school


def _chapter(doc):
    section = next(s for s in doc.sections if s.title == MONITORING)
    return section, [line for block in section.blocks for line in block_text(block)]


def test_the_demo_chapter_shows_the_legal_monitor_first_then_the_survey(demo):
    doc = build_document(demo)
    section, lines = _chapter(doc)
    text = "\n".join(lines)
    assert "De school gebruikt hiervoor Vragenlijst Sociale Veiligheid Kanjertraining (KanVAS)." in text
    assert "lijst van de Inspectie van het Onderwijs van 8 februari 2022" in text
    table = next(b for b in section.blocks if isinstance(b, Table) and b.caption.startswith("Uitkomsten van de monitor"))
    assert block_text(table) == ["Schooljaar | Veiligheidsbeleving | Welbevinden | Pesten | n | Datum rapport",
                                 *DEMO_MONITOR_ROWS]
    assert "Omschrijving in het rapport van de monitor bij pesten: gepest (2-3 keer per maand of vaker)." in lines
    trend = next(line for line in lines if line.startswith("Ontwikkeling over de ingevulde schooljaren"))
    assert trend == ("Ontwikkeling over de ingevulde schooljaren: de veiligheidsbeleving daalde van 3,3 in 2023-2024 "
                     "naar 3,0 in 2025-2026 (schaal 1-4), het welbevinden daalde van 3,2 in 2023-2024 naar 3,1 in "
                     "2025-2026 (schaal 1-4) en de uitkomst voor pesten steeg van 12% in 2023-2024 naar 19% in "
                     "2025-2026.")
    chart = next(b for b in section.blocks if isinstance(b, Figure) and b.name == "monitor")
    assert chart.png.startswith(b"\x89PNG") and "12% in 2023-2024 naar 19%" in chart.alt
    # the legal monitoring comes first; the survey follows as the in-depth analysis, never compared with it
    position = {name: next(i for i, line in enumerate(lines) if line.startswith(name))
                for name in ("De wet vraagt", "De school gebruikt hiervoor", "Schooljaar | ", "Verdiepende analyse",
                             "Indicator | Percentage")}
    assert list(position.values()) == sorted(position.values())
    assert "De school meet elk schooljaar de sociale veiligheid van de leerlingen met" not in text
    assert "geen wettelijke monitor en vervangt de monitor niet" in text
    survey = lines[position["Indicator | Percentage"]:]
    survey = survey[:survey.index("Privacy bij de leerlingenquête")] if "Privacy bij de leerlingenquête" in survey else survey
    assert "enquête" not in trend and "monitor" not in " ".join(survey)
    assert not [gap for gap in doc.gaps if gap.chapter == MONITORING]


def test_the_kits_own_questionnaire_is_a_visible_gap(demo, tmp_path):
    doc = build_document(_variant(demo, tmp_path, "Eigen leerlingenquête (instrument van de kit)"))
    section, lines = _chapter(doc)
    placeholder = next(run for block in section.blocks if hasattr(block, "runs") for run in block.runs if run.missing)
    assert placeholder.text.startswith("Nog in te vullen: het monitoringsinstrument van de school.")
    assert "vervangt de wettelijke monitor niet" in placeholder.text
    assert "De school gebruikt hiervoor" not in "\n".join(lines)
    gaps = [gap.what for gap in doc.gaps if gap.chapter == MONITORING]
    assert gaps == ["een monitoringsinstrument van de lijst van de Inspectie"]


def test_an_unknown_instrument_is_named_and_marked_to_check(demo, tmp_path):
    doc = build_document(_variant(demo, tmp_path, "Mijn Schoolvragenlijst"))
    _, lines = _chapter(doc)
    assert "De school gebruikt hiervoor Mijn Schoolvragenlijst." in lines
    assert any(line.startswith("Nog te controleren: Mijn Schoolvragenlijst staat niet op de lijst") for line in lines)
    assert [g.what for g in doc.gaps if g.chapter == MONITORING] == [
        "de controle van het monitoringsinstrument (Mijn Schoolvragenlijst)"]


def test_missing_or_broken_results_are_a_visible_gap(demo, tmp_path):
    doc = build_document(_variant(demo, tmp_path / "a", monitor_yaml=None))
    _, lines = _chapter(doc)
    assert "Nog in te vullen: de uitkomsten van de monitor per schooljaar." in lines
    assert [g.what for g in doc.gaps if g.chapter == MONITORING] == ["de uitkomsten van de monitor per schooljaar"]
    doc = build_document(_variant(demo, tmp_path / "b", monitor_yaml="schooljaren:\n  2025: x\n"))
    assert [g.what for g in doc.gaps if g.chapter == MONITORING] == [
        "de uitkomsten van de monitor (monitor.yaml bevat fouten)"]


def test_old_results_and_a_missing_figure_are_gaps(demo, tmp_path):
    text = ("schooljaren:\n"
            "  2023-2024:\n"
            "    datum_rapport: 2024-04-18\n"
            "    n: 94\n"
            "    veiligheidsbeleving: {waarde: '3,3', eenheid: schaal 1-4}\n"
            "    pesten: {waarde: 12, eenheid: '%'}\n")
    doc = build_document(_variant(demo, tmp_path, monitor_yaml=text))
    section, lines = _chapter(doc)
    assert any(line.startswith("Nog in te vullen: de uitkomsten van de monitor van schooljaar 2025-2026.")
               for line in lines)
    assert "2023-2024 | 3,3 (schaal 1-4) | nog in te vullen | 12% | 94 | 18 april 2024" in lines
    assert any(line.startswith("Er zijn nog alleen uitkomsten van 2023-2024") for line in lines)
    assert not any(isinstance(b, Figure) and b.name == "monitor" for b in section.blocks)
    assert [g.what for g in doc.gaps if g.chapter == MONITORING] == [
        "de uitkomsten van de monitor van schooljaar 2025-2026",
        "welbevinden in de uitkomsten van de monitor van 2023-2024"]


def test_the_docx_holds_the_monitor_table_and_the_trend(demo, tmp_path):
    from kit.document.export import export_plan

    files = export_plan(demo, ["docx"], output_dir=tmp_path)
    word = read_docx(str(files["docx"]))
    paragraphs = [p.text for p in word.paragraphs]
    start = paragraphs.index(f"8. {MONITORING}")
    chapter = paragraphs[start:paragraphs.index(f"9. {CHAPTERS[8]}")]
    assert any(p.startswith("De school gebruikt hiervoor Vragenlijst Sociale Veiligheid Kanjertraining") for p in chapter)
    trend = next(i for i, p in enumerate(chapter) if p.startswith("Ontwikkeling over de ingevulde schooljaren"))
    depth = next(i for i, p in enumerate(chapter) if p.startswith("Verdiepende analyse"))
    assert trend < depth
    assert "de uitkomst voor pesten steeg van 12% in 2023-2024 naar 19% in 2025-2026" in chapter[trend]
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Schooljaar")
    rows = [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    assert rows[1:] == DEMO_MONITOR_ROWS
