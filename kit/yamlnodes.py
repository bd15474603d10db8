"""Small helpers to read YAML as nodes, so every value keeps its line number for Dutch error messages.

PyYAML's ``compose`` gives the node tree without YAML 1.1 value guessing: a value stays
the text the user typed (``2025-2026`` stays text, ``0201234567`` is not a number).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.errors import ProfileProblem
from kit.text_safety import clean_text, control_characters, describe


class NodeFileError(Exception):
    """The file cannot be read as YAML; ``problem`` says where and why (Dutch)."""

    def __init__(self, problem: ProfileProblem, syntax: bool = False):
        super().__init__(str(problem))
        self.problem = problem
        self.syntax = syntax  # True: the text is not valid YAML (not a size, nesting or character problem)


def compose_file(path: Path) -> yaml.Node | None:
    """The file's root node (None for an empty file); NodeFileError for unreadable text or YAML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NodeFileError(ProfileProblem("-", "het bestand bestaat niet")) from None
    except UnicodeDecodeError:
        raise NodeFileError(ProfileProblem("-", "het bestand is geen UTF-8-tekst; sla het op als UTF-8 "
                                                "(in Kladblok: Opslaan als, codering UTF-8)")) from None
    return compose_text(text)


def compose_text(text: str) -> yaml.Node | None:
    """The root node of YAML text (None when empty); NodeFileError (Dutch, with the line) when it cannot be used.

    Resources are bounded: a text over :data:`MAX_BYTES` is refused before parsing, and nesting deeper than
    PyYAML's recursive composer can follow gives a Dutch error instead of a RecursionError. A scalar with
    an invisible control character (written as an escape such as ``"\\v"``) is refused with its line.
    """
    size = len(text.encode("utf-8", errors="replace")) if len(text) * 4 > MAX_BYTES else len(text)
    if size > MAX_BYTES:
        raise NodeFileError(ProfileProblem("-", f"het bestand is te groot ({_size_text(size)}); een bestand als dit "
                                                f"is hoogstens {_size_text(MAX_BYTES)}. Controleer of u het goede "
                                                "bestand hebt, of begin opnieuw met het sjabloon"))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:  # a raw control character in the text
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise NodeFileError(ProfileProblem("-", f"het bestand bevat {describe([char])}; verwijder het (typ de "
                                                "tekst op die regel opnieuw)", line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "onleesbare YAML"
        raise NodeFileError(ProfileProblem("-", f"het bestand is geen geldige YAML ({reason}); controleer "
                                                "inspringing, dubbele punten en aanhalingstekens", line),
                            syntax=True) from None
    except RecursionError:
        raise NodeFileError(ProfileProblem("-", "de lijsten of blokken in het bestand zijn veel te diep in elkaar "
                                                f"genest (regel {_deep_line(text)}); een bestand als dit heeft "
                                                "hoogstens een paar niveaus. Begin opnieuw met het sjabloon"))
    if root is None or is_null(root):
        return None
    _refuse_control_characters(root)
    return root


def load_text(text: str):
    """Plain Python data (as ``yaml.safe_load`` gives it) from YAML text, with :func:`compose_text`'s bounds and
    Dutch NodeFileError."""
    root = compose_text(text)
    return None if root is None else yaml.SafeLoader("").construct_document(root)


MAX_BYTES = 512 * 1024  # the largest school file is a few tens of kilobytes; parsing 512 KB takes about a second
MAX_DEPTH = 50


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",") if size >= 1024 * 1024 else f"{size // 1024} kB"


def _deep_line(text: str) -> int | str:
    """The line where the nesting first goes deeper than MAX_DEPTH (PyYAML's event parser is not recursive)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return "onbekend"


def _refuse_control_characters(root: yaml.Node) -> None:
    """NodeFileError for the first scalar (key or value) holding a control character other than a line break
    or tab. Walks the tree without recursion."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str) and (chars := control_characters(node.value, multiline=True)):
                raise NodeFileError(ProfileProblem("-", f"de tekst '{clean_text(node.value, multiline=False)[:40]}' "
                                                        f"bevat {describe(chars)}; haal het weg (typ de tekst "
                                                        "opnieuw)", line(node)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null")


def line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def text(node: yaml.Node | None) -> str | None:
    """A scalar's text, stripped; None when empty or null. Raises ValueError for a list or block."""
    if is_null(node):
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise ValueError("verwacht één waarde op dezelfde regel, geen lijst of blok")
    value = str(node.value).strip()
    return value or None


def pairs(node: yaml.MappingNode) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key text, key node, value node) for each entry of a mapping."""
    return [(str(k.value).strip(), k, v) for k, v in node.value]
