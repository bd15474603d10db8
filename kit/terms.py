"""Words that depend on the kind of school: a po or so school has groepen, a vo school klassen.

Every text the kit writes itself about a school's pupil groups (a table header, a
caption, a note) takes its word from here, so a vo school's reports and plan say
"klas" where a po school's say "groep".
"""

from __future__ import annotations

GROUP_WORDS = {"vo": ("klas", "klassen")}
DEFAULT_GROUP_WORDS = ("groep", "groepen")  # po, so, and a profile that does not say


def group_word(onderwijstype: str | None, plural: bool = False, capital: bool = False) -> str:
    """The word for a group of pupils: "groep"/"groepen" for po and so, "klas"/"klassen" for vo."""
    singular, many = GROUP_WORDS.get((onderwijstype or "").strip().casefold(), DEFAULT_GROUP_WORDS)
    word = many if plural else singular
    return word[:1].upper() + word[1:] if capital else word
