"""Recognise which tool made an export and turn its header rows into one heading per column.

Each format knows how many header rows it has, which columns are the tool's own
metadata (not questions), which columns to ignore, and where the response id,
the submit date (LimeSurvey), ``Finished`` and ``Status`` (Qualtrics) are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kit.survey.errors import SurveyError
from kit.survey.normalize import clean_text, normalize

if TYPE_CHECKING:  # pandas is imported by the reader; this module stays light for the CLI's --help
    import pandas as pd

    from kit.survey.readers import RawTable

FORMATS = ("microsoft-forms", "google-forms", "limesurvey", "qualtrics", "surveymonkey", "paper-entry", "plain")
FORMAT_NAMES = {
    "microsoft-forms": "Microsoft Forms", "google-forms": "Google Forms", "limesurvey": "LimeSurvey",
    "qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey", "paper-entry": "invoerblad papieren enquête",
    "plain": "eigen tabel, een kolom per vraag",
}
# The first heading of the entry sheet that ``kit survey papier`` writes (kit.survey.entry_sheet).
PAPER_ENTRY_FIRST_HEADING = "Formuliernummer"

RESPONSE_ID = {"id", "response id", "responseid", "respondent id"}
_METADATA = {
    "microsoft-forms": {"start time", "completion time", "email", "name", "last modified time", "total points",
                        "quiz feedback", "begintijd", "tijd van voltooien", "e-mail", "naam",
                        "tijd van laatste wijziging"},
    "google-forms": {"timestamp", "tijdstempel", "email address", "e-mailadres", "score"},
    "limesurvey": {"submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
                   "refurl", "token", "date submitted", "last page", "start language", "date started",
                   "date last action", "ip address", "referrer url"},
    "qualtrics": {"startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
                  "recordeddate", "recipientlastname", "recipientfirstname", "recipientemail",
                  "externalreference", "locationlatitude", "locationlongitude", "distributionchannel",
                  "userlanguage"},
    "surveymonkey": {"collector id", "start date", "end date", "ip address", "email address", "first name",
                     "last name", "custom data 1"},
    "paper-entry": {"formuliernummer"},
    "plain": set(),
}
_ROLES = {"submitdate": {"submitdate", "date submitted"}, "finished": {"finished"}, "status": {"status"}}
_MS_QUIZ_PREFIXES = ("points - ", "feedback - ")
_SURVEYMONKEY_PLAIN_LABELS = {"response", "open-ended response"}


@dataclass
class Layout:
    """An export with its header rows resolved.

    ``headings`` holds the heading used to match each column to an item; ``skipped``
    the columns that are the tool's own (metadata, quiz points, ``_TEXT`` companions);
    ``roles`` maps ``response_id``, ``submitdate``, ``finished`` and ``status`` to a column.
    ``sheet``, ``row_numbers`` (per data row) and ``column_numbers`` place a cell in the file.
    """

    format: str
    source: str
    headings: list[str]
    data: pd.DataFrame
    skipped: set[int] = field(default_factory=set)
    roles: dict[str, int] = field(default_factory=dict)
    sheet: str | None = None
    row_numbers: list[int] | None = None
    column_numbers: list[int] | None = None


def detect_format(rows: pd.DataFrame) -> str:
    """The name of the tool that made this table, judged by its first header rows."""
    first = [normalize(value) for value in rows.iloc[0]]
    second = [normalize(value) for value in rows.iloc[1]] if len(rows) > 1 else []
    third = [normalize(value) for value in rows.iloc[2]] if len(rows) > 2 else []
    names = set(first)
    if first[0] == normalize(PAPER_ENTRY_FIRST_HEADING):
        return "paper-entry"
    if ({"responseid", "finished"} & names and any(v.startswith('{"importid"') for v in third)):
        return "qualtrics"
    if {"respondent id", "collector id"} <= names and second and not second[0] and any(second):
        return "surveymonkey"
    if "submitdate" in names or "date submitted" in names:
        return "limesurvey"
    if names & {"start time", "begintijd"} and names & {"completion time", "tijd van voltooien"}:
        return "microsoft-forms"
    if first[0] in {"timestamp", "tijdstempel"}:
        return "google-forms"
    return "plain"


def resolve_layout(table: RawTable, fmt: str | None = None) -> Layout:
    """Detect the format (unless ``fmt`` is given) and build its headings, roles and data rows."""
    if fmt is not None and fmt not in FORMATS:
        raise SurveyError(f"Onbekende indeling '{fmt}'.", hint=f"Kies uit: {', '.join(FORMATS)}.")
    fmt = fmt or detect_format(table.rows)
    header_rows = {"qualtrics": 3, "surveymonkey": 2}.get(fmt, 1)
    rows = table.rows
    if len(rows) <= header_rows:
        what = "alleen kopregels" if len(rows) == header_rows else "te weinig kopregels"
        raise SurveyError(
            f"{table.source} ({FORMAT_NAMES[fmt]}) bevat {what} en geen antwoorden.",
            hint="Controleer of de enquête antwoorden heeft en of de juiste export is gedownload.")
    header = [[clean_text(value) for value in rows.iloc[index]] for index in range(header_rows)]
    if fmt == "qualtrics":
        headings, names = header[1], header[0]
    elif fmt == "surveymonkey":
        headings = names = _surveymonkey_headings(header[0], header[1])
    else:
        headings = names = header[0]
    layout = Layout(fmt, table.source, headings, rows.iloc[header_rows:].reset_index(drop=True), sheet=table.sheet,
                    row_numbers=table.row_numbers[header_rows:] if table.row_numbers else None,
                    column_numbers=table.column_numbers)
    metadata = _METADATA[fmt] | RESPONSE_ID
    for column, name in enumerate(map(normalize, names)):
        if name in metadata or _ignored(fmt, name):
            layout.skipped.add(column)
        if name in RESPONSE_ID:
            layout.roles.setdefault("response_id", column)
        for role, spellings in _ROLES.items():
            if name in spellings and name in _METADATA[fmt]:
                layout.roles.setdefault(role, column)
    return layout


def _ignored(fmt: str, name: str) -> bool:
    if fmt == "microsoft-forms":
        return name.startswith(_MS_QUIZ_PREFIXES)
    return fmt == "qualtrics" and name.endswith("_text")


def _surveymonkey_headings(questions: list[str], labels: list[str]) -> list[str]:
    """Question text carried forward from row one, plus ``[label]`` from row two unless it is plain."""
    headings, question = [], ""
    for text, label in zip(questions, labels):
        question = text or question
        plain = not label or normalize(label) in _SURVEYMONKEY_PLAIN_LABELS
        headings.append(question if plain else f"{question} [{label}]")
    return headings
