"""Invisible control characters in typed text: cleaned or refused where text enters, stripped before rendering.

A text pasted from Word or a PDF can carry a control character: Word's manual line break is a
vertical tab (U+000B), a page break a form feed (U+000C), a terminal adds escape sequences
(U+001B). XML 1.0 forbids most of them, so python-docx (lxml) refuses to write them and one such
character in one action title stopped the Word plan of the whole school.

- :func:`clean_text` is for text people type (a statement, a case answer, an action field): line-break
  characters become a line break (or a space in a one-line text), every other control character goes.
- :func:`control_characters` finds them, for entry points that refuse instead (YAML files the school
  edits, a name); :func:`describe` names them in a Dutch message.
- :func:`xml_safe` / :func:`xml_safe_document` are the renderers' last line of defence, so an old
  database that already holds such a character still gives a plan.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

T = TypeVar("T")

# Characters XML 1.0 does not allow at all (lxml raises on them): C0 controls other than tab, line feed and
# carriage return, lone surrogates and the two non-characters U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Control characters that stand for a line break in pasted text (Word's manual line break is U+000B).
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85]")
_ONE_LINE = re.compile("\r\n|[\r\n\t]")
_KEEP_MULTILINE = frozenset("\n\r\t")


def _is_control(char: str) -> bool:
    """A C0 or C1 control character, DEL, a lone surrogate or U+FFFE/U+FFFF."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters in ``text``, in order of appearance, each once.

    With ``multiline`` a line feed and a tab are allowed (a text with paragraphs); a carriage
    return is never reported for a multi-line text (Windows line ends).
    """
    allowed = _KEEP_MULTILINE if multiline else frozenset()
    return list(dict.fromkeys(char for char in text if _is_control(char) and char not in allowed))


def describe(chars: list[str]) -> str:
    """``een onzichtbaar stuurteken (U+000B)``, ``onzichtbare stuurtekens (U+000B, U+001B)``."""
    codes = ", ".join(f"U+{ord(char):04X}" for char in chars)
    return f"een onzichtbaar stuurteken ({codes})" if len(chars) == 1 else f"onzichtbare stuurtekens ({codes})"


def clean_text(text: str, *, multiline: bool = True) -> str:
    """``text`` without control characters; text without them is returned unchanged.

    In a multi-line text a line feed, carriage return and tab stay (as typed); the other line-break
    characters (vertical tab, form feed, U+001C-U+001E, U+0085) become a line feed. In a one-line text
    every line break and tab becomes a space. Every other control character is removed.
    """
    if not any(_is_control(char) for char in text):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    if not multiline:
        text = _ONE_LINE.sub(" ", text)
    keep = _KEEP_MULTILINE if multiline else frozenset()
    return "".join(char for char in text if char in keep or not _is_control(char))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (a vertical tab or form feed becomes a line break)."""
    if not _XML_INVALID.search(text):
        return text
    return _XML_INVALID.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def xml_safe_document(value: T) -> T:
    """A copy of a document model (dataclasses, lists, dicts, strings) with every string made :func:`xml_safe`.

    Bytes (a figure's PNG) and other values are kept as they are.
    """
    return _safe(value)


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: _safe(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
