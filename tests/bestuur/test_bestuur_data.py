"""The board overview's data: figures recomputed by hand, the privacy rule, broken schools and the attention rule."""

from __future__ import annotations

import csv
import json

import pytest
from board_fixtures import TINY_NAME, TINY_ROWS, TODAY
from statsmodels.stats.proportion import proportion_confint

from kit.bestuur.attention import RULE, reasons
from kit.bestuur.batch_status import read_batch_summary
from kit.bestuur.overview import board_overview
from kit.bestuur.schools import Indicator, SchoolOverview
from kit.bestuur.tables import Interval, Status, build_tables
from kit.errors import KitError, ProfileError, WorkspaceError
from kit.profile import load_profile


@pytest.fixture(scope="module")
def overview(board_ws):
    return board_overview(board_ws, today=TODAY)


@pytest.fixture(scope="module")
def by_id(overview):
    return {school.school_id: school for school in overview.schools}


def _count(path, heading, answers):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sum(row[heading] in answers for row in rows), len(rows)


def test_an_indicator_is_the_share_of_pupils_counted_by_hand_from_the_raw_export(board_ws, by_id):
    export = board_ws / "demo-vo" / "surveys" / "2026-2027.csv"
    bullied, n = _count(export, "Hoe vaak ben je de afgelopen maanden op school gepest?",
                        {"Twee of drie keer per maand", "Ongeveer één keer per week", "Meerdere keren per week"})
    safe, _ = _count(export, "Hoe veilig voel je je? [Ik voel me veilig op school.]", {"Klopt wel", "Klopt helemaal"})
    school = by_id["demo-vo"]
    assert (bullied, safe, n) == (23, 167, 211)
    assert school.responses == n
    assert school.indicators["gepest"].pct == pytest.approx(100 * bullied / n)
    assert school.indicators["veilig"].pct == pytest.approx(100 * safe / n)
    low, high = proportion_confint(bullied, n, alpha=0.05, method="wilson")
    assert (school.indicators["gepest"].ci_low, school.indicators["gepest"].ci_high) == \
        (pytest.approx(100 * low), pytest.approx(100 * high))
    pupils = sum(load_profile(board_ws / "demo-vo").leerlingen.values())
    assert school.response_pct == pytest.approx(100 * n / pupils)


def test_the_change_since_last_year_is_the_kits_own_holm_corrected_comparison(by_id):
    bullied = by_id["demo-school"].indicators["gepest"]
    assert bullied.change == pytest.approx(bullied.pct - bullied.previous_pct)
    assert bullied.real and not bullied.worse  # fewer pupils bullied, and clearly so after Holm
    assert bullied.p_holm < 0.05


def test_a_school_under_the_minimum_is_shown_without_any_figure(overview, by_id):
    tiny = by_id["kleine-school"]
    assert tiny.name == TINY_NAME
    assert tiny.responses == TINY_ROWS < overview.min_group_size
    assert not tiny.figures_shown and tiny.indicators == {} and tiny.response_pct is None
    assert tiny.monitor is not None and tiny.monitor.n == 7 and not tiny.monitor.shown and tiny.monitor.figures == {}
    tables = {table.key: table for table in build_tables(overview)}
    for key in ("scholen", "indicatoren", "verandering", "monitor"):
        row = next(r for r in tables[key].rows if r[0] == TINY_NAME)
        assert not any(isinstance(v, Interval) for v in row)
        assert TINY_ROWS not in row[1:], key  # not even the exact number of responses
    assert next(r for r in tables["indicatoren"].rows if r[0] == TINY_NAME)[1] == "geen cijfers: minder dan 10 reacties"


def test_a_broken_profile_is_listed_with_the_profiles_own_error(board_ws, by_id):
    broken = by_id["kapot-profiel"]
    with pytest.raises(ProfileError) as raised:
        load_profile(board_ws / "kapot-profiel")
    own = str(raised.value).replace(f"{board_ws.resolve()}/", "")
    assert not broken.profile_ok
    assert "'Jan Jansen' klopt niet" in own  # the profile quotes what was typed, here a name ...
    assert broken.problem == own.replace("'Jan Jansen' klopt niet", "de ingevulde waarde klopt niet")  # ... the board not
    assert "'universiteit' klopt niet" in broken.problem and broken.problem.startswith("kapot-profiel/school.yaml")
    assert broken.attention[0] == "Het schoolprofiel is ongeldig (zie de fout bij de school)."


def test_the_last_batch_run_is_read_from_its_summary(board_ws, by_id):
    assert by_id["demo-school"].batch.status == "gelukt" and not by_id["demo-school"].batch.failed
    failed = by_id["demo-vo"].batch
    assert failed.status == "mislukt" and failed.log == "_batch/logs/demo-vo.log"
    assert failed.error.startswith("03_enquete.ipynb stopte bij cel 4") and "\n" not in failed.error
    assert "De laatste verwerking: mislukt." in by_id["demo-vo"].attention
    assert by_id["kleine-school"].batch.text() == "niet gedaan"
    assert failed.text() == f"mislukt: {failed.error} (verslag: _batch/logs/demo-vo.log)"


def test_a_damaged_batch_summary_is_a_note_not_a_crash(tmp_path):
    (tmp_path / "_batch").mkdir()
    (tmp_path / "_batch" / "samenvatting.json").write_text('{"scholen": [', encoding="utf-8")
    assert "geen geldige JSON, regel 1" in read_batch_summary(tmp_path).problem
    (tmp_path / "_batch" / "samenvatting.json").write_text(json.dumps(
        {"gestart": "x", "scholen": [{"school": "a", "status": "kapot"}, {"school": "b", "status": "gelukt"}]}))
    summary = read_batch_summary(tmp_path)
    assert list(summary.schools) == ["b"] and summary.started is None and "1 regel(s)" in summary.problem


def test_plan_progress_counts_overdue_actions_and_nobody_named(by_id):
    plan = by_id["demo-school"].plan
    assert plan.year == "2026-2027"
    assert plan.overdue == 2  # the two actions of the fixture, deadlines 15-10 and 30-11-2026
    assert plan.done == 0 and plan.total == 11
    assert "2 acties zijn over de deadline en nog niet klaar." in by_id["demo-school"].attention
    assert by_id["demo-vo"].plan.overdue == 0


def test_the_checklist_is_a_matrix_of_dutch_labels(overview):
    table = next(t for t in build_tables(overview) if t.key == "checklist")
    assert len(table.columns) == len(overview.checklist) + 1 == len(table.legend) + 1
    labels = {v.label for row in table.rows for v in row[1:] if isinstance(v, Status)}
    assert labels == {"voldaan", "ontbreekt", "controleren"}
    broken_row = [r[0] for r in table.rows].index("kapot-profiel")
    assert table.spans[broken_row].startswith("profiel ongeldig")


def test_attention_rule_order_and_reasons(overview, by_id):
    first = [s.school_id for s in overview.attention]
    assert set(first) == {"kleine-school", "kapot-profiel", "demo-vo", "demo-school"}
    assert first[:2] == ["kleine-school", "kapot-profiel"]  # two reasons each, then by name ("=" before "k")
    assert any(r.startswith("Ontbreekt volgens de checklist: ") for r in by_id["kleine-school"].attention)
    school = SchoolOverview("x", "X", indicators={"gepest": Indicator(
        "Wordt gepest op school", 20.0, 15.0, 26.0, 200, 12.0, 8.0, 0.01, real=True, worse=True)})
    assert reasons(school, {}) == ["Wordt gepest op school: duidelijk slechter dan vorig schooljaar "
                                   "(+8,0 procentpunt)."]
    assert len(RULE) == 6


def test_only_the_schools_asked_for_and_unknown_ids_are_refused(board_ws):
    assert [s.school_id for s in board_overview(board_ws, "demo-vo, kleine-school", today=TODAY).schools] == \
        ["demo-vo", "kleine-school"]
    with pytest.raises(WorkspaceError, match="School 'bestaat-niet' bestaat niet"):
        board_overview(board_ws, "bestaat-niet", today=TODAY)
    with pytest.raises(WorkspaceError, match="geen geldige school-id"):
        board_overview(board_ws, "../demo-vo", today=TODAY)
    with pytest.raises(KitError, match="minstens 5"):
        board_overview(board_ws, min_group_size=3, today=TODAY)


def test_a_school_whose_files_cannot_be_read_is_listed_with_the_reason(tmp_path):
    from kit.workspace import create_school

    folder = create_school(tmp_path, "kapotte-db", "Basisschool De Kapotte Database")
    (folder / "workshop.sqlite").write_bytes(b"dit is geen database" * 100)
    (school,) = board_overview(tmp_path, today=TODAY).schools
    assert school.profile_ok and school.name == "Basisschool De Kapotte Database"
    assert school.problem.startswith("kapotte-db/workshop.sqlite: dit is geen bruikbare workshopdatabase")
    assert school.attention == ["De gegevens van de school konden niet worden gelezen (zie de fout bij de school)."]
    overview = board_overview(tmp_path, today=TODAY)
    tables = {table.key: table for table in build_tables(overview)}
    assert tables["scholen"].rows[0][1] == "in orde; gegevens niet te lezen: zie onder de tabel"
    assert tables["scholen"].notes[1].startswith("Basisschool De Kapotte Database: kapotte-db/workshop.sqlite")
    assert tables["checklist"].spans == {0: "gegevens niet te lezen: de kit kan de checklist van deze school niet "
                                            "invullen"}


def test_a_large_board_gets_its_charts_in_parts_with_the_figures_in_the_alt_text(overview, monkeypatch):
    from kit.bestuur.charts import board_charts

    monkeypatch.setattr("kit.bestuur.charts.CHART_ROWS", 2)
    charts = board_charts(overview)
    assert len(charts["indicatoren"]) == 4  # two schools with figures: one part per indicator
    assert [c.caption for c in charts["checklist"]] == [
        "Wettelijke checklist: aantal onderdelen per uitkomst (scholen 1–2 van 3).",
        "Wettelijke checklist: aantal onderdelen per uitkomst (school 3 van 3)."]
    tiny = next(s for s in overview.schools if s.school_id == "kleine-school")
    counts = [sum(1 for v in tiny.checklist.values() if v == code) for code in ("met", "to_check", "missing")]
    assert charts["checklist"][1].alt.endswith(f"{TINY_NAME}: {counts[0]} voldaan, {counts[1]} controleren, "
                                               f"{counts[2]} ontbreekt.")
    assert "2 scholen staan er niet in" in charts["indicatoren"][-1].caption
    assert all(chart.png.startswith(b"\x89PNG") for found in charts.values() for chart in found)
