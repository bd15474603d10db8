"""Checks for text people type. Text is kept as typed and only measured, with one exception: invisible
control characters (a pasted vertical tab, an escape) are cleaned out (:mod:`kit.text_safety`), so they
are never stored and can never break the Word plan.

Apps must show it as text (a Label, a Textarea, or ``html.escape`` before any HTML).
"""

from __future__ import annotations

from kit.text_safety import clean_text, control_characters, describe
from kit.workshop.errors import InputError


def check_text(text: object, limit: int, what: str) -> str:
    """``text`` if it is a non-blank string of at most ``limit`` characters, control characters cleaned out
    (a vertical tab or form feed becomes a line break, see :func:`kit.text_safety.clean_text`).

    ``what`` names the thing in the Dutch message, e.g. ``"Je uitspraak"``.
    """
    if isinstance(text, str):
        text = clean_text(text, multiline=True)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{what} is leeg.", hint="Typ eerst iets.")
    if len(text) > limit:
        raise InputError(
            f"{what} is {len(text)} tekens lang; het maximum is {limit}.",
            hint="Maak de tekst korter.",
        )
    return text


def check_name(name: object, limit: int, what: str) -> str:
    """A one-line name: surrounding spaces removed, at most ``limit`` characters, no line breaks, tabs or
    other control characters (refused, not cleaned: a name is short and must be exactly what was meant)."""
    if isinstance(name, str) and (chars := control_characters(name.strip())):
        if set(chars) <= {"\n", "\r", "\t"}:
            raise InputError(f"{what} mag geen regeleinden of tabs bevatten.")
        raise InputError(f"{what} bevat {describe(chars)}, bijvoorbeeld uit geplakte tekst.",
                         hint="Typ het opnieuw in plaats van het te plakken.")
    return check_text(name.strip() if isinstance(name, str) else name, limit, what)
