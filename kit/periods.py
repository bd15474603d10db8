"""Periods ("binnen twee schooldagen", "na twee weken") defined once, for every text that names one.

They live under the key ``termijnen`` in data/templates/beleidsplan.yaml, so a school changes a
period in one place. A text names a period as ``{{ termijn_<naam> }}``; :func:`fill` puts the
period in. The plan's fixed texts get them through the document's Filler; other texts (the
action catalogue, for instance) call :func:`fill` when they are loaded.
"""

from __future__ import annotations

import re

from kit.errors import KitError

_FIELD = re.compile(r"{{\s*termijn_(\w+)\s*}}")
_CACHE: dict[tuple[str, int], dict[str, str]] = {}


def periods() -> dict[str, str]:
    """``{"evaluatie_pesten": "twee weken", ...}`` from beleidsplan.yaml (read again only when the file changed)."""
    from kit.document.texts import TEXTS_FILE

    key = (str(TEXTS_FILE), TEXTS_FILE.stat().st_mtime_ns)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _read_periods()
    return dict(_CACHE[key])


def _read_periods() -> dict[str, str]:
    from kit.document.texts import TEXTS_FILE, load_texts

    entries = load_texts().get("termijnen") or {}
    if not isinstance(entries, dict):
        raise KitError(f"{TEXTS_FILE}: 'termijnen' moet een lijst van naam: termijn zijn, bijvoorbeeld "
                       "evaluatie_pesten: twee weken.")
    return {str(name): str(value) for name, value in entries.items()}


def fields() -> dict[str, str]:
    """The periods as fill-in fields: ``{"termijn_evaluatie_pesten": "twee weken", ...}``."""
    return {f"termijn_{name}": value for name, value in periods().items()}


def unknown(text: str) -> list[str]:
    """The period names in ``text`` that ``termijnen`` does not define (to report them as problems)."""
    names = _FIELD.findall(text)
    if not names:
        return []
    known = periods()
    return [name for name in names if name not in known]


def fill(text: str, source: str = "de tekst") -> str:
    """Put the periods into ``text``; an unknown period is a Dutch error naming ``source``."""
    if not _FIELD.search(text):
        return text
    known = periods()

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in known:
            from kit.document.texts import TEXTS_FILE

            raise KitError(f"{source}: onbekende termijn {{{{ termijn_{name} }}}}.",
                           hint=f"Zet de termijn onder 'termijnen' in {TEXTS_FILE}, of gebruik een van: "
                                f"{', '.join(sorted(known)) or '(geen)'}.")
        return known[name]

    return _FIELD.sub(replace, text)
