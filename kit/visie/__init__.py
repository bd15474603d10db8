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

from kit.page import Page


def show_visie(page: Page | None):
    """Show the right thing for how the page is opened; returns the app or the report data."""
    from kit.live.access import show
    from kit.visie.access import VISIE

    return show(page, VISIE)


__all__ = ["show_visie"]
