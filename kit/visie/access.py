"""The vision workshop as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit.live import access
from kit.live.access import lazy
from kit.page import Page

VISIE = access.App(
    eyebrow="Visieworkshop sociale veiligheid",
    intro="Om mee te doen heb je de deelnamecode nodig. Die staat op het scherm van de begeleider. Zonder code "
          "kun je hier niets invoeren.",
    classes=("kit-visie", "kit-participant"),
    facilitator=lazy("kit.visie.app_facilitator", "show_facilitator"),
    participant=lazy("kit.visie.app_participant", "ParticipantApp"),
    report=lazy("kit.visie.report", "show_report"),
)


def open_live(page: Page, code: str = "", key: str = ""):
    """Show the facilitator page (key), the participant page (code) or the code form (neither)."""
    return access.open_live(page, VISIE, code, key)
