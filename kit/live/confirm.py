"""Nothing destructive in one click: an inline question right next to the control that asked it.

The facilitator clicks "Workshop sluiten"; beside the button appears what will happen and
two buttons, the confirming one first. Nothing happens until the confirming button is
clicked; "Annuleren" (or asking something else) takes the question away.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from kit.live.ui import button, classed, esc, markup, safe


class Confirm:
    """A hidden row with a question, a confirming button and "Annuleren"; :meth:`ask` shows it."""

    def __init__(self, question: str, yes_label: str, on_yes: Callable[[], None], *classes: str):
        self.question = markup(f'<p class="kit-confirm-text" role="alert"><strong>{esc(question)}</strong></p>',
                               "kit-confirm-question")
        self.yes = button(yes_label, "kit-confirm-yes", style="danger")
        self.no = button("Annuleren", "kit-confirm-no")
        self.widget = classed(w.HBox([self.question, self.yes, self.no]), "kit-row", "kit-confirm", *classes)
        self.widget.layout.display = "none"
        self._on_yes = on_yes
        self.yes.on_click(safe(lambda _: self._confirmed()))
        self.no.on_click(safe(lambda _: self.cancel()))

    @property
    def asking(self) -> bool:
        return self.widget.layout.display != "none"

    def ask(self) -> None:
        self.widget.layout.display = ""

    def cancel(self) -> None:
        self.widget.layout.display = "none"

    def _confirmed(self) -> None:
        self.cancel()
        self._on_yes()
