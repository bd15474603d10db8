"""Compare two executed notebooks by what a reader sees: every cell's outputs, with run-specific details removed."""

from __future__ import annotations

import json
import re
from pathlib import Path

# Details that differ between any two runs, fresh kernel or not.
_VOLATILE = [
    (re.compile(r"[0-9a-f]{32}"), "<id>"),  # widget model ids, display ids
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"), "<tijd>"),
]


def _clean(text: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        text = text.replace(old, new)
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def visible_outputs(path: Path, renames: dict[str, str] | None = None) -> list:
    """Per code cell: its execution count and outputs (type, stream name, text and data), normalised."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            kept = {k: v for k, v in output.items() if k not in ("metadata", "execution_count")}
            outputs.append(json.loads(_clean(json.dumps(kept, sort_keys=True), renames or {})))
        cells.append({"count": cell.get("execution_count"), "outputs": outputs})
    return cells
