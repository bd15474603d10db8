"""Step 1 of the course, the vision workshop (``notebooks/01_visie.ipynb``).

The same notebook is three things:

* under papermill (``kit run``): a static report of the school's latest workshop, and
  ``output/visie.json`` with the vision for the policy document (:mod:`kit.visie.report`);
* under Voila with ``?code=<join code>``: the participant's page (:mod:`kit.visie.app_participant`);
* under Voila with ``?key=<facilitator key>``: the facilitator's live page
  (:mod:`kit.visie.app_facilitator`).

Without a code or key the Voila page asks for the join code and lets nobody write.
"""

from __future__ import annotations

from kit.page import Page, friendly, query


def show_visie(page: Page | None):
    """Show the right thing for how the page is opened; returns the app or the report record."""
    if page is None:  # open_page already showed why the page cannot be opened
        return None
    if not page.live:
        return _report(page)
    return _live(page)


@friendly
def _report(page: Page) -> dict:
    from kit.visie.report import show_report

    return show_report(page)


@friendly
def _live(page: Page):
    from kit.visie.access import open_live

    params = query()
    return open_live(page, code=params.get("code", ""), key=params.get("key", ""))


__all__ = ["show_visie"]
