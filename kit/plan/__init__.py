"""Step 4 of the course, the action plan (``notebooks/04_actieplan.ipynb``).

From the survey's findings, the legal checklist and the team's vision to concrete,
owned, dated actions:

* :mod:`kit.plan.checklist` and ``data/templates/checklist.yaml``: what the law and the
  Inspectie ask, with status met / missing / to check;
* :mod:`kit.plan.catalogue`, :mod:`kit.plan.conditions` and ``data/templates/acties.yaml``:
  the action catalogue and when an action is proposed; :mod:`kit.plan.proposals`
  builds the proposals, each with why;
* :mod:`kit.plan.model` (fields, SMART warnings) and :mod:`kit.plan.store` (the plan in
  the school's workshop store, with history, comments and priority votes);
* :mod:`kit.plan.evaluation`: next year, each target against the new survey;
* :mod:`kit.plan.report` and :mod:`kit.plan.charts`: the static report, the timeline
  and ``actieplan.json``;
* :mod:`kit.plan.app_facilitator` (``?key=``) and :mod:`kit.plan.app_participant`
  (``?code=``): the live pages under Voila.

The same notebook is a papermill report and a Voila app; :func:`show_plan` picks.
"""

from __future__ import annotations

from kit.page import Page
from kit.plan.state import plan_state


def show_plan(page: Page | None):
    """Show the right thing for how the page is opened; returns the app or the report data."""
    from kit.live.access import show
    from kit.plan.access import PLAN

    return show(page, PLAN)


def seed_demo_plan(school_dir, seed=None) -> dict:
    """Enter the demo school's example plan (see :mod:`kit.plan.demo`)."""
    from kit.plan.demo import seed_demo_plan as seed_plan

    return seed_plan(school_dir, seed)


__all__ = ["show_plan", "plan_state", "seed_demo_plan"]
