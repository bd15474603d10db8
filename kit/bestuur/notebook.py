"""The board notebook (``notebooks/bestuur.ipynb``): open the page, then show the whole overview.

Under papermill the parameters give the workspace and the schools; under Voila (``kit serve``)
the workspace is the one ``kit serve`` serves, and ``?scholen=a,b`` in the address may pick
schools (validated ids, never a path). The page opens with the workspace's board key
(:mod:`kit.bestuur.key`; :mod:`kit.join_gate` checks it before a kernel starts) and shows only
what the board may see (school totals, no names).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError
from kit.page import friendly, halt, in_voila, inject_style, query, show_error, show_html


@dataclass(frozen=True)
class BoardPage:
    """Which workspace and schools the board page is about."""

    workspace: Path
    school_ids: list[str] | None
    live: bool


def open_page(workspace: str = "", scholen: str | list[str] = "") -> BoardPage | None:
    """Resolve the page's workspace and schools; under Voila a problem becomes a Dutch message (then None)."""
    from kit.bestuur.overview import parse_school_ids
    from kit.paths import workspace_path
    from kit.preheat import preheated, wait_for_request
    from kit.workspace import check_id

    live = in_voila()
    try:
        if not wait_for_request():
            raise KitError("Deze pagina kon niet worden voorbereid.", hint="Laad de pagina opnieuw.")
        if live:
            workspace = ""  # a page never takes a folder from its address: it is kit serve's workspace
            scholen = scholen or query().get("scholen", "")
        ids = parse_school_ids(scholen)
        for school_id in ids or []:
            check_id(school_id)
        page = BoardPage(workspace_path(workspace or None), ids, live)
    except KitError as exc:
        if not live and not preheated():
            raise
        show_error(str(exc), title="Het overzicht kan niet worden geopend")
        halt()
        return None
    inject_style()
    show_html(f"<style>{_board_css()}</style>")
    return page


@friendly
def show_board(page: BoardPage | None, min_group_size: int = 10):
    """Show the overview for ``page``; returns the :class:`~kit.bestuur.overview.BoardOverview`."""
    from kit.bestuur.export import body_context
    from kit.bestuur.overview import board_overview
    from kit.render import render

    if page is None:
        return None
    overview = board_overview(page.workspace, page.school_ids, min_group_size=min_group_size)
    show_html(render("bestuur_body.html.j2", **body_context(overview, live=True)))
    return overview


def _board_css() -> str:
    from kit.render import TEMPLATES

    return (TEMPLATES / "bestuur.css").read_text(encoding="utf-8")
