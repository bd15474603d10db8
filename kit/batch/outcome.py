"""What happened to one school in a batch, and the words for it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SUCCEEDED = "gelukt"
FAILED = "mislukt"
SKIPPED = "overgeslagen"
BAD_PROFILE = "profiel ongeldig"
NOT_DONE = "niet gedaan"
STATUSES = (SUCCEEDED, FAILED, SKIPPED, BAD_PROFILE, NOT_DONE)
OK_STATUSES = (SUCCEEDED, SKIPPED)


@dataclass
class Outcome:
    """One school's result. ``error`` is the first line of the Dutch error; the log has the rest."""

    school: str
    status: str
    seconds: float = 0.0
    error: str | None = None
    log: str | None = None  # path of the full log, as the summary shows it
    note: str | None = None  # a Dutch remark for the line per school (why it was skipped)
    timings: dict = field(default_factory=dict)  # kernel start, reset and notebook seconds (benchmarks)

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES

    def summary_entry(self) -> dict:
        """The entry of ``_batch/samenvatting.json`` (read by the board overview)."""
        return {"school": self.school, "status": self.status, "seconden": round(self.seconds, 2),
                "fout": self.error, "log": self.log}

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Outcome":
        return cls(**data)


def first_line(text: str | None) -> str | None:
    """The first non-empty line of an error text."""
    if not text:
        return None
    return next((line.strip() for line in str(text).splitlines() if line.strip()), None)


def profile_error_line(exc) -> str:
    """One line for a broken profile: the file and its first problem, from the profile's own Dutch error."""
    problems = getattr(exc, "problems", None) or []
    if not problems:
        return first_line(str(exc)) or "Het schoolprofiel is ongeldig."
    more = len(problems) - 1
    extra = f" (en nog {more} {'fout' if more == 1 else 'fouten'})" if more else ""
    from pathlib import Path

    return f"{Path(exc.path).name}: {problems[0]}{extra}"
