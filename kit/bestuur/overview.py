"""The board overview as data: every school of a workspace (or the ones named), side by side.

:func:`board_overview` is what ``kit bestuur``, the board notebook and the exports start
from. It reads each school with :func:`kit.bestuur.schools.school_overview`, adds the last
``kit batch`` run from ``_batch/samenvatting.json`` and the reasons for attention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.bestuur.attention import attention_order, reasons
from kit.bestuur.batch_status import BatchSummary, read_batch_summary
from kit.bestuur.schools import SchoolOverview, school_overview
from kit.errors import KitError, WorkspaceError


@dataclass
class BoardOverview:
    """All schools of the overview and what the tables need to line them up."""

    workspace: Path
    today: date
    min_group_size: int
    schools: list[SchoolOverview]
    indicators: dict[str, str]  # indicator id -> label, in instrument order (union over the schools)
    checklist: dict[str, str]  # checklist item id -> title, in checklist order
    batch: BatchSummary | None = None
    boards: list[str] = field(default_factory=list)  # the school boards named in the profiles

    @property
    def attention(self) -> list[SchoolOverview]:
        return attention_order(self.schools)


def parse_school_ids(text: str | list[str] | None) -> list[str] | None:
    """``"a,b"`` or ``["a", "b"]`` as a list of ids (None or empty: every school)."""
    if not text:
        return None
    parts = text.split(",") if isinstance(text, str) else list(text)
    ids = [part.strip() for part in parts if part and part.strip()]
    return ids or None


def board_overview(workspace: str | Path, school_ids: str | list[str] | None = None, *,
                   min_group_size: int = 10, today: date | None = None) -> BoardOverview:
    """The overview of ``workspace``: every school in it, or only ``school_ids`` (a list or ``"a,b"``).

    Raises a Dutch :class:`WorkspaceError` for an unknown or invalid school id, or a workspace without schools.
    """
    from kit import dates
    from kit.plan.checklist import load_checklist
    from kit.survey.summary import check_min_group_size
    from kit.workspace import find_school, list_schools

    check_min_group_size(min_group_size)
    workspace = Path(workspace).expanduser().resolve()
    today = today or dates.today()
    ids = parse_school_ids(school_ids)
    if ids is None:
        ids = list_schools(workspace)
        if not ids:
            raise WorkspaceError(f"In de werkmap {workspace} staan geen scholen.",
                                 hint="Geef de werkmap van het bestuur op, bijvoorbeeld: kit bestuur workspace")
    folders = [find_school(workspace, school_id) for school_id in dict.fromkeys(ids)]
    items = load_checklist()
    titles = {item.id: item.title for item in items}
    batch = read_batch_summary(workspace)
    schools = []
    for folder in folders:
        school = _read_school(folder, min_group_size, today, items)
        school.batch = batch.schools.get(school.school_id) if batch else None
        school.attention = reasons(school, titles)
        schools.append(school)
    return BoardOverview(workspace, today, min_group_size, schools, _indicator_labels(schools), titles, batch,
                         _boards(folders))


def _read_school(folder: Path, min_group_size: int, today: date, items) -> SchoolOverview:
    """One school; a problem of the school's own files is shown with the school, never raised."""
    from kit.bestuur.schools import relative_paths

    try:
        return school_overview(folder, min_group_size, today, items)
    except KitError as exc:
        problem = relative_paths(str(exc), folder)
    except Exception as exc:  # a damaged file the kit has no Dutch message for: the other schools go on
        problem = (f"De gegevens van de school konden niet worden gelezen ({type(exc).__name__}: "
                   f"{relative_paths(str(exc), folder)}).")
    return SchoolOverview(folder.name, _name(folder), problem=problem)


def _name(folder: Path) -> str:
    from kit.profile import load_profile

    try:
        return load_profile(folder).naam
    except KitError:
        return folder.name


def _indicator_labels(schools: list[SchoolOverview]) -> dict[str, str]:
    from kit.survey.instrument import load_instrument

    labels = {i.id: i.label for i in load_instrument(None).indicators.values()}
    for school in schools:
        for name, indicator in school.indicators.items():
            labels.setdefault(name, indicator.label)
    used = {name for school in schools for name in school.indicators}
    return {name: label for name, label in labels.items() if name in used} or labels


def _boards(folders: list[Path]) -> list[str]:
    from kit.profile import load_profile

    names = []
    for folder in folders:
        try:
            board = load_profile(folder).get("bestuur")
        except KitError:
            continue
        if isinstance(board, str) and board.strip():
            names.append(board.strip())
    return list(dict.fromkeys(names))
