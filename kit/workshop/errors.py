"""Errors of the workshop store, each with a Dutch message a participant or facilitator can act on."""

from __future__ import annotations

from kit.errors import KitError


class WorkshopError(KitError):
    """Base class for every problem with the workshop store."""


class AccessError(WorkshopError):
    """A join code, facilitator key or participant token that is malformed or unknown."""


class WorkshopClosedError(WorkshopError):
    """A participant tried to write while the workshop is closed."""


class InputError(WorkshopError):
    """Typed text that is empty, too long or otherwise unusable, or an unknown item."""


class LimitError(WorkshopError):
    """A participant reached a limit: statements or votes."""


class StoreError(WorkshopError):
    """The database file cannot be used: missing, damaged, too new, or busy for too long."""


class TemplateError(WorkshopError):
    """The list of values or of stellingen (a yaml template) cannot be used."""


class RevokedKeyError(AccessError):
    """A facilitator key that once worked but was replaced or belongs to an older workshop."""
