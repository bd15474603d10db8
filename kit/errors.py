"""The kit's small exception hierarchy.

Every error a user can cause carries a Dutch message that names the file, the
line or field where known, and what to do. The CLI prints ``str(error)`` and
exits with ``error.exit_code``; notebooks show it as a friendly box.
"""

from __future__ import annotations


class KitError(Exception):
    """Base class: a problem the user can fix. ``str()`` is the Dutch message."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n{self.hint}"
        return self.message


class ProfileError(KitError):
    """The school profile (school.yaml) is missing, unreadable or invalid."""

    def __init__(self, problems: list["ProfileProblem"], path: str):
        self.problems = problems
        self.path = path
        lines = [f"{path}: {count_text(len(problems))} fout(en) in het schoolprofiel."]
        lines += problem_lines(problems)
        lines.append("Er is niets gewijzigd. Verbeter het bestand en probeer het opnieuw.")
        super().__init__("\n".join(lines))


class FileProblemsError(KitError):
    """A YAML file the kit cannot use; the message lists every problem with its line and field."""

    def __init__(self, path: str, problems: list["ProfileProblem"], what: str, closing: str | None = None,
                 hint: str | None = None):
        self.path = path
        self.problems = problems
        lines = [f"{path}: {count_text(len(problems))} fout(en) in {what}."]
        lines += problem_lines(problems)
        if closing:
            lines.append(closing)
        super().__init__("\n".join(lines), hint=hint)


MAX_SHOWN = 50  # a file with thousands of problems shows the first ones and a count


def count_text(count: int) -> str:
    """``699 950``: a count with a space between thousands, as Dutch texts write large numbers."""
    return f"{count:,}".replace(",", " ")


def problem_lines(problems: list) -> list[str]:
    """The first :data:`MAX_SHOWN` problems as list lines, then how many more there are."""
    lines = [f"  - {p}" for p in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        more = len(problems) - MAX_SHOWN
        lines.append(f"  ... en nog {count_text(more)} {'fout' if more == 1 else 'fouten'}.")
    return lines


class ProfileProblem:
    """One problem in a school profile: where it is and what to do about it."""

    def __init__(self, field: str, message: str, line: int | None = None):
        self.field = field
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"regel {self.line}, " if self.line else ""
        return f"{where}veld '{self.field}': {self.message}"

    def __repr__(self) -> str:
        return f"ProfileProblem({self.field!r}, {self.message!r}, line={self.line!r})"


class WorkspaceError(KitError):
    """A school id or folder that cannot be used (bad slug, unknown school, exists)."""


class RunError(KitError):
    """A notebook failed while running; the partial output is kept."""

    exit_code = 1
