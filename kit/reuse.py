"""Read each file once while one piece of work runs: building and writing the policy document, say.

Writing both versions of the plan reads the same survey exports, school profile and kit
templates again and again: once for every chapter that needs them, and all of it again for
the second version (16 survey reads for one school). Inside :func:`reads_reused` a function
marked :func:`reused` runs once per set of arguments and every later call gets the same
result. Outside such a scope nothing is kept, so a live page always reads what is on disk
now; the scope is only put around work during which the files do not change.

Callers must treat a reused result as read-only (they all do: tests build the document
inside and outside a scope and compare). Errors are not kept: a failing read fails again.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import PurePath

PLAIN = (str, int, float, bool, type(None), date, PurePath)  # arguments compared by value
_results: ContextVar[dict | None] = ContextVar("kit_reused_reads", default=None)


@contextmanager
def reads_reused():
    """A scope in which :func:`reused` functions keep their results (nested scopes share the outer one)."""
    if _results.get() is not None:
        yield
        return
    token = _results.set({})
    try:
        yield
    finally:
        _results.reset(token)


def reused(func):
    """Mark ``func`` (a pure read of files) as reusable inside :func:`reads_reused`.

    Arguments are compared by value; a path and its text are the same argument. A call with any
    other kind of argument (a dict, an open store) is simply run.
    """
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        results = _results.get()
        if results is None:
            return func(*args, **kwargs)
        if not all(isinstance(v, PLAIN) for v in (*args, *kwargs.values())):
            return func(*args, **kwargs)
        key = (name, tuple(_plain(a) for a in args), tuple(sorted((k, _plain(v)) for k, v in kwargs.items())))
        if key not in results:
            results[key] = func(*args, **kwargs)
        return results[key]

    return wrapper


def _plain(value):
    return str(value) if isinstance(value, PurePath) else value
