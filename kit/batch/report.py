"""What ``kit batch`` tells the analyst: a progress bar, a line per school, the summary table and JSON."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kit.batch.layout import write_json
from kit.batch.outcome import BAD_PROFILE, FAILED, NOT_DONE, SKIPPED, STATUSES, SUCCEEDED, Outcome

ERROR_WIDTH = 70


class Progress:
    """A tqdm bar on stderr, with the lines per school printed above it (stdout)."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        from tqdm import tqdm

        self.stream = stream or sys.stdout
        self.bar = tqdm(total=total, desc="Scholen", unit=" school", file=sys.stderr, disable=not enabled,
                        dynamic_ncols=True, bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed} verstreken")

    def school_done(self, outcome: Outcome) -> None:
        self.bar.write(school_line(outcome), file=self.stream)
        self.bar.update(1)

    def note(self, text: str) -> None:
        self.bar.write(text, file=self.stream)

    def close(self) -> None:
        self.bar.close()


def school_line(outcome: Outcome) -> str:
    """The Dutch line printed as a school finishes."""
    name = outcome.school
    if outcome.status == SUCCEEDED:
        return f"{name}: gelukt in {outcome.seconds:.1f} s"
    if outcome.status == SKIPPED:
        return f"{name}: overgeslagen, {outcome.note or 'er is niets veranderd sinds de vorige geslaagde run'}"
    if outcome.status == BAD_PROFILE:
        return f"{name}: profiel ongeldig: {outcome.error}"
    if outcome.status == FAILED:
        return f"{name}: mislukt na {outcome.seconds:.1f} s: {outcome.error}"
    return f"{name}: niet gedaan"


def counts_text(outcomes: list[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    total = len(outcomes)
    return f"{total} {'school' if total == 1 else 'scholen'}: " + ", ".join(parts)


def summary_table(outcomes: list[Outcome]) -> str:
    """The Dutch summary table: school, status, duration, first line of the error, where the log is."""
    rows = [("School", "Status", "Duur", "Fout", "Logboek")]
    for o in outcomes:
        error = o.error or "-"
        if len(error) > ERROR_WIDTH:
            error = error[: ERROR_WIDTH - 1] + "…"
        duration = f"{o.seconds:.1f} s" if o.status in (SUCCEEDED, FAILED) else "-"
        rows.append((o.school, o.status, duration, error, o.log or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)


def write_summary(path: Path, started: str, finished: str, outcomes: list[Outcome]) -> Path:
    """``_batch/samenvatting.json``: the shape the board overview reads."""
    return write_json(path, {"gestart": started, "klaar": finished,
                             "scholen": [o.summary_entry() for o in outcomes]})


__all__ = ["Progress", "school_line", "summary_table", "write_summary", "counts_text", "NOT_DONE"]
