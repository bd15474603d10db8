"""The vision workshop as a live app: its code form words and its two pages (see :mod:`kit.live.access`)."""

from __future__ import annotations

from kit.live.access import package_app

VISIE = package_app(
    "kit.visie", "ParticipantApp",
    eyebrow="Visieworkshop sociale veiligheid",
    intro="Om mee te doen heb je de deelnamecode nodig. Die staat op het scherm van de begeleider. Zonder code "
          "kun je hier niets invoeren.",
    classes=("kit-visie", "kit-participant"),
)
