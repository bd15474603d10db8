"""The figures, recomputed by hand from the canonical pupils and checked against statsmodels and pingouin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from kit.survey.errors import SurveyError
from kit.survey.figures import natural_key, scale_scores, suppressed_groups
from kit.survey.statistics import cronbach_alpha, two_proportion_z_test, wilson_interval
from kit.survey.summary import compare_years, summarize

SUMMARY = "google-forms.csv"


def codes(pupils, item):
    return [p.answers.get(item) for p in pupils if isinstance(p.answers.get(item), int)]


def group_of(pupil) -> str:
    return " ".join(pupil.group.split()).casefold()


def hand_indicator(pupils, item, threshold):
    answered = codes(pupils, item)
    hits = sum(code >= threshold for code in answered)
    return hits, len(answered)


def hand_scale(pupils, items):
    scores = []
    for pupil in pupils:
        answered = [pupil.answers[item] for item in items if isinstance(pupil.answers.get(item), int)]
        if len(answered) >= math.ceil(len(items) / 2):
            scores.append(sum(answered) / len(answered))
    return scores


# -- the school as a whole -------------------------------------------------------------------------


@pytest.mark.parametrize("name,item,threshold", [("veilig", "vb1", 3), ("gepest", "pe1", 3),
                                                  ("online_gepest", "pe2", 3)])
def test_indicator_percentages_and_wilson_intervals(summaries, pupils, name, item, threshold):
    figure = summaries[SUMMARY]["indicators"][name]
    hits, n = hand_indicator(pupils, item, threshold)
    assert figure["n"] == n
    assert figure["pct"] == pytest.approx(100 * hits / n, rel=1e-12)
    low, high = proportion_confint(hits, n, alpha=0.05, method="wilson")
    assert figure["ci_low"] == pytest.approx(100 * low, rel=1e-9)
    assert figure["ci_high"] == pytest.approx(100 * high, rel=1e-9)
    assert "suppressed" not in figure


def test_indicator_on_fewer_pupils_than_the_minimum_is_suppressed(summaries, pupils):
    assert len(codes(pupils, "pe3")) == 9
    assert summaries[SUMMARY]["indicators"]["zelf_gepest"] == {
        "pct": None, "ci_low": None, "ci_high": None, "n": None, "suppressed": True}


@pytest.mark.parametrize("name,items", [("veiligheidsbeleving", ("vb1", "vb2", "vb3", "vb4")),
                                        ("welbevinden", ("wb1", "wb2", "wb3")),
                                        ("steun", ("st1", "st2", "st3"))])
def test_scale_means_and_cronbach_alpha(summaries, pupils, name, items):
    figure = summaries[SUMMARY]["scales"][name]
    scores = hand_scale(pupils, items)
    assert figure["n"] == len(scores)
    assert figure["mean"] == pytest.approx(sum(scores) / len(scores), rel=1e-12)
    complete = pd.DataFrame([[p.answers[item] for item in items] for p in pupils
                             if all(isinstance(p.answers.get(item), int) for item in items)], columns=items)
    assert figure["alpha"] == pytest.approx(pingouin.cronbach_alpha(data=complete)[0], rel=1e-9)


def test_half_of_the_scale_items_rounded_up_gives_a_score():
    nan = np.nan
    four = np.array([[3, nan, nan, nan], [4, 2, nan, nan], [1, 2, 3, 4], [nan] * 4])
    np.testing.assert_array_equal(scale_scores(four), [nan, 3.0, 2.5, nan])
    three = np.array([[nan, nan, 4], [nan, 3, 4]])
    np.testing.assert_array_equal(scale_scores(three), [nan, 3.5])


def test_places(summaries, pupils, instrument):
    places = summaries[SUMMARY]["places"]
    chose = [p for p in pupils if p.places]
    assert list(places) == list(instrument.items["pl"].options)
    for option, figure in places.items():
        assert figure == {"pct": pytest.approx(100 * sum(option in p.places for p in chose) / len(chose)),
                          "n": len(chose)}


def test_invalid_answers_are_counted_once_per_cell(summaries):
    assert summaries[SUMMARY]["invalid_answers"] == 3  # vb2 "Weet ik niet", pe1 "7", geslacht "X"


# -- groups and suppression ------------------------------------------------------------------------


def test_group_sizes_case_merging_and_complementary_suppression(summaries, pupils):
    groups = summaries[SUMMARY]["groups"]
    sizes = {}
    for pupil in pupils:
        if pupil.group.strip():
            sizes[group_of(pupil)] = sizes.get(group_of(pupil), 0) + 1
    assert sizes == {"groep 6": 15, "groep 7": 12, "groep 8": 11, "groep 5": 6}
    assert list(groups) == ["Groep 5", "Groep 6", "Groep 7", "Groep 8"]
    assert groups["Groep 5"] == {"suppressed": True, "reason": "small"}    # 6 < 10
    # 6 in groep 5 and 3 without a group are 9 < 10 together: the smallest other group hides them
    assert groups["Groep 8"] == {"suppressed": True, "reason": "protect"}
    assert summaries[SUMMARY]["ungrouped"] == {"suppressed": True, "reason": "small"}
    assert groups["Groep 6"]["n"] == 15 and groups["Groep 7"]["n"] == 12


def test_shown_group_figures(summaries, pupils):
    groups = summaries[SUMMARY]["groups"]
    for name in ("Groep 6", "Groep 7"):
        members = [p for p in pupils if group_of(p) == name.casefold()]
        hits, n = hand_indicator(members, "vb1", 3)
        figure = groups[name]["indicators"]["veilig"]
        low, high = proportion_confint(hits, n, method="wilson")
        assert (figure["n"], figure["pct"]) == (n, pytest.approx(100 * hits / n))
        assert (figure["ci_low"], figure["ci_high"]) == (pytest.approx(100 * low), pytest.approx(100 * high))
        scores = hand_scale(members, ("wb1", "wb2", "wb3"))
        assert groups[name]["scales"]["welbevinden"] == {"mean": pytest.approx(sum(scores) / len(scores)),
                                                         "n": len(scores)}
    # groep 7 has only eight answers to pe2
    assert groups["Groep 7"]["indicators"]["online_gepest"] == {
        "pct": None, "ci_low": None, "ci_high": None, "n": None, "suppressed": True, "reason": "small"}


def test_pupils_without_group_count_in_the_totals_only(summaries, pupils):
    summary = summaries[SUMMARY]
    assert summary["n"] == len(pupils) == 47
    assert sum(1 for p in pupils if not p.group.strip()) == 3


def test_lower_minimum_shows_more_groups(generator, tmp_path):
    path = tmp_path / "google.csv"
    path.write_text(generator.google_forms(), encoding="utf-8")
    summary = summarize(path, min_group_size=5)
    groups = summary["groups"]
    # the three pupils without a group are fewer than 5, so the smallest group (groep 5, 6 pupils) hides them
    assert summary["ungrouped"] == {"suppressed": True, "reason": "small"}
    assert groups["Groep 5"] == {"suppressed": True, "reason": "protect"}
    assert [group.get("suppressed", False) for group in groups.values()] == [True, False, False, False]


@pytest.mark.parametrize("sizes,hidden", [
    ({"a": 12, "b": 15}, set()),
    ({"a": 3, "b": 15, "c": 11}, {"a", "c"}),
    ({"a": 3, "b": 11, "c": 11}, {"a", "b"}),                 # a tie goes to the name that sorts first
    ({"a": 3, "b": 4, "c": 11}, {"a", "b", "c"}),             # 3 + 4 < 10: c too, else a + b follow from the total
    ({"a": 3, "b": 4, "c": 11, "d": 12}, {"a", "b", "c"}),    # 3 + 4 + 11 >= 10: d stays
    ({"a": 5, "b": 5, "c": 11}, {"a", "b"}),                  # 5 + 5 = 10: enough
    ({"a": 3}, {"a"}),
    ({"Groep 10": 20, "Groep 9": 20, "x": 2}, {"x", "Groep 9"}),
])
def test_suppressed_groups(sizes, hidden):
    assert suppressed_groups(sizes, 10) == hidden


def test_natural_order_of_group_names():
    assert sorted(["Groep 10", "groep 9", "Groep 1a", "1B"], key=natural_key) == ["1B", "Groep 1a", "groep 9",
                                                                                   "Groep 10"]


@pytest.mark.parametrize("size", [4, 0, -1, True, 7.5])
def test_min_group_size_below_five_is_refused(size):
    with pytest.raises(SurveyError, match="minimale groepsgrootte .* minstens 5"):
        summarize("does-not-matter.csv", min_group_size=size)


# -- the formulas ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count,n", [(0, 7), (7, 7), (12, 80), (1, 1), (33, 47), (500, 1000)])
def test_wilson_interval_matches_statsmodels(count, n):
    low, high = wilson_interval(count, n)
    expected = proportion_confint(count, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(expected[0], abs=1e-12)
    assert high == pytest.approx(expected[1], abs=1e-12)
    assert 0 <= low <= high <= 1


def test_cronbach_alpha_matches_pingouin_also_when_negative():
    rng = np.random.default_rng(7)
    common = rng.normal(size=60)
    data = np.column_stack([common + rng.normal(scale=s, size=60) for s in (0.5, 1, 1.5, 2)])
    assert cronbach_alpha(data) == pytest.approx(pingouin.cronbach_alpha(pd.DataFrame(data))[0], rel=1e-9)
    opposed = np.column_stack([common, -common + rng.normal(scale=0.3, size=60)])
    expected = pingouin.cronbach_alpha(pd.DataFrame(opposed))[0]
    assert expected < 0
    assert cronbach_alpha(opposed) == pytest.approx(expected, rel=1e-9)


def test_cronbach_alpha_is_none_without_enough_pupils_or_variance():
    assert cronbach_alpha(np.array([[1.0, 2.0, 3.0]])) is None
    assert cronbach_alpha(np.array([[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]])) is None


@pytest.mark.parametrize("x1,n1,x2,n2", [(12, 80, 20, 85), (5, 100, 30, 100), (1, 12, 0, 15)])
def test_z_test_matches_statsmodels(x1, n1, x2, n2):
    z, p = two_proportion_z_test(x1, n1, x2, n2)
    expected_z, expected_p = proportions_ztest(count=[x1, x2], nobs=[n1, n2])
    assert z == pytest.approx(expected_z, rel=1e-9)
    assert p == pytest.approx(expected_p, rel=1e-9)


def test_z_test_without_variance_is_none():
    assert two_proportion_z_test(0, 10, 0, 12) is None
    assert two_proportion_z_test(3, 0, 2, 10) is None


# -- year on year ----------------------------------------------------------------------------------


def _year(tmp_path, name, bullied, total):
    rows = ["groep,vb1,pe1"] + [f"A,3,{3 if index < bullied else 1}" for index in range(total)]
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return summarize(path)


def test_compare_years_matches_statsmodels(tmp_path):
    last_year = _year(tmp_path, "2024.csv", 12, 80)
    this_year = _year(tmp_path, "2025.csv", 20, 85)
    change = compare_years(this_year, last_year)["gepest"]
    assert change["change"] == pytest.approx(100 * 20 / 85 - 100 * 12 / 80)
    assert change["p_value"] == pytest.approx(proportions_ztest([20, 12], [85, 80])[1], rel=1e-9)
    assert change["p_value"] == pytest.approx(0.166, abs=5e-4)
    assert change["significant"] is False
    assert (change["pct"], change["previous_pct"]) == (pytest.approx(100 * 20 / 85), pytest.approx(15.0))


def test_compare_years_significant_and_missing(tmp_path):
    last_year = _year(tmp_path, "2024.csv", 5, 100)
    this_year = _year(tmp_path, "2025.csv", 30, 100)
    result = compare_years(this_year, last_year)
    assert result["gepest"]["significant"] is True
    assert result["gepest"]["p_value"] < 0.05
    assert result["gepest"]["tests"] == 1  # every pupil feels safe in both years: only gepest can be tested
    assert result["online_gepest"] == {"pct": None, "previous_pct": None, "change": None, "p_value": None,
                                       "p_holm": None, "tests": 0, "significant": False}
