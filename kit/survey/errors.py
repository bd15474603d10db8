"""Errors of the survey feature: each one a Dutch message the user can act on."""

from __future__ import annotations

from kit.errors import KitError


class SurveyError(KitError):
    """A survey export or a setting that cannot be used (exit status 2)."""


class InstrumentError(SurveyError):
    """The instrument file (instrument.yaml) is missing, unreadable or invalid."""
