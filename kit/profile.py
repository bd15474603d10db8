"""The school profile: ``school.yaml``, validated with Dutch errors that name the line.

Most fields may be empty while a course is under way; an empty field is shown as
"nog in te vullen". A field that is filled in wrongly is an error. The profile is
read straight from YAML nodes (not PyYAML's YAML 1.1 value guessing), so a phone
number such as ``0201234567`` stays text instead of becoming an octal number.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import yaml

from kit import yamlnodes
from kit.dates import MONTHS, dutch_date  # noqa: F401  (dutch_date: used by the plan via kit.profile)
from kit.errors import MAX_SHOWN, ProfileError, ProfileProblem
from kit.workspace import PROFILE_NAME, is_valid_id
from kit.reuse import reused

MISSING_TEXT = "nog in te vullen"

ROLES = {
    "directeur": "Directeur",
    "coordinator": "Coördinator anti-pestbeleid",
    "aanspreekpunt": "Aanspreekpunt pesten",
    "vertrouwenspersoon_intern": "Interne vertrouwenspersoon",
    "vertrouwenspersoon_extern": "Externe vertrouwenspersoon",
    "aandachtsfunctionaris": "Aandachtsfunctionaris meldcode",
}
ROLE_PARTS = {"naam": "naam", "email": "e-mail", "telefoon": "telefoon"}
POLICIES = {
    "antipestprogramma": "Antipestprogramma",
    "monitoringsinstrument": "Monitoringsinstrument",
    "pestprotocol": "Pestprotocol",
    "klachtenregeling": "Klachtenregeling",
    "meldcode": "Meldcode huiselijk geweld en kindermishandeling",
}
# The school's own privacy practice for the pupil survey (the plan's privacy paragraph). Optional here:
# the plan shows an empty one as "nog in te vullen" and lists it in its appendix.
PRIVACY = {
    "grondslag": "Grondslag (AVG) voor de enquête",
    "informatie": "Hoe leerlingen en ouders worden geïnformeerd",
    "bewaartermijn": "Bewaartermijn van de antwoorden",
    "open_antwoorden": "Wie de open antwoorden leest",
}
ROLES_SECTION = "Taken en rollen"
# The school's protocols, each with a title and the date it was adopted ("vastgesteld op").
# The old yes/no field beleid.pestprotocol still loads; a date under protocollen.pesten covers it
# (it is then not listed as missing), and the plan names a protocol only by its title and date.
PROTOCOLS = {
    "pesten": "Pestprotocol",
    "agressie_en_geweld": "Protocol agressie en geweld",
    "seksueel_grensoverschrijdend_gedrag": "Protocol seksueel grensoverschrijdend gedrag",
    "discriminatie": "Protocol discriminatie",
    "radicalisering": "Protocol radicalisering",
    "sociale_media": "Protocol sociale media",
    "schorsing_en_verwijdering": "Protocol schorsing en verwijdering",
    "gedragscode_personeel": "Gedragscode personeel",
}
PROTOCOL_PARTS = {"titel": "titel", "vastgesteld_op": "vastgesteld op"}
POLICY_PROTOCOLS = {"pestprotocol": "pesten"}  # old yes/no field -> the protocol that covers it
PREVENTION = {
    "toezicht_pauzes": "Toezicht tijdens pauzes en op het plein",
    "online_gedrag": "Lessen over online gedrag en sociale media",
    "groepsvorming": "Groepsvorming aan het begin van het schooljaar",
    "ouders_informeren": "Ouders informeren",
}
REGISTRATION = {
    "systeem": ("Waar incidenten worden vastgelegd", "text"),
    "categorieen": ("Welke incidenten worden vastgelegd", "lijst"),
    "analyse_door": ("Wie de registratie analyseert", "text"),
    "analyse_frequentie": ("Hoe vaak de registratie wordt geanalyseerd", "text"),
}
ADOPTION = {
    "instemming_mr": "Instemming medezeggenschapsraad",
    "bevoegd_gezag": "Vastgesteld door het bevoegd gezag",
}
SCHOOL_TYPES = {"po": "primair onderwijs", "vo": "voortgezet onderwijs", "so": "(voortgezet) speciaal onderwijs"}


@dataclass(frozen=True)
class Field:
    """One leaf of the profile: its dotted path, Dutch label and kind of value."""

    path: str
    label: str
    kind: str = "text"
    optional: bool = False  # not listed as missing when empty
    section: str = "Algemeen"


def _fields() -> list[Field]:
    out = [
        Field("id", "School-id", "slug", section="Algemeen"),
        Field("naam", "Naam van de school"),
        Field("bestuur", "Schoolbestuur"),
        Field("brin", "BRIN-nummer", "brin", optional=True),
        Field("onderwijstype", "Soort onderwijs", "onderwijstype"),
        Field("schooljaar", "Schooljaar", "schooljaar"),
        Field("adres.straat", "Straat en huisnummer", section="Adres en contact"),
        Field("adres.postcode", "Postcode", "postcode", section="Adres en contact"),
        Field("adres.plaats", "Plaats", section="Adres en contact"),
        Field("telefoon", "Telefoon", "telefoon", section="Adres en contact"),
        Field("email", "E-mail", "email", section="Adres en contact"),
    ]
    for role, label in ROLES.items():
        for part, part_label in ROLE_PARTS.items():
            kind = part if part != "naam" else "text"
            out.append(Field(f"rollen.{role}.{part}", f"{label}: {part_label}", kind,
                             optional=role == "aanspreekpunt", section=ROLES_SECTION))
    for key, label in POLICIES.items():
        out.append(Field(f"beleid.{key}", label, "beleid", section="Beleid"))
    out.append(Field("rollen_vindbaar_in", "Waar leerlingen en ouders de namen van de rollen vinden", "lijst",
                     section="Beleid"))
    for key, label in PROTOCOLS.items():
        out.append(Field(f"protocollen.{key}.titel", f"{label}: titel", optional=True, section="Protocollen"))
        out.append(Field(f"protocollen.{key}.vastgesteld_op", f"{label}: vastgesteld op", "datum",
                         section="Protocollen"))
        if key == "pesten":
            out.append(Field("protocollen.pesten.stappen", "Pestprotocol: de stappen in het kort", "lijst",
                             optional=True, section="Protocollen"))
    for key, label in PREVENTION.items():
        out.append(Field(f"preventie.{key}", label, section="Preventie"))
    for key, (label, kind) in REGISTRATION.items():
        out.append(Field(f"registratie.{key}", label, kind, section="Registratie van incidenten"))
    for key, label in ADOPTION.items():
        out.append(Field(f"vaststelling.{key}", label, "datum", section="Vaststelling van het plan"))
    for key, label in PRIVACY.items():
        out.append(Field(f"privacy.{key}", label, optional=True, section="Privacy"))
    return out


FIELDS: list[Field] = _fields()
FIELDS_BY_PATH = {f.path: f for f in FIELDS}
# The shape of a profile: a key maps to None (a leaf) or to the allowed keys below it.
# "leerlingen" is a free map of group name to number of pupils.
SHAPE: dict[str, Any] = {
    "id": None, "naam": None, "bestuur": None, "brin": None, "onderwijstype": None,
    "adres": {"straat": None, "postcode": None, "plaats": None},
    "telefoon": None, "email": None, "schooljaar": None, "leerlingen": "free",
    "rollen": {role: {part: None for part in ROLE_PARTS} for role in ROLES},
    "beleid": {key: None for key in POLICIES},
    "rollen_vindbaar_in": None,
    "protocollen": {key: {part: None for part in (*PROTOCOL_PARTS, *(("stappen",) if key == "pesten" else ()))}
                    for key in PROTOCOLS},
    "preventie": {key: None for key in PREVENTION},
    "registratie": {key: None for key in REGISTRATION},
    "vaststelling": {key: None for key in ADOPTION},
    "privacy": {key: None for key in PRIVACY},
}

_BRIN_RE = re.compile(r"^\d{2}[A-Z]{2}(\d{2})?$")
_POSTCODE_RE = re.compile(r"^([1-9]\d{3})\s?([A-Z]{2})$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^\+?[\d ()\-]+$")
_YEAR_RE = re.compile(r"^(\d{4})\s*[-/–]\s*(\d{4})$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_WORDS_DATE_RE = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_MONTH_NAMES = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES.update({"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                     "okt": 10, "nov": 11, "dec": 12})
_DATE_HINT = "schrijf de datum als 12-03-2027, 2027-03-12 of 12 maart 2027"
_YES = {"ja", "yes", "true", "y", "j", "on"}
_NO = {"nee", "no", "false", "n", "off"}


class _Invalid(ValueError):
    """A value that is filled in wrongly; the message says what is expected (Dutch)."""


def _check_text(raw: str) -> str:
    return raw


def _check_slug(raw: str) -> str:
    if not is_valid_id(raw):
        raise _Invalid("gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'obs-de-linde'")
    return raw


def _check_brin(raw: str) -> str:
    value = raw.replace(" ", "").upper()
    if not _BRIN_RE.match(value):
        raise _Invalid("een BRIN-nummer is twee cijfers en twee letters, eventueel met een "
                       "vestigingsnummer van twee cijfers erachter, bijvoorbeeld 12AB of 12AB01")
    return value


def _check_onderwijstype(raw: str) -> str:
    value = raw.strip().lower()
    if value not in SCHOOL_TYPES:
        raise _Invalid("kies po (primair onderwijs), vo (voortgezet onderwijs) of so (speciaal onderwijs)")
    return value


def _check_postcode(raw: str) -> str:
    match = _POSTCODE_RE.match(raw.strip().upper())
    if not match:
        raise _Invalid("een postcode is vier cijfers en twee letters, bijvoorbeeld 1234 AB")
    return f"{match.group(1)} {match.group(2)}"


def _check_telefoon(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if not _PHONE_RE.match(raw) or not 10 <= len(digits) <= 13:
        raise _Invalid("een telefoonnummer heeft 10 cijfers (bijvoorbeeld 020 123 45 67 of +31 20 123 45 67)")
    return raw.strip()


def _check_email(raw: str) -> str:
    if not _EMAIL_RE.match(raw.strip()):
        raise _Invalid("een e-mailadres ziet eruit als naam@school.nl")
    return raw.strip()


def _check_schooljaar(raw: str) -> str:
    match = _YEAR_RE.match(raw.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or not 2000 <= int(match.group(1)) <= 2100:
        raise _Invalid("schrijf het schooljaar als twee opeenvolgende jaren, bijvoorbeeld 2026-2027")
    return f"{match.group(1)}-{match.group(2)}"


def _check_beleid(raw: str) -> bool | str:
    lowered = raw.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return raw.strip()


def _check_datum(raw: str) -> date:
    text = raw.strip().lower()
    parts = None
    if match := _ISO_DATE_RE.match(text):
        parts = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _DMY_RE.match(text):
        parts = int(match.group(3)), int(match.group(2)), int(match.group(1))
    elif (match := _WORDS_DATE_RE.match(text)) and match.group(2) in _MONTH_NAMES:
        parts = int(match.group(3)), _MONTH_NAMES[match.group(2)], int(match.group(1))
    if parts is None:
        raise _Invalid(f"dat is geen datum; {_DATE_HINT}")
    try:
        day = date(*parts)
    except ValueError:
        raise _Invalid(f"die datum bestaat niet; {_DATE_HINT}") from None
    if not 1990 <= day.year <= 2100:
        raise _Invalid(f"het jaar {day.year} kan niet kloppen; {_DATE_HINT}")
    return day


def dutch_list(items: list[str]) -> str:
    """``a, b en c``."""
    items = [str(item) for item in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


_CHECKS = {
    "text": _check_text, "slug": _check_slug, "brin": _check_brin, "onderwijstype": _check_onderwijstype,
    "postcode": _check_postcode, "telefoon": _check_telefoon, "email": _check_email,
    "schooljaar": _check_schooljaar, "beleid": _check_beleid, "datum": _check_datum,
}


@dataclass
class Profile:
    """A validated school profile. ``data`` is nested like the YAML, normalised, empty fields ``None``."""

    data: dict[str, Any]
    path: Path | None = None
    folder_id: str | None = None
    leerlingen: dict[str, int] = field(default_factory=dict)

    def get(self, dotted: str) -> Any:
        """The value at a dotted path such as ``"adres.postcode"``, or ``None`` when empty."""
        node: Any = self.data
        for key in dotted.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    @property
    def school_id(self) -> str | None:
        return self.get("id") or self.folder_id

    @property
    def naam(self) -> str:
        """The school's name for titles: its name, else its id."""
        return self.get("naam") or self.school_id or "(naam nog in te vullen)"

    def items(self) -> Iterator[tuple[Field, Any]]:
        """Every leaf field with its value, in display order."""
        for f in FIELDS:
            yield f, self.get(f.path)

    def missing(self) -> list[Field]:
        """The fields still to fill in (optional ones, an aanspreekpunt covered by the coordinator and an old
        yes/no policy field covered by a dated protocol left out)."""
        return [f for f, value in self.items() if value is None and not f.optional and not self._covered(f)]

    def _covered(self, f: Field) -> date | None:
        """The adoption date of the protocol that stands in for an empty old policy field."""
        key = POLICY_PROTOCOLS.get(f.path.removeprefix("beleid.")) if f.path.startswith("beleid.") else None
        return self.get(f"protocollen.{key}.vastgesteld_op") if key else None

    def role(self, role: str) -> dict[str, str | None]:
        """A role's contact details; the aanspreekpunt falls back to the coordinator when left empty."""
        details = self.get(f"rollen.{role}") or {}
        if role == "aanspreekpunt" and not details.get("naam"):
            return dict(self.get("rollen.coordinator") or {})
        return dict(details)

    def display(self, f: Field) -> str:
        """A field's value as people read it: "nog in te vullen" when empty, ja/nee for yes/no."""
        value = self.get(f.path)
        if value is None:
            if f.path.startswith("rollen.aanspreekpunt.") and self.get("rollen.coordinator.naam"):
                return "zelfde persoon als de coördinator"
            if covered := self._covered(f):
                return f"ja, vastgesteld op {dutch_date(covered)}"
            return MISSING_TEXT
        if value is True:
            return "ja"
        if value is False:
            return "nee"
        if isinstance(value, date):
            return dutch_date(value)
        if isinstance(value, list):  # sentences one after another, short items with commas
            return (" " if all(item.endswith((".", "!", "?")) for item in value) else ", ").join(value)
        if f.kind == "onderwijstype":
            return f"{value} ({SCHOOL_TYPES[value]})"
        return str(value)

    def completeness(self) -> tuple[int, int]:
        """(filled, total) over the non-optional fields."""
        total = [f for f in FIELDS if not f.optional]
        return len(total) - len(self.missing()), len(total)


# ----------------------------------------------------------------------------- reading

@reused
def load_profile(target: str | Path) -> Profile:
    """Read and validate a school profile: a school folder or its ``school.yaml``.

    Raises :class:`ProfileError` listing every problem (Dutch, with line numbers).
    """
    path = Path(target)
    if path.is_dir():
        path = path / PROFILE_NAME
    if not path.is_file():
        raise ProfileError([ProfileProblem("-", f"het bestand {path.name} bestaat niet; maak een school "
                                                "met 'kit school new <id>'")], str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProfileError([ProfileProblem("-", "het bestand is geen UTF-8-tekst; sla het op als UTF-8 "
                                                "(in Kladblok: Opslaan als, codering UTF-8)")], str(path))
    return parse_profile(text, source=str(path), folder_id=path.parent.name)


def parse_profile(text: str, source: str = PROFILE_NAME, folder_id: str | None = None) -> Profile:
    """Validate profile text; ``folder_id`` is the school folder's name, which ``id`` must match."""
    problems: list[ProfileProblem] = []
    try:
        root = yamlnodes.compose_text(text)
    except yamlnodes.NodeFileError as exc:
        raise ProfileError([exc.problem], source) from None
    data: dict[str, Any] = {}
    if root is not None and not _is_null(root):
        if not isinstance(root, yaml.MappingNode):
            raise ProfileError([ProfileProblem("-", "het bestand moet bestaan uit regels 'sleutel: waarde'",
                                               root.start_mark.line + 1)], source)
        data = _read_mapping(root, SHAPE, "", problems)
    leerlingen = data.pop("leerlingen", None) or {}
    profile = Profile(data=_fill(SHAPE, data), path=Path(source), folder_id=folder_id, leerlingen=leerlingen)
    profile.data["leerlingen"] = dict(leerlingen) or None
    school_id = profile.get("id")
    if school_id and folder_id and is_valid_id(folder_id) and school_id != folder_id:
        problems.append(ProfileProblem("id", f"'{school_id}' verschilt van de mapnaam '{folder_id}'; "
                                             "maak ze gelijk (de id staat in de adressen van de apps)",
                                       _line_of(root, ["id"])))
    if problems:
        raise ProfileError(problems, source)
    return profile


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _line_of(root: yaml.Node | None, keys: list[str]) -> int | None:
    node = root
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return line
        for k, v in node.value:
            if k.value == key:
                line, node = k.start_mark.line + 1, v
                break
        else:
            return line
    return line


def _read_mapping(node: yaml.MappingNode, shape: dict[str, Any], prefix: str,
                  problems: list[ProfileProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        path = f"{prefix}{key}"
        line = key_node.start_mark.line + 1
        if key in out:
            problems.append(ProfileProblem(path, "staat twee keer in het bestand; laat er één staan", line))
            continue
        if key not in shape:
            # difflib's suggestion only for the problems that are shown: a file of a million unknown keys stays fast
            message = (_unknown_key_message(key, shape, prefix) if len(problems) < MAX_SHOWN
                       else f"onbekende sleutel {_where(prefix)}")
            problems.append(ProfileProblem(path, message, line))
            continue
        sub = shape[key]
        if sub == "free":
            out[key] = _read_leerlingen(value_node, path, problems)
        elif isinstance(sub, dict):
            if _is_null(value_node):
                out[key] = {}
            elif not isinstance(value_node, yaml.MappingNode):
                problems.append(ProfileProblem(path, "hier horen ingesprongen regels onder, zoals in het "
                                                     "sjabloon data/templates/school.yaml", line))
            else:
                out[key] = _read_mapping(value_node, sub, path + ".", problems)
        else:
            out[key] = _read_leaf(value_node, FIELDS_BY_PATH[path], problems)
    return out


def _where(prefix: str) -> str:
    return f"onder '{prefix[:-1]}'" if prefix else "op het hoogste niveau"


def _unknown_key_message(key: str, shape: dict[str, Any], prefix: str) -> str:
    where = _where(prefix)
    close = difflib.get_close_matches(key.lower(), list(shape), n=1, cutoff=0.5)
    if close:
        return f"onbekende sleutel {where}; bedoelt u '{close[0]}'?"
    return f"onbekende sleutel {where}; toegestaan zijn: {', '.join(shape)}"


def _read_leaf(node: yaml.Node, f: Field, problems: list[ProfileProblem]) -> Any:
    line = node.start_mark.line + 1
    if _is_null(node):
        return None
    if f.kind == "lijst":
        return _read_list(node, f, problems)
    if not isinstance(node, yaml.ScalarNode):
        problems.append(ProfileProblem(f.path, "verwacht één waarde op dezelfde regel, geen lijst of blok", line))
        return None
    raw = str(node.value).strip()
    if raw == "":
        return None
    try:
        return _CHECKS[f.kind](raw)
    except _Invalid as exc:
        problems.append(ProfileProblem(f.path, f"'{raw}' klopt niet: {exc}", line))
        return None


def _read_list(node: yaml.Node, f: Field, problems: list[ProfileProblem]) -> list[str] | None:
    """A list of short texts ("- ..." lines) or one text on the line itself."""
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value).strip()
        return [text] if text else None
    if not isinstance(node, yaml.SequenceNode):
        problems.append(ProfileProblem(f.path, "verwacht een tekst of een lijst met regels die beginnen met '- '",
                                       node.start_mark.line + 1))
        return None
    items: list[str] = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            problems.append(ProfileProblem(f.path, "elk punt van de lijst is één regel tekst achter '- '",
                                           item.start_mark.line + 1))
            return None
        if not _is_null(item) and str(item.value).strip():
            items.append(str(item.value).strip())
    return items or None


def _read_leerlingen(node: yaml.Node, path: str, problems: list[ProfileProblem]) -> dict[str, int]:
    if _is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(ProfileProblem(path, "geef per groep of klas een regel, bijvoorbeeld 'groep 8: 27'",
                                       node.start_mark.line + 1))
        return {}
    out: dict[str, int] = {}
    for key_node, value_node in node.value:
        group = str(key_node.value).strip()
        line = key_node.start_mark.line + 1
        raw = str(value_node.value).strip() if isinstance(value_node, yaml.ScalarNode) else ""
        if not group:
            problems.append(ProfileProblem(path, "een groep zonder naam; geef elke groep een naam", line))
        elif group.casefold() in {g.casefold() for g in out}:
            problems.append(ProfileProblem(f"{path}.{group}", "deze groep staat er twee keer in", line))
        elif not raw.isdigit():
            problems.append(ProfileProblem(f"{path}.{group}", f"'{raw}' is geen aantal leerlingen; "
                                                              "geef een heel getal, bijvoorbeeld 27", line))
        else:
            out[group] = int(raw)
    return out


def _fill(shape: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Every known key present, empty ones as ``None``, so readers never meet a missing key."""
    out: dict[str, Any] = {}
    for key, sub in shape.items():
        value = data.get(key)
        out[key] = _fill(sub, value or {}) if isinstance(sub, dict) else value
    return out


# ----------------------------------------------------------------------------- template

def render_template(template: str, school_id: str, naam: str | None = None) -> str:
    """The commented template with ``id`` (and ``naam`` when given) filled in; comments kept.

    The replacements are functions, not strings: re.sub reads a backslash in a string replacement as an
    escape, so a name such as ``C:\\new`` became a line break and ``\\1`` a group reference.
    """
    text = re.sub(r"(?m)^id:.*$", lambda _: f"id: {school_id}", template, count=1)
    if naam:
        quoted = "naam: " + json.dumps(naam.strip(), ensure_ascii=False)
        text = re.sub(r"(?m)^naam:.*$", lambda _: quoted, text, count=1)
    return text
