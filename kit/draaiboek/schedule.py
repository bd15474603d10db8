"""Which meeting of the draaiboek a workshop is: chosen when it is opened, and what is next.

``kit workshop open SCHOOL --bijeenkomst N`` goes on with the latest workshop when it is
meeting N (or belongs to no meeting yet, and then becomes N); for another meeting it
starts a new workshop with its own code, once the running one is closed. Without
``--bijeenkomst`` the kit goes on with the latest workshop as before; a new workshop
becomes the first meeting that has not been held yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.draaiboek.model import Draaiboek, Meeting
from kit.workshop import Store, WorkshopError, current_workshop
from kit.workshop.meetings import meeting_of, workshops_by_meeting


@dataclass(frozen=True)
class Choice:
    """What ``kit workshop open`` should do: start a new workshop or not, and which meeting it is (None: keep)."""

    meeting: Meeting | None
    new: bool


def next_meeting(store: Store, draaiboek: Draaiboek) -> Meeting | None:
    """The first meeting in the draaiboek that has no workshop yet; None when all were held."""
    held = workshops_by_meeting(store)
    return next((m for m in draaiboek.meetings if m.id not in held), None)


def choose(store: Store, draaiboek: Draaiboek, requested: object | None, new: bool, school: str) -> Choice:
    """Decide for ``kit workshop open``; WorkshopError (Dutch) when another meeting's workshop still runs."""
    latest = current_workshop(store)
    latest_meeting = meeting_of(store, latest.id) if latest else None
    if requested is None:
        if latest is None or new:
            return Choice(next_meeting(store, draaiboek), new)
        return Choice(None, False)
    meeting = draaiboek.meeting(requested)
    if latest is None or new or latest_meeting in (None, meeting.id):
        return Choice(meeting, new)
    if latest.is_open:
        running = draaiboek.by_id(latest_meeting)
        name = f"bijeenkomst {running.number} ({running.title})" if running else f"bijeenkomst '{latest_meeting}'"
        raise WorkshopError(f"Er loopt nog een workshop voor {name}; er is niets gestart.",
                            hint=f"Sluit die eerst met: kit workshop close {school}")
    return Choice(meeting, True)
