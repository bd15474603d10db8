"""One consistent snapshot of a workshop's results, read from the store in a single transaction.

The facilitator's live view, the vision draft and the papermill report all work from
a :class:`Results`. Two snapshots compare equal when nothing visible changed, which is
how the live view knows whether to redraw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kit import workshop
from kit.dates import LOCAL_TIME  # one time zone for every page and report
from kit.workshop import Store, Workshop

NO_THEME = "Nog zonder thema"


@dataclass(frozen=True)
class ThemeGroup:
    """Statements under one theme; ``theme`` is None for the statements without a theme."""

    theme: dict | None
    statements: list[dict]

    @property
    def title(self) -> str:
        return self.theme["name"] if self.theme else NO_THEME


@dataclass(frozen=True)
class Results:
    """Everything entered in one workshop, as plain data (see :func:`collect`).

    Each statement carries ``number``: its place among all the workshop's statements (1, 2, ...), the
    number the facilitator's page shows on its card and in its menus.
    """

    workshop: Workshop
    participants: list[dict]
    statements: list[dict]
    hidden: list[dict]
    themes: list[dict]
    deleted_themes: list[dict]
    ranking: list[dict]
    stellingen: list[dict]
    versions: list[dict]
    rated_by: int = field(default=0)

    @property
    def has_input(self) -> bool:
        """True once anyone entered anything: a statement, a vote, a rating or a vision version."""
        return bool(self.statements or self.hidden or self.versions or self.rated_by
                    or any(v["votes"] for v in self.ranking))

    @property
    def votes(self) -> int:
        return sum(v["votes"] for v in self.ranking)

    @property
    def final_vision(self) -> dict | None:
        return next((v for v in reversed(self.versions) if v["final"]), None)

    @property
    def vision(self) -> dict | None:
        """The final version if one is marked, else the latest draft, else None."""
        return self.final_vision or (self.versions[-1] if self.versions else None)

    def groups(self) -> list[ThemeGroup]:
        """The live statements by theme, in the order the themes were made; those without a theme last."""
        by_theme: dict[int | None, list[dict]] = {t["id"]: [] for t in self.themes}
        by_theme[None] = []
        for statement in self.statements:
            by_theme.get(statement["theme_id"], by_theme[None]).append(statement)
        groups = [ThemeGroup(t, by_theme[t["id"]]) for t in self.themes]
        if by_theme[None] or not groups:
            groups.append(ThemeGroup(None, by_theme[None]))
        return groups

    def top_values(self, count: int = 3) -> list[dict]:
        """The values with the most votes (at least one vote each), at most ``count``."""
        return [v for v in self.ranking if v["votes"] > 0][:count]


def collect(store: Store, workshop_id: int) -> Results:
    """Read one workshop's results in one read transaction (one consistent moment)."""

    def action(conn) -> Results:
        current = next(w for w in workshop.list_workshops(store) if w.id == workshop_id)
        everything = workshop.list_statements(store, workshop_id, include_removed=True)
        for number, statement in enumerate(everything, 1):  # stable: statements are never removed from the store
            statement["number"] = number
        themes = workshop.list_themes(store, workshop_id, include_deleted=True)
        stellingen = workshop.rating_results(store, workshop_id)
        raters = {r["participant_id"] for r in workshop.list_ratings(store, workshop_id)}
        return Results(
            workshop=current,
            participants=workshop.list_participants(store, workshop_id),
            statements=[s for s in everything if not s["withdrawn_at"] and not s["deleted_at"]],
            hidden=[s for s in everything if not s["withdrawn_at"] and s["deleted_at"]],
            themes=[t for t in themes if not t["deleted_at"]],
            deleted_themes=[t for t in themes if t["deleted_at"]],
            ranking=workshop.value_ranking(store, workshop_id),
            stellingen=stellingen,
            versions=workshop.list_vision_versions(store, workshop_id),
            rated_by=len(raters),
        )

    return store.read(action)


def local_time(stamp: str | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """A stored UTC ISO time as Dutch local time, e.g. ``25-11-2026 14:05``; empty for None."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone(LOCAL_TIME).strftime(fmt)


def local_date(stamp: str | None) -> str:
    """A stored UTC ISO time as a Dutch date, e.g. ``25-11-2026``."""
    return local_time(stamp, "%d-%m-%Y")
