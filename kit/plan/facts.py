"""What the plan's rules look at, gathered once: the school profile, the survey findings, the vision.

:class:`Facts` is plain data, so the rules can be tested on fixed findings without any
files. :func:`gather_facts` reads a school folder; it never creates the workshop
database. The phrasing helpers turn a figure into the Dutch sentence a proposal shows
("20,0% van de leerlingen wordt gepest op school (n = 45)").
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.dates import today as dutch_today  # the day in the Netherlands, whatever the server's zone
from kit.profile import Profile
from kit.reuse import reused

TOP_VALUES = 3  # how many of the team's values count as "chosen" (ties included)


@dataclass(frozen=True)
class Labels:
    """Dutch labels of the survey's indicators, places and scales, and the scales' range."""

    indicators: dict[str, str]
    places: dict[str, str]
    scales: dict[str, str]
    scale_max: dict[str, int]

    def metric(self, metric: str) -> str:
        """A metric's label: ``gepest``, ``plek:plein`` or ``schaal:steun``."""
        kind, name = split_metric(metric)
        if kind == "indicator":
            return self.indicators.get(name, name)
        if kind == "plek":
            return "Voelt zich weleens onveilig: " + lower_first(self.places.get(name, name))
        return self.scales.get(name, name)

    def metrics(self) -> list[tuple[str, str]]:
        """Every metric the survey measures, as (label, metric) pairs, for a menu."""
        out = [(label, name) for name, label in self.indicators.items()]
        out += [(self.metric(f"plek:{name}"), f"plek:{name}") for name in self.places if name != "nergens"]
        out += [(f"{label} (schaal)", f"schaal:{name}") for name, label in self.scales.items()]
        return out


@reused
def load_labels(school_dir: str | Path | None = None) -> Labels:
    """The labels from the school's own instrument, else the default one."""
    from kit.survey.instrument import load_instrument
    from kit.survey.school import instrument_path

    instrument = load_instrument(instrument_path(school_dir) if school_dir else None)
    places = instrument.items[instrument.places_item].options if instrument.places_item else {}
    scale_max = {}
    for scale in instrument.scales.values():
        scale_max[scale.id] = len(instrument.items[scale.items[0]].answers)
    return Labels(
        indicators={i.id: i.label for i in instrument.indicators.values()},
        places=dict(places),
        scales={s.id: s.label for s in instrument.scales.values()},
        scale_max=scale_max,
    )


@dataclass
class Facts:
    """Everything the checklist and the proposal rules may look at."""

    labels: Labels
    profile: Profile | None = None
    findings: dict | None = None  # SchoolSurveys.findings(), or None without a survey
    values: list[dict] = field(default_factory=list)  # the team's chosen values: {id, name, votes}
    actions: list[dict] = field(default_factory=list)  # the plan's live actions (any school year)
    plan_year: str = ""
    today: date = field(default_factory=dutch_today)
    survey_problem: str = ""  # why the survey could not be read (live pages go on without it)
    monitor_results: object = None  # kit.monitor_results.MonitorResults, or None without monitor.yaml
    monitor_problem: str = ""  # why monitor.yaml could not be read

    @property
    def summary(self) -> dict | None:
        return (self.findings or {}).get("summary")

    @property
    def trend(self) -> dict | None:
        return (self.findings or {}).get("trend")

    @property
    def onderwijstype(self) -> str | None:
        return self.profile.get("onderwijstype") if self.profile else None


# ----------------------------------------------------------------------------- school years and metrics

def school_year_of_date(day: date) -> str:
    """The school year a date falls in (a school year starts on 1 August)."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def next_school_year(year: str) -> str:
    first = int(year[:4]) + 1
    return f"{first}-{first + 1}"


def year_start(year: str) -> date:
    """1 August of the school year's first calendar year."""
    return date(int(year[:4]), 8, 1)


def year_end(year: str) -> date:
    """31 July of the school year's second calendar year."""
    return date(int(year[:4]) + 1, 7, 31)


def split_metric(metric: str) -> tuple[str, str]:
    """``("indicator", "gepest")``, ``("plek", "plein")`` or ``("schaal", "steun")``."""
    if metric.startswith("plek:"):
        return "plek", metric[5:]
    if metric.startswith("schaal:"):
        return "schaal", metric[7:]
    return "indicator", metric


def is_percentage(metric: str) -> bool:
    return split_metric(metric)[0] != "schaal"


def metric_figure(summary: dict | None, metric: str) -> tuple[float | None, int | None]:
    """The school-wide figure of a metric in a survey summary: (value, n), (None, n) when not shown."""
    if not summary:
        return None, None
    kind, name = split_metric(metric)
    if kind == "indicator":
        figure = (summary.get("indicators") or {}).get(name)
        return (figure.get("pct"), figure.get("n")) if figure else (None, None)
    if kind == "plek":
        figure = (summary.get("places") or {}).get(name)
        return (figure.get("pct"), figure.get("n")) if figure else (None, None)
    figure = (summary.get("scales") or {}).get(name)
    return (figure.get("mean"), figure.get("n")) if figure else (None, None)


# ----------------------------------------------------------------------------- Dutch phrasing

def number(value: float, decimals: int = 1) -> str:
    """A number with a decimal comma: ``20,0``."""
    return f"{value:.{decimals}f}".replace(".", ",")


def pct(value: float, decimals: int = 1) -> str:
    return f"{number(value, decimals)}%"


def target_number(value: float, metric: str) -> str:
    """A target value as people write it: ``8%``, ``12,5%`` or ``3,2``."""
    if is_percentage(metric):
        text = number(value, 0) if float(value).is_integer() else number(value, 1)
        return f"{text}%"
    return number(value, 2 if round(value, 2) != round(value, 1) else 1)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def figure_text(labels: Labels, metric: str, value: float, n: int | None, who: str = "van de leerlingen") -> str:
    """The finding as a sentence: ``20,0% van de leerlingen wordt gepest op school (n = 45)``."""
    kind, name = split_metric(metric)
    count = f" (n = {n})" if n is not None else ""
    if kind == "indicator":
        return f"{pct(value)} {who} {lower_first(labels.indicators.get(name, name))}{count}"
    if kind == "plek":
        place = lower_first(labels.places.get(name, name))
        return f"{pct(value)} {who} voelt zich weleens onveilig {place}{count}"
    top = labels.scale_max.get(name)
    scale = f" op een schaal van 1 tot {top}" if top else ""
    return f"{labels.scales.get(name, name)}: gemiddeld {number(value, 2)}{scale}{count}"


# A target is always written in positive form: what at least so many pupils do or feel ("Minstens 92% van de
# leerlingen wordt niet gepest op school"), never how many at most have a problem ("Wordt gepest ≤ 8%"). The
# stored target keeps the survey's own measure ({"metric", "op", "value", "year"}); only its wording turns over.
# Labels of the default instrument whose negation reads better than the generic rule in negate_label().
NEGATIONS = {
    "doet zelf mee met pesten": "doet zelf niet mee met pesten",
}
_REFLEXIVE = {"zich", "me", "je", "ons", "jullie"}


def negate_label(label: str) -> str:
    """A pupil indicator's label negated: ``wordt gepest op school`` → ``wordt niet gepest op school``.

    Dutch puts ``niet`` after the finite verb and its reflexive pronoun (``voelt zich niet veilig``);
    an indicator label starts with that verb, so the rule covers the labels an instrument uses.
    """
    text = lower_first(label.strip())
    if text in NEGATIONS:
        return NEGATIONS[text]
    words = text.split()
    cut = 2 if len(words) > 1 and words[1] in _REFLEXIVE else 1
    return " ".join(words[:cut] + ["niet"] + words[cut:])


def _bound(op: str | None) -> str:
    return "Minstens" if op != "<=" else "Hoogstens"


def positive_form(labels: Labels, metric: str, op: str | None, value: float) -> tuple[str, float, str]:
    """A target or a figure in positive form: ``(bound, value, phrase)``.

    A percentage that must go down (``op`` is ``<=``) turns over: at most 8% bullied becomes at least
    92% not bullied, at most 20% unsafe on the playground becomes at least 80% safe there. A percentage
    that must go up keeps its label; a scale keeps its mean.
    """
    kind, name = split_metric(metric)
    if kind == "schaal":
        return _bound(op), value, labels.scales.get(name, name)
    turn = op == "<="
    shown = 100 - value if turn else value
    if kind == "plek":
        place = lower_first(labels.places.get(name, name))
        phrase = f"voelt zich veilig {place}" if turn else f"voelt zich weleens onveilig {place}"
    else:
        label = labels.indicators.get(name, name)
        phrase = negate_label(label) if turn else lower_first(label)
    return "Minstens", shown, phrase


def target_phrase(labels: Labels, metric: str, op: str | None, value: float) -> str:
    """``Minstens 92% van de leerlingen wordt niet gepest op school``, or for a scale
    ``Steun van de leerkracht: gemiddeld minstens 3,2 op een schaal van 1 tot 4``."""
    bound, shown, phrase = positive_form(labels, metric, op, value)
    kind, name = split_metric(metric)
    if kind == "schaal":
        top = labels.scale_max.get(name)
        scale = f" op een schaal van 1 tot {top}" if top else ""
        return f"{phrase}: gemiddeld {bound.lower()} {target_number(shown, metric)}{scale}"
    return f"{bound} {target_number(shown, metric)} van de leerlingen {phrase}"


def target_text(labels: Labels, target: dict | None) -> str:
    """``Minstens 92% van de leerlingen wordt niet gepest op school in de enquête van 2027-2028``; empty
    without a target."""
    if not target or not target.get("metric") or target.get("value") is None:
        return ""
    year = f" in de enquête van {target['year']}" if target.get("year") else ""
    return f"{target_phrase(labels, target['metric'], target.get('op'), float(target['value']))}{year}"


def result_text(labels: Labels, target: dict, value: float, n: int | None) -> str:
    """A measured figure in the same form as its target: ``85,0% van de leerlingen wordt niet gepest op
    school (n = 45)`` for a target that reads ``Minstens 92% van de leerlingen wordt niet gepest op school``."""
    metric = target["metric"]
    if split_metric(metric)[0] == "schaal":
        return figure_text(labels, metric, value, n)
    _, shown, phrase = positive_form(labels, metric, target.get("op"), value)
    count = f" (n = {n})" if n is not None else ""
    return f"{pct(shown)} van de leerlingen {phrase}{count}"


# ----------------------------------------------------------------------------- reading a school

@reused
def gather_facts(school_dir: str | Path, today: date | None = None, store=None, *, strict: bool = True) -> Facts:
    """Read the school's profile, survey findings, chosen values and plan.

    ``store`` is an open workshop store to read from; without it the store is opened
    read-only when the file exists (a page never creates it). A survey export that
    cannot be read raises its SurveyError, as the survey notebook does; with
    ``strict=False`` (a live workshop) the facts go on without the survey and
    ``survey_problem`` says why.
    """
    from kit.profile import load_profile
    from kit.survey.errors import SurveyError
    from kit.survey.school import load_school_surveys

    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    problem = ""
    try:
        surveys = load_school_surveys(school_dir)
    except SurveyError as exc:
        if strict:
            raise
        surveys, problem = None, str(exc)
    findings = surveys.findings() if surveys is not None else None
    today = today or dutch_today()
    facts = Facts(labels=load_labels(school_dir), profile=profile, findings=findings, today=today,
                  survey_problem=problem)
    facts.plan_year = plan_year(profile, findings, today)
    from kit.monitor_results import MonitorResultsError, load_monitor_results

    try:
        facts.monitor_results = load_monitor_results(school_dir, today)
    except MonitorResultsError as exc:
        facts.monitor_problem = str(exc)
    owned = store is None
    if store is None:
        store = open_existing_store(school_dir)
    if store is not None:
        try:
            from kit.plan.store import list_actions

            facts.values = chosen_values(store)
            facts.actions = list_actions(store)
        finally:
            if owned:
                store.close()
    return facts


def plan_year(profile: Profile | None, findings: dict | None, today: date) -> str:
    """The school year of the plan: the profile's, else the latest survey's, else today's."""
    if profile is not None and profile.get("schooljaar"):
        return profile.get("schooljaar")
    if findings and findings.get("year"):
        return findings["year"]
    return school_year_of_date(today)


def open_existing_store(school_dir: str | Path):
    """The school's workshop store when the file exists, else None (nothing is created)."""
    from kit.live.report import existing_store

    return existing_store(school_dir)


def chosen_values(store) -> list[dict]:
    """The values the team chose in its latest workshop with votes: the top three (ties included)."""
    from kit import workshop

    for past in reversed(workshop.list_workshops(store)):
        ranking = [v for v in workshop.value_ranking(store, past.id) if v["votes"] > 0]
        if ranking:
            return top_values(ranking)
    return []


def top_values(ranking: list[dict], top: int = TOP_VALUES) -> list[dict]:
    """The first ``top`` values of a ranking with votes, plus any tied with the last of them."""
    ranked = sorted((v for v in ranking if v["votes"] > 0), key=lambda v: -v["votes"])
    if len(ranked) <= top:
        cut = ranked
    else:
        floor = ranked[top - 1]["votes"]
        cut = [v for v in ranked if v["votes"] >= floor]
    return [{"id": v["id"], "name": v["name"], "votes": v["votes"]} for v in cut]


def log_exception() -> None:
    traceback.print_exc(file=sys.stderr)
