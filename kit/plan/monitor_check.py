"""The checklist's yearly-monitoring item, judged on the recognised monitor's results (monitor.yaml).

The law asks for yearly monitoring with a standardised, valid and reliable instrument; the
kit's own survey deepens the picture but is not that monitor. So the item is ``met`` only
when the school entered its monitor's results of the plan's school year; a kit survey of
this year alone leaves it "to check", with a plain explanation.
"""

from __future__ import annotations

from kit.plan.facts import Facts

MET, MISSING, TO_CHECK = "met", "missing", "to_check"


def previous_year(year: str) -> str:
    first = int(year[:4]) - 1
    return f"{first}-{first + 1}"


def check_monitor_yearly(facts: Facts) -> tuple[str, str]:
    """(status, detail) for ``controle: {monitor: jaarlijks}``."""
    if facts.monitor_problem:
        return TO_CHECK, f"De uitkomsten van de monitor zijn niet te lezen: {facts.monitor_problem}"
    results = facts.monitor_results
    if results is not None and results.latest is not None:
        latest = results.latest
        when = f"rapport van {latest.report_date.day}-{latest.report_date.month}-{latest.report_date.year}"
        if latest.year == facts.plan_year:
            return MET, (f"De uitkomsten van de monitor van dit schooljaar ({latest.year}) zijn ingevuld: "
                         f"{latest.n} leerlingen, {when}.")
        if facts.plan_year and latest.year == previous_year(facts.plan_year):
            return TO_CHECK, (f"De laatste uitkomsten van de monitor zijn van vorig schooljaar ({latest.year}). "
                              f"Neem de monitor ook in {facts.plan_year} af en vul de uitkomsten in.")
        return MISSING, (f"De laatste uitkomsten van de monitor zijn van {latest.year}; dat is langer dan een "
                         "jaar geleden.")
    survey_year = (facts.findings or {}).get("year")
    if survey_year and survey_year == facts.plan_year:
        return TO_CHECK, (f"Er is een leerlingenquête van de cursus van dit schooljaar ({survey_year}). Die verdiept "
                          "het beeld, maar is niet de monitor die de wet vraagt. Vul de uitkomsten van de monitor "
                          "van de school in.")
    return MISSING, "Er zijn nog geen uitkomsten van de monitor ingevuld."
