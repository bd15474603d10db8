"""Build sheets: how to set up the school's questionnaire in a survey tool so that its export reads with no mapping.

``kit survey bouwblad SCHOOL`` writes one page per tool (``output/bouwblad-<tool>.html``
and ``.pdf``) listing, in order, every question's exact text, the tool's question type,
the answer options in order, whether it is required, and the settings and the export to
download. What each tool exports is described in shared/reference/survey-exports.md;
the reader (kit.survey.formats, matching, responses) matches a column to a question by
its text and an answer by its text, so the texts below must be copied exactly.

Sources for the settings (checked 2026-12-04):
- Microsoft Forms, anonymous responses: Microsoft support article 25dd8442-f6ba-4934-9319-99f9f867f239,
  "Set up your survey so names aren't recorded when collecting responses" (read in its Polish and Bulgarian
  versions, https://support.microsoft.com/pl-pl/office/skonfiguruj-ankiet%C4%99-tak-aby-podczas-zbierania-
  odpowiedzi-nie-by%C5%82y-zapisywane-nazwiska-25dd8442-f6ba-4934-9319-99f9f867f239): under Settings, "Who
  can fill out this form": "Anyone can respond" records no names; with "Only people in my organization"
  clear "Record name".
- What each tool writes in its export (column names, the ';' and ', ' joins, LimeSurvey's heading and
  answer formats): shared/reference/survey-exports.md, sections 1 to 3. Google Forms' download may come as
  a .zip (not verified): the sheet says to unzip it, and the reader says so too.
  The Dutch menu names of the tools could not be verified with the search tool: the pages give the
  English name next to a Dutch description.
- LimeSurvey export options ("full" headings, "long" answers): LimeSurvey source, FormattingOptions.php
  and Writer.php (see survey-exports.md, section 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.render import pdf_from_html
from kit.survey.instrument import Instrument, Item

TOOLS = ("forms", "google", "limesurvey")
TOOL_NAMES = {"forms": "Microsoft Forms", "google": "Google Forms", "limesurvey": "LimeSurvey"}


@dataclass(frozen=True)
class ToolQuestion:
    """One question as it must be built in the tool."""

    number: int
    code: str          # LimeSurvey question code (the instrument's id); shown for LimeSurvey only
    text: str
    kind: str          # the tool's question type, in words
    answers: tuple[str, ...]
    answer_codes: tuple[str, ...]  # LimeSurvey answer or subquestion codes, in the same order
    required: bool
    note: str


@dataclass(frozen=True)
class BuildSheet:
    """The build sheet of one tool."""

    tool: str
    name: str
    settings: tuple[str, ...]
    questions: tuple[ToolQuestion, ...]
    export: tuple[str, ...]
    check: str


def build_sheet(tool: str, instrument: Instrument, groups: list[str] | None = None) -> BuildSheet:
    """The build sheet of ``tool`` (forms, google or limesurvey) for this instrument."""
    groups = list(groups or [])
    questions = tuple(_question(tool, number, item, item.id == instrument.group_item, groups)
                      for number, item in enumerate(instrument.items.values(), start=1))
    check = ("Controleer de export voordat de leerlingen beginnen: vul het formulier zelf een keer in, download de "
             "export en lees die in met kit survey summary BESTAND. Verwijder uw proefantwoord daarna in het "
             "programma, of tel het bij het lezen van de uitkomsten niet mee.")
    return BuildSheet(tool, TOOL_NAMES[tool], _SETTINGS[tool], questions, _EXPORT[tool], check)


_KINDS = {
    "forms": {"choice": "Keuze (Choice), één antwoord", "multiple": "Keuze (Choice), met Meerdere antwoorden aan",
              "category": "Keuze (Choice), één antwoord", "category_text": "Tekst (Text), kort antwoord",
              "open": "Tekst (Text), met Lang antwoord aan"},
    "google": {"choice": "Meerkeuze (Multiple choice)", "multiple": "Selectievakjes (Checkboxes)",
               "category": "Meerkeuze (Multiple choice)", "category_text": "Kort antwoord (Short answer)",
               "open": "Alinea (Paragraph)"},
    "limesurvey": {"choice": "Lijst (radio), Engels: List (radio)", "multiple": "Meerkeuze (Multiple choice)",
                   "category": "Lijst (radio), Engels: List (radio)", "category_text": "Korte vrije tekst (Short free text)",
                   "open": "Lange vrije tekst (Long free text)"},
}


def _question(tool: str, number: int, item: Item, is_group: bool, groups: list[str]) -> ToolQuestion:
    kinds = _KINDS[tool]
    if item.type == "choice":
        answers, kind = item.answers, kinds["choice"]
        codes = tuple(f"A{index}" for index in range(1, len(answers) + 1))
        note = "Precies deze antwoorden, in deze volgorde. Geen optie Anders toevoegen."
    elif item.type == "multiple":
        answers, kind = tuple(item.options.values()), kinds["multiple"]
        codes = tuple(item.options)
        note = "Precies deze antwoorden, in deze volgorde. Geen optie Anders toevoegen."
        if tool == "limesurvey":
            note = "De codes hieronder zijn de codes van de subvragen. " + note
    elif item.type == "category" and is_group and groups:
        answers, kind = tuple(groups), kinds["category"]
        codes = tuple(f"A{index}" for index in range(1, len(answers) + 1))
        note = "De namen zoals in het schoolprofiel (school.yaml, leerlingen), zodat de respons per groep klopt."
    elif item.type == "category":
        answers, kind, codes = (), kinds["category_text"], ()
        note = "Vraag naar de naam zoals de school die gebruikt, bijvoorbeeld 'groep 7' of '2b'."
    else:
        answers, kind, codes = (), kinds["open"], ()
        note = "Niet verplicht. Open antwoorden komen nooit in het veiligheidsplan."
    return ToolQuestion(number, item.id, item.text, kind, answers, codes if tool == "limesurvey" else (),
                        is_group, note)


_SETTINGS = {
    "forms": (
        "Maak een nieuw formulier (geen toets of quiz: een toets voegt kolommen met punten toe).",
        "Anoniem: kies bij Instellingen, onder 'Wie kan dit formulier invullen', voor iedereen (Anyone can respond); "
        "dan worden geen namen vastgelegd. Kiest u voor alleen personen in uw organisatie, zet dan het vakje "
        "'Naam vastleggen' (Record name) uit.",
        "Maak elke vraag hieronder als een losse vraag, met de vraagtekst letterlijk zoals hier staat, ook de "
        "leestekens. Zet geen nummer voor de vraag.",
        "Laat de antwoorden in de volgorde van dit blad staan: zet ze niet in willekeurige volgorde.",
        "Alleen de groepsvraag is verplicht (Vereist); de andere vragen mogen leerlingen overslaan.",
    ),
    "google": (
        "Maak een nieuw formulier (geen quiz: een quiz voegt een kolom met de score toe).",
        "Anoniem: verzamel geen e-mailadressen en beperk het formulier niet tot één reactie per persoon, want "
        "daarvoor moeten leerlingen inloggen.",
        "Maak elke vraag hieronder als een losse vraag, met de vraagtekst letterlijk zoals hier staat, ook de "
        "leestekens. Zet geen nummer voor de vraag.",
        "Laat de antwoorden in de volgorde van dit blad staan (niet in willekeurige volgorde) en voeg geen optie "
        "Anders toe.",
        "Alleen de groepsvraag is verplicht; de andere vragen mogen leerlingen overslaan.",
    ),
    "limesurvey": (
        "Maak een nieuwe enquête met Nederlands als basistaal.",
        "Anoniem: zet Anonieme antwoorden (Anonymized responses) aan voordat u de enquête activeert.",
        "Geef elke vraag de vraagcode uit de kolom Code en de vraagtekst letterlijk zoals hier staat. Geef de "
        "antwoorden de codes uit de lijst (A1, A2, ... in deze volgorde) en de subvragen van de meerkeuzevraag de "
        "codes die erbij staan.",
        "Alleen de groepsvraag is verplicht; de andere vragen mogen leerlingen overslaan. Voeg geen optie 'Anders' "
        "toe.",
    ),
}

_EXPORT = {
    "forms": (
        "Download na afloop de antwoorden als Excel-bestand (.xlsx) vanaf het tabblad Antwoorden.",
        "Verander niets in het bestand: de kit herkent de export van Microsoft Forms aan de eerste kolommen (ID, "
        "Begintijd, Tijd van voltooien ...) en leest de vragen aan hun tekst.",
    ),
    "google": (
        "Download na afloop de antwoorden als CSV-bestand vanaf het tabblad Reacties (het menu met de drie puntjes: "
        "Reacties downloaden (.csv), Engels: Download responses (.csv)). Krijgt u een .zip-bestand, pak het dan "
        "eerst uit.",
        "Verander niets in het bestand: de kit herkent de export van Google Forms aan de eerste kolom (Tijdstempel "
        "of Timestamp).",
    ),
    "limesurvey": (
        "Exporteer na afloop de antwoorden als CSV-bestand: bij Antwoorden, Exporteren (Export responses).",
        "Kies bij Koppen (Headings) de volledige vraagtekst (Full question text) en bij Antwoorden de volledige "
        "antwoorden (Full answers). Met de antwoordcodes leest de kit de vragen ook, maar dan staan de groepen als "
        "A1, A2 ... in de uitkomsten.",
        "Exporteer alle antwoorden, ook de niet afgemaakte: de kit telt niet afgemaakte antwoorden zelf niet mee.",
    ),
}


def render_build_sheet(sheet: BuildSheet, school: str, source: str) -> str:
    """The build sheet as a complete HTML page (autoescaped); ``source`` says which instrument it follows."""
    from kit.render import render

    return render("enquete_bouwblad.html.j2", sheet=sheet, school=school, source=source)


def write_build_sheets(school_dir: str | Path, tools: list[str] | None = None) -> list[Path]:
    """Write ``output/bouwblad-<tool>.html`` and ``.pdf`` for each tool; returns the paths written."""
    from kit.profile import load_profile
    from kit.survey.instrument import load_instrument
    from kit.survey.school import instrument_path

    school_dir = Path(school_dir)
    profile = load_profile(school_dir)
    own = instrument_path(school_dir)
    instrument = load_instrument(own)
    source = "instrument.yaml van de school" if own else "het standaardinstrument (data/templates/instrument.yaml)"
    output = school_dir / "output"
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for tool in tools or TOOLS:
        sheet = build_sheet(tool, instrument, list(profile.leerlingen))
        html = render_build_sheet(sheet, profile.naam, source)
        page = output / f"bouwblad-{tool}.html"
        page.write_text(html, encoding="utf-8")
        pdf = page.with_suffix(".pdf")
        pdf_from_html(html, pdf)
        written += [page, pdf]
    return written
