"""Small groups stay hidden: primary and secondary suppression, attacked by differencing.

The unit tests check the rule of :mod:`kit.survey.disclosure` on hand-made tables. The
property-based tests generate random schools (groups of 0..40 pupils, pupils without a
group, missing answers, two school years), make every output the kit makes from a
survey, read back which figures each output shows, and check with the true answers that
the school's figure minus every shown figure never leaves fewer pupils than the minimum
(but more than none), per indicator, per scale and per school year.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.survey.disclosure import PROTECT, SAME, SCHOOL, SMALL, UNGROUPED_LABEL, hidden_cells
from kit.survey.figures import group_table, school_figures
from kit.survey.instrument import load_instrument

MIN = 10
INSTRUMENT = load_instrument()
INDICATORS = {i.id: i.item for i in INSTRUMENT.indicators.values()}
THRESHOLDS = {i.id: i.threshold for i in INSTRUMENT.indicators.values()}
SCALES = {s.id: s.items for s in INSTRUMENT.scales.values()}
AGREE = [item for items in SCALES.values() for item in items]
OFTEN = ["pe1", "pe2", "pe3"]
NAMES = ["Groep 5", "Groep 6", "Groep 7", "Groep 8", "Groep 3b"]
UNGROUPED = None  # the ground truth's key of the pupils without a group


# -- the rule on hand-made tables ----------------------------------------------------------------


def test_two_small_groups_hide_a_third_so_neither_follows_from_the_total():
    # 3 + 4 = 7 pupils: the school total minus the shown groups would give both small groups together
    hidden = hidden_cells({"a": 3, "b": 4, "c": 25, "d": 30}, MIN)
    assert hidden == {"a": SMALL, "b": SMALL, "c": PROTECT}
    assert sum({"a": 3, "b": 4, "c": 25}.values()) >= MIN


def test_pupils_without_a_group_are_a_cell_of_their_own():
    # 4 pupils left the group question empty: they count in the school figure and in no group
    assert hidden_cells({"a": 20, "b": 30, None: 4}, MIN, order=str) == {None: SMALL, "a": PROTECT}
    assert hidden_cells({"a": 20, "b": 30, None: 12}, MIN, order=str) == {}


def test_two_groups_of_one_pupil():
    # "1 of 2 bullied" must not follow from the total: hide groups until 10 pupils are behind the hidden cells
    assert hidden_cells({"a": 1, "b": 1, "c": 5, "d": 6, "e": 40}, MIN) == \
        {"a": SMALL, "b": SMALL, "c": SMALL, "d": SMALL}
    assert hidden_cells({"a": 1, "b": 1, "c": 12, "d": 40}, MIN) == {"a": SMALL, "b": SMALL, "c": PROTECT}


def test_a_school_below_the_minimum_shows_nothing():
    assert hidden_cells({"a": 4, "b": 5}, MIN) == {"a": SMALL, "b": SMALL}
    assert hidden_cells({"a": 9}, MIN) == {"a": SMALL}


def test_nothing_hidden_or_enough_hidden_stays_as_it_is():
    assert hidden_cells({"a": 10, "b": 0, "c": 11}, MIN) == {}
    assert hidden_cells({"a": 5, "b": 5, "c": 11}, MIN) == {"a": SMALL, "b": SMALL}
    # a hidden whole group is kept, with its reason
    assert hidden_cells({"a": 3, "b": 30, "c": 40}, MIN, {"a": SMALL, "b": PROTECT}) == {"a": SMALL, "b": PROTECT}


def test_the_smallest_visible_cell_is_hidden_first_and_ties_go_by_name():
    assert hidden_cells({"x": 2, "b": 11, "a": 11, "c": 50}, MIN) == {"x": SMALL, "a": PROTECT}
    assert hidden_cells({"x": 2, "b": 3, "a": 4, "c": 50}, MIN) == {"x": SMALL, "b": SMALL, "a": SMALL,
                                                                     "c": PROTECT}


def test_hidden_pupils_who_all_gave_the_same_answer_hide_a_group_that_answered_otherwise():
    # 4 + 6 = 10 hidden pupils, none bullied: the school's 5 of 60 minus the shown groups gives "0 of 10"
    counts, hits = {"a": 4, "b": 6, "c": 20, "d": 30}, {"a": 0, "b": 0, "c": 0, "d": 5}
    assert hidden_cells(counts, MIN) == {"a": SMALL, "b": SMALL}  # enough pupils, but all the same answer
    assert hidden_cells(counts, MIN, hits=hits) == {"a": SMALL, "b": SMALL, "d": PROTECT}  # c answered the same
    # the other way round: everyone hidden was bullied; the smallest group with someone not bullied goes
    assert hidden_cells({"a": 4, "b": 6, "c": 20, "d": 30}, MIN, hits={"a": 4, "b": 6, "c": 19, "d": 30}) == \
        {"a": SMALL, "b": SMALL, "c": PROTECT}
    # a mixed hidden union needs nothing more
    assert hidden_cells(counts, MIN, hits={"a": 1, "b": 0, "c": 0, "d": 5}) == {"a": SMALL, "b": SMALL}


def test_when_every_pupil_answered_the_same_the_school_figure_is_hidden():
    counts = {"a": 4, "b": 6, "c": 20, None: 3}
    hidden = hidden_cells(counts, MIN, order=str, hits={"a": 0, "b": 0, "c": 0, None: 0})
    assert hidden[SCHOOL] == SAME and {"a", "b", None} <= set(hidden)
    assert SCHOOL not in hidden_cells({"a": 20, "c": 20}, MIN, hits={"a": 0, "c": 0})  # nothing hidden: no leftover


def test_same_answers_in_the_figures_of_a_survey():
    rows = [("Groep 5", 4, 1)] * 4 + [("Groep 6", 4, 1)] * 6 + [("Groep 7", 4, 1)] * 20 + [("Groep 8", 4, 5)] * 30
    from kit.survey.figures import tables, with_school_hidden

    groups, ungrouped, school_hidden = tables(_answers(rows), INSTRUMENT, MIN)
    assert groups["Groep 8"]["indicators"]["gepest"] == {"pct": None, "ci_low": None, "ci_high": None, "n": None,
                                                          "suppressed": True, "reason": PROTECT}
    assert groups["Groep 7"]["indicators"]["gepest"]["pct"] == 0
    assert school_hidden == {"veilig": SAME}  # everyone feels safe (vb1 = 4): the school figure would tell it
    school = with_school_hidden(school_figures(_answers(rows), INSTRUMENT, MIN), school_hidden)
    assert school["indicators"]["veilig"]["suppressed"] and school["indicators"]["gepest"]["n"] == 60


def _answers(rows: list[tuple]) -> pd.DataFrame:
    """A coded answers table from (group, vb1, pe1) rows; the other items are unanswered."""
    columns = {"groep": [r[0] for r in rows], "vb1": [r[1] for r in rows], "pe1": [r[2] for r in rows]}
    return pd.DataFrame(columns, dtype=object).astype({"vb1": float, "pe1": float})


def test_groups_of_one_pupil_and_missing_group_answers_in_the_figures():
    rows = [("Groep 5", 4, 5), ("Groep 6", 4, 1)] + [("Groep 7", 4, 1)] * 20 + [(None, 1, 1)] * 3
    groups, ungrouped = group_table(_answers(rows), INSTRUMENT, MIN)
    assert groups["Groep 5"] == {"suppressed": True, "reason": SMALL}
    assert groups["Groep 6"] == {"suppressed": True, "reason": SMALL}
    assert ungrouped == {"suppressed": True, "reason": SMALL}
    assert groups["Groep 7"] == {"suppressed": True, "reason": PROTECT}  # 1 + 1 + 3 < 10
    school = school_figures(_answers(rows), INSTRUMENT, MIN)
    assert school["indicators"]["gepest"]["n"] == 25  # the school's figure still counts everyone


def test_missing_answers_hide_a_cell_of_a_shown_group():
    # groep 5: 12 pupils, of whom 3 answered pe1; groep 6 and 7 answered everything
    rows = [("Groep 5", 4, 5 if i < 3 else math.nan) for i in range(12)]
    rows += [("Groep 6", 4, 1)] * 11 + [("Groep 7", 4, 3)] * 30
    groups, ungrouped = group_table(_answers(rows), INSTRUMENT, MIN)
    assert ungrouped is None
    assert [g.get("suppressed", False) for g in groups.values()] == [False, False, False]
    assert groups["Groep 5"]["indicators"]["gepest"]["reason"] == SMALL
    assert groups["Groep 6"]["indicators"]["gepest"]["reason"] == PROTECT  # 3 + 11 >= 10
    assert groups["Groep 7"]["indicators"]["gepest"]["pct"] == 100
    assert all(not g["indicators"]["veilig"].get("suppressed") for g in groups.values())


def test_a_school_below_the_minimum_has_no_figures_at_all():
    rows = [("Groep 5", 4, 5)] * 6 + [("Groep 6", 1, 1)] * 3
    school = school_figures(_answers(rows), INSTRUMENT, MIN)
    assert all(f.get("suppressed") for f in school["indicators"].values())
    assert all(f.get("suppressed") for f in school["scales"].values())
    groups, _ = group_table(_answers(rows), INSTRUMENT, MIN)
    assert all(g.get("suppressed") for g in groups.values())


# -- random schools ------------------------------------------------------------------------------


@st.composite
def school_years(draw):
    """Two school years: per year the pupils per group, the pupils without a group, how much is missing."""
    years = []
    for _ in range(2):
        count = draw(st.integers(1, len(NAMES)))
        sizes = draw(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 40)), min_size=count, max_size=count))
        styles = draw(st.lists(st.sampled_from(["mixed", "mixed", "low", "high"]), min_size=count + 1,
                               max_size=count + 1))  # "low"/"high": every pupil of the cell gives the same answer
        years.append({"sizes": dict(zip(NAMES, sizes)), "ungrouped": draw(st.integers(0 if sum(sizes) else 1, 12)),
                      "missing": draw(st.sampled_from([0.0, 0.05, 0.3])), "seed": draw(st.integers(0, 2**20)),
                      "styles": dict(zip([*NAMES[:count], UNGROUPED], styles))})
    return years


def _pupils(year: dict) -> list[dict]:
    """The pupils of one year: group (None without one) and per item a code or None."""
    rng = random.Random(year["seed"])
    cells = [(name, size) for name, size in year["sizes"].items()] + [(UNGROUPED, year["ungrouped"])]
    pupils = []
    for name, size in cells:
        style = year.get("styles", {}).get(name, "mixed")
        for _ in range(size):
            if style == "mixed":
                answers = {item: rng.randint(1, 4) for item in AGREE}
                answers |= {item: rng.choice([1, 1, 2, 3, 4, 5]) for item in OFTEN}
            else:  # the whole cell answers alike: what a leftover share of 0% or 100% would give away
                answers = {item: (1 if style == "low" else 4) for item in AGREE}
                answers |= {item: (1 if style == "low" else 5) for item in OFTEN}
            pupils.append({"group": name, **{k: (None if rng.random() < year["missing"] else v)
                                             for k, v in answers.items()}})
    return pupils


def _write(path: Path, pupils: list[dict]) -> None:
    items = AGREE + OFTEN
    lines = [",".join(["groep", *items])]
    for pupil in pupils:
        codes = ["" if pupil[item] is None else str(pupil[item]) for item in items]
        if not any(codes):
            codes[0] = "1"  # a row without any answer is dropped as empty; keep every generated pupil
            pupil[items[0]] = 1
        lines.append(",".join([pupil["group"] or "", *codes]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _truth(pupils: list[dict]) -> dict[str, dict]:
    """Per measure (``pupils``, ``indicator:<id>``, ``scale:<id>``): the pupils behind each cell."""
    truth: dict[str, dict] = {}

    def add(measure, cell):
        truth.setdefault(measure, {})
        truth[measure][cell] = truth[measure].get(cell, 0) + 1

    for pupil in pupils:
        cell = pupil["group"] or UNGROUPED
        for name in ("pupils", *(f"indicator:{i}" for i in INDICATORS), *(f"scale:{s}" for s in SCALES)):
            truth.setdefault(name, {}).setdefault(cell, 0)
        add("pupils", cell)
        for indicator, item in INDICATORS.items():
            truth.setdefault(f"hits:{indicator}", {}).setdefault(cell, 0)
            if pupil[item] is not None:
                add(f"indicator:{indicator}", cell)
                if pupil[item] >= THRESHOLDS[indicator]:
                    add(f"hits:{indicator}", cell)
        for scale, items in SCALES.items():
            if sum(pupil[item] is not None for item in items) >= math.ceil(len(items) / 2):
                add(f"scale:{scale}", cell)
    return truth


def _label(cell) -> str:
    return UNGROUPED_LABEL if cell is UNGROUPED else cell


def _measures() -> list[str]:
    return [f"indicator:{i}" for i in INDICATORS] + [f"scale:{s}" for s in SCALES]


def _shown_in_json(summary: dict) -> dict[str, set]:
    """Per measure the cells whose figure the summary shows (also ``pupils``: the cells with their n shown)."""
    cells = {**{name: figure for name, figure in summary["groups"].items()},
             **({UNGROUPED: summary["ungrouped"]} if summary.get("ungrouped") is not None else {})}
    shown = {measure: set() for measure in ["pupils", *_measures()]}
    for cell, figure in cells.items():
        if figure.get("suppressed"):
            continue
        shown["pupils"].add(cell)
        for measure in _measures():
            kind, name = measure.split(":")
            part = figure["indicators" if kind == "indicator" else "scales"][name]
            if not part.get("suppressed"):
                shown[measure].add(cell)
    return shown


def _school_shown(summary: dict, measure: str) -> bool:
    kind, name = measure.split(":")
    figure = summary["indicators" if kind == "indicator" else "scales"][name]
    return not figure.get("suppressed")


def _check_differencing(summary: dict, truth: dict, shown: dict[str, set]) -> None:
    """No set of fewer than MIN pupils (but more than none) follows from the school's figure minus the shown ones."""
    if sum(truth["pupils"].values()) < MIN:
        assert not any(shown.values()), "a school below the minimum shows a group figure"
        assert not any(_school_shown(summary, m) for m in _measures())
        return  # only how many pupils took part is shown: no figure about them
    for measure, cells in shown.items():
        counts = truth[measure]
        for cell in cells:
            assert counts.get(cell, 0) == 0 or counts[cell] >= MIN, (measure, cell, counts)
        if measure == "pupils" or _school_shown(summary, measure):
            rest = sum(count for cell, count in counts.items() if cell not in cells)
            assert rest == 0 or rest >= MIN, (measure, rest, counts, cells)
            if measure.startswith("indicator:"):  # the leftover share: never 0% or 100% of the hidden pupils
                hits = sum(count for cell, count in truth["hits:" + measure.split(":")[1]].items()
                           if cell not in cells)
                assert rest == 0 or 0 < hits < rest, (measure, "all the same", hits, rest, cells)


def _attacker_remainders(summary: dict, shown: dict[str, set]) -> dict[str, tuple[int, int]]:
    """What an attacker computes from the JSON alone: per measure the pupils (and hits) not accounted for."""
    cells = {**summary["groups"], **({UNGROUPED: summary["ungrouped"]} if summary.get("ungrouped") else {})}
    out = {}
    for measure in _measures():
        if not _school_shown(summary, measure):
            continue
        kind, name = measure.split(":")
        key = "indicators" if kind == "indicator" else "scales"
        school = summary[key][name]
        n = school["n"] - sum(cells[c][key][name]["n"] for c in shown[measure])
        hits = None
        if kind == "indicator" and school["pct"] is not None:
            hits = round(school["pct"] * school["n"] / 100) - sum(
                round((cells[c][key][name]["pct"] or 0) * cells[c][key][name]["n"] / 100) for c in shown[measure])
        out[measure] = (n, hits)
    return out


# -- reading the other outputs back ---------------------------------------------------------------


def _cells_of(pupils_by_cell: dict) -> list:
    """The rows of a group table; without any group there is no table (the one cell would be the school)."""
    cells = [cell for cell, count in pupils_by_cell.items() if count]
    return cells if any(cell is not UNGROUPED for cell in cells) else []


def _shown_in_report(text: str, cells: list) -> dict[str, set]:
    """The cells each measure shows in ``kit survey summary`` text (the per-group block)."""
    block = text.split("Per groep (", 1)[1] if "Per groep (" in text else ""
    lines = block.splitlines()[2:]
    shown = {measure: set() for measure in ["pupils", *_measures()]}
    for cell in cells:
        label = _label(cell)
        line = next((line.strip() for line in lines if re.match(rf"\s+{re.escape(label)}\s", line)), None)
        assert line is not None, f"{label} is missing from the report"
        rest = line[len(label):].split()
        if rest[0] == "niet":
            continue
        shown["pupils"].add(cell)
        for measure, value in zip(_measures(), rest[1:]):
            if value != "verborgen":
                shown[measure].add(cell)
    return shown


def _shown_in_html(html: str, cells: list) -> dict[str, set]:
    """The cells each measure shows in the survey report's group table (03_enquete)."""
    shown = {measure: set() for measure in ["pupils", *_measures()]}
    rows = dict(re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html, re.S))
    for cell in cells:
        row = rows[_label(cell)]
        values = [re.sub(r"<.*?>", "", v).strip() for v in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if values[0].startswith("niet getoond"):
            continue
        shown["pupils"].add(cell)
        for measure, value in zip(_measures(), values[1:]):
            if value != "verborgen":
                shown[measure].add(cell)
    return shown


def _shown_in_plan(text: str, cells: list) -> dict[str, set]:
    """The cells each indicator shows in the plan's group table (the plan shows no group scales)."""
    shown = {measure: set() for measure in ["pupils", *_measures()]}
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"(Groep|Klas) \| n \| ", line)), None)
    if start is None:
        return shown
    rows = {}
    for line in lines[start + 1:]:
        if " | " not in line:
            break
        parts = line.split(" | ")
        rows[parts[0]] = parts[1:]
    indicators = [f"indicator:{i}" for i in INDICATORS]
    for cell in cells:
        values = rows[_label(cell)]
        if values[0] == "niet getoond":
            assert values[1] in ("minder dan 10 leerlingen", "verborgen om kleine groepen te beschermen")
            assert not any(values[2:])
            continue
        shown["pupils"].add(cell)
        for measure, value in zip(indicators, values[1:]):
            if value not in ("verborgen",):
                shown[measure].add(cell)
    return shown


def _merge(*maps: dict[str, set]) -> dict[str, set]:
    return {measure: set().union(*(m.get(measure, set()) for m in maps)) for measure in maps[0]}


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    from kit.demo import install_demo

    return install_demo(tmp_path_factory.mktemp("sdc") / "workspace")


def _install(school: Path, years: list[dict]) -> list[list[dict]]:
    for old in (school / "surveys").iterdir():
        old.unlink()
    output = school / "output" / "enquete.json"
    if output.exists():
        output.unlink()
    pupils = [_pupils(year) for year in years]
    _write(school / "surveys" / "2025-2026.csv", pupils[0])
    _write(school / "surveys" / "2026-2027.csv", pupils[1])
    return pupils


@contextlib.contextmanager
def _without_charts():
    """Charts show school-level figures only; leaving them out keeps a hundred schools fast."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("indicator_chart", "places_chart", "likert_chart", "frequency_chart"):
            patch.setattr(f"kit.survey.charts.{name}", lambda *args, **kwargs: None)
        yield patch


def _survey_outputs(school: Path) -> tuple[dict, str, str]:
    """enquete.json (as 03_enquete writes it), the report's HTML, and ``kit survey summary`` text of this year."""
    from kit.page import Page
    from kit.survey import notebook
    from kit.survey.report import format_summary
    from kit.survey.school import load_school_surveys

    page = Page(school, school / "output", False, school.name, {})
    html: list[str] = []
    with _without_charts() as patch:
        patch.setattr(notebook, "show_html", html.append)
        surveys = load_school_surveys(school, MIN)
        notebook.show_indicators(page, surveys)
        notebook.show_groups(page, surveys)
        notebook.show_findings(page, surveys)
    data = json.loads((school / "output" / "enquete.json").read_text(encoding="utf-8"))
    text = format_summary(surveys.summary, surveys.current.instrument, "x", MIN)
    return data, "\n".join(html), text


PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow])


@settings(PROPERTY, max_examples=150)
@given(years=school_years())
def test_differencing_the_survey_outputs_reveals_no_small_group(school, years):
    pupils = _install(school, years)
    data, html, text = _survey_outputs(school)
    for summary, group_pupils in ((data["summary"], pupils[1]), (data["previous_summary"], pupils[0])):
        truth = _truth(group_pupils)
        shown = _shown_in_json(summary)
        _check_differencing(summary, truth, shown)
        for measure, (n, hits) in _attacker_remainders(summary, shown).items():
            rest = sum(c for cell, c in truth[measure].items() if cell not in shown[measure])
            assert n == rest and (n == 0 or n >= MIN)
            assert hits is None or n == 0 or 0 < hits < n, (measure, "derived share 0% or 100%", hits, n)
    truth = _truth(pupils[1])
    cells = _cells_of(truth["pupils"])
    from_text = _shown_in_report(text, cells) if cells else {}
    from_html = _shown_in_html(html, cells) if cells else {}
    json_shown = _shown_in_json(data["summary"])
    for other in (from_text, from_html):
        for measure, shown in other.items():
            assert shown <= json_shown[measure], (measure, shown, json_shown[measure])
    _check_differencing(data["summary"], truth, _merge(json_shown, *(m for m in (from_text, from_html) if m)))
    # no year-on-year change per group: the trend holds school figures only
    assert set(data["trend"] or {}) <= set(INDICATORS)
    for finding in data["findings"]:
        for group in finding.get("groups") or []:
            assert group in json_shown[f"indicator:{finding['topic']}"]


@settings(PROPERTY, max_examples=12)
@given(years=school_years())
def test_differencing_the_plan_and_its_proposals_reveals_no_small_group(school, years):
    from kit.document.content import build_document
    from kit.plan.facts import gather_facts
    from kit.plan.proposals import build_overview
    from kit.survey.school import load_school_surveys

    pupils = _install(school, years)
    with _without_charts():
        internal = build_document(school).text()
        public = build_document(school, version="openbaar").text()
        facts = gather_facts(school)
    summary = load_school_surveys(school, MIN).summary
    truth = _truth(pupils[1])
    cells = _cells_of(truth["pupils"])
    json_shown = _shown_in_json(summary)
    plan_shown = _shown_in_plan(internal, cells)
    for measure, shown in plan_shown.items():
        assert shown <= json_shown[measure]
    _check_differencing(summary, truth, _merge(json_shown, plan_shown))
    assert not any(_shown_in_plan(public, cells).values())  # the public plan shows no group at all
    for name in summary["groups"]:
        assert not re.search(rf"^{re.escape(name)}[: |]", public, re.M)
    for line in internal.splitlines():
        for name, figure in summary["groups"].items():
            if line.startswith(f"{name}:"):
                assert not figure.get("suppressed"), line
    for proposal in build_overview(facts)["proposals"]:
        for reason in proposal["reasons"]:
            if reason["kind"] == "group":
                kind, _, name = reason["metric"].rpartition(":")
                measure = f"scale:{name}" if kind == "schaal" else f"indicator:{reason['metric']}"
                assert reason["group"] in json_shown[measure], reason["text"]


def test_the_cli_json_shows_what_the_summary_shows(tmp_path, capsys):
    from kit.cli import main

    year = {"sizes": {"Groep 5": 3, "Groep 6": 4, "Groep 7": 25, "Groep 8": 30}, "ungrouped": 2, "missing": 0.0,
            "seed": 1}
    pupils = _pupils(year)
    _write(tmp_path / "2026-2027.csv", pupils)
    assert main(["survey", "summary", str(tmp_path / "2026-2027.csv"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["groups"]["Groep 7"] == {"suppressed": True, "reason": PROTECT}
    assert summary["ungrouped"] == {"suppressed": True, "reason": SMALL}
    _check_differencing(summary, _truth(pupils), _shown_in_json(summary))
    assert main(["survey", "summary", str(tmp_path / "2026-2027.csv")]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^  Groep 7 +niet getoond \(verborgen om kleine groepen te beschermen\)$", text, re.M)
    assert re.search(rf"^  {UNGROUPED_LABEL} +niet getoond \(minder dan 10 leerlingen\)$", text, re.M)
    assert re.search(r"^  Groep 5 +niet getoond \(minder dan 10 leerlingen\)$", text, re.M)
