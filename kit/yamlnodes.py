"""Small helpers to read YAML as nodes, so every value keeps its line number for Dutch error messages.

PyYAML's ``compose`` gives the node tree without YAML 1.1 value guessing: a value stays
the text the user typed (``2025-2026`` stays text, ``0201234567`` is not a number).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kit.errors import ProfileProblem


class NodeFileError(Exception):
    """The file cannot be read as YAML; ``problem`` says where and why (Dutch)."""

    def __init__(self, problem: ProfileProblem):
        super().__init__(str(problem))
        self.problem = problem


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
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "onleesbare YAML"
        raise NodeFileError(ProfileProblem("-", f"het bestand is geen geldige YAML ({reason}); controleer "
                                                "inspringing, dubbele punten en aanhalingstekens", line)) from None
    return None if root is None or is_null(root) else root


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
