"""Text normalisation used to compare headings, answers and group names."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TRAILING_PUNCTUATION = ".,;:!?… "


def clean_text(value: str) -> str:
    """NFC, non-breaking spaces as spaces, runs of white space collapsed, trimmed."""
    text = unicodedata.normalize("NFC", value).replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


def normalize(value: str) -> str:
    """The comparison form of a text: cleaned, case folded, trailing ``. , ; : ! ? …`` removed."""
    folded = unicodedata.normalize("NFC", clean_text(value).casefold())
    return folded.rstrip(_TRAILING_PUNCTUATION)
