"""The durable workshop store: one SQLite file per school that all workshop pages share.

Typical use in an app (one :class:`Store` per kernel)::

    from kit import workshop

    store = workshop.Store(school_dir)
    me = workshop.join(store, code, "Anna")            # or workshop.resume(store, code, token)
    workshop.add_statement(store, me.token, "Iedereen hoort erbij.")
    workshop.list_statements(store, me.workshop_id)

Participants write with their token, the facilitator with the facilitator key; every
write is one committed transaction. Read functions return plain dicts and lists.
"""

from kit.workshop.errors import (
    AccessError,
    InputError,
    LimitError,
    RevokedKeyError,
    StoreError,
    TemplateError,
    WorkshopClosedError,
    WorkshopError,
)
from kit.workshop.export import export, export_store
from kit.workshop.migrations import SCHEMA_VERSION
from kit.workshop.ratings import SCALE, list_ratings, list_stellingen, own_ratings, rate, rating_results
from kit.workshop.session import (
    Opened,
    Participant,
    Workshop,
    close_workshop,
    current_workshop,
    facilitator_access,
    join,
    list_participants,
    list_workshops,
    open_workshop,
    resume,
    workshop_for_code,
    workshop_for_key,
)
from kit.workshop.statements import (
    add_statement,
    delete_statement,
    edit_statement,
    list_statements,
    own_statements,
    restore_statement,
    statement_history,
    withdraw_statement,
)
from kit.workshop.store import DB_NAME, Store
from kit.workshop.templates import load_stellingen, load_values
from kit.workshop.themes import add_theme, assign_theme, delete_theme, list_themes, rename_theme, restore_theme
from kit.workshop.values import cast_vote, list_values, list_votes, own_votes, value_ranking, withdraw_vote
from kit.workshop.vision import current_vision, list_vision_versions, mark_final, save_vision

__all__ = [
    "AccessError", "InputError", "LimitError", "RevokedKeyError", "StoreError", "TemplateError", "WorkshopClosedError",
    "WorkshopError", "export", "export_store", "SCHEMA_VERSION", "SCALE", "list_ratings",
    "list_stellingen", "own_ratings", "rate", "rating_results", "Opened", "Participant", "Workshop",
    "close_workshop", "current_workshop", "facilitator_access", "join", "list_participants", "list_workshops",
    "open_workshop",
    "resume", "workshop_for_code", "workshop_for_key", "add_statement", "delete_statement",
    "edit_statement", "list_statements", "own_statements", "restore_statement", "statement_history",
    "withdraw_statement", "DB_NAME", "Store", "load_stellingen", "load_values", "add_theme",
    "assign_theme", "delete_theme", "list_themes", "rename_theme", "restore_theme", "cast_vote",
    "list_values", "list_votes", "own_votes", "value_ranking", "withdraw_vote", "current_vision",
    "list_vision_versions", "mark_final", "save_vision",
]
