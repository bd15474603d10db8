"""Errors of the action plan, each with a Dutch message that says what to do."""

from __future__ import annotations

from kit.errors import KitError


class PlanError(KitError):
    """Base class for problems with the action plan."""


class CatalogueError(PlanError):
    """The action catalogue or the legal checklist (a yaml template) cannot be used."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {len(problems)} fout(en)."] + [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines), hint="Verbeter het bestand; de kit heeft niets gewijzigd.")
