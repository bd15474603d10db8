"""The case template: the shipped file is valid and complete; a bad file gets Dutch errors with line, case and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.signalering.cases import (CASES_FILE, SERIOUSNESS, CasesError, load_cases, load_school_cases, read_cases,
                                   school_kind)
from kit.signalering.results import case_result, result_html

GOOD_CASE = """
  - id: {id}
    titel: Een casus
    voor: [{kind}]
    tekst: >
      Een leerling uit {{{{ groep }}}} 5 wordt al weken buitengesloten. De {{{{ leerkracht }}}} ziet het niet.
      Een ouder belt erover. De leerling zegt zelf niets.
    signalen: [Alleen, Weken, Ouder belt]
    vervolgstappen: [Praten, Melden, Wachten]
    bespreken: Uitsluiten is een vorm van pesten, ook zonder woorden.
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "casussen.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def good_file(tmp_path: Path, extra: str = "") -> Path:
    cases = "".join(GOOD_CASE.format(id=f"casus-{kind}-{n}", kind=kind) for kind in ("po", "vo") for n in range(6))
    return write(tmp_path, "casussen:" + cases + extra)


def test_the_shipped_cases_cover_po_and_vo_and_the_kinds_of_situation_the_course_needs():
    cases = read_cases()
    for kind in ("po", "vo"):
        assert sum(1 for c in cases if kind in c.kinds) >= 6
    notes = " ".join(c.notes.lower() for c in cases)
    for theme in ("conflict", "plagen", "online pesten", "uitsluiten", "omstander", "meldcode"):
        assert theme in notes, theme
    meldcode = [c for c in cases if "meldcode" in c.notes.lower() and "niet bij het pestprotocol" in c.notes.lower()]
    assert meldcode, "a case must say that the meldcode, not the bullying protocol, is the route"
    for case in cases:
        sentences = len(re.findall(r"[.!?](?:\s|$)", case.text))
        assert 3 <= sentences <= 6, (case.id, sentences)
        assert 3 <= len(case.signals) <= 8 and 3 <= len(case.next_steps) <= 8


def test_terms_are_filled_for_the_kind_of_school():
    po = {c.id: c for c in load_cases("po")}
    vo = {c.id: c for c in load_cases("vo")}
    assert "uit jouw groep ruzie" in po["ruzie-om-de-bal"].text
    assert "uit jouw klas ruzie" in vo["ruzie-om-de-bal"].text
    assert "blauwe-plekken" in po and "blauwe-plekken" not in vo
    assert "het-blijft-thuis" in vo and "het-blijft-thuis" not in po
    assert not any("{{" in c.text + "".join(c.signals + c.next_steps) + c.notes for c in vo.values())
    assert school_kind("so") == "po" and school_kind(None) == "po" and school_kind(" VO ") == "vo"


def test_a_school_gets_the_cases_of_its_profile(tmp_path):
    folder = tmp_path / "vo-school"
    folder.mkdir()
    (folder / "school.yaml").write_text("naam: Het College\nonderwijstype: vo\n", encoding="utf-8")
    assert [c.id for c in load_school_cases(folder)] == [c.id for c in load_cases("vo")]


def test_a_valid_file_reads(tmp_path):
    cases = read_cases(good_file(tmp_path))
    assert len(cases) == 12 and cases[0].signals == ("Alleen", "Weken", "Ouder belt")


@pytest.mark.parametrize("extra, expected", [
    ("\n  - id: casus-po-0\n    titel: x", "de id 'casus-po-0' komt twee keer voor"),
    (GOOD_CASE.format(id="Fout Id", kind="po"), "'Fout Id' is geen geldige id"),
    (GOOD_CASE.format(id="andere", kind="mbo"), "'mbo' is geen onderwijstype"),
    (GOOD_CASE.format(id="andere", kind="po").replace("vervolgstappen: [Praten, Melden, Wachten]",
                                                      "vervolgstappen: [Praten]"),
     "casus 13 ('andere'), vervolgstappen': heeft 1 keuzes"),
    (GOOD_CASE.format(id="andere", kind="po").replace("groep }}", "klas }}"), "onbekend woordveld {{ klas }}"),
    (GOOD_CASE.format(id="andere", kind="po").replace("    bespreken:", "    bespreek:"),
     "veld 'casus 13 ('andere'), bespreek'"),
    (GOOD_CASE.format(id="andere", kind="po").replace("titel: Een casus", "titel: "), "titel': ontbreekt of is leeg"),
])
def test_a_bad_case_is_named_with_its_line_and_field(tmp_path, extra, expected):
    path = good_file(tmp_path, extra)
    with pytest.raises(CasesError) as caught:
        read_cases(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message, message
    assert re.search(r"regel \d+", message)


def test_broken_yaml_and_a_missing_list_are_explained(tmp_path):
    with pytest.raises(CasesError, match=r"regel \d+, .*geen geldige YAML"):
        read_cases(write(tmp_path, "casussen:\n  - id: [x\n"))
    with pytest.raises(CasesError, match="verwacht een lijst 'casussen:'"):
        read_cases(write(tmp_path, "anders: 1\n"))
    with pytest.raises(CasesError, match="bestaat niet"):
        read_cases(tmp_path / "weg.yaml")


def test_too_few_cases_for_a_kind_of_school(tmp_path):
    body = "casussen:" + "".join(GOOD_CASE.format(id=f"c{n}", kind="po") for n in range(6))
    with pytest.raises(CasesError, match="er zijn 0 casussen voor vo; de oefening vraagt er minstens 6"):
        read_cases(write(tmp_path, body))


def test_the_spread_counts_each_answer_once_per_option():
    case = next(c for c in load_cases("po") if c.id == "ruzie-om-de-bal")
    answers = [
        {"case_id": case.id, "signals": [case.signals[0], case.signals[2]], "seriousness": 2,
         "next_steps": [case.next_steps[0]], "text": "Uitpraten <b>nu</b>"},
        {"case_id": case.id, "signals": [case.signals[0]], "seriousness": 2, "next_steps": [], "text": ""},
        {"case_id": case.id, "signals": ["Een keuze die niet meer in de casus staat"], "seriousness": None,
         "next_steps": [case.next_steps[0], case.next_steps[3]], "text": ""},
        {"case_id": "andere-casus", "signals": [case.signals[0]], "seriousness": 4, "next_steps": [], "text": "x"},
    ]
    result = case_result(case, answers)
    assert result.answered == 3 and result.rated == 2
    assert dict(result.seriousness) == {SERIOUSNESS[1]: 0, SERIOUSNESS[2]: 2, SERIOUSNESS[3]: 0, SERIOUSNESS[4]: 0}
    assert dict(result.signals)[case.signals[0]] == 2 and dict(result.signals)[case.signals[2]] == 1
    assert result.signals[-1] == ("Een keuze die niet meer in de casus staat", 1)
    assert dict(result.next_steps)[case.next_steps[0]] == 2
    assert result.texts == ["Uitpraten <b>nu</b>"]
    html = result_html(result, participants=5)
    assert "<b>nu</b>" not in html and "Uitpraten &lt;b&gt;nu&lt;/b&gt;" in html
    assert '<strong class="kit-answered-count">3</strong> van de 5 deelnemers hebben' in html
    assert '<th scope="row">In de gaten houden</th><td class="kit-count-cell">2</td>' in html
