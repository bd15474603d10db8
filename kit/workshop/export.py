"""Everything entered in a school's workshops as one plain dict (``kit workshop export --json``)."""

from __future__ import annotations

from os import PathLike

from kit.workshop.cases import answer_history, list_answers, shown_case
from kit.workshop.ratings import list_ratings, list_stellingen, rating_results
from kit.workshop.session import Workshop, list_participants, list_workshops
from kit.workshop.statements import list_statements, statement_history
from kit.workshop.store import Store, utc_now
from kit.workshop.themes import list_themes
from kit.workshop.values import list_values, list_votes, value_ranking
from kit.workshop.vision import list_vision_versions


def export(school_dir: str | PathLike) -> dict:
    """All workshops of the school with everything entered, withdrawn and hidden items included.

    Join codes, facilitator keys and participant tokens are left out. Raises StoreError
    when the school has no workshop database.
    """
    with Store(school_dir, create=False) as store:
        return export_store(store)


def export_store(store: Store) -> dict:
    """Like :func:`export`, for an open :class:`Store`; one read transaction, so one consistent moment."""
    return store.read(
        lambda conn: {
            "school": store.school_dir.resolve().name,
            "schema_version": store.schema_version,
            "exported_at": utc_now(),
            "workshops": [_workshop(store, workshop) for workshop in list_workshops(store)],
        }
    )


def _workshop(store: Store, workshop: Workshop) -> dict:
    history = statement_history(store, workshop.id)
    statements = list_statements(store, workshop.id, include_removed=True)
    case_history = answer_history(store, workshop.id)
    return {
        "id": workshop.id,
        "opened_at": workshop.opened_at,
        "closed_at": workshop.closed_at,
        "is_open": workshop.is_open,
        "votes_per_participant": workshop.votes_per_participant,
        "participants": list_participants(store, workshop.id),
        "statements": [{**statement, "history": history[statement["id"]]} for statement in statements],
        "themes": list_themes(store, workshop.id, include_deleted=True),
        "values": list_values(store, workshop.id),
        "votes": list_votes(store, workshop.id),
        "value_ranking": value_ranking(store, workshop.id),
        "stellingen": list_stellingen(store, workshop.id),
        "ratings": list_ratings(store, workshop.id),
        "rating_results": rating_results(store, workshop.id),
        "vision_versions": list_vision_versions(store, workshop.id),
        "shown_case": shown_case(store, workshop.id),
        "case_answers": [{**answer, "history": case_history[answer["id"]]}
                         for answer in list_answers(store, workshop.id)],
    }
