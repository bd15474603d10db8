"""The two kinds of live page every app builds on: the facilitator's (opened with the key) and the participant's.

Each app subclasses them and adds only its own exercise: the base opens the workshop
(an ``AccessError`` for a wrong key or code), keeps the lock that the page's poller
thread and its widget callbacks share, and, for a participant, who they are
(:class:`kit.live.join.Membership`, remembered by the browser).
"""

from __future__ import annotations

import threading
from typing import Callable

import ipywidgets as w

from kit import workshop
from kit.live.header import join_address, participant_link, step_nav
from kit.live.join import Membership
from kit.live.browser import StopPolling
from kit.live.ui import esc, markup
from kit.page import Page


class FacilitatorPage:
    """A facilitator's page for the workshop that ``key`` opens; ``notebook`` is the app's file, for the join link."""

    notebook = ""

    def __init__(self, page: Page, store: workshop.Store, key: str, school_name: str):
        self.page = page
        self.store = store
        self.workshop = workshop.workshop_for_key(store, key)  # AccessError for a wrong key
        self.key = key
        self.school_name = school_name
        self.lock = threading.RLock()
        self.link = self._join_link(page)
        self.join_info = markup("", "kit-join-info")
        self.nav = markup(step_nav(page.school_id, key, self.notebook), "kit-step-nav-box")
        self.stats = markup("", "kit-stats")
        self.updated = markup("", "kit-updated")

    def _join_link(self, page: Page) -> str:
        """What the banner shows: the short join address, to this page's step unless that is the meeting's own
        (then ``/m/CODE`` alone, as ``kit workshop open`` prints it); the participant link outside kit serve."""
        from kit.course import STEPS
        from kit.short_join import step_of
        from kit.workshop.meetings import meeting_of

        stem = self.notebook.removesuffix(".ipynb")
        number = next((s.number for s in STEPS if s.notebook == stem), None)
        step = None if step_of(meeting_of(self.store, self.workshop.id)) == stem else number
        return (join_address(self.workshop.join_code, step=step)
                or participant_link(page.school_id, self.workshop.join_code, self.notebook))

    def renew_key(self) -> None:
        """Closing the workshop revoked this page's key (a link that leaked stops working); the page that
        closed it goes on with the school's new working key, also in its links to the other steps."""
        from kit.workshop.keys import working_key

        _, self.key, _ = working_key(self.store)
        self.workshop = workshop.workshop_for_key(self.store, self.key)
        self.nav.value = step_nav(self.page.school_id, self.key, self.notebook)

    def show(self) -> None:  # pragma: no cover - every app defines it
        raise NotImplementedError

    def guarded(self, tick: Callable[[], None]) -> Callable[[], None]:
        """``tick`` for the page's poller, after a check that the key still works.

        When it no longer does (a newer workshop was started, or ``kit workshop key --nieuw``
        replaced it), the page shows that in Dutch instead of its contents, and stops polling.
        """

        def run() -> None:
            try:
                workshop.workshop_for_key(self.store, self.key)
            except workshop.RevokedKeyError as exc:
                with self.lock:
                    self.root.children = [revoked_notice(exc)]
                raise StopPolling from None
            tick()

        return run

    @classmethod
    def shown(cls, page: Page, store: workshop.Store, key: str, school_name: str) -> "FacilitatorPage":
        """Build the page and show it; what :class:`kit.live.access.App` calls."""
        app = cls(page, store, key, school_name)
        app.show()
        return app


def revoked_notice(exc: workshop.RevokedKeyError) -> w.Widget:
    """The box a facilitator page shows instead of its contents once its key no longer works."""
    return markup(f'<div class="kit-box kit-error kit-key-revoked" role="alert"><strong>Deze begeleiderslink werkt '
                  f'niet meer</strong><p>{esc(exc.message)}</p><p>{esc(exc.hint or "")}</p></div>')


class ParticipantPage:
    """A participant's page of the workshop with ``code``: who they are, whether the workshop is closed.

    ``intro`` ends the join form's text; the subclass gives ``on_joined`` and ``on_join_needed``
    (see :class:`Membership`) and puts :attr:`bridge` ``.widget`` on the page.
    """

    def __init__(self, page: Page, store: workshop.Store, code: str, school_name: str, intro: str,
                 on_joined: Callable[[], None], on_join_needed: Callable[[w.Widget, list[w.DOMWidget]], None]):
        self.page = page
        self.store = store
        self.workshop = workshop.workshop_for_code(store, code)  # AccessError for an unknown code
        self.code = self.workshop.join_code
        self.school_name = school_name
        self.closed = not self.workshop.is_open
        self.lock = threading.RLock()
        self.membership = Membership(store, self.code, page.school_id, self.lock, intro,
                                     on_joined=on_joined, on_join_needed=on_join_needed)
        self.bridge = self.membership.bridge

    @property
    def me(self) -> workshop.Participant | None:
        return self.membership.me
