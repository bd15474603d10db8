"""Which schools and which notebooks a batch runs, from the command line, with Dutch errors."""

from __future__ import annotations

from pathlib import Path

from kit.errors import KitError, WorkspaceError
from kit.runner import course_notebooks
from kit.workspace import check_id, list_schools


def split_list(text: str | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def select_schools(workspace: Path, requested: str | None) -> list[str]:
    """The schools to run: every school of the workspace, or the ones named (each must exist)."""
    known = list_schools(workspace)
    names = split_list(requested)
    if not names:
        if not known:
            raise WorkspaceError(f"Er staan geen scholen in de werkmap {workspace}.",
                                 hint="Maak er een met 'kit school new <id>' of probeer 'kit demo'.")
        return known
    chosen = []
    for name in names:
        check_id(name)
        if not (workspace / name).is_dir():
            raise WorkspaceError(f"School '{name}' bestaat niet in de werkmap {workspace}.",
                                 hint=f"Bekende scholen: {', '.join(known) or 'geen'}.")
        if name not in chosen:
            chosen.append(name)
    return chosen


def select_notebooks(requested: str | None) -> list[Path]:
    """The notebooks to run, in course order: all of them, or those named (``03``, ``03_enquete``...)."""
    available = course_notebooks()
    names = split_list(requested)
    if not names:
        return available
    chosen = set()
    for name in names:
        stem = name.removesuffix(".ipynb")
        matches = [nb for nb in available if nb.stem == stem or nb.stem.split("_", 1)[0] == stem]
        if len(matches) != 1:
            raise KitError(f"--notebooks: '{name}' is geen notebook van de cursus.",
                           hint="Kies uit: " + ", ".join(nb.stem for nb in available)
                           + " (het nummer alleen mag ook, bijvoorbeeld 03).")
        chosen.add(matches[0])
    return [nb for nb in available if nb in chosen]
