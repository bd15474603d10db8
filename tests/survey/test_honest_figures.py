"""Honest figures: national comparisons for the same population only, "hoger"/"lager" only outside the
interval, Holm's correction for the year-on-year changes, and proposals that follow clear findings only.

Every expected number is recomputed here by hand (and checked against statsmodels or scipy).
"""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from kit.plan.conditions import evaluate
from kit.plan.facts import Facts, load_labels
from kit.survey.change import cohort_note, p_value_note
from kit.survey.comparison import compare, comparisons, population_figure, year_of_group
from kit.survey.findings import findings, load_references
from kit.survey.instrument import DEFAULT_INSTRUMENT, load_instrument
from kit.survey.statistics import holm_adjust, mean_interval, t_quantile_975
from kit.survey.summary import compare_years

HBSC_GROEP_8 = {"pct": 6, "groep": "leerlingen in groep 8", "populatie": [8],
                "vraag": "Hoe vaak ben je de afgelopen maanden op school gepest?",
                "grens": "Twee of drie keer per maand", "bron": "HBSC 2017", "vergelijkbaar": "ja"}


def wilson_by_hand(count: int, n: int) -> tuple[float, float]:
    """(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), in percent."""
    z = 1.959963984540054
    p = count / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half) / (1 + z * z / n), 100 * (centre + half) / (1 + z * z / n)


def figure(count: int, n: int) -> dict:
    low, high = wilson_by_hand(count, n)
    return {"pct": 100 * count / n, "ci_low": low, "ci_high": high, "n": n}


def school(groups: dict[str, tuple[int, int] | None]) -> dict:
    """A summary with only ``gepest``, per group (count, n) or None for a suppressed group."""
    shown = {name: c for name, c in groups.items() if c is not None}
    total = (sum(c for c, _ in shown.values()), sum(n for _, n in shown.values()))
    return {"indicators": {"gepest": figure(*total)}, "scales": {}, "places": None,
            "groups": {name: ({"suppressed": True} if c is None else {"n": c[1], "indicators": {"gepest": figure(*c)}})
                       for name, c in groups.items()}}


@pytest.fixture(scope="module")
def instrument():
    return load_instrument()


# ----------------------------------------------------------------------------- same population

def test_the_school_is_compared_with_groep_8_only_through_its_groep_8(instrument):
    # groups 5-8 together: 3+4+5+6 of 25+25+25+30 pupils; groep 8 alone: 6 of 30
    summary = school({"Groep 5": (3, 25), "Groep 6": (4, 25), "Groep 7": (5, 25), "Groep 8": (6, 30)})
    result = compare(summary, instrument, "gepest", HBSC_GROEP_8)
    assert (result["groups"], result["hits"], result["n"]) == (["Groep 8"], 6, 30)
    assert result["pct"] == pytest.approx(20.0)
    low, high = wilson_by_hand(6, 30)
    assert (result["ci_low"], result["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert (low / 100, high / 100) == pytest.approx(proportion_confint(6, 30, method="wilson"))
    assert result["text"].startswith("Vergelijking met het landelijke cijfer: 20% van de leerlingen in Groep 8 wordt "
                                     "gepest op school (n = 30; 95%-interval 9,5–37,3%). Landelijk is dat 6,0% "
                                     "(leerlingen in groep 8; HBSC 2017).")


def test_parallel_classes_of_the_same_year_are_added_up(instrument):
    summary = school({"Groep 7": (5, 25), "8a": (2, 14), "8b": (3, 16)})
    figures = population_figure(summary, "gepest", [8])
    assert (figures["groups"], figures["hits"], figures["n"]) == (["8a", "8b"], 5, 30)
    assert figures["pct"] == pytest.approx(100 * 5 / 30)


@pytest.mark.parametrize("groups", [
    {"Groep 7": (5, 25), "Groep 8": None},  # groep 8 suppressed
    {"Groep 7": (5, 25), "Groep 7/8": (6, 30)},  # a combined class cannot be placed
    {"Groep 5": (5, 25), "Groep 6": (6, 30)},  # no groep 8 in the survey
    {},  # no group data at all
])
def test_no_comparison_when_the_groups_do_not_allow_one(instrument, groups):
    summary = school(groups) if groups else {"indicators": {"gepest": figure(10, 100)}, "groups": {}}
    assert compare(summary, instrument, "gepest", HBSC_GROEP_8) is None
    texts = " ".join(f["text"] for f in findings({**summary, "scales": {}, "places": None}, instrument, None, "po",
                                                 {"gepest": {"po": [HBSC_GROEP_8]}}))
    assert "landelijk" not in texts.lower()


def test_no_comparison_with_another_definition_kind_of_school_or_cut_off(instrument, tmp_path):
    summary = school({"Groep 7": (5, 25), "Groep 8": (6, 30)})
    assert compare(summary, instrument, "gepest", {**HBSC_GROEP_8, "vergelijkbaar": "nee"}) is None
    assert compare(summary, instrument, "gepest", {**HBSC_GROEP_8, "grens": "Ongeveer één keer per week"}) is None
    assert compare(summary, instrument, "gepest", {**HBSC_GROEP_8, "vraag": "Word je gepest?"}) is None
    references = {"gepest": {"po": [HBSC_GROEP_8]}}
    assert comparisons(summary, instrument, "vo", references) == []
    assert comparisons(summary, instrument, None, references) == []  # kind of school unknown
    # a school whose own instrument counts from "about once a week" measures something else
    text = DEFAULT_INSTRUMENT.read_text(encoding="utf-8")
    assert "    item: pe1\n    threshold: 3" in text
    own = tmp_path / "instrument.yaml"
    own.write_text(text.replace("    item: pe1\n    threshold: 3", "    item: pe1\n    threshold: 4"), encoding="utf-8")
    assert compare(summary, load_instrument(own), "gepest", HBSC_GROEP_8) is None


def test_the_shipped_references_compare_only_the_comparable_figure(instrument):
    references = load_references()
    summary = school({"Groep 5": (1, 25), "Groep 6": (2, 25), "Groep 7": (3, 25), "Groep 8": (6, 30)})
    (result,) = comparisons(summary, instrument, "po", references)
    assert result["reference_pct"] == 6.0 and "HBSC 2017" in result["text"]
    # in the findings the comparison follows the school-wide figure it belongs to, marked as a group figure
    found = findings(summary, instrument, None, "po", references)
    assert [f["kind"] for f in found[:2]] == ["indicator", "comparison"]
    assert found[0]["text"] == "11% (ongeveer 1 op de 9) van de leerlingen wordt gepest op school (n = 105)."
    assert found[1]["groups"] == ["Groep 8"]
    assert "Landelijke Veiligheidsmonitor" not in " ".join(f["text"] for f in found)
    for kind in ("po", "vo"):
        for reference in references["veilig"][kind]:
            assert reference["vergelijkbaar"] == "nee"  # another question: never a comparison


@pytest.mark.parametrize("year, name", [(8, "Groep 8"), (8, "8b"), (3, "H3a"), (None, "Groep 7/8"),
                                        (None, "Onbekend")])
def test_a_group_is_placed_by_the_one_number_in_its_name(year, name):
    assert year_of_group(name) == year


# ----------------------------------------------------------------------------- hoger / lager only outside the interval

def test_higher_only_when_the_reference_lies_below_the_whole_interval(instrument):
    # 6 of 30: Wilson 9,5-37,3%; the national 6% lies below it
    result = compare(school({"Groep 8": (6, 30)}), instrument, "gepest", HBSC_GROEP_8)
    assert wilson_by_hand(6, 30)[0] > 6
    assert result["verdict"] == "hoger"
    assert "ligt duidelijk hoger: het landelijke cijfer ligt buiten het 95%-interval" in result["text"]


def test_inside_the_interval_the_school_does_not_clearly_differ(instrument):
    # 3 of 30 = 10%, twice the national 6%, yet Wilson 3,5-25,6% holds 6%: no "hoger"
    low, high = wilson_by_hand(3, 30)
    assert low < 6 < high
    result = compare(school({"Groep 8": (3, 30)}), instrument, "gepest", HBSC_GROEP_8)
    assert result["verdict"] == "niet duidelijk anders"
    assert "verschilt daarin niet duidelijk van het landelijke cijfer" in result["text"]
    assert "hoger" not in result["text"] and "boven" not in result["text"]


def test_lower_only_when_the_reference_lies_above_the_whole_interval(instrument):
    # 3 of 60 = 5%: Wilson 1,7-13,7%; a reference of 20% lies above it
    assert wilson_by_hand(3, 60)[1] < 20
    result = compare(school({"Groep 8": (3, 60)}), instrument, "gepest", {**HBSC_GROEP_8, "pct": 20})
    assert result["verdict"] == "lager"


# ----------------------------------------------------------------------------- Holm

def test_holm_by_hand():
    # sorted: 0,005·4 = 0,02; 0,01·3 = 0,03; 0,03·2 = 0,06; 0,04·1 = 0,04 -> 0,06 (never below the one before)
    assert holm_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # 0,5·2 = 1 (capped at 1), 0,9·1 = 0,9 -> 1 (never below the one before); None does not count
    assert holm_adjust([0.5, None, 0.9]) == pytest.approx([1.0, None, 1.0])
    assert holm_adjust([]) == []


def test_holm_matches_statsmodels():
    rng = random.Random(11)
    for size in (1, 2, 4, 7, 20):
        for _ in range(20):
            p_values = [rng.choice([rng.random(), rng.random() / 50]) for _ in range(size)]
            expected = multipletests(p_values, alpha=0.05, method="holm")
            assert holm_adjust(p_values) == pytest.approx(list(expected[1]), rel=1e-12)
            assert [p < 0.05 for p in holm_adjust(p_values)] == list(expected[0])


def summaries(now: dict[str, tuple[int, int]], before: dict[str, tuple[int, int]]) -> tuple[dict, dict]:
    def one(counts):
        return {"indicators": {name: figure(c, n) for name, (c, n) in counts.items()}, "scales": {},
                "places": None, "groups": {f"Groep {year}": {"n": 25, "indicators": {}} for year in (5, 6, 7, 8)}}
    return one(now), one(before)


# the demo school's figures: 2025-2026 (103 pupils) against 2026-2027 (99 pupils)
BEFORE = {"veilig": (65, 103), "gepest": (24, 103), "online_gepest": (10, 103), "zelf_gepest": (3, 103)}
NOW = {"veilig": (74, 99), "gepest": (10, 99), "online_gepest": (13, 99), "zelf_gepest": (11, 99)}


def test_a_change_significant_alone_but_not_after_holm_is_not_called_real(instrument):
    current, previous = summaries(NOW, BEFORE)
    trend = compare_years(current, previous)
    raw = {name: proportions_ztest([NOW[name][0], BEFORE[name][0]], [NOW[name][1], BEFORE[name][1]])[1]
           for name in NOW}
    for name in NOW:
        assert trend[name]["p_value"] == pytest.approx(raw[name], rel=1e-9)
        assert trend[name]["tests"] == 4
    names = list(NOW)
    holm = multipletests([raw[name] for name in names], method="holm")[1]
    assert [trend[name]["p_holm"] for name in names] == pytest.approx(list(holm), rel=1e-9)
    # zelf_gepest: p = 0,022 on its own, 3 x 0,022 = 0,065 after Holm -> not real
    assert trend["zelf_gepest"]["p_value"] < 0.05 and trend["zelf_gepest"]["p_holm"] > 0.05
    assert trend["zelf_gepest"]["significant"] is False
    # gepest: 4 x 0,0122 = 0,049 -> real
    assert trend["gepest"]["p_holm"] == pytest.approx(4 * raw["gepest"])
    assert trend["gepest"]["significant"] is True

    texts = {f["topic"]: f["text"] for f in findings(current, instrument, trend, "po", {})}
    assert "duidelijke verslechtering" not in texts["zelf_gepest"]
    assert "Zo'n verschil kan ook bij toeval ontstaan, dus het is geen duidelijke verandering (p = 0,022 voor dit " \
           "cijfer alleen; na correctie voor 4 vergelijkingen p = 0,065)." in texts["zelf_gepest"]
    assert "Dat is een duidelijke verbetering: zo'n groot verschil is bij toeval onwaarschijnlijk (p = 0,049 na " \
           "correctie voor 4 vergelijkingen). Let wel: het zijn deels andere leerlingen dan vorig jaar." \
           in texts["gepest"]

    facts = Facts(labels=load_labels(), findings={"year": "2026-2027", "previous_year": "2025-2026",
                                                  "summary": current, "trend": trend})
    assert evaluate({"gestegen": "zelf_gepest"}, facts, {}) is None
    (reason,) = evaluate({"gedaald": "gepest"}, facts, {})
    assert "p = 0,049 na correctie voor 4 vergelijkingen" in reason["text"]


def test_the_p_value_and_the_cohorts_are_explained_correctly():
    note = p_value_note(4)
    assert "de kans op een verschil van minstens deze grootte als er in werkelijkheid niets veranderd zou zijn" in note
    assert "Het is niet de kans dat het verschil toeval is." in note
    assert "methode van Holm" in note
    current, previous = summaries(NOW, BEFORE)
    cohort = cohort_note(current, previous)
    assert "wie vorig jaar in Groep 8 zat, doet niet meer mee, Groep 5 deed voor het eerst mee" in cohort
    assert cohort_note({"groups": {"Onbekend": {}}}, previous).startswith("Het zijn niet dezelfde leerlingen")
    two = {"groups": {"1A": {}, "1B": {}, "2A": {}}}
    assert "wie vorig jaar in 2A zat, doet niet meer mee, 1A en 1B deden voor het eerst mee" \
        in cohort_note(two, two)


# ----------------------------------------------------------------------------- proposals follow clear findings

def facts_for(summary: dict) -> Facts:
    return Facts(labels=load_labels(), findings={"year": "2026-2027", "summary": summary, "trend": None})


def test_a_threshold_counts_only_when_the_whole_interval_is_beyond_it():
    # 9 of 45 = 20%: Wilson 10,9-33,8%
    low, high = wilson_by_hand(9, 45)
    summary = {"indicators": {"gepest": figure(9, 45), "veilig": figure(30, 45)}, "places": {}, "scales": {}}
    facts = facts_for(summary)
    (reason,) = evaluate({"indicator": "gepest", "boven": 10}, facts, {})
    assert low > 10
    assert reason["ci_low"] == pytest.approx(low)
    assert "met een 95%-interval van 10,9–33,8%. Ook de onderkant van dat interval ligt boven de grens van 10%" \
        in reason["text"]
    assert evaluate({"indicator": "gepest", "boven": 12}, facts, {}) is None  # 20 > 12, but 10,9 is not
    # 30 of 45 = 66,7% feels safe: Wilson 52,1-78,6%, entirely under 85, not entirely under 75
    assert wilson_by_hand(30, 45)[1] < 85 < 100
    assert evaluate({"indicator": "veilig", "onder": 85}, facts, {})
    assert evaluate({"indicator": "veilig", "onder": 75}, facts, {}) is None


def test_a_place_gets_its_wilson_interval_from_its_share_and_n():
    # 18 of 45 = 40% name the playground: Wilson 27,0-54,5%
    facts = facts_for({"indicators": {}, "scales": {}, "places": {"plein": {"pct": 40.0, "n": 45}}})
    assert evaluate({"plek": "plein", "boven": 25}, facts, {})
    assert evaluate({"plek": "plein", "boven": 30}, facts, {}) is None


def test_a_scale_counts_with_its_t_interval():
    scores = [2.0, 2.5, 3.0, 2.5, 2.0, 3.5, 2.5, 3.0, 2.0, 2.5, 3.0, 2.5]
    n, mean = len(scores), sum(scores) / len(scores)
    sd = math.sqrt(sum((x - mean) ** 2 for x in scores) / (n - 1))
    low, high = mean_interval(mean, sd, n)
    exact = stats.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))
    assert (low, high) == pytest.approx(exact, abs=1e-3)
    facts = facts_for({"indicators": {}, "places": {}, "scales": {"steun": {"mean": mean, "n": n, "ci_low": low,
                                                                            "ci_high": high}}})
    assert high < 3.0 and evaluate({"schaal": "steun", "onder": 3.0}, facts, {})
    assert mean < 2.8 < high and evaluate({"schaal": "steun", "onder": 2.8}, facts, {}) is None
    # without an interval a scale is not a clear finding
    facts = facts_for({"indicators": {}, "places": {}, "scales": {"steun": {"mean": 2.0, "n": n}}})
    assert evaluate({"schaal": "steun", "onder": 3.0}, facts, {}) is None


@pytest.mark.parametrize("df", [3, 4, 5, 9, 20, 44, 100])
def test_t_quantile_matches_scipy(df):
    assert t_quantile_975(df) == pytest.approx(stats.t.ppf(0.975, df), abs=0.005 if df == 3 else 1e-3)


def test_a_group_counts_only_when_the_school_lies_outside_its_interval():
    # school 10 of 100 = 10%; groep 8: 7 of 25 = 28% (Wilson 14,3-47,6%): clearly above;
    # groep 6: 3 of 12 = 25% (Wilson 8,9-53,2%): 15 points above, but its interval holds the school's 10%
    summary = {"indicators": {"gepest": figure(10, 100)}, "places": {}, "scales": {},
               "groups": {"Groep 6": {"n": 12, "indicators": {"gepest": figure(3, 12)}},
                          "Groep 8": {"n": 25, "indicators": {"gepest": figure(7, 25)}}}}
    assert wilson_by_hand(3, 12)[0] < 10 < wilson_by_hand(7, 25)[0]
    reasons = evaluate({"groep": "gepest", "boven_school": 10}, facts_for(summary), {})
    assert [r["group"] for r in reasons] == ["Groep 8"]
    assert "het 95%-interval van de groep, 14,3–47,6%, ligt helemaal boven het cijfer van de hele school" \
        in reasons[0]["text"]
