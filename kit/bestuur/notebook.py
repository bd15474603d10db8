"""The board notebook (``notebooks/bestuur.ipynb``): one call that shows the whole overview.

Under papermill the parameters give the workspace and the schools; under Voila (``kit serve``)
the workspace is the one ``kit serve`` serves, and ``?scholen=a,b`` in the address may pick
schools (ids only, never a path). The page needs no workshop key: it shows only what the
board may see (school totals, no names).
"""

from __future__ import annotations

from kit.page import friendly, in_voila, inject_style, query, show_html


@friendly
def show_board(workspace: str = "", scholen: str | list[str] = "", min_group_size: int = 10):
    """Show the overview of ``workspace`` (or of ``scholen``); returns the :class:`BoardOverview`."""
    from kit.bestuur.export import body_context
    from kit.bestuur.overview import board_overview
    from kit.paths import workspace_path
    from kit.render import TEMPLATES, render

    live = in_voila()
    if live:
        workspace = ""  # a page never takes a folder from its address or parameters: kit serve's workspace
        scholen = scholen or query().get("scholen", "")
    inject_style()
    show_html(f"<style>{(TEMPLATES / 'bestuur.css').read_text(encoding='utf-8')}</style>")
    overview = board_overview(workspace_path(workspace or None), scholen, min_group_size=min_group_size)
    show_html(render("bestuur_body.html.j2", **body_context(overview, live=True)))
    return overview
