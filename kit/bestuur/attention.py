"""Which schools need the board's attention first, and why: one transparent rule, printed with the overview.

A school is on the list when at least one of the points in :data:`RULE` holds; each point
that holds becomes a Dutch reason. Schools with more reasons come first, then by name.
The rule only counts what the kit can see; it is not a judgement of the school.
"""

from __future__ import annotations

from kit.bestuur.schools import SchoolOverview
from kit.plan.facts import lower_first
from kit.survey.report import dutch_number

RULE = (
    "het schoolprofiel is ongeldig, zodat de kit de school niet kan lezen;",
    "de laatste verwerking met kit batch is mislukt of niet gedaan;",
    "een bestand van de school (de enquête, monitor.yaml of de workshopgegevens) kon niet worden gelezen;",
    "een wettelijk onderdeel van de checklist ontbreekt volgens de gegevens van de school;",
    "een actie uit het actieplan is over de deadline en nog niet klaar;",
    "een indicator is duidelijk slechter dan vorig schooljaar (na correctie voor meerdere vergelijkingen "
    "volgens Holm is p kleiner dan 0,05).",
)
RULE_INTRO = "Een school staat in deze lijst als minstens één van deze punten geldt:"
RULE_ORDER = ("Scholen met meer punten staan hoger; bij een gelijk aantal gaat het op naam. De regel telt alleen wat "
              "de kit in de gegevens van de school ziet; het is geen oordeel over de school.")


def reasons(school: SchoolOverview, checklist_titles: dict[str, str]) -> list[str]:
    """The Dutch reasons why ``school`` needs attention (empty: none of the rule's points holds)."""
    found: list[str] = []
    if not school.profile_ok:
        found.append("Het schoolprofiel is ongeldig (zie de fout bij de school).")
    if school.batch is not None and school.batch.failed:
        found.append(f"De laatste verwerking: {school.batch.status}.")
    if school.profile_ok and school.problem:
        found.append("De gegevens van de school konden niet worden gelezen (zie de fout bij de school).")
    if school.survey_problem:
        found.append("De enquête kon niet worden gelezen (zie de fout bij de school).")
    if school.monitor_problem:
        found.append("monitor.yaml kon niet worden gelezen (zie de fout bij de school).")
    missing = [lower_first(checklist_titles.get(item, item)) for item, status in school.checklist.items()
               if status == "missing"]
    if missing:
        found.append(f"Ontbreekt volgens de checklist: {'; '.join(missing)}.")
    if school.plan is not None and school.plan.overdue:
        count = school.plan.overdue
        found.append(f"{count} {'actie is' if count == 1 else 'acties zijn'} over de deadline en nog niet klaar.")
    for indicator in school.indicators.values():
        if indicator.real and indicator.worse:
            found.append(f"{indicator.label}: duidelijk slechter dan vorig schooljaar "
                         f"({_signed(indicator.change)} procentpunt).")
    return found


def attention_order(schools: list[SchoolOverview]) -> list[SchoolOverview]:
    """The schools with at least one reason, most reasons first, then by name."""
    return sorted((s for s in schools if s.attention), key=lambda s: (-len(s.attention), s.name.casefold()))


def _signed(value: float) -> str:
    return ("+" if value > 0 else "−") + dutch_number(abs(value))
