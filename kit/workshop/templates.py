"""The editable lists behind the exercises: core values and stellingen (yaml templates).

``data/templates/waarden.yaml``::

    waarden:
      - id: respect            # lower-case letters, digits and hyphens; never change it once used
        naam: Respect
        uitleg: Iedereen mag er zijn ...

``data/templates/stellingen.yaml``::

    stellingen:
      - id: pesten-hoort-bij-opgroeien
        tekst: Pesten hoort bij opgroeien.

A workshop copies both lists into its database when it starts, so later edits to
the files never change a workshop that already ran.
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

import yaml

from kit.paths import TEMPLATES_DIR
from kit.workshop.errors import TemplateError

VALUES_FILE = TEMPLATES_DIR / "waarden.yaml"
STELLINGEN_FILE = TEMPLATES_DIR / "stellingen.yaml"
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
NAME_MAX = 40
TEXT_MAX = 300


def load_values(path: str | PathLike = VALUES_FILE) -> list[dict]:
    """The core values as ``[{"id", "name", "description"}, ...]`` in file order."""
    items = _load_list(Path(path), "waarden", {"naam": NAME_MAX, "uitleg": TEXT_MAX})
    return [{"id": i["id"], "name": i["naam"].strip(), "description": i["uitleg"].strip()} for i in items]


def load_stellingen(path: str | PathLike = STELLINGEN_FILE) -> list[dict]:
    """The stellingen as ``[{"id", "text"}, ...]`` in file order."""
    items = _load_list(Path(path), "stellingen", {"tekst": TEXT_MAX})
    return [{"id": i["id"], "text": i["tekst"].strip()} for i in items]


def _load_list(path: Path, key: str, fields: dict[str, int]) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"{path}: het bestand kan niet worden gelezen ({exc.strerror}).") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark else ""
        raise TemplateError(
            f"{path}{where}: dit is geen geldige yaml.",
            hint="Let op inspringen en op dubbele punten in tekst; zet zulke tekst tussen aanhalingstekens.",
        ) from exc
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) < 2:
        raise TemplateError(f"{path}: verwacht een lijst '{key}:' met minstens twee onderdelen.")
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        where = f"{path}, onderdeel {number} van '{key}'"
        if not isinstance(item, dict):
            raise TemplateError(f"{where}: verwacht velden zoals 'id:' en '{next(iter(fields))}:'.")
        item_id = item.get("id")
        if not (isinstance(item_id, str) and len(item_id) <= ID_MAX and _ID_RE.fullmatch(item_id)):
            raise TemplateError(
                f"{where}: 'id' ontbreekt of is ongeldig.",
                hint="Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld 'samen-verantwoordelijk'.",
            )
        if item_id in seen:
            raise TemplateError(f"{where}: de id '{item_id}' komt twee keer voor.")
        seen.add(item_id)
        for field, limit in fields.items():
            value = item.get(field)
            if not (isinstance(value, str) and value.strip()):
                raise TemplateError(f"{where} ('{item_id}'): het veld '{field}' ontbreekt of is leeg.")
            if len(value) > limit:
                raise TemplateError(
                    f"{where} ('{item_id}'): '{field}' is {len(value)} tekens; het maximum is {limit}."
                )
    return items
