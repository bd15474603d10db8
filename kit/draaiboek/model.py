"""The facilitator's script (``data/templates/draaiboek.yaml``): read, check, and look meetings up.

Every problem is reported at once, in Dutch, with the file, the line, the meeting and the
field; the durations of a meeting's parts must add up to its duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kit import yamlnodes
from kit.draaiboek.apps import APPS, AppInfo
from kit.errors import FileProblemsError, KitError, ProfileProblem
from kit.paths import TEMPLATES_DIR

DRAAIBOEK_PATH = TEMPLATES_DIR / "draaiboek.yaml"
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOP_KEYS = ("cursus", "certificaat", "bijeenkomsten")
_MEETING_KEYS = ("id", "titel", "duur", "leerdoel", "doelen", "voorbereiding", "materialen", "onderdelen",
                 "mee_naar_huis")
_MEETING_REQUIRED = ("id", "titel", "duur", "leerdoel", "doelen", "materialen", "onderdelen", "mee_naar_huis")
_PART_KEYS = ("titel", "duur", "app", "tabblad", "kopje", "zeggen", "vragen")
_PART_REQUIRED = ("titel", "duur", "app", "zeggen")
_CERTIFICATE_KEYS = ("register", "dossier")
MAX_MINUTES = 8 * 60


class DraaiboekError(FileProblemsError):
    """draaiboek.yaml cannot be used; lists every problem with its line, meeting and field."""

    def __init__(self, path: str, problems: list[ProfileProblem]):
        super().__init__(path, problems, "het draaiboek",
                         hint="Verbeter het bestand (zie de uitleg bovenin) en probeer het opnieuw.")


@dataclass(frozen=True)
class Part:
    """One part of a meeting: what to open (app and tab or heading), what to say and ask, for how long."""

    title: str
    minutes: int
    app: str
    tab: str | None
    heading: str | None
    say: str
    ask: tuple[str, ...]

    @property
    def app_info(self) -> AppInfo:
        return APPS[self.app]

    @property
    def where(self) -> str:
        """``01_visie, tabblad Uitspraken`` or ``03_enquete, kopje Schalen``."""
        if self.tab:
            return f"{self.app}, tabblad {self.tab}"
        if self.heading:
            return f"{self.app}, kopje {self.heading}"
        return self.app


@dataclass(frozen=True)
class Meeting:
    """One meeting of the course (``number`` counts from 1 in the file's order)."""

    number: int
    id: str
    title: str
    minutes: int
    learning_goal: str
    goals: tuple[str, ...]
    preparation: tuple[str, ...]
    materials: tuple[str, ...]
    parts: tuple[Part, ...]
    take_home: tuple[str, ...]

    @property
    def apps(self) -> tuple[str, ...]:
        """The notebooks this meeting opens, in order of first use."""
        return tuple(dict.fromkeys(part.app for part in self.parts))

    @property
    def join_apps(self) -> tuple[str, ...]:
        """The live apps participants join in this meeting (with the meeting's join code)."""
        return tuple(app for app in self.apps if APPS[app].join)


@dataclass(frozen=True)
class Draaiboek:
    course_title: str
    meetings: tuple[Meeting, ...]
    register_text: str
    dossier_text: str
    path: Path

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.meetings)

    def by_id(self, meeting_id: str | None) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def meeting(self, wanted: object) -> Meeting:
        """A meeting by its number (1, "2") or its id; KitError with the choices otherwise."""
        text = str(wanted).strip()
        for m in self.meetings:
            if text == str(m.number) or text == m.id:
                return m
        choices = ", ".join(f"{m.number} ({m.id})" for m in self.meetings)
        raise KitError(f"Het draaiboek heeft geen bijeenkomst '{text}'.", hint=f"Kies uit: {choices}.")


def hours_text(minutes: int) -> str:
    """``7,5 uur``, ``2 uur``, ``1 uur 20 minuten`` for durations that are not whole quarters."""
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{hours} uur"
    if rest % 15 == 0:
        return f"{minutes / 60:.2f}".rstrip("0").replace(".", ",") + " uur"
    return f"{hours} uur {rest} minuten" if hours else f"{rest} minuten"


# ----------------------------------------------------------------------------- reading

def load_draaiboek(path: str | Path | None = None) -> Draaiboek:
    """Read and check draaiboek.yaml; DraaiboekError lists every problem."""
    source = Path(path) if path else DRAAIBOEK_PATH
    try:
        root = yamlnodes.compose_file(source)
    except yamlnodes.NodeFileError as exc:
        raise DraaiboekError(str(source), [exc.problem]) from None
    if not isinstance(root, yaml.MappingNode):
        raise DraaiboekError(str(source), [ProfileProblem("-", "verwacht de onderdelen cursus, certificaat en "
                                                               "bijeenkomsten, zoals in het sjabloon")])
    problems: list[ProfileProblem] = []
    parts = _mapping(root, _TOP_KEYS, "", problems)
    for key in _TOP_KEYS:
        if key not in parts:
            problems.append(ProfileProblem(key, "dit onderdeel ontbreekt"))
    course = _mapping(parts.get("cursus"), ("titel",), "cursus", problems)
    title = _text(course.get("titel"), "cursus.titel", problems, required=True, parent=parts.get("cursus"))
    certificate = _mapping(parts.get("certificaat"), _CERTIFICATE_KEYS, "certificaat", problems)
    texts = {key: _text(certificate.get(key), f"certificaat.{key}", problems, required=True,
                        parent=parts.get("certificaat")) for key in _CERTIFICATE_KEYS}
    meetings = _meetings(parts.get("bijeenkomsten"), problems)
    if problems:
        raise DraaiboekError(str(source), problems)
    return Draaiboek(course_title=title, meetings=tuple(meetings), register_text=texts["register"],
                     dossier_text=texts["dossier"], path=source)


def _mapping(node, allowed: tuple[str, ...], where: str, problems: list[ProfileProblem]) -> dict:
    if node is None or yamlnodes.is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(ProfileProblem(where or "-", f"verwacht ingesprongen regels: {', '.join(allowed)}",
                                       yamlnodes.line(node)))
        return {}
    out = {}
    for key, key_node, value in yamlnodes.pairs(node):
        name = f"{where}.{key}" if where else key
        if key not in allowed:
            problems.append(ProfileProblem(name, f"onbekend veld; toegestaan zijn: {', '.join(allowed)}",
                                           yamlnodes.line(key_node)))
        elif key in out:
            problems.append(ProfileProblem(name, "staat er twee keer", yamlnodes.line(key_node)))
        else:
            out[key] = value
    return out


def _text(node, where: str, problems: list[ProfileProblem], required: bool = False, parent=None) -> str:
    try:
        value = yamlnodes.text(node)
    except ValueError as exc:
        problems.append(ProfileProblem(where, str(exc), yamlnodes.line(node)))
        return ""
    if value is None:
        if required:
            line = yamlnodes.line(node) if node is not None else (yamlnodes.line(parent) if parent is not None else None)
            problems.append(ProfileProblem(where, "ontbreekt of is leeg", line))
        return ""
    return " ".join(value.split())


def _texts(node, where: str, problems: list[ProfileProblem], required: bool, parent) -> tuple[str, ...]:
    if node is None or yamlnodes.is_null(node):
        if required:
            problems.append(ProfileProblem(where, "ontbreekt; verwacht een lijst, elk punt op een regel met '- '",
                                           yamlnodes.line(parent)))
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.append(ProfileProblem(where, "verwacht een lijst, elk punt op een regel met '- '",
                                       yamlnodes.line(node)))
        return ()
    out = []
    for item in node.value:
        value = _text(item, where, problems)
        if value:
            out.append(value)
    if required and not out:
        problems.append(ProfileProblem(where, "de lijst is leeg", yamlnodes.line(node)))
    return tuple(out)


def _minutes(node, where: str, problems: list[ProfileProblem], parent) -> int | None:
    value = _text(node, where, problems, required=True, parent=parent)
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_MINUTES:
        problems.append(ProfileProblem(where, f"'{value}' is geen duur; schrijf een heel aantal minuten, "
                                              f"bijvoorbeeld 20 (hoogstens {MAX_MINUTES})", yamlnodes.line(node)))
        return None
    return int(value)


def _meetings(node, problems: list[ProfileProblem]) -> list[Meeting]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(ProfileProblem("bijeenkomsten", "verwacht een lijst van bijeenkomsten, elk beginnend met "
                                                        "'- id: ...'", yamlnodes.line(node)))
        return []
    meetings, seen = [], set()
    for number, entry in enumerate(node.value, start=1):
        where = f"bijeenkomst {number}"
        fields = _mapping(entry, _MEETING_KEYS, where, problems)
        if not isinstance(entry, yaml.MappingNode):
            continue
        meeting_id = _text(fields.get("id"), f"{where}.id", problems, required=True, parent=entry)
        if meeting_id:
            if not _ID_RE.fullmatch(meeting_id):
                problems.append(ProfileProblem(f"{where}.id", f"'{meeting_id}' kan geen id zijn; gebruik kleine "
                                               "letters, cijfers en streepjes", yamlnodes.line(fields["id"])))
            elif meeting_id in seen:
                problems.append(ProfileProblem(f"{where}.id", f"de id '{meeting_id}' komt twee keer voor",
                                               yamlnodes.line(fields["id"])))
            seen.add(meeting_id)
            where = f"bijeenkomst {number} ('{meeting_id}')"
        title = _text(fields.get("titel"), f"{where}.titel", problems, required=True, parent=entry)
        minutes = _minutes(fields.get("duur"), f"{where}.duur", problems, entry)
        goal = _text(fields.get("leerdoel"), f"{where}.leerdoel", problems, required=True, parent=entry)
        lists = {key: _texts(fields.get(key), f"{where}.{key}", problems, key in _MEETING_REQUIRED, entry)
                 for key in ("doelen", "voorbereiding", "materialen", "mee_naar_huis")}
        parts = _parts(fields.get("onderdelen"), where, problems, entry)
        if minutes is not None and parts and all(p is not None for p in parts):
            total = sum(p.minutes for p in parts)
            if total != minutes:
                sums = " + ".join(str(p.minutes) for p in parts)
                problems.append(ProfileProblem(f"{where}.duur", f"de bijeenkomst duurt {minutes} minuten, maar de "
                                               f"onderdelen samen {total} ({sums}); maak ze gelijk",
                                               yamlnodes.line(fields["duur"])))
        meetings.append(Meeting(number=number, id=meeting_id, title=title, minutes=minutes or 0,
                                learning_goal=goal, goals=lists["doelen"], preparation=lists["voorbereiding"],
                                materials=lists["materialen"], parts=tuple(p for p in parts if p is not None),
                                take_home=lists["mee_naar_huis"]))
    return meetings


def _parts(node, where: str, problems: list[ProfileProblem], parent) -> list[Part | None]:
    if node is None or not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(ProfileProblem(f"{where}.onderdelen", "verwacht een lijst van onderdelen, elk beginnend "
                                       "met '- titel: ...'", yamlnodes.line(node if node is not None else parent)))
        return []
    parts: list[Part | None] = []
    for number, entry in enumerate(node.value, start=1):
        at = f"{where}, onderdeel {number}"
        fields = _mapping(entry, _PART_KEYS, at, problems)
        if not isinstance(entry, yaml.MappingNode):
            parts.append(None)
            continue
        title = _text(fields.get("titel"), f"{at}.titel", problems, required=True, parent=entry)
        if title:
            at = f"{where}, onderdeel {number} ('{title}')"
        minutes = _minutes(fields.get("duur"), f"{at}.duur", problems, entry)
        app = _text(fields.get("app"), f"{at}.app", problems, required=True, parent=entry)
        tab = _text(fields.get("tabblad"), f"{at}.tabblad", problems) or None
        heading = _text(fields.get("kopje"), f"{at}.kopje", problems) or None
        say = _text(fields.get("zeggen"), f"{at}.zeggen", problems, required=True, parent=entry)
        ask = _texts(fields.get("vragen"), f"{at}.vragen", problems, False, entry)
        info = APPS.get(app)
        ok = minutes is not None and bool(app)
        if app and info is None:
            problems.append(ProfileProblem(f"{at}.app", f"'{app}' is geen app van de kit; kies uit "
                                           f"{', '.join(APPS)}", yamlnodes.line(fields["app"])))
            ok = False
        elif info is not None:
            ok = _check_place(info, tab, heading, fields, at, problems) and ok
        parts.append(Part(title, minutes, app, tab, heading, say, ask) if ok else None)
    return parts


def _check_place(info: AppInfo, tab: str | None, heading: str | None, fields: dict, at: str,
                 problems: list[ProfileProblem]) -> bool:
    if tab and heading:
        problems.append(ProfileProblem(at, "noem een tabblad of een kopje, niet allebei", yamlnodes.line(fields["kopje"])))
        return False
    if tab and tab not in info.tabs:
        choice = (f"kies uit {', '.join(info.tabs)}" if info.tabs
                  else f"deze pagina heeft geen tabbladen; gebruik 'kopje' ({', '.join(info.headings)})")
        problems.append(ProfileProblem(f"{at}.tabblad", f"'{tab}' is geen tabblad van {info.notebook}; {choice}",
                                       yamlnodes.line(fields["tabblad"])))
        return False
    if heading and heading not in info.headings:
        choice = (f"kies uit {', '.join(info.headings)}" if info.headings
                  else f"deze app heeft tabbladen; gebruik 'tabblad' ({', '.join(info.tabs)})")
        problems.append(ProfileProblem(f"{at}.kopje", f"'{heading}' is geen kopje van {info.notebook}; {choice}",
                                       yamlnodes.line(fields["kopje"])))
        return False
    return True
