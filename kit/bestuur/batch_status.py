"""The last ``kit batch`` run as the board overview reads it: ``WORKSPACE/_batch/samenvatting.json``.

``kit batch`` writes the file (another module owns that); its shape is::

    {"gestart": ISO, "klaar": ISO,
     "scholen": [{"school": id, "status": "gelukt" | "mislukt" | "overgeslagen" | "profiel ongeldig" | "niet gedaan",
                  "seconden": float, "fout": str | null, "log": str | null}]}

The overview only reads it. A file that does not fit is reported in Dutch, never raised:
the board still sees its schools, with a note that the batch summary could not be read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BATCH_FOLDER = "_batch"
SUMMARY_NAME = "samenvatting.json"
STATUSES = ("gelukt", "mislukt", "overgeslagen", "profiel ongeldig", "niet gedaan")
FAILED = ("mislukt", "profiel ongeldig", "niet gedaan")  # a run that did not give the school fresh results


@dataclass(frozen=True)
class BatchEntry:
    """One school's line in the batch summary."""

    school: str
    status: str
    seconds: float | None
    error: str | None  # the first line only; the full text is in the log
    log: str | None

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    def text(self) -> str:
        """``gelukt (12 s)`` or ``mislukt: <first line of the error>``, as the board reads it."""
        if self.status == "gelukt" and self.seconds is not None:
            return f"gelukt ({self.seconds:.0f} s)".replace(".", ",")
        if self.status == "overgeslagen":
            return "overgeslagen: niets veranderd sinds de vorige keer"
        text = f"{self.status}: {self.error}" if self.error else self.status
        if self.failed and self.log:
            text += f" (verslag: {self.log})"
        return text


@dataclass
class BatchSummary:
    """The whole file: when the run started and ended, and one entry per school."""

    path: Path
    started: datetime | None = None
    finished: datetime | None = None
    schools: dict[str, BatchEntry] = field(default_factory=dict)
    problem: str = ""  # why (part of) the file could not be used, in Dutch


def summary_path(workspace: str | Path) -> Path:
    return Path(workspace) / BATCH_FOLDER / SUMMARY_NAME


def read_batch_summary(workspace: str | Path) -> BatchSummary | None:
    """The last batch run of ``workspace``, or None when there is no summary file."""
    path = summary_path(workspace)
    if not path.is_file():
        return None
    summary = BatchSummary(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        summary.problem = f"{path} kon niet worden gelezen ({_reason(exc)}); de laatste verwerking is onbekend."
        return summary
    if not isinstance(data, dict) or not isinstance(data.get("scholen"), list):
        summary.problem = f"{path} heeft niet de verwachte vorm (een lijst 'scholen' ontbreekt)."
        return summary
    summary.started = _when(data.get("gestart"))
    summary.finished = _when(data.get("klaar"))
    skipped = 0
    for item in data["scholen"]:
        entry = _entry(item)
        if entry is None:
            skipped += 1
            continue
        summary.schools[entry.school] = entry
    if skipped:
        summary.problem = (f"{path}: {skipped} regel(s) over scholen hadden niet de verwachte vorm en zijn "
                           "overgeslagen.")
    return summary


def _entry(item: object) -> BatchEntry | None:
    if not isinstance(item, dict) or not isinstance(item.get("school"), str):
        return None
    status = item.get("status")
    if status not in STATUSES:
        return None
    seconds = item.get("seconden")
    seconds = float(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else None
    error = item.get("fout")
    error = next((line.strip() for line in error.splitlines() if line.strip()), None) \
        if isinstance(error, str) else None
    log = item.get("log") if isinstance(item.get("log"), str) else None
    return BatchEntry(item["school"], status, seconds, error, log)


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"geen geldige JSON, regel {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "geen UTF-8-tekst"
    return getattr(exc, "strerror", None) or str(exc)
