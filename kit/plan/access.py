"""The action plan as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit import workshop
from kit.live import access
from kit.page import Page


def _facilitator(page: Page, store: workshop.Store, key: str, name: str):
    from kit.plan.app_facilitator import show_facilitator

    return show_facilitator(page, store, key, name)


def _report(page: Page):
    from kit.plan.report import show_report

    return show_report(page)


def _participant(page: Page, store: workshop.Store, code: str, name: str):
    from kit.plan.app_participant import PlanParticipantApp

    return PlanParticipantApp(page, store, code, name)


PLAN = access.App(
    eyebrow="Actieplan sociale veiligheid",
    intro="Om het actieplan te bekijken, te reageren en te stemmen heb je de deelnamecode nodig. Die staat op het "
          "scherm van de begeleider.",
    classes=("kit-plan", "kit-plan-participant"),
    facilitator=_facilitator,
    participant=_participant,
    report=_report,
)


def open_live(page: Page, code: str = "", key: str = ""):
    """Show the facilitator page (key), the participant page (code) or the code form (neither)."""
    return access.open_live(page, PLAN, code, key)
