"""Who a participant is on a live page: remembered by the browser, or asked once with a join form.

The vision and action-plan pages share this: the browser keeps the participant token
under :func:`kit.live.browser.storage_key`, so a reload or the other app continues as
the same person; an unknown or withdrawn token is forgotten and the join form shown.
"""

from __future__ import annotations

import threading
from typing import Callable

import ipywidgets as w

from kit import workshop
from kit.live.browser import BrowserStorage, storage_key
from kit.live.ui import Notice, attempt, button, classed, enter_submits, focus, markup, safe


class Membership:
    """The participant behind one page of one workshop.

    ``on_joined()`` is called when the browser's token is recognised or the participant
    has joined; ``on_join_needed(card, inputs)`` when the join form (``card``) must be
    shown. Both run with ``lock`` held. Put ``bridge.widget`` on the page, then call :meth:`load`.
    """

    def __init__(self, store: workshop.Store, code: str, school_id: str, lock: threading.RLock, intro: str,
                 on_joined: Callable[[], None],
                 on_join_needed: Callable[[w.Widget, list[w.DOMWidget]], None]):
        self.store = store
        self.code = code
        self.lock = lock
        self.intro = intro
        self.on_joined = on_joined
        self.on_join_needed = on_join_needed
        self.me: workshop.Participant | None = None
        self.bridge = BrowserStorage(storage_key(school_id, code), self._restored)

    def load(self) -> None:
        """Ask the browser whether this person already takes part."""
        self.bridge.load()

    def leave(self) -> None:
        """Someone else uses this device: forget the token here and show the join form."""
        with self.lock:
            self.bridge.forget()
            self.me = None
            self.on_join_needed(*self.join_form())

    @safe
    def _restored(self, token: str | None) -> None:
        with self.lock:
            if token:
                try:
                    self.me = workshop.resume(self.store, self.code, token)
                except workshop.WorkshopError:  # withdrawn, another workshop, or never valid
                    self.bridge.forget()
                    self.me = None
            if self.me is None:
                self.on_join_needed(*self.join_form())
            else:
                self.on_joined()

    def join_form(self) -> tuple[w.Widget, list[w.DOMWidget]]:
        """The join card and its inputs (to disable while the workshop is closed)."""
        name = classed(w.Text(description="Je naam in de workshop", placeholder="Je voornaam",
                              continuous_update=True, style={"description_width": "initial"}),
                       "kit-join-name", "kit-stacked")
        full = classed(w.Text(description="Volledige naam voor je certificaat (mag leeg)",
                              placeholder="Voor- en achternaam", style={"description_width": "initial"}),
                       "kit-join-fullname", "kit-stacked")
        join = button("Meedoen", "kit-join-button", style="primary")
        enter_submits(join, name, full)
        focus(name)
        notice = Notice("kit-join-message")

        @safe
        def on_join(_):
            with self.lock:
                def action():
                    self.me = workshop.join(self.store, self.code, name.value, full.value)

                if attempt(notice, action):
                    self.bridge.save(self.me.token)
                    self.on_joined()

        join.on_click(on_join)
        card = classed(w.VBox([
            markup(f"<h2>Doe mee</h2><p>Kies de naam waaronder je meedoet; je voornaam is genoeg. {self.intro}</p>"),
            classed(w.VBox([name, full]), "kit-join-fields"),
            classed(w.HBox([join]), "kit-row"),
            notice.widget,
        ]), "kit-section", "kit-join")
        return card, [name, full, join]
