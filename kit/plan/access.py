"""The action plan as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit.live.access import package_app

PLAN = package_app(
    "kit.plan", "PlanParticipantApp",
    eyebrow="Actieplan sociale veiligheid",
    intro="Om het actieplan te bekijken, te reageren en te stemmen heb je de deelnamecode nodig. Die staat op het "
          "scherm van de begeleider.",
    classes=("kit-plan", "kit-plan-participant"),
)
