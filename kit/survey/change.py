"""Year-on-year changes in plain Dutch: what a p-value says, Holm's correction, and that the pupils differ.

The numbers come from :func:`kit.survey.summary.compare_years`; this module only words
them, the same way in the survey report, the findings and the plan.
"""

from __future__ import annotations

from kit.survey.comparison import year_of_group
from kit.survey.report import dutch_number


def p_text(p: float) -> str:
    """``p = 0,012`` or ``p < 0,001``."""
    return "p < 0,001" if p < 0.001 else f"p = {dutch_number(p, 3)}"


def tests_text(entry: dict) -> str:
    """``na correctie voor 4 vergelijkingen`` (nothing to say for a single comparison)."""
    tests = entry.get("tests") or 0
    return f"na correctie voor {tests} vergelijkingen" if tests > 1 else ""


def adjusted_p(entry: dict) -> float | None:
    """The Holm-adjusted p-value; the plain one for summaries written before the correction existed."""
    return entry.get("p_holm") if entry.get("p_holm") is not None else entry.get("p_value")


def is_real(entry: dict) -> bool:
    """A change counts as real only when it survives Holm's correction."""
    return bool(entry.get("significant")) and entry.get("change") is not None


def verdict_text(entry: dict, better: bool) -> str:
    """The sentence after the figures: a clear change, or one that chance may explain."""
    p_holm = adjusted_p(entry)
    correction = tests_text(entry)
    if is_real(entry):
        direction = "verbetering" if better else "verslechtering"
        where = f"{p_text(p_holm)} {correction}".strip()
        return (f"Dat is een duidelijke {direction}: zo'n groot verschil is bij toeval onwaarschijnlijk ({where}). "
                "Let wel: het zijn deels andere leerlingen dan vorig jaar.")
    if entry.get("p_value") is None:
        return "Of dat verschil meer is dan toeval, is niet te toetsen."
    detail = p_text(entry["p_value"]) + " voor dit cijfer alleen"
    if correction and p_holm is not None:
        detail += f"; {correction} {p_text(p_holm)}"
    return f"Zo'n verschil kan ook bij toeval ontstaan, dus het is geen duidelijke verandering ({detail})."


def cohort_note(current: dict | None, previous: dict | None) -> str:
    """Which pupils left and which joined since last year, from the group names of both summaries."""
    before = _by_year((previous or {}).get("groups") or {})
    now = _by_year((current or {}).get("groups") or {})
    if before and now:
        left, joined = before[max(before)], now[min(now)]
        return (f"Het zijn niet dezelfde leerlingen als vorig jaar: wie vorig jaar in {' en '.join(left)} zat, "
                f"doet niet meer mee, {' en '.join(joined)} {'deed' if len(joined) == 1 else 'deden'} voor het "
                "eerst mee en de anderen zitten een jaar verder. Een verschil kan dus ook komen doordat de groep "
                "leerlingen anders is.")
    return ("Het zijn niet dezelfde leerlingen als vorig jaar: de oudste leerlingen van vorig jaar doen niet meer "
            "mee en er deden jongere leerlingen voor het eerst mee. Een verschil kan dus ook komen doordat de "
            "groep leerlingen anders is.")


def p_value_note(tests: int) -> str:
    """What the p-value and Holm's correction mean, for the reader of the report and the plan."""
    many = (f" Omdat er {tests} cijfers tegelijk met vorig jaar worden vergeleken, is de kans groter dat er één "
            "bij toeval verschilt. Daarom worden de p-waarden gecorrigeerd volgens de methode van Holm; een "
            "verandering heet pas duidelijk als de gecorrigeerde p-waarde kleiner is dan 0,05.") if tests > 1 else \
        " Een verandering heet duidelijk als de p-waarde kleiner is dan 0,05."
    return ("Hoe lees je een verschil met vorig jaar? De p-waarde is de kans op een verschil van minstens deze "
            "grootte als er in werkelijkheid niets veranderd zou zijn. Een kleine p-waarde betekent: zo'n groot "
            "verschil is bij toeval onwaarschijnlijk. Het is niet de kans dat het verschil toeval is." + many)


def tests_in(trend: dict | None) -> int:
    """How many indicators were compared with last year."""
    return max((entry.get("tests") or 0 for entry in (trend or {}).values()), default=0)


def _by_year(groups: dict) -> dict[int, list[str]]:
    years: dict[int, list[str]] = {}
    for name in groups:
        year = year_of_group(name)
        if year is None:
            return {}
        years.setdefault(year, []).append(name)
    return years
