"""One school as the board sees it: read from the school's own inputs through the kit's functions.

:func:`school_overview` reads the profile, the survey exports (school-level figures
only), the monitor results, the legal checklist and the plan's actions of one school
folder, and never raises for a school's own problems: a broken profile or an unreadable
export becomes a Dutch ``problem`` on the school, so the board sees it listed.

Privacy (see :mod:`kit.survey.disclosure`): when fewer pupils than the minimum group size
answered, the survey figures are left out entirely (``figures_shown`` is False), and the
same holds for monitor results from fewer pupils than the minimum. Group- and class-level
figures are never read into the overview, and no name is: the plan is counted (done,
overdue, without owner), its text and owners are not copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.bestuur.batch_status import BatchEntry
from kit.errors import KitError


@dataclass(frozen=True)
class Indicator:
    """A school-level indicator: percentage with its Wilson 95% interval, and the change since last year."""

    label: str
    pct: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    previous_pct: float | None = None
    change: float | None = None  # percentage points
    p_holm: float | None = None
    real: bool = False  # survives Holm's correction (kit.survey.change.is_real)
    worse: bool = False  # the change is bad news (more bullying, fewer feeling safe)


@dataclass(frozen=True)
class MonitorFigures:
    """The latest year the school entered from its recognised monitor (monitor.yaml)."""

    instrument: str  # the monitor's name as on the Inspectie's list, or as the school wrote it
    recognised: bool
    year: str | None = None
    n: int | None = None
    figures: dict[str, str] = field(default_factory=dict)  # veiligheidsbeleving/welbevinden/pesten -> "3,1 (schaal 1-4)"
    shown: bool = True  # False when fewer pupils than the minimum group size took part


@dataclass(frozen=True)
class PlanProgress:
    """The actions of the plan's school year, counted; nothing of their text or owners."""

    year: str
    total: int
    done: int
    stopped: int
    overdue: int  # deadline before today and not done or stopped
    without_owner: int  # not done or stopped and nobody named as owner


@dataclass
class SchoolOverview:
    """Everything the board overview shows of one school."""

    school_id: str
    name: str
    profile_ok: bool = True
    problem: str = ""  # the profile's own Dutch error when it is broken, else why the school's files could not be read
    survey_problem: str = ""
    monitor_problem: str = ""
    batch: BatchEntry | None = None
    survey_year: str | None = None
    previous_year: str | None = None
    responses: int | None = None
    pupils: int | None = None  # from the profile's pupils per group, summed
    figures_shown: bool = False
    indicators: dict[str, Indicator] = field(default_factory=dict)
    monitor: MonitorFigures | None = None
    checklist: dict[str, str] = field(default_factory=dict)  # item id -> met | missing | to_check
    plan: PlanProgress | None = None
    attention: list[str] = field(default_factory=list)  # Dutch reasons, see kit.bestuur.attention

    @property
    def response_pct(self) -> float | None:
        if not self.figures_shown or not self.responses or not self.pupils:
            return None
        return 100 * self.responses / self.pupils


def school_overview(school_dir: str | Path, min_group_size: int, today: date,
                    checklist_items=None) -> SchoolOverview:
    """Read one school folder; a broken profile gives a school with ``profile_ok`` False and its error."""
    from kit.plan.facts import gather_facts
    from kit.profile import load_profile

    school_dir = Path(school_dir)
    try:
        profile = load_profile(school_dir)
    except KitError as exc:
        return SchoolOverview(school_dir.name, school_dir.name, profile_ok=False,
                              problem=relative_paths(str(without_personal_values(exc)), school_dir))
    school = SchoolOverview(school_dir.name, profile.naam)
    school.pupils = sum(profile.leerlingen.values()) or None
    facts = gather_facts(school_dir, today, strict=False)
    if facts.findings is not None and facts.findings.get("min_group_size") != min_group_size:
        _reload_survey(school_dir, facts, min_group_size)
    school.survey_problem = relative_paths(facts.survey_problem, school_dir)
    _survey(school, facts.findings, facts.labels, min_group_size)
    school.monitor_problem = relative_paths(facts.monitor_problem, school_dir)
    school.monitor = _monitor(profile, facts.monitor_results, min_group_size)
    school.checklist = _checklist(facts, checklist_items)
    school.plan = _plan(facts.actions, facts.plan_year, today)
    return school


PERSONAL_FIELDS = ("rollen.",)  # the profile's names, e-mail addresses and phone numbers of staff
_QUOTED_VALUE = re.compile(r"^'.*?' klopt niet")


def without_personal_values(exc: KitError) -> KitError:
    """The profile's own error, but without the typed value of a field about a person (a name, an e-mail).

    The profile quotes what was typed (``'Jan Jansen' klopt niet: een e-mailadres ...``); the board
    reads where the problem is and what to do, not who it is about.
    """
    from kit.errors import ProfileError, ProfileProblem

    if not isinstance(exc, ProfileError):
        return exc
    problems = [ProfileProblem(p.field, _QUOTED_VALUE.sub("de ingevulde waarde klopt niet", p.message), p.line)
                if p.field.startswith(PERSONAL_FIELDS) else p for p in exc.problems]
    return ProfileError(problems, exc.path)


def relative_paths(text: str, school_dir: Path) -> str:
    """An error as the board reads it: file names from the workspace on (``kapot-profiel/school.yaml``)."""
    workspace = str(Path(school_dir).resolve().parent)
    return text.replace(workspace + "/", "").replace(workspace + "\\", "")


def _reload_survey(school_dir: Path, facts, min_group_size: int) -> None:
    """Read the exports again with the board's minimum group size (gather_facts uses the default)."""
    from kit.survey.errors import SurveyError
    from kit.survey.school import load_school_surveys

    try:
        surveys = load_school_surveys(school_dir, min_group_size)
    except SurveyError as exc:
        facts.findings, facts.survey_problem = None, str(exc)
        return
    facts.findings = surveys.findings() if surveys is not None else None


def _survey(school: SchoolOverview, findings: dict | None, labels, min_group_size: int) -> None:
    from kit.survey.change import is_real
    from kit.survey.findings import POSITIVE_INDICATORS

    if not findings:
        return
    summary = findings["summary"]
    school.survey_year = findings.get("year")
    school.previous_year = findings.get("previous_year")
    school.responses = summary["n"]
    school.figures_shown = summary["n"] >= min_group_size
    if not school.figures_shown:
        return  # no figure of a school with too few responses leaves the school
    trend = findings.get("trend") or {}
    for name, figure in summary["indicators"].items():
        if figure.get("suppressed") or figure.get("pct") is None:
            continue
        entry = trend.get(name) or {}
        change = entry.get("change")
        better = change is not None and (change > 0) == (name in POSITIVE_INDICATORS)
        school.indicators[name] = Indicator(
            label=labels.indicators.get(name, name), pct=figure["pct"], ci_low=figure["ci_low"],
            ci_high=figure["ci_high"], n=figure["n"], previous_pct=entry.get("previous_pct"), change=change,
            p_holm=entry.get("p_holm"), real=is_real(entry) if entry else False,
            worse=change is not None and change != 0 and not better)


def _monitor(profile, results, min_group_size: int) -> MonitorFigures | None:
    from kit.monitors import MONITOR, match_instrument

    entry = profile.get("beleid.monitoringsinstrument")
    match = match_instrument(entry)
    name = match.monitor.label if match.monitor else (entry if isinstance(entry, str) else "")
    latest = results.latest if results is not None else None
    if latest is None:
        return MonitorFigures(name, match.kind == MONITOR) if name else None
    shown = latest.n >= min_group_size
    figures = {key: figure.text() for key, figure in latest.figures.items()} if shown else {}
    return MonitorFigures(name, match.kind == MONITOR, latest.year, latest.n, figures, shown)


def _checklist(facts, checklist_items) -> dict[str, str]:
    from kit.plan.proposals import build_overview

    overview = build_overview(facts, checklist=checklist_items)
    return {item["id"]: item["status"] for item in overview["checklist"]}


def _plan(actions: list[dict], year: str, today: date) -> PlanProgress:
    from kit.plan.model import FINISHED

    current = [a for a in actions if a.get("school_year") == year]
    open_ = [a for a in current if a.get("status") not in FINISHED]
    return PlanProgress(
        year=year,
        total=len(current),
        done=sum(1 for a in current if a.get("status") == "done"),
        stopped=sum(1 for a in current if a.get("status") == "stopped"),
        overdue=sum(1 for a in open_ if a.get("deadline") and date.fromisoformat(a["deadline"]) < today),
        without_owner=sum(1 for a in open_ if not (a.get("owner") or "").strip()),
    )
