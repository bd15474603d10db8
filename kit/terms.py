"""Words that differ per kind of education: a po school has groepen, a vo school klassen and leerjaren.

Use these wherever a text speaks of pupils' groups, so a plan, report or page reads right for
primary (po), secondary (vo) and special (so) education alike. An unknown or empty kind gives
the primary-school word: it is the most common case and reads naturally in general texts.

Special education (so) spans both ages; its schools mostly speak of groepen, so so follows po.
"""

from __future__ import annotations

import re

_GROUP = {"po": "groep", "so": "groep", "vo": "klas"}
_GROUPS = {"po": "groepen", "so": "groepen", "vo": "klassen"}
_YEAR = {"po": "groep", "so": "groep", "vo": "leerjaar"}
_YEARS = {"po": "groepen", "so": "groepen", "vo": "leerjaren"}


def _kind(onderwijstype: str | None) -> str:
    return (onderwijstype or "po").strip().lower()


def _capitalised(word: str, capital: bool) -> str:
    return word[:1].upper() + word[1:] if capital else word


def group_word(onderwijstype: str | None, plural: bool = False, capital: bool = False) -> str:
    """The word for a class of pupils: "groep" (po, so) or "klas" (vo); plural "groepen" / "klassen".

    ``capital`` starts it with a capital letter, for a table header or the start of a sentence.
    """
    kind = _kind(onderwijstype)
    word = (_GROUPS if plural else _GROUP).get(kind, _GROUPS["po"] if plural else _GROUP["po"])
    return _capitalised(word, capital)


def year_word(onderwijstype: str | None, plural: bool = False, capital: bool = False) -> str:
    """The word for a year of schooling: "groep" (po, so: groep 1 to 8) or "leerjaar" (vo); plural likewise."""
    kind = _kind(onderwijstype)
    word = (_YEARS if plural else _YEAR).get(kind, _YEARS["po"] if plural else _YEAR["po"])
    return _capitalised(word, capital)


def term_values(onderwijstype: str | None) -> dict[str, str]:
    """The words as template fields: ``{{ groep }}``, ``{{ groepen }}``, ``{{ leerjaar }}``, ``{{ leerjaren }}``."""
    return {"groep": group_word(onderwijstype), "groepen": group_word(onderwijstype, plural=True),
            "leerjaar": year_word(onderwijstype), "leerjaren": year_word(onderwijstype, plural=True)}


_STAFF = {"leerkracht": {"vo": "docent"}, "leerkrachten": {"vo": "docenten"},
          "intern_begeleider": {"vo": "zorgcoördinator"}}
_FIELD = re.compile(r"{{\s*(\w+)\s*}}")


def catalogue_terms(onderwijstype: str | None) -> dict[str, str]:
    """The words the action catalogue may use as ``{{ ... }}``, lower case: the group words of
    :func:`term_values` plus ``leerkracht(en)`` (vo: docent(en)) and ``intern_begeleider``
    (vo: zorgcoördinator). A field written with a capital (``{{ Leerkrachten }}``) gives the word
    with a capital."""
    kind = _kind(onderwijstype)
    words = term_values(onderwijstype)
    for name, per_kind in _STAFF.items():
        words[name] = per_kind.get(kind, name.replace("_", " "))
    return words


def unknown_terms(text: str) -> list[str]:
    """The ``{{ ... }}`` fields in ``text`` that :func:`fill_terms` does not know."""
    known = catalogue_terms(None)
    return [m.group(1) for m in _FIELD.finditer(text) if m.group(1).lower() not in known]


def fill_terms(text: str, onderwijstype: str | None) -> str:
    """``text`` with every ``{{ groep }}``, ``{{ Leerkrachten }}``, ... replaced by the word for this kind of school."""
    words = catalogue_terms(onderwijstype)

    def word(match: re.Match) -> str:
        name = match.group(1)
        found = words.get(name.lower())
        if found is None:
            return match.group(0)
        return _capitalised(found, name[:1].isupper())

    return _FIELD.sub(word, text)
