"""The case exercise as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit.live.access import package_app

SIGNALERING = package_app(
    "kit.signalering", "CaseParticipantApp",
    eyebrow="Signaleren en handelen",
    intro="Om mee te doen aan de casussen heb je de deelnamecode nodig. Die staat op het scherm van de begeleider. "
          "Zonder code kun je hier niets invoeren.",
    classes=("kit-signalering", "kit-case-participant"),
)
