"""Odd paths under Voila's static routes get a 404, not a 500 with a traceback in the server log.

Two upstream faults (voila 0.5.13, jupyterlab_server / jupyter_server 2.21.1):

* ``/voila/templates/<template>/static/<file>`` (Voila's ``TemplateStaticFileHandler``)
  splits the path into three parts with ``assert`` and tuple unpacking, before and after
  ``os.path.normpath``; a path with an encoded slash or dot-dot
  (``/voila/templates/...%2f..``, ``/voila/templates/kit/static/%2f..``,
  ``/voila/templates/x``) raises ``AssertionError`` or ``ValueError``: a 500 and a
  traceback for every such request. No file outside the template folders was served.
* ``/voila/api/themes/<file>`` (jupyterlab_server's ``ThemesHandler``) answers a missing
  file with a 404 whose error page needs Tornado's ``static_path`` setting, which Voila does
  not set: the 404 arrives, with a traceback in the log ("Uncaught exception in write_error").

:func:`install_static_guard` puts subclasses of both handlers in Voila's route table:
the first refuses, with a 404, every path that is not ``<name>/static/<file>`` with plain
segments; both write a short Dutch error page (:func:`plain_error`). Reproduce the upstream fault
with ``curl -i 'http://HOST/voila/templates/...%2f..'`` against plain Voila.
"""

from __future__ import annotations

import re

TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_.-]+")
ERROR_PAGE = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{code}: {text}</title></head>'
              "<body><p>{code}: {text}.</p></body></html>")
ERROR_TEXTS = {403: "geen toegang", 404: "niet gevonden", 405: "niet toegestaan"}


def plain_error(handler, status_code: int) -> None:
    """A short Dutch error page that needs nothing from the application's settings."""
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.finish(ERROR_PAGE.format(code=status_code, text=ERROR_TEXTS.get(status_code, "fout")))


def template_static_path_ok(path: str) -> bool:
    """True for ``<template>/static/<file>``: plain segments, no empty, ``.`` or ``..`` one, no NUL."""
    if "\x00" in path or "\\" in path:
        return False
    segments = path.split("/")
    if len(segments) < 3 or segments[1] != "static" or not TEMPLATE_NAME.fullmatch(segments[0]):
        return False
    return all(segment not in ("", ".", "..") for segment in segments)


def install_static_guard() -> None:
    """Put the guarded template-static and themes handlers in Voila's routes (once)."""
    import tornado.web
    from voila import app

    if getattr(app.TemplateStaticFileHandler, "kit_guarded", False):
        return

    class GuardedTemplateStaticFileHandler(app.TemplateStaticFileHandler):
        kit_guarded = True

        def parse_url_path(self, path: str) -> str:
            if not template_static_path_ok(path):
                raise tornado.web.HTTPError(404)
            return super().parse_url_path(path)

        def write_error(self, status_code: int, **kwargs) -> None:
            plain_error(self, status_code)

    class PlainErrorThemesHandler(app.ThemesHandler):
        kit_guarded = True

        def write_error(self, status_code: int, **kwargs) -> None:
            plain_error(self, status_code)

    app.TemplateStaticFileHandler = GuardedTemplateStaticFileHandler
    app.ThemesHandler = PlainErrorThemesHandler
