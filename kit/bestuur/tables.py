"""The overview's tables, built once for the page, the PDF and the workbook.

A :class:`Table` has Dutch column headings and rows of cells. A cell is plain text, a
number, None (empty), or one of the small value types below, which the page shows as
one readable text and the workbook spreads over number columns (so an analyst can
compute with them). Only school-level figures and counts are in any table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.bestuur.attention import RULE, RULE_INTRO, RULE_ORDER
from kit.bestuur.overview import BoardOverview
from kit.bestuur.schools import SchoolOverview
from kit.survey.report import dutch_number

NO_FIGURES = "geen cijfers: minder dan {min} reacties"
NO_SURVEY = "geen enquête"
PROFILE_BROKEN = "profiel ongeldig"
UNREADABLE = "gegevens niet te lezen"
MONITOR_KEYS = {"veiligheidsbeleving": "Veiligheidsbeleving", "welbevinden": "Welbevinden", "pesten": "Pesten"}
STATUS_SYMBOLS = {"met": "✓", "missing": "✗", "to_check": "?"}
CHANGE_WORDS = {"better": "duidelijk beter", "worse": "duidelijk slechter", "none": "geen duidelijke verandering"}


@dataclass(frozen=True)
class Interval:
    """A percentage with its 95% interval: ``74,7% (65,4–82,3)``."""

    pct: float
    low: float
    high: float

    def text(self) -> str:
        return f"{dutch_number(self.pct)}% ({dutch_number(self.low)}–{dutch_number(self.high)})"


@dataclass(frozen=True)
class Change:
    """A change in percentage points and whether it is a clear one: ``−13,2 pp, duidelijk beter``."""

    points: float
    verdict: str  # a key of CHANGE_WORDS

    def text(self) -> str:
        sign = "+" if self.points > 0 else ("−" if self.points < 0 else "")
        figure = f"{sign}{dutch_number(abs(self.points))} pp"
        return figure if self.verdict == "none" else f"{figure}, {CHANGE_WORDS[self.verdict]}"


@dataclass(frozen=True)
class Status:
    """A checklist cell: ``met``, ``missing`` or ``to_check`` with its Dutch label."""

    code: str
    label: str

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.code]

    def text(self) -> str:
        return self.label


@dataclass
class Table:
    key: str
    title: str  # the heading on the page and, shortened, the worksheet's name
    sheet: str  # at most 31 characters, none of []:*?/\
    intro: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (short column heading, full text)
    spans: dict[int, str] = field(default_factory=dict)  # row index -> one text across the row's other columns


def cell_text(value) -> str:
    """A cell as the page shows it."""
    if value is None:
        return ""
    if isinstance(value, (Interval, Change, Status)):
        return value.text()
    if isinstance(value, float):
        return dutch_number(value)
    return str(value)


def unreadable(school: SchoolOverview) -> str | None:
    """``profiel ongeldig`` or ``gegevens niet te lezen`` for a school the kit could not read, else None."""
    if not school.profile_ok:
        return PROFILE_BROKEN
    return UNREADABLE if school.problem else None


def survey_gap(school: SchoolOverview, min_group_size: int) -> str | None:
    """Why a school has no survey figures in the tables, or None when it has them."""
    if unreadable(school):
        return unreadable(school)
    if school.survey_problem:
        return "enquête niet te lezen"
    if school.responses is None:
        return NO_SURVEY
    if not school.figures_shown:
        return NO_FIGURES.format(min=min_group_size)
    return None


def build_tables(overview: BoardOverview) -> list[Table]:
    return [attention_table(overview), schools_table(overview), indicators_table(overview),
            change_table(overview), monitor_table(overview), checklist_table(overview), plan_table(overview)]


def attention_table(overview: BoardOverview) -> Table:
    rows = [[school.name, " ".join(school.attention)] for school in overview.attention]
    others = len(overview.schools) - len(rows)
    notes = [f"Bij de andere {others} {'school' if others == 1 else 'scholen'} geldt geen van deze punten."] \
        if others and rows else []
    if not rows:
        notes = ["Bij geen enkele school geldt een van deze punten."]
    rule = RULE_INTRO + " " + " ".join(f"({n}) {text}" for n, text in enumerate(RULE, start=1)) + " " + RULE_ORDER
    return Table("aandacht", "Eerst aandacht", "Eerst aandacht", rule, ["School", "Waarom"], rows, notes)


def schools_table(overview: BoardOverview) -> Table:
    rows = []
    problems: list[str] = []
    for school in overview.schools:
        gap = survey_gap(school, overview.min_group_size)
        if unreadable(school):
            responses = None
        elif school.responses is not None and not school.figures_shown:
            responses = f"minder dan {overview.min_group_size}"
        else:
            responses = school.responses
        pct = school.response_pct
        state = "in orde" if school.profile_ok else f"{PROFILE_BROKEN}: zie onder de tabel"
        if school.problem:
            problems.append(f"{school.name}: {school.problem}")
            if school.profile_ok:
                state += "; gegevens niet te lezen: zie onder de tabel"
        for what, text in (("enquête", school.survey_problem), ("monitor.yaml", school.monitor_problem)):
            if text:
                state += f"; {what} niet te lezen: zie onder de tabel"
                problems.append(f"{school.name}: {text}")
        if school.batch is not None:
            batch = school.batch.text().replace(f"{overview.workspace}/", "")
        else:
            batch = "niet in de laatste verwerking" if overview.batch is not None else None
        rows.append([school.name, state, batch,
                     school.survey_year or (gap if gap in (NO_SURVEY,) else None), responses,
                     round(pct, 1) if pct is not None else None])
    intro = ("Per school: of het schoolprofiel te lezen is, hoe de laatste verwerking met kit batch afliep, van welk "
             "schooljaar de enquête is, hoeveel leerlingen meededen en welk deel van de leerlingen dat is "
             "(het aantal leerlingen volgens het schoolprofiel).")
    notes = []
    if overview.batch is not None:
        when = overview.batch.finished or overview.batch.started
        notes.append("Laatste verwerking: " + (f"{when:%d-%m-%Y %H:%M}" if when else "tijdstip onbekend") + ".")
        if overview.batch.problem:
            notes.append(overview.batch.problem.replace(f"{overview.workspace}/", ""))
    else:
        notes.append("Er is nog geen verwerking met kit batch in deze werkmap (geen _batch/samenvatting.json).")
    notes += problems
    return Table("scholen", "Scholen en verwerking", "Scholen", intro,
                 ["School", "Schoolprofiel", "Laatste verwerking", "Enquête (schooljaar)", "Reacties",
                  "Respons (%)"], rows, notes)


def indicators_table(overview: BoardOverview) -> Table:
    rows = []
    for school in overview.schools:
        gap = survey_gap(school, overview.min_group_size)
        row: list = [school.name, school.survey_year if gap is None else gap]
        for name in overview.indicators:
            figure = school.indicators.get(name)
            row.append(Interval(figure.pct, figure.ci_low, figure.ci_high) if figure else None)
        rows.append(row)
    intro = ("Het percentage leerlingen per indicator, voor de hele school, met tussen haakjes het "
             "95%-betrouwbaarheidsinterval (Wilson): het werkelijke percentage ligt met grote waarschijnlijkheid "
             "tussen die twee getallen. Hoe minder leerlingen, hoe breder het interval.")
    return Table("indicatoren", "Indicatoren", "Indicatoren", intro,
                 ["School", "Schooljaar"] + list(overview.indicators.values()), rows)


def change_table(overview: BoardOverview) -> Table:
    rows = []
    for school in overview.schools:
        gap = survey_gap(school, overview.min_group_size)
        if gap is None and not school.previous_year:
            gap = "geen enquête van vorig schooljaar"
        row: list = [school.name, f"{school.previous_year} → {school.survey_year}" if gap is None else gap]
        for name in overview.indicators:
            figure = school.indicators.get(name)
            if gap is None and figure is not None and figure.change is not None:
                verdict = ("worse" if figure.worse else "better") if figure.real else "none"
                row.append(Change(figure.change, verdict))
            else:
                row.append(None)
        rows.append(row)
    intro = ("Het verschil met vorig schooljaar in procentpunten (pp). Alleen waar ‘duidelijk beter’ of ‘duidelijk "
             "slechter’ staat, is zo'n verschil bij toeval onwaarschijnlijk: na correctie voor het aantal vergelijkingen "
             "(Holm) is p kleiner dan 0,05. Bij de andere verschillen kan het toeval zijn. Het zijn deels andere "
             "leerlingen dan vorig jaar.")
    return Table("verandering", "Verandering sinds vorig schooljaar", "Verandering", intro,
                 ["School", "Schooljaren"] + list(overview.indicators.values()), rows)


def monitor_table(overview: BoardOverview) -> Table:
    rows = []
    for school in overview.schools:
        monitor = school.monitor
        if unreadable(school):
            rows.append([school.name, unreadable(school), None, None] + [None] * len(MONITOR_KEYS))
            continue
        name = (monitor.instrument + ("" if monitor.recognised else " (niet op de lijst van de Inspectie)")) \
            if monitor and monitor.instrument else "geen monitor ingevuld in het profiel"
        if monitor is None or monitor.year is None:
            note = school.monitor_problem and "monitor.yaml niet te lezen" or "nog geen uitkomsten ingevoerd"
            rows.append([school.name, name, note, None] + [None] * len(MONITOR_KEYS))
        elif not monitor.shown:
            rows.append([school.name, name, monitor.year, f"minder dan {overview.min_group_size}"]
                        + [None] * len(MONITOR_KEYS))
        else:
            rows.append([school.name, name, monitor.year, monitor.n]
                        + [monitor.figures.get(key) for key in MONITOR_KEYS])
    intro = ("De uitkomsten van de monitor sociale veiligheid die de school gebruikt (het instrument op de lijst "
             "van de Inspectie), zoals de school ze uit het rapport van de aanbieder heeft overgenomen in monitor.yaml: "
             "het laatste schooljaar. Een percentage of een score op de schaal van de monitor; deze cijfers zijn niet "
             "te vergelijken met die van de eigen enquête.")
    return Table("monitor", "Uitkomsten van de monitor", "Monitor", intro,
                 ["School", "Monitor", "Schooljaar", "Leerlingen"] + list(MONITOR_KEYS.values()), rows)


def checklist_table(overview: BoardOverview) -> Table:
    from kit.plan.checklist import STATUS_LABELS

    numbers = {item: str(n) for n, item in enumerate(overview.checklist, start=1)}
    rows = []
    spans = {}
    for school in overview.schools:
        if unreadable(school):
            spans[len(rows)] = f"{unreadable(school)}: de kit kan de checklist van deze school niet invullen"
            rows.append([school.name] + [None] * len(numbers))
            continue
        rows.append([school.name] + [Status(school.checklist[item], STATUS_LABELS[school.checklist[item]])
                                     if item in school.checklist else None for item in overview.checklist])
    intro = ("Per school en per wettelijk onderdeel: ‘voldaan’ (de gegevens van de school laten zien dat het er "
             "is), ‘ontbreekt’ (de gegevens laten zien dat het er niet is) of ‘controleren’ (de kit kan het niet "
             "zien; de school controleert het zelf). De nummers in de kop van de tabel staan voor de onderdelen in de "
             "lijst eronder.")
    return Table("checklist", "Wettelijke checklist", "Checklist", intro,
                 ["School"] + list(numbers.values()), rows,
                 legend=[(numbers[item], title) for item, title in overview.checklist.items()], spans=spans)


def plan_table(overview: BoardOverview) -> Table:
    rows = []
    for school in overview.schools:
        plan = school.plan
        if plan is None:
            rows.append([school.name, unreadable(school)] + [None] * 5)
        else:
            rows.append([school.name, plan.year, plan.total, plan.done, plan.stopped, plan.overdue,
                         plan.without_owner])
    intro = (f"De acties in het actieplan van het schooljaar van elke school, geteld op "
             f"{overview.today:%d-%m-%Y}. ‘Over de deadline’: de deadline is voorbij en de actie is nog niet klaar "
             "of gestopt. ‘Zonder eigenaar’: een actie die nog loopt en waarbij niemand als eigenaar staat. "
             "Namen en de tekst van de acties staan in het plan van de school zelf, niet in dit overzicht.")
    return Table("actieplan", "Voortgang van het actieplan", "Actieplan", intro,
                 ["School", "Schooljaar", "Acties", "Klaar", "Gestopt", "Over de deadline", "Zonder eigenaar"], rows)
