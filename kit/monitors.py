"""The recognised monitoring instruments (``data/templates/monitors.yaml``) and matching a school's one.

The legal monitoring duty asks for a standardised, valid and reliable instrument; the
Inspectie lists the providers that deliver their schools' data to it. The kit's own
pupil questionnaire is not one of them: it deepens the picture, it does not replace
the monitor. :func:`match_instrument` tells which case a school's
``beleid.monitoringsinstrument`` is, ignoring case, spaces and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from kit import yamlnodes
from kit.dates import dutch_date
from kit.errors import FileProblemsError, ProfileProblem
from kit.paths import TEMPLATES_DIR
from kit.reuse import reused

MONITORS_PATH = TEMPLATES_DIR / "monitors.yaml"
SCHOOL_TYPES = ("po", "vo", "so")
# What a match is: a recognised monitor, the kit's own questionnaire, a name not on the list, or nothing.
MONITOR, OWN, UNKNOWN, EMPTY = "monitor", "own", "unknown", "empty"
_TOP_KEYS = ("lijst", "eigen_vragenlijst", "monitoren")
_LIST_KEYS = ("naam", "bron", "datum", "gecontroleerd")
_ENTRY_KEYS = ("naam", "aanbieder", "aliassen", "onderwijs", "bron")


class MonitorListError(FileProblemsError):
    """monitors.yaml cannot be used; lists every problem with its line."""

    def __init__(self, path: str, problems: list[ProfileProblem]):
        super().__init__(path, problems, "de lijst met monitoringsinstrumenten",
                         hint="Verbeter het bestand; de kit heeft niets gewijzigd.")


@dataclass(frozen=True)
class Monitor:
    """One instrument on the Inspectie's list."""

    name: str
    provider: str | None = None
    aliases: tuple[str, ...] = ()
    school_types: tuple[str, ...] = ()  # empty: the source does not say

    @property
    def label(self) -> str:
        """``KiVa (KiVa Nederland)``, or the name alone when the provider is unknown or in the name."""
        name, provider = normalise(self.name), normalise(self.provider or "")
        if provider and provider not in name and name not in provider:
            return f"{self.name} ({self.provider})"
        return self.name


@dataclass(frozen=True)
class Match:
    """What a school's entry turned out to be; ``monitor`` is set for a recognised instrument."""

    kind: str
    value: str | None
    monitor: Monitor | None = None


@dataclass(frozen=True)
class MonitorList:
    monitors: tuple[Monitor, ...]
    list_date: date
    source: str
    checked: date | None
    own_phrases: tuple[str, ...]
    list_name: str = "lijst van de Inspectie van het Onderwijs"

    @property
    def date_text(self) -> str:
        """The list's date in Dutch: ``8 februari 2022``."""
        return dutch_date(self.list_date)

    def match(self, value: object) -> Match:
        return match_instrument(value, self)


def normalise(text: str) -> str:
    """Lower case without accents, spaces or punctuation; "&" reads as "en": ``Hart & Ziel`` -> ``hartenziel``."""
    text = unicodedata.normalize("NFKD", str(text).replace("&", " en ").casefold())
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def match_instrument(value: object, monitors: MonitorList | None = None) -> Match:
    """Which case ``beleid.monitoringsinstrument`` is.

    A value that is not text (empty, or ja/nee from the profile) is EMPTY; the checklist
    tells those apart. A name matches
    a monitor's name or alias as a whole (after :func:`normalise`), also when the school
    added something in brackets ("KiVa-monitor (groep 5-8)"). The kit's own
    questionnaire is recognised by a phrase that occurs in the entry.
    """
    monitors = monitors or load_monitors()
    if not isinstance(value, str) or not normalise(value):
        return Match(EMPTY, None)
    index = _index(monitors)
    key = normalise(value)
    found = index.get(key)
    if found is None:
        without_brackets = normalise(re.sub(r"\([^)]*\)", " ", value))
        found = index.get(without_brackets) if without_brackets else None
    if found is not None:
        return Match(MONITOR, value, found)
    if any(normalise(phrase) in key for phrase in monitors.own_phrases):
        return Match(OWN, value)
    return Match(UNKNOWN, value)


def _index(monitors: MonitorList) -> dict[str, Monitor]:
    index: dict[str, Monitor] = {}
    for monitor in monitors.monitors:
        for name in (monitor.name, *monitor.aliases):
            index.setdefault(normalise(name), monitor)
    return index


# ----------------------------------------------------------------------------- reading

@reused
def load_monitors(path: str | Path | None = None) -> MonitorList:
    """Read and check monitors.yaml; MonitorListError lists every problem with its line."""
    source = Path(path) if path else MONITORS_PATH
    try:
        root = yamlnodes.compose_file(source)
    except yamlnodes.NodeFileError as exc:
        raise MonitorListError(str(source), [exc.problem]) from None
    problems: list[ProfileProblem] = []
    if not isinstance(root, yaml.MappingNode):
        raise MonitorListError(str(source), [ProfileProblem("-", "verwacht de onderdelen lijst, eigen_vragenlijst "
                                                                 "en monitoren, zoals in het sjabloon")])
    parts = {}
    for key, key_node, value in yamlnodes.pairs(root):
        if key not in _TOP_KEYS:
            problems.append(ProfileProblem(key, f"onbekend onderdeel; toegestaan zijn: {', '.join(_TOP_KEYS)}",
                                           yamlnodes.line(key_node)))
        parts[key] = value
    for key in _TOP_KEYS:
        if key not in parts:
            problems.append(ProfileProblem(key, "dit onderdeel ontbreekt"))
    header = _read_header(parts.get("lijst"), problems)
    own = _read_strings(parts.get("eigen_vragenlijst"), "eigen_vragenlijst", problems)
    monitors = _read_monitors(parts.get("monitoren"), problems)
    if problems:
        raise MonitorListError(str(source), problems)
    return MonitorList(monitors=tuple(monitors), list_date=header["datum"], source=header["bron"],
                       checked=header.get("gecontroleerd"), own_phrases=tuple(own),
                       list_name=header.get("naam") or "lijst van de Inspectie van het Onderwijs")


def parse_date(raw: str) -> date:
    """``2022-02-08`` or ``8-2-2022``; ValueError otherwise."""
    raw = raw.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    dutch = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw)
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    if dutch:
        return date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1)))
    raise ValueError(raw)


def _read_header(node, problems: list[ProfileProblem]) -> dict:
    out: dict = {}
    if node is None or not isinstance(node, yaml.MappingNode):
        if node is not None:
            problems.append(ProfileProblem("lijst", "verwacht ingesprongen regels: naam, bron, datum, gecontroleerd",
                                           yamlnodes.line(node)))
        return {"datum": date(1900, 1, 1), "bron": ""}
    for key, key_node, value in yamlnodes.pairs(node):
        where = f"lijst.{key}"
        if key not in _LIST_KEYS:
            problems.append(ProfileProblem(where, f"onbekend veld; toegestaan zijn: {', '.join(_LIST_KEYS)}",
                                           yamlnodes.line(key_node)))
            continue
        try:
            raw = yamlnodes.text(value)
        except ValueError as exc:
            problems.append(ProfileProblem(where, str(exc), yamlnodes.line(value)))
            continue
        if key in ("datum", "gecontroleerd") and raw:
            try:
                out[key] = parse_date(raw)
            except ValueError:
                problems.append(ProfileProblem(where, f"'{raw}' is geen datum; schrijf bijvoorbeeld 2022-02-08",
                                               yamlnodes.line(value)))
        else:
            out[key] = raw
    for key in ("datum", "bron"):
        if not out.get(key):
            problems.append(ProfileProblem(f"lijst.{key}", "ontbreekt; de checklist noemt de datum en de bron "
                                                           "van de lijst", yamlnodes.line(node)))
    out.setdefault("datum", date(1900, 1, 1))
    return out


def _read_strings(node, where: str, problems: list[ProfileProblem]) -> list[str]:
    if yamlnodes.is_null(node):
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    for item in items:
        try:
            value = yamlnodes.text(item)
        except ValueError:
            problems.append(ProfileProblem(where, "verwacht een lijst van namen, elk op een regel met '- '",
                                           yamlnodes.line(item)))
            continue
        if value:
            out.append(value)
    return out


def _read_monitors(node, problems: list[ProfileProblem]) -> list[Monitor]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(ProfileProblem("monitoren", "verwacht een lijst van instrumenten, elk beginnend met "
                                                    "'- naam: ...'", yamlnodes.line(node)))
        return []
    monitors: list[Monitor] = []
    seen: dict[str, str] = {}
    for number, entry in enumerate(node.value, start=1):
        where = f"monitoren, instrument {number}"
        if not isinstance(entry, yaml.MappingNode):
            problems.append(ProfileProblem(where, "verwacht regels 'naam: ...', 'aliassen: ...'",
                                           yamlnodes.line(entry)))
            continue
        fields: dict = {}
        for key, key_node, value in yamlnodes.pairs(entry):
            if key not in _ENTRY_KEYS:
                problems.append(ProfileProblem(f"{where}.{key}", "onbekend veld; toegestaan zijn: "
                                               + ", ".join(_ENTRY_KEYS), yamlnodes.line(key_node)))
            elif key in ("aliassen", "onderwijs"):
                fields[key] = _read_strings(value, f"{where}.{key}", problems)
            else:
                try:
                    fields[key] = yamlnodes.text(value)
                except ValueError as exc:
                    problems.append(ProfileProblem(f"{where}.{key}", str(exc), yamlnodes.line(value)))
        name = fields.get("naam")
        if not name:
            problems.append(ProfileProblem(f"{where}.naam", "ontbreekt", yamlnodes.line(entry)))
            continue
        where = f"monitoren, '{name}'"
        types = [t.strip().lower() for t in fields.get("onderwijs") or []]
        wrong = [t for t in types if t not in SCHOOL_TYPES]
        if wrong:
            problems.append(ProfileProblem(f"{where}.onderwijs", f"'{wrong[0]}' is geen soort onderwijs; kies "
                                                                 "po, vo of so", yamlnodes.line(entry)))
        for written in (name, *(fields.get("aliassen") or [])):
            key = normalise(written)
            if not key:
                problems.append(ProfileProblem(where, f"'{written}' bevat geen letters of cijfers",
                                               yamlnodes.line(entry)))
            elif key in seen and seen[key] != name:
                problems.append(ProfileProblem(where, f"'{written}' staat ook bij '{seen[key]}'; een naam of "
                                                      "alias mag maar bij één instrument staan",
                                               yamlnodes.line(entry)))
            else:
                seen[key] = name
        monitors.append(Monitor(name=name, provider=fields.get("aanbieder"),
                                aliases=tuple(fields.get("aliassen") or ()), school_types=tuple(types)))
    return monitors
