"""The knowledge of course step 2, "Signaleren en handelen", from ``data/templates/signaleren.yaml``.

A facilitator edits the template without code; :func:`load_knowledge` checks the whole
file and reports every problem at once, in Dutch, naming the file, the line and the field.
A school may bring its own ``signaleren.yaml`` beside its ``school.yaml``. Words that
differ between primary and secondary school (``{{ groep }}``, ``{{ leerkracht }}`` ...)
are filled in for the school's kind of education (kit.terms). The same file holds the
fixed texts of the one-page signaleringskaart (kit.signalering.kaart), whose "what you go to
each role for" the plan's chapter 6 repeats (kit.document.signalling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kit import yamlnodes
from kit.errors import FileProblemsError, ProfileProblem
from kit.paths import TEMPLATES_DIR
from kit.profile import ROLES
from kit.terms import catalogue_terms, fill_terms
from kit.reuse import reused

KNOWLEDGE_NAME = "signaleren.yaml"
KNOWLEDGE_FILE = TEMPLATES_DIR / KNOWLEDGE_NAME
WHAT = "de kennis voor Signaleren en handelen"
# A word only this template knows: the adult a pupil goes to first.
EXTRA_TERMS = {"eigen_leerkracht": {"po": "eigen leerkracht", "so": "eigen leerkracht", "vo": "mentor"}}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://\S+$")
_FIELD = re.compile(r"{{\s*(\w+)\s*}}")
TOP_KEYS = {"titel": True, "inleiding": False, "delen": True, "kaart": True}
PART_KEYS = {"kop": True, "onderdelen": True}
SECTION_KEYS = {"id": True, "kop": True, "tekst": True, "kaart": False, "bronnen": True}
CARD_POINT_KEYS = {"kop": True, "punten": True}
SOURCE_KEYS = {"naam": True, "url": True}
CARD_KEYS = {"titel": True, "ondertitel": False, "eerste_stappen": True, "niet_doen": False, "rollen": True, "meldcode_kop": True,
             "meldcode": True, "nummers": True, "voet": False}
NUMBER_KEYS = {"naam": True, "nummer": True, "wanneer": False}
CARD_POINTS_MAX = 3


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list inside a section's text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One topic (an h3): its text as paragraphs (``str``) and bullet lists, in order, and its sources."""

    id: str
    heading: str
    blocks: tuple[str | Bullets, ...]
    sources: tuple[Source, ...]
    card_heading: str | None = None
    card_points: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def bullets(self) -> list[str]:
        return [item for b in self.blocks if isinstance(b, Bullets) for item in b.items]


@dataclass(frozen=True)
class Part:
    """A group of sections under one heading (an h2)."""

    heading: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Number:
    name: str
    number: str
    when: str


@dataclass(frozen=True)
class Card:
    """The fixed texts of the signaleringskaart."""

    title: str
    subtitle: str
    first_steps: tuple[str, ...]
    dont: tuple[str, ...]  # what you do not do
    roles: dict[str, str]  # profile role -> what you go to that person for
    meldcode_heading: str
    meldcode: tuple[str, ...]
    numbers: tuple[Number, ...]
    footer: str


@dataclass(frozen=True)
class Knowledge:
    title: str
    intro: str
    parts: tuple[Part, ...]
    card: Card
    onderwijstype: str | None
    source: Path

    @property
    def sections(self) -> list[Section]:
        return [s for part in self.parts for s in part.sections]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


# ----------------------------------------------------------------------------- reading

class _Lined(dict):
    """A mapping read from YAML that remembers the line of each key."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class _LinedList(list):
    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []


def _data(node: yaml.Node | None):
    """Node tree -> plain data; scalars stay text (no YAML 1.1 guessing), mappings and lists keep lines."""
    if yamlnodes.is_null(node):
        return None
    if isinstance(node, yaml.MappingNode):
        out = _Lined(yamlnodes.line(node))
        for key, key_node, value_node in yamlnodes.pairs(node):
            if key in out:
                raise _Duplicate(key, yamlnodes.line(key_node))
            out[key] = _data(value_node)
            out.lines[key] = yamlnodes.line(key_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = _LinedList(yamlnodes.line(node))
        for item in node.value:
            items.append(_data(item))
            items.lines.append(yamlnodes.line(item))
        return items
    return str(node.value).strip()


class _Duplicate(Exception):
    def __init__(self, key: str, line: int):
        super().__init__(key)
        self.key, self.line = key, line


class _Checker:
    """Collects every problem with its field and line; helpers return None for a wrong value."""

    def __init__(self):
        self.problems: list[ProfileProblem] = []
        self.known_terms = set(catalogue_terms(None)) | set(EXTRA_TERMS)

    def problem(self, field: str, message: str, line: int | None) -> None:
        self.problems.append(ProfileProblem(field, message, line))

    def mapping(self, value, field: str, keys: dict[str, bool], line: int | None) -> _Lined | None:
        if not isinstance(value, _Lined):
            self.problem(field, "hier horen ingesprongen regels 'sleutel: waarde' onder, zoals in het sjabloon "
                                "data/templates/signaleren.yaml", line)
            return None
        for key in value:
            if key not in keys:
                self.problem(f"{field}.{key}" if field else key,
                             f"onbekende sleutel; toegestaan zijn: {', '.join(keys)}", value.lines[key])
        for key, required in keys.items():
            if required and value.get(key) in (None, "", []):
                self.problem(f"{field}.{key}" if field else key, "ontbreekt of is leeg; vul het in", value.line)
        return value

    def text(self, value, field: str, line: int | None) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(field, "verwacht één tekst, geen lijst of blok", line)
            return None
        self.terms(value, field, line)
        return value

    def texts(self, value, field: str, line: int | None) -> list[str]:
        """A list of texts ("- ..." lines)."""
        if value is None:
            return []
        if not isinstance(value, _LinedList):
            self.problem(field, "verwacht een lijst met regels die beginnen met '- '", line)
            return []
        out = []
        for position, (item, item_line) in enumerate(zip(value, value.lines), start=1):
            if not isinstance(item, str) or not item:
                self.problem(f"{field} {position}", "elk punt van de lijst is één regel tekst achter '- '", item_line)
                continue
            self.terms(item, field, item_line)
            out.append(item)
        return out

    def items(self, value, field: str, line: int | None) -> list[tuple[int, object, int]]:
        if value is None:
            return []
        if not isinstance(value, _LinedList):
            self.problem(field, "verwacht een lijst: elk onderdeel begint met '- '", line)
            return []
        return [(position, item, item_line) for position, (item, item_line)
                in enumerate(zip(value, value.lines), start=1)]

    def terms(self, text: str, field: str, line: int | None) -> None:
        for name in _FIELD.findall(text):
            if name.lower() not in self.known_terms:
                self.problem(field, f"onbekend woord {{{{ {name} }}}}; gebruik {{{{ groep }}}}, {{{{ groepen }}}}, "
                                    "{{ leerjaar }}, {{ leerkracht }}, {{ leerkrachten }}, {{ intern_begeleider }} "
                                    "of {{ eigen_leerkracht }}", line)


def template_path(school_dir: str | Path | None = None) -> Path:
    """The school's own signaleren.yaml when it has one, else the kit's template."""
    if school_dir is not None:
        own = Path(school_dir) / KNOWLEDGE_NAME
        if own.is_file():
            return own
    return KNOWLEDGE_FILE


@reused
def load_knowledge(school_dir: str | Path | None = None, path: str | Path | None = None) -> Knowledge:
    """The knowledge for ``school_dir``'s kind of education (po, vo, so); FileProblemsError lists every problem.

    ``path`` reads another template (tests, a facilitator's draft); by default the school's own
    ``signaleren.yaml`` or else ``data/templates/signaleren.yaml``.
    """
    source = Path(path) if path else template_path(school_dir)
    kind = _onderwijstype(school_dir)
    try:
        root = _data(yamlnodes.compose_file(source))
    except yamlnodes.NodeFileError as exc:
        raise FileProblemsError(str(source), [exc.problem], WHAT) from None
    except _Duplicate as exc:
        raise FileProblemsError(str(source), [ProfileProblem(exc.key, "staat twee keer in het bestand; laat er één "
                                                                      "staan", exc.line)], WHAT) from None
    check = _Checker()
    knowledge = _read(root, check, source)
    if check.problems:
        raise FileProblemsError(str(source), check.problems, WHAT,
                                closing="Verbeter het bestand en probeer het opnieuw.")
    return _filled(knowledge, kind)


def _onderwijstype(school_dir: str | Path | None) -> str | None:
    from kit.profile import load_profile
    from kit.workspace import PROFILE_NAME

    if school_dir is None or not (Path(school_dir) / PROFILE_NAME).is_file():
        return None
    return load_profile(school_dir).get("onderwijstype")


def _read(root, check: _Checker, source: Path) -> Knowledge | None:
    top = check.mapping(root, "", TOP_KEYS, 1)
    if top is None:
        return None
    parts = []
    seen: set[str] = set()
    for position, raw, line in check.items(top.get("delen"), "delen", top.lines.get("delen")):
        part = check.mapping(raw, f"delen {position}", PART_KEYS, line)
        if part is None:
            continue
        sections = [s for s in (_section(raw_section, f"delen {position}, onderdeel {number}", check, seen, sline)
                                for number, raw_section, sline in check.items(part.get("onderdelen"),
                                                                               f"delen {position}.onderdelen",
                                                                               part.lines.get("onderdelen")))
                    if s is not None]
        heading = check.text(part.get("kop"), f"delen {position}.kop", part.lines.get("kop"))
        parts.append(Part(heading or "", tuple(sections)))
    card = _card(top.get("kaart"), check, top.lines.get("kaart"))
    title = check.text(top.get("titel"), "titel", top.lines.get("titel")) or ""
    intro = check.text(top.get("inleiding"), "inleiding", top.lines.get("inleiding")) or ""
    if card is None:
        return None
    return Knowledge(title, intro, tuple(parts), card, None, source)


def _section(raw, where: str, check: _Checker, seen: set[str], line: int) -> Section | None:
    section_id = raw.get("id") if isinstance(raw, _Lined) else None
    if isinstance(section_id, str) and section_id:
        if not ID_RE.match(section_id):
            check.problem(f"{where}.id", f"'{section_id}' is geen korte naam; gebruik kleine letters, cijfers en "
                                         "streepjes", raw.lines["id"])
        elif section_id in seen:
            check.problem(f"{where}.id", f"de id '{section_id}' staat er twee keer in; geef elk onderdeel een eigen "
                                         "id", raw.lines["id"])
        else:
            where = f"onderdeel '{section_id}'"
        seen.add(section_id)
    data = check.mapping(raw, where, SECTION_KEYS, line)
    if data is None:
        return None
    heading = check.text(data.get("kop"), f"{where}.kop", data.lines.get("kop"))
    blocks: list[str | Bullets] = []
    for text in check.texts(data.get("tekst"), f"{where}.tekst", data.lines.get("tekst")):
        if text.startswith("- "):
            if blocks and isinstance(blocks[-1], Bullets):
                blocks[-1] = Bullets(blocks[-1].items + (text[2:].strip(),))
            else:
                blocks.append(Bullets((text[2:].strip(),)))
        else:
            blocks.append(" ".join(text.split()))
    sources = []
    for position, raw_source, sline in check.items(data.get("bronnen"), f"{where}.bronnen", data.lines.get("bronnen")):
        field = f"{where}.bronnen {position}"
        entry = check.mapping(raw_source, field, SOURCE_KEYS, sline)
        if entry is None:
            continue
        name = check.text(entry.get("naam"), f"{field}.naam", entry.lines.get("naam"))
        url = check.text(entry.get("url"), f"{field}.url", entry.lines.get("url"))
        if url and not URL_RE.match(url):
            check.problem(f"{field}.url", f"'{url}' is geen webadres; begin met https:// (of http://)",
                          entry.lines.get("url"))
        elif name and url:
            sources.append(Source(name, url))
    card_heading, card_points = None, ()
    if data.get("kaart") is not None:
        card = check.mapping(data["kaart"], f"{where}.kaart", CARD_POINT_KEYS, data.lines.get("kaart"))
        if card is not None:
            card_heading = check.text(card.get("kop"), f"{where}.kaart.kop", card.lines.get("kop"))
            card_points = tuple(check.texts(card.get("punten"), f"{where}.kaart.punten", card.lines.get("punten")))
            if len(card_points) > CARD_POINTS_MAX:
                check.problem(f"{where}.kaart.punten", f"{len(card_points)} punten; de kaart heeft ruimte voor "
                                                        f"hooguit {CARD_POINTS_MAX} korte punten per onderdeel",
                              card.lines.get("punten"))
    if not isinstance(section_id, str) or not heading:
        return None
    return Section(section_id, heading, tuple(blocks), tuple(sources), card_heading, card_points)


def _card(raw, check: _Checker, line: int | None) -> Card | None:
    data = check.mapping(raw, "kaart", CARD_KEYS, line)
    if data is None:
        return None
    roles: dict[str, str] = {}
    raw_roles = data.get("rollen")
    if raw_roles is not None:
        role_map = check.mapping(raw_roles, "kaart.rollen", {role: False for role in ROLES}, data.lines.get("rollen"))
        for role, text in (role_map or {}).items():
            if role in ROLES:
                value = check.text(text, f"kaart.rollen.{role}", role_map.lines[role])
                if value:
                    roles[role] = value
    numbers = []
    for position, raw_number, nline in check.items(data.get("nummers"), "kaart.nummers", data.lines.get("nummers")):
        entry = check.mapping(raw_number, f"kaart.nummers {position}", NUMBER_KEYS, nline)
        if entry is not None and entry.get("naam") and entry.get("nummer"):
            numbers.append(Number(check.text(entry["naam"], f"kaart.nummers {position}.naam", nline) or "",
                                  check.text(entry["nummer"], f"kaart.nummers {position}.nummer", nline) or "",
                                  check.text(entry.get("wanneer"), f"kaart.nummers {position}.wanneer", nline) or ""))
    meldcode = check.texts(data.get("meldcode"), "kaart.meldcode", data.lines.get("meldcode"))
    if meldcode and len(meldcode) != 5:
        check.problem("kaart.meldcode", f"de meldcode heeft vijf stappen; hier staan er {len(meldcode)}",
                      data.lines.get("meldcode"))
    return Card(
        title=check.text(data.get("titel"), "kaart.titel", data.lines.get("titel")) or "",
        subtitle=check.text(data.get("ondertitel"), "kaart.ondertitel", data.lines.get("ondertitel")) or "",
        first_steps=tuple(check.texts(data.get("eerste_stappen"), "kaart.eerste_stappen",
                                      data.lines.get("eerste_stappen"))),
        dont=tuple(check.texts(data.get("niet_doen"), "kaart.niet_doen", data.lines.get("niet_doen"))),
        roles=roles,
        meldcode_heading=check.text(data.get("meldcode_kop"), "kaart.meldcode_kop",
                                    data.lines.get("meldcode_kop")) or "",
        meldcode=tuple(meldcode),
        numbers=tuple(numbers),
        footer=check.text(data.get("voet"), "kaart.voet", data.lines.get("voet")) or "",
    )


# ----------------------------------------------------------------------------- terms

def fill(text: str, onderwijstype: str | None) -> str:
    """``text`` with every ``{{ groep }}``, ``{{ eigen_leerkracht }}`` ... filled for this kind of school."""
    kind = (onderwijstype or "po").strip().lower()
    for name, per_kind in EXTRA_TERMS.items():
        word = per_kind.get(kind, per_kind["po"])
        text = re.sub(r"{{\s*" + name + r"\s*}}", word, text)
        text = re.sub(r"{{\s*" + name.capitalize() + r"\s*}}", word[:1].upper() + word[1:], text)
    return fill_terms(text, onderwijstype)


def _filled(knowledge: Knowledge, kind: str | None) -> Knowledge:
    def f(text: str) -> str:
        return fill(text, kind)

    parts = tuple(Part(f(part.heading), tuple(
        Section(s.id, f(s.heading), tuple(Bullets(tuple(f(i) for i in b.items)) if isinstance(b, Bullets) else f(b)
                                          for b in s.blocks),
                s.sources, f(s.card_heading) if s.card_heading else None, tuple(f(p) for p in s.card_points))
        for s in part.sections)) for part in knowledge.parts)
    card = knowledge.card
    card = Card(f(card.title), f(card.subtitle), tuple(f(s) for s in card.first_steps), tuple(f(s) for s in card.dont),
                {role: f(text) for role, text in card.roles.items()}, f(card.meldcode_heading),
                tuple(f(s) for s in card.meldcode), card.numbers, f(card.footer))
    return Knowledge(f(knowledge.title), f(knowledge.intro), parts, card, kind, knowledge.source)


# ----------------------------------------------------------------------------- HTML

def knowledge_html(school_dir: Path) -> str:
    """The knowledge as an HTML fragment (h2 per part, h3 per topic, the sources under each topic).

    Everything is escaped (Jinja2 autoescape); links are only http(s) addresses.
    """
    from kit.render import render

    return render("signaleren_kennis.html.j2", knowledge=load_knowledge(school_dir))
