"""Reading the plan's yaml templates with Dutch errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kit.plan.errors import CatalogueError


def read_yaml(path: Path) -> Any:
    """The parsed file, or CatalogueError naming the file (and the line for a syntax error)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(str(path), ["het bestand bestaat niet"]) from None
    except UnicodeDecodeError:
        raise CatalogueError(str(path), ["het bestand is geen UTF-8-tekst; sla het op als UTF-8"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or "onleesbare YAML"
        raise CatalogueError(str(path), [f"{where}geen geldige YAML ({reason}); controleer inspringing, "
                                         "dubbele punten en aanhalingstekens"]) from None
