"""The course's steps and, per school, how far each one is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kit.paths import NOTEBOOKS_DIR

KLAAR, BEZIG, OPEN = "klaar", "bezig", "open"
STATE_LABELS = {KLAAR: "Klaar", BEZIG: "Bezig", OPEN: "Nog niet begonnen"}


SURVEY_SUFFIXES = {".csv", ".xlsx", ".xls", ".tsv", ".txt"}


def survey_files(school_dir: Path) -> list[Path]:
    """The raw survey exports in ``surveys/``, sorted by name."""
    folder = Path(school_dir) / "surveys"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SURVEY_SUFFIXES)


def _vision_state(school_dir: Path) -> tuple[str, str]:
    if (school_dir / "workshop.sqlite").is_file():
        return BEZIG, "Er is een workshop gestart."
    return OPEN, "Nog geen workshop gehouden."


def _survey_state(school_dir: Path) -> tuple[str, str]:
    files = survey_files(school_dir)
    if files:
        return KLAAR, f"{len(files)} enquête-export(s) in surveys/: {', '.join(p.name for p in files)}."
    return OPEN, "Nog geen enquête-export in de map surveys/."


def _plan_state(school_dir: Path) -> tuple[str, str]:
    return OPEN, "Nog geen acties vastgelegd."


def _document_state(school_dir: Path) -> tuple[str, str]:
    documents = sorted(p.name for p in (school_dir / "output").glob("beleidsplan.*"))
    if documents:
        return KLAAR, "Gemaakt: " + ", ".join(documents) + "."
    return OPEN, "Het beleidsplan is nog niet gemaakt."


@dataclass(frozen=True)
class Step:
    """One course step, carried out in one notebook (``notebook`` is its file name without .ipynb)."""

    number: int
    notebook: str
    title: str
    description: str
    check: Callable[[Path], tuple[str, str]]

    @property
    def available(self) -> bool:
        return (NOTEBOOKS_DIR / f"{self.notebook}.ipynb").is_file()


@dataclass(frozen=True)
class StepStatus:
    step: Step
    state: str
    detail: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


STEPS = (
    Step(1, "01_visie", "Visie op sociale veiligheid",
         "Het team bouwt in een workshop een gedeelde visie: wat betekent sociale veiligheid voor ons?",
         _vision_state),
    Step(2, "02_enquete", "Leerlingenquête",
         "Wat zeggen de leerlingen? Hoe veilig voelen ze zich, hoeveel worden er gepest en waar?",
         _survey_state),
    Step(3, "03_actieplan", "Actieplan",
         "Van bevindingen en wettelijke eisen naar concrete acties met een eigenaar en een datum.",
         _plan_state),
    Step(4, "04_beleidsplan", "Sociaal veiligheidsplan",
         "Alles samen in het beleidsplan van de school, als Word-, PDF- en webdocument.",
         _document_state),
)


def statuses(school_dir: Path) -> list[StepStatus]:
    """The status of every step, in course order, judged from the school's own files."""
    return [StepStatus(step, *step.check(Path(school_dir))) for step in STEPS]
