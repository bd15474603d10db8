"""The paper survey: a printable, numbered pupil questionnaire and the entry sheet to type it into.

``kit survey papier SCHOOL`` writes, from the school's instrument (its own
``instrument.yaml`` or the default), ``output/enquete-papier.pdf`` (one numbered
copy per pupil, large type, one question per block, tick boxes with the exact
answer texts) and ``output/enquete-invoer.xlsx`` (see :mod:`kit.survey.entry_sheet`).
The words for group and teacher follow the school's kind (po, so or vo).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.survey.instrument import Instrument, Item
from kit.terms import catalogue_terms

PDF_NAME = "enquete-papier.pdf"
XLSX_NAME = "enquete-invoer.xlsx"


@dataclass(frozen=True)
class PaperQuestion:
    """One question block: its text, a short instruction, and how it is answered."""

    text: str
    how: str
    kind: str  # "tick" (boxes), "write" (one line), "open" (a few lines)
    answers: tuple[str, ...] = ()

    @property
    def scale(self) -> bool:
        """Few answers with short words: side by side in one row, each label under its box."""
        longest = max((len(word) for answer in self.answers for word in answer.split()), default=0)
        return 2 <= len(self.answers) <= 5 and longest <= 12

    @property
    def columns(self) -> int:
        return len(self.answers) if self.scale else 2


def paper_questions(instrument: Instrument, onderwijstype: str | None, groups: list[str] | None = None
                    ) -> list[PaperQuestion]:
    """The question blocks in the instrument's order, with the exact question and answer texts."""
    words = catalogue_terms(onderwijstype)
    return [_question(item, words, groups or [], instrument) for item in instrument.items.values()]


def _question(item: Item, words: dict[str, str], groups: list[str], instrument: Instrument) -> PaperQuestion:
    if item.type == "choice":
        return PaperQuestion(item.text, "", "tick", item.answers)
    if item.type == "multiple":
        return PaperQuestion(item.text, "Je mag meer dan één hokje aankruisen.", "tick", tuple(item.options.values()))
    if item.type == "category":
        if item.id == instrument.group_item and groups:
            return PaperQuestion(item.text, "", "tick", tuple(groups))
        how = (f"Schrijf hier je {words['groep']} op de lijn." if item.id == instrument.group_item
               else "Schrijf je antwoord op de lijn.")
        return PaperQuestion(item.text, how, "write")
    return PaperQuestion(item.text, "Je mag dit overslaan. Schrijf geen namen op.", "open")


def intro_texts(onderwijstype: str | None) -> tuple[str, list[str], list[str]]:
    """The title, the introduction and the closing words for pupils, in plain Dutch."""
    words = catalogue_terms(onderwijstype)
    title = "Hoe gaat het met jou op school?"
    intro = [
        "Met deze vragenlijst wil de school weten hoe veilig jij je voelt en hoe het met je gaat.",
        "Dit is geen toets. Er zijn geen goede of foute antwoorden. Jouw eerlijke antwoord is het beste antwoord.",
        "Je schrijft je naam niet op. Niemand weet welke antwoorden van jou zijn.",
        "Lees elke vraag goed. Zet bij elke vraag één kruisje in het hokje bij het antwoord dat het best bij jou "
        "past, tenzij er staat dat je meer hokjes mag aankruisen. "
        f"Snap je een vraag niet? Steek je vinger op, dan helpt de {words['leerkracht']} je.",
    ]
    closing = ["Klaar! Dank je wel voor het invullen.",
               f"Lever je vragenlijst in zoals de {words['leerkracht']} zegt."]
    return title, intro, closing


def render_questionnaire(instrument: Instrument, forms: int, school: str = "", onderwijstype: str | None = None,
                         groups: list[str] | None = None) -> str:
    """The questionnaire as HTML: ``forms`` copies numbered 1..forms, each starting on a new sheet."""
    from kit.render import render

    title, intro, closing = intro_texts(onderwijstype)
    return render("enquete_papier.html.j2", school=school, title=title, intro=intro, closing=closing,
                  questions=paper_questions(instrument, onderwijstype, groups), numbers=range(1, forms + 1))


def write_questionnaire(html: str, target: Path) -> Path:
    """The questionnaire HTML as an A4 PDF (WeasyPrint), tagged for accessibility."""
    from kit.render import pdf_from_html

    pdf_from_html(html, target)
    return target


@dataclass
class PaperSurvey:
    """What ``make_paper_survey`` wrote."""

    pdf: Path
    xlsx: Path
    forms: int
    instrument: str


def make_paper_survey(school_dir: str | Path, forms: int | None = None) -> PaperSurvey:
    """Write the numbered questionnaire and the entry sheet into the school's ``output/`` folder."""
    from kit.profile import load_profile
    from kit.survey.entry_sheet import form_count, write_entry_sheet
    from kit.survey.instrument import load_instrument
    from kit.survey.school import instrument_path

    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    instrument = load_instrument(instrument_path(school_dir))
    groups = list(profile.leerlingen)
    count = form_count(forms, sum(profile.leerlingen.values()))
    output = school_dir / "output"
    html = render_questionnaire(instrument, count, profile.naam, profile.get("onderwijstype"), groups)
    pdf = write_questionnaire(html, output / PDF_NAME)
    xlsx = write_entry_sheet(instrument, output / XLSX_NAME, count, groups, profile.naam)
    return PaperSurvey(pdf, xlsx, count, instrument.source)
