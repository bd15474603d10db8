"""The action plan as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit.live import access
from kit.live.access import lazy
from kit.page import Page

PLAN = access.App(
    eyebrow="Actieplan sociale veiligheid",
    intro="Om het actieplan te bekijken, te reageren en te stemmen heb je de deelnamecode nodig. Die staat op het "
          "scherm van de begeleider.",
    classes=("kit-plan", "kit-plan-participant"),
    facilitator=lazy("kit.plan.app_facilitator", "show_facilitator"),
    participant=lazy("kit.plan.app_participant", "PlanParticipantApp"),
    report=lazy("kit.plan.report", "show_report"),
)


def open_live(page: Page, code: str = "", key: str = ""):
    """Show the facilitator page (key), the participant page (code) or the code form (neither)."""
    return access.open_live(page, PLAN, code, key)
