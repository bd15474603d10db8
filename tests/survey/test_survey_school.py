"""A school's exports by school year, findings in plain Dutch, and the checked upload."""

from __future__ import annotations

import os
import shutil

import pytest
from openpyxl import load_workbook

from kit.errors import KitError
from kit.paths import EXAMPLES_DIR
from kit.survey.findings import findings, one_in
from kit.survey.school import free_name, load_school_surveys, school_year_of, survey_files
from kit.survey.upload import store_upload

DEMO = EXAMPLES_DIR / "demo-school"


@pytest.mark.parametrize(("name", "year"), [("2025-2026.csv", "2025-2026"), ("2026-2027-2.xlsx", "2026-2027"),
                                           ("2026_2027 export.csv", "2026-2027"), ("2026.csv", None),
                                           ("2025-2027.csv", None), ("antwoorden.xlsx", None)])
def test_school_year_from_file_name(name, year):
    assert school_year_of(name) == year


def test_latest_year_is_current_and_year_before_is_compared(tmp_path):
    school = tmp_path / "s"
    shutil.copytree(DEMO, school)
    surveys = load_school_surveys(school)
    assert surveys.current_file.path.name == "2026-2027.xlsx"
    assert surveys.previous_file.path.name == "2025-2026.csv"
    assert surveys.summary["format"] == "microsoft-forms" and surveys.previous_summary["format"] == "google-forms"
    # Recompute 'gepest' for the current year by hand from the raw Excel file.
    sheet = load_workbook(school / "surveys" / "2026-2027.xlsx").active
    header = [c.value for c in sheet[1]]
    column = header.index("Hoe vaak ben je de afgelopen maanden op school gepest?")
    answers = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    often = {"Twee of drie keer per maand", "Ongeveer één keer per week", "Meerdere keren per week"}
    expected = 100 * sum(a in often for a in answers) / len(answers)
    assert surveys.summary["indicators"]["gepest"]["pct"] == pytest.approx(expected)
    assert surveys.trend["gepest"]["change"] == pytest.approx(expected - surveys.previous_summary["indicators"]["gepest"]["pct"])
    assert surveys.findings()["year"] == "2026-2027"


def test_year_parameter_and_newest_file_within_a_year(tmp_path):
    school = tmp_path / "s"
    shutil.copytree(DEMO, school)
    older = load_school_surveys(school, year="2025-2026")
    assert older.current_file.path.name == "2025-2026.csv" and older.previous_file is None and older.trend is None
    assert load_school_surveys(school, year="2024-2025") is None
    newer = school / "surveys" / "2026-2027-2.csv"
    shutil.copy(school / "surveys" / "2025-2026.csv", newer)
    os.utime(newer, (2_000_000_000, 2_000_000_000))
    surveys = load_school_surveys(school)
    assert surveys.current_file.path == newer
    assert [f.path.name for f in surveys.ignored] == ["2026-2027.xlsx"]
    assert [f.path.name for f in survey_files(school)][-1] == "2026-2027-2.csv"


def test_no_exports_and_undated_exports(tmp_path):
    school = tmp_path / "s"
    (school / "surveys").mkdir(parents=True)
    assert load_school_surveys(school) is None
    shutil.copy(DEMO / "surveys" / "2025-2026.csv", school / "surveys" / "antwoorden.csv")
    assert load_school_surveys(school).current_file.year is None
    shutil.copy(DEMO / "surveys" / "2025-2026.csv", school / "surveys" / "nog-een.csv")
    with pytest.raises(KitError, match="zonder schooljaar"):
        load_school_surveys(school)


@pytest.mark.parametrize(("pct", "phrase"), [(25, "1 op de 4"), (10.1, "1 op de 10"), (33.3, "1 op de 3"),
                                            (23.3, "1 op de 4"), (40, None), (66.7, "2 op de 3"), (75, "3 op de 4"),
                                            (60, None), (1, None)])
def test_one_in(pct, phrase):
    assert one_in(pct) == phrase


def test_findings_state_the_figures_and_hide_nothing_suppressed():
    from kit.survey.instrument import load_instrument

    instrument = load_instrument()
    summary = {
        "indicators": {"veilig": {"pct": 80.0, "ci_low": 70, "ci_high": 87, "n": 100},
                       "gepest": {"pct": 20.0, "ci_low": 13, "ci_high": 29, "n": 100},
                       "online_gepest": {"pct": None, "ci_low": None, "ci_high": None, "suppressed": True},
                       "zelf_gepest": {"pct": 2.0, "ci_low": 1, "ci_high": 7, "n": 100}},
        "scales": {"steun": {"mean": 3.0, "alpha": 0.45, "n": 100}},
        "places": {"plein": {"pct": 40.0, "n": 90}, "klas": {"pct": 5.0, "n": 90}, "nergens": {"pct": 50.0, "n": 90}},
        "groups": {"Groep 8": {"n": 30, "indicators": {"gepest": {"pct": 40.0, "n": 30},
                                                       "veilig": {"pct": 75.0, "n": 30}}},
                   "Groep 7": {"suppressed": True}},
    }
    trend = {"gepest": {"pct": 20.0, "previous_pct": 30.0, "change": -10.0, "p_value": 0.02, "significant": True}}
    texts = [f["text"] for f in findings(summary, instrument, trend, "po", references={})]
    assert texts[0] == ("20% (ongeveer 1 op de 5) van de leerlingen wordt gepest op school, tegen 30% vorig "
                        "schooljaar. Dat is een duidelijke verbetering: zo'n groot verschil is bij toeval "
                        "onwaarschijnlijk (p = 0,020). Let wel: het zijn deels andere leerlingen dan vorig jaar.")
    # 12 of 30 pupils: Wilson 24,6-57,7%, so the school's 20% lies outside the group's interval
    assert "Groep 8: 40% van de leerlingen wordt gepest op school, tegen 20% in de hele school (n = 30; " \
           "95%-interval 25–58%, dus duidelijk anders dan de hele school)." in texts
    assert any(t.startswith("Op het schoolplein voelt 40%") for t in texts)
    assert not any("In de klas" in t for t in texts)  # 5% is below the share that makes a finding
    assert any("onvoldoende betrouwbaar (alfa 0,45)" in t for t in texts)
    joined = " ".join(texts)
    assert "online gepest" not in joined and "Groep 7" not in joined


def test_no_national_comparison_without_the_groups_of_its_population():
    from kit.survey.findings import load_references
    from kit.survey.instrument import load_instrument

    summary = {"indicators": {"gepest": {"pct": 10.0, "ci_low": 5, "ci_high": 17, "n": 99}}, "scales": {},
               "places": None, "groups": {}}
    (text,) = [f["text"] for f in findings(summary, load_instrument(), None, "po", load_references())]
    assert "landelijk" not in text  # the school's figure is not about groep 8 alone: no comparison
    assert "17,0%" not in text  # the monitor figure with another definition is never compared


def test_upload_is_checked_stored_beside_and_never_overwrites(tmp_path):
    school = tmp_path / "s"
    shutil.copytree(DEMO, school)
    original = (school / "surveys" / "2026-2027.xlsx").read_bytes()
    content = (DEMO / "surveys" / "2025-2026.csv").read_bytes()
    path, pupils = store_upload(school, "export.csv", content, "2026-2027")
    assert path.name == "2026-2027.csv" and path.read_bytes() == content and pupils == 103
    assert (school / "surveys" / "2026-2027.xlsx").read_bytes() == original
    assert free_name(school, "2026-2027", ".csv").name == "2026-2027-2.csv"
    before = sorted(p.name for p in (school / "surveys").iterdir())
    for name, data, year, message in [
        ("plaatje.png", b"\x89PNG", "2026-2027", "geen CSV- of Excel-bestand"),
        ("leeg.csv", b"", "2026-2027", "leeg"),
        ("x.csv", b"a,b\n1,2\n", "2026-2027", "x.csv"),
        ("export.csv", content, "volgend jaar", "geen schooljaar"),
    ]:
        with pytest.raises(KitError, match=message):
            store_upload(school, name, data, year)
    assert sorted(p.name for p in (school / "surveys").iterdir()) == before


def test_upload_size_limit(tmp_path):
    from kit.survey.upload import UPLOAD_LIMIT_BYTES, UPLOAD_MESSAGE_BYTES

    assert UPLOAD_LIMIT_BYTES == 8 * 2**20 and UPLOAD_MESSAGE_BYTES >= UPLOAD_LIMIT_BYTES + 2**20
    with pytest.raises(KitError, match=r"'groot.csv' is te groot om hier toe te voegen \(8,1 MB; hoogstens 8 MB\)"):
        store_upload(tmp_path, "groot.csv", b"x" * (UPLOAD_LIMIT_BYTES + 1), "2026-2027")
    with pytest.raises(KitError, match="precies.csv is een PDF-bestand"):  # at the limit the file is read
        store_upload(tmp_path, "precies.csv", b"%PDF" + b"x" * (UPLOAD_LIMIT_BYTES - 4), "2026-2027")
