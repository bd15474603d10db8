"""Step 2 of the course, "Signaleren en handelen" (``notebooks/02_signaleren.ipynb``).

Recognising socially unsafe situations and handling them well, with a live case exercise:

* :mod:`kit.signalering.cases` and ``data/templates/casussen.yaml``: the cases (po and vo), checked;
* :mod:`kit.workshop.cases`: the case on the screen and the answers, with history, in the workshop store;
* :mod:`kit.signalering.results`: the spread of the answers per case; :mod:`kit.signalering.state`: how far
  the school is, for the start page; :mod:`kit.signalering.demo`: the demo schools' example answers;
* under papermill (``kit run``): the report with every case's results, the knowledge texts and the
  signaleringskaart (:mod:`kit.signalering.report`);
* under Voila with ``?code=``: the participant's page (:mod:`kit.signalering.app_participant`);
  with ``?key=``: the facilitator's page (:mod:`kit.signalering.app_facilitator`).

Without a code or key the Voila page asks for the join code and lets nobody write.
"""

from __future__ import annotations

from kit.page import Page


def show_signalering(page: Page | None):
    """Show the right thing for how the page is opened; returns the app or the report data."""
    from kit.live.access import show
    from kit.signalering.access import SIGNALERING

    return show(page, SIGNALERING)


__all__ = ["show_signalering"]
