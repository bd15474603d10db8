"""The course's steps and, per school, how far each one is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from kit.dates import LOCAL_TIME  # one time zone for every page and report
from kit.errors import KitError
from kit.paths import NOTEBOOKS_DIR

KLAAR, BEZIG, OPEN = "klaar", "bezig", "open"
STATE_LABELS = {KLAAR: "Klaar", BEZIG: "Bezig", OPEN: "Nog niet begonnen"}


def _vision_state(school_dir: Path) -> tuple[str, str]:
    """Klaar once the latest workshop has a final vision; bezig while it has input; else open."""
    from kit import workshop

    if not (school_dir / workshop.DB_NAME).is_file():
        return OPEN, "Nog geen workshop gehouden."
    try:
        with workshop.Store(school_dir, create=False) as store:
            from kit.workshop.meetings import vision_workshop

            latest = vision_workshop(store)  # with a workshop per meeting, the latest may not be the vision's
            if latest is None:
                return OPEN, "Nog geen workshop gehouden."
            vision = workshop.current_vision(store, latest.id)
            participants = len(workshop.list_participants(store, latest.id))
            statements = len(workshop.list_statements(store, latest.id))
            votes = sum(v["votes"] for v in workshop.value_ranking(store, latest.id))
            ratings = len(workshop.list_ratings(store, latest.id))
    except workshop.WorkshopError as exc:
        return BEZIG, f"De workshopdatabase kan nu niet worden gelezen: {exc.message}"
    if vision is not None and vision["final"]:
        saved = datetime.fromisoformat(vision["saved_at"]).astimezone(LOCAL_TIME).strftime("%d-%m-%Y")
        return KLAAR, f"De visie is vastgesteld op {saved}."
    if vision is not None or participants or statements or votes or ratings:
        done = f"{participants} deelnemers, {statements} uitspraken, {votes} stemmen"
        if vision is not None:
            done += f", {vision['number']} versie(s) van de visie, nog geen definitieve"
        return BEZIG, f"Workshop {'loopt' if latest.is_open else 'gehouden'}: {done}."
    return OPEN, "Er is een workshop gestart, maar er is nog niets ingevoerd."


def _case_state(school_dir: Path) -> tuple[str, str]:
    from kit.signalering.state import case_state

    return case_state(school_dir)


def _survey_state(school_dir: Path) -> tuple[str, str]:
    """Klaar with an export of the profile's school year (or any dated export when it names none)."""
    from kit.survey.school import survey_files

    files = survey_files(school_dir)
    if not files:
        return OPEN, "Nog geen enquête-export in de map surveys/."
    years = sorted({f.year for f in files if f.year})
    names = ", ".join(f.path.name for f in files)
    try:
        from kit.profile import load_profile

        wanted = load_profile(school_dir).get("schooljaar")
    except KitError:
        wanted = None
    if wanted and wanted not in years:
        return BEZIG, f"Nog geen export van {wanted}; in surveys/: {names}."
    return KLAAR, f"Enquête-export(s) in surveys/: {names}" + (f" (schooljaren {', '.join(years)})." if years else ".")


def _plan_state(school_dir: Path) -> tuple[str, str]:
    from kit.plan import plan_state

    return plan_state(school_dir)


def _document_state(school_dir: Path) -> tuple[str, str]:
    documents = sorted(p.name for p in (school_dir / "output").glob("beleidsplan-*.*"))
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
    Step(2, "02_signaleren", "Signaleren en handelen",
         "Herkennen wat niet veilig is en goed handelen: het team oefent met casussen en kent de route van de school.",
         _case_state),
    Step(3, "03_enquete", "Leerlingenquête",
         "Wat zeggen de leerlingen? Hoe veilig voelen ze zich, hoeveel worden er gepest en waar?",
         _survey_state),
    Step(4, "04_actieplan", "Actieplan",
         "Van bevindingen en wettelijke eisen naar concrete acties met een eigenaar en een datum.",
         _plan_state),
    Step(5, "05_beleidsplan", "Sociaal veiligheidsplan",
         "Alles samen in het beleidsplan van de school, als Word-, PDF- en webdocument.",
         _document_state),
)


def statuses(school_dir: Path) -> list[StepStatus]:
    """The status of every step, in course order, judged from the school's own files."""
    return [StepStatus(step, *step.check(Path(school_dir))) for step in STEPS]
