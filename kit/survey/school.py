"""A school's surveys: which export belongs to which school year, and the findings over the last two years.

Exports live untouched in ``<school>/surveys/``, named after the school year they
belong to (``2025-2026.csv``, ``2026-2027.xlsx``; a suffix such as ``2026-2027-2.xlsx``
is allowed). A school may bring its own instrument as ``<school>/instrument.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kit.survey.errors import SurveyError
from kit.reuse import reused

SURVEY_SUFFIXES = (".csv", ".xlsx", ".txt")
_YEAR_RE = re.compile(r"^(20\d{2})[-_ ](20\d{2})")


@dataclass(frozen=True)
class SurveyFile:
    """One export in ``surveys/`` and the school year its name says it belongs to."""

    path: Path
    year: str | None  # "2025-2026", or None when the name says no school year


def school_year_of(name: str) -> str | None:
    """The school year a file name starts with (``2025-2026...``), or None."""
    match = _YEAR_RE.match(name)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return f"{match.group(1)}-{match.group(2)}"
    return None


def survey_files(school_dir: str | Path) -> list[SurveyFile]:
    """Every export in the school's ``surveys/`` folder, oldest school year first."""
    folder = Path(school_dir) / "surveys"
    if not folder.is_dir():
        return []
    files = [SurveyFile(p, school_year_of(p.name)) for p in folder.iterdir()
             if p.is_file() and p.suffix.lower() in SURVEY_SUFFIXES and not p.name.startswith(".")]
    return sorted(files, key=lambda f: (f.year or "", f.path.stat().st_mtime, f.path.name))


def instrument_path(school_dir: str | Path) -> Path | None:
    """The school's own instrument, when it brought one; else None (the default instrument)."""
    own = Path(school_dir) / "instrument.yaml"
    return own if own.is_file() else None


@dataclass
class SchoolSurveys:
    """The latest school year's survey and, when there is one, the year before it."""

    current: object  # kit.survey.summary.Survey
    current_file: SurveyFile
    summary: dict
    previous: object | None
    previous_file: SurveyFile | None
    previous_summary: dict | None
    trend: dict | None
    min_group_size: int
    ignored: list[SurveyFile]

    def findings(self) -> dict:
        """Plain JSON for the action plan and the policy document (no raw answers)."""
        return {
            "year": self.current_file.year,
            "file": self.current_file.path.name,
            "min_group_size": self.min_group_size,
            "summary": self.summary,
            "previous_year": self.previous_file.year if self.previous_file else None,
            "previous_file": self.previous_file.path.name if self.previous_file else None,
            "previous_summary": self.previous_summary,
            "trend": self.trend,
        }


@reused
def load_school_surveys(school_dir: str | Path, min_group_size: int | None = None,
                        year: str | None = None) -> SchoolSurveys | None:
    """Read the school's latest export (or that of ``year``) and the one of the school year before.

    Returns None when there is no export (for ``year``).

    Files whose name gives no school year are used only when they are the only export.
    Raises SurveyError (Dutch, naming the file) when an export cannot be read.
    """
    from kit.survey.instrument import load_instrument
    from kit.survey.summary import DEFAULT_MIN_GROUP_SIZE, compare_years, read_survey, summarize_survey

    min_size = min_group_size or DEFAULT_MIN_GROUP_SIZE
    files = survey_files(school_dir)
    if not files:
        return None
    dated = [f for f in files if f.year]
    if year:
        dated = [f for f in dated if f.year <= year]
        if not dated or dated[-1].year != year:
            return None
    if not dated and len(files) > 1:
        raise SurveyError(
            f"In {Path(school_dir) / 'surveys'} staan {len(files)} exports zonder schooljaar in de naam.",
            hint="Geef elk bestand het schooljaar als naam, bijvoorbeeld 2025-2026.csv en 2026-2027.xlsx.",
        )
    current_file = dated[-1] if dated else files[0]
    earlier = [f for f in dated if f.year and current_file.year and f.year < current_file.year]
    previous_file = earlier[-1] if earlier and _years_apart(earlier[-1].year, current_file.year) == 1 else None
    used = {current_file, previous_file}
    instrument = load_instrument(instrument_path(school_dir))
    current = read_survey(current_file.path, instrument)
    summary = summarize_survey(current, min_size)
    previous = previous_summary = trend = None
    if previous_file is not None:
        previous = read_survey(previous_file.path, instrument)
        previous_summary = summarize_survey(previous, min_size)
        trend = compare_years(summary, previous_summary)
    return SchoolSurveys(current, current_file, summary, previous, previous_file, previous_summary, trend,
                         min_size, [f for f in files if f not in used])


def _years_apart(earlier: str, later: str) -> int:
    return int(later[:4]) - int(earlier[:4])


def free_name(school_dir: str | Path, year: str, suffix: str) -> Path:
    """A path in ``surveys/`` for a new export of ``year`` that overwrites nothing."""
    folder = Path(school_dir) / "surveys"
    candidate = folder / f"{year}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{year}-{number}{suffix}"
        number += 1
    return candidate
