"""Checks for text people type. Text is kept exactly as typed; it is only measured, never changed.

Apps must show it as text (a Label, a Textarea, or ``html.escape`` before any HTML).
"""

from __future__ import annotations

import unicodedata

from kit.workshop.errors import InputError


def check_text(text: object, limit: int, what: str) -> str:
    """``text`` unchanged if it is a non-blank string of at most ``limit`` characters.

    ``what`` names the thing in the Dutch message, e.g. ``"Je uitspraak"``.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{what} is leeg.", hint="Typ eerst iets.")
    if len(text) > limit:
        raise InputError(
            f"{what} is {len(text)} tekens lang; het maximum is {limit}.",
            hint="Maak de tekst korter.",
        )
    return text


def check_name(name: object, limit: int, what: str) -> str:
    """A one-line name: surrounding spaces removed, at most ``limit`` characters, no line breaks."""
    name = check_text(name.strip() if isinstance(name, str) else name, limit, what)
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise InputError(f"{what} mag geen regeleinden of tabs bevatten.")
    return name
