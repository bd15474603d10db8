"""The cases of the signalling exercise, from ``data/templates/casussen.yaml``, checked with Dutch errors.

A facilitator edits the file without code; every problem is reported at once, with
the file, the line, the case and the field. Texts may use the term fields of
:mod:`kit.terms` (``{{ groep }}``, ``{{ leerkracht }}`` ...), filled per kind of school.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kit import yamlnodes
from kit.errors import FileProblemsError, ProfileProblem
from kit.paths import TEMPLATES_DIR
from kit.terms import fill_terms, unknown_terms

CASES_FILE = TEMPLATES_DIR / "casussen.yaml"
KINDS = ("po", "vo")
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TITLE_MAX = 80
TEXT_MIN, TEXT_MAX = 120, 900
OPTION_MAX = 120
OPTIONS_MIN, OPTIONS_MAX = 3, 8
NOTES_MAX = 1500
MIN_PER_KIND = 6
FIELDS = ("id", "titel", "voor", "tekst", "signalen", "vervolgstappen", "bespreken")
# The seriousness scale is fixed: the report compares cases and workshops on it.
SERIOUSNESS = {1: "Geen zorg", 2: "In de gaten houden", 3: "Zorgelijk: actie nodig", 4: "Ernstig: direct handelen"}


@dataclass(frozen=True)
class Case:
    """One case as a school sees it (terms filled for its kind of school)."""

    id: str
    title: str
    kinds: tuple[str, ...]
    text: str
    signals: tuple[str, ...]
    next_steps: tuple[str, ...]
    notes: str


class CasesError(FileProblemsError):
    """``casussen.yaml`` cannot be used; the message lists every problem."""

    def __init__(self, path: str, problems: list[ProfileProblem]):
        super().__init__(path, problems, "de casussen",
                         closing="Verbeter het bestand; de kit heeft niets gewijzigd.")


def school_kind(onderwijstype: str | None) -> str:
    """The kind of cases a school gets: vo for vo, po for everything else (so follows po, like kit.terms)."""
    return "vo" if (onderwijstype or "").strip().lower() == "vo" else "po"


def load_cases(onderwijstype: str | None = None, path: str | Path = CASES_FILE) -> list[Case]:
    """The cases for this kind of school, in file order, terms filled; CasesError for a bad file.

    ``onderwijstype`` None gives every case with the primary-school words.
    """
    cases = read_cases(path)
    kind = school_kind(onderwijstype)
    chosen = [c for c in cases if onderwijstype is None or kind in c.kinds]
    return [_filled(c, onderwijstype) for c in chosen]


def _filled(case: Case, onderwijstype: str | None) -> Case:
    def fill(text: str) -> str:
        return fill_terms(text, onderwijstype)

    return Case(case.id, fill(case.title), case.kinds, fill(case.text), tuple(fill(s) for s in case.signals),
                tuple(fill(s) for s in case.next_steps), fill(case.notes))


def read_cases(path: str | Path = CASES_FILE) -> list[Case]:
    """Every case in the file as written (terms not filled); CasesError listing every problem."""
    path = Path(path)
    try:
        root = yamlnodes.compose_file(path)
    except yamlnodes.NodeFileError as exc:
        raise CasesError(str(path), [exc.problem]) from None
    problems: list[ProfileProblem] = []
    items = None
    if isinstance(root, yaml.MappingNode):
        items = next((v for k, _, v in yamlnodes.pairs(root) if k == "casussen"), None)
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise CasesError(str(path), [ProfileProblem(
            "casussen", "verwacht een lijst 'casussen:' met onder elkaar casussen die beginnen met '- id:'",
            yamlnodes.line(root) if root is not None else None)])
    cases: list[Case] = []
    seen: set[str] = set()
    for number, node in enumerate(items.value, start=1):
        case = _read_case(node, number, seen, problems)
        if case is not None:
            cases.append(case)
    for kind in KINDS:
        count = sum(1 for c in cases if kind in c.kinds)
        if not problems and count < MIN_PER_KIND:
            problems.append(ProfileProblem(
                "casussen", f"er zijn {count} casussen voor {kind}; de oefening vraagt er minstens {MIN_PER_KIND}"))
    if problems:
        raise CasesError(str(path), problems)
    return cases


def _read_case(node: yaml.Node, number: int, seen: set[str], problems: list[ProfileProblem]) -> Case | None:
    where = f"casus {number}"
    if not isinstance(node, yaml.MappingNode):
        problems.append(ProfileProblem(where, "verwacht velden als 'id:', 'titel:' en 'tekst:'", yamlnodes.line(node)))
        return None
    fields = {key: (key_node, value) for key, key_node, value in yamlnodes.pairs(node)}
    found = len(problems)

    def problem(field: str, message: str, at: yaml.Node | None = None) -> None:
        problems.append(ProfileProblem(f"{where}, {field}", message, yamlnodes.line(at if at is not None else node)))

    def scalar(field: str, low: int, high: int) -> str:
        value_node = fields.get(field, (None, None))[1]
        try:
            value = yamlnodes.text(value_node)
        except ValueError as exc:
            problem(field, str(exc), value_node)
            return ""
        if value is None:
            problem(field, "ontbreekt of is leeg")
            return ""
        value = " ".join(value.split())
        if not low <= len(value) <= high:
            problem(field, f"is {len(value)} tekens; dat moet tussen {low} en {high} liggen", value_node)
        for term in unknown_terms(value):
            problem(field, f"onbekend woordveld {{{{ {term} }}}}; gebruik groep, groepen, leerjaar, leerjaren, "
                           "leerkracht, leerkrachten of intern_begeleider", value_node)
        return value

    case_id = scalar("id", 1, 64)
    if case_id and not ID_RE.fullmatch(case_id):
        problem("id", f"'{case_id}' is geen geldige id; gebruik kleine letters, cijfers en streepjes")
    elif case_id in seen:
        problem("id", f"de id '{case_id}' komt twee keer voor")
    seen.add(case_id)
    where = f"casus {number} ('{case_id}')" if case_id else where
    for key, (key_node, _) in fields.items():
        if key not in FIELDS:
            problem(key, f"onbekend veld; gebruik alleen {', '.join(FIELDS)}", key_node)
    title = scalar("titel", 3, TITLE_MAX)
    text = scalar("tekst", TEXT_MIN, TEXT_MAX)
    notes = scalar("bespreken", 40, NOTES_MAX)

    kinds: list[str] = []
    voor = fields.get("voor", (None, None))[1]
    values = voor.value if isinstance(voor, yaml.SequenceNode) else [voor] if isinstance(voor, yaml.ScalarNode) else []
    for item in values:
        value = str(item.value).strip().lower() if isinstance(item, yaml.ScalarNode) else ""
        if value not in KINDS:
            problem("voor", f"'{value}' is geen onderwijstype; schrijf [po], [vo] of [po, vo]", item)
        elif value not in kinds:
            kinds.append(value)
    if not values:
        problem("voor", "ontbreekt; schrijf [po], [vo] of [po, vo]")

    def options(field: str) -> list[str]:
        value_node = fields.get(field, (None, None))[1]
        if not isinstance(value_node, yaml.SequenceNode):
            problem(field, f"verwacht een lijst van {OPTIONS_MIN} tot {OPTIONS_MAX} keuzes, elk op een regel met '- '",
                    value_node)
            return []
        chosen: list[str] = []
        for item in value_node.value:
            try:
                value = yamlnodes.text(item)
            except ValueError as exc:
                problem(field, str(exc), item)
                continue
            if value is None:
                problem(field, "een keuze is leeg", item)
                continue
            value = " ".join(value.split())
            if len(value) > OPTION_MAX:
                problem(field, f"de keuze '{value[:40]}…' is {len(value)} tekens; het maximum is {OPTION_MAX}", item)
            if value in chosen:
                problem(field, f"de keuze '{value}' staat er twee keer", item)
            for term in unknown_terms(value):
                problem(field, f"onbekend woordveld {{{{ {term} }}}}", item)
            chosen.append(value)
        if not OPTIONS_MIN <= len(chosen) <= OPTIONS_MAX:
            problem(field, f"heeft {len(chosen)} keuzes; dat moeten er {OPTIONS_MIN} tot {OPTIONS_MAX} zijn",
                    value_node)
        return chosen

    signals = options("signalen")
    next_steps = options("vervolgstappen")
    if len(problems) > found:
        return None
    return Case(case_id, title, tuple(kinds), text, tuple(signals), tuple(next_steps), notes)


def load_school_cases(school_dir: str | Path, path: str | Path = CASES_FILE) -> list[Case]:
    """The cases for a school's kind of education (po when its profile cannot be read)."""
    from kit.errors import KitError
    from kit.profile import load_profile

    try:
        kind = load_profile(school_dir).get("onderwijstype")
    except KitError:
        kind = None
    return load_cases(kind or "po", path)
