"""Old participant links keep working: a live workshop page asked for with a join code goes to its light page.

``/voila/render/01_visie.ipynb?school=X&code=Y`` (a link on paper, a bookmark, the code form of
:mod:`kit.join_gate`) is answered with a redirect (302) to ``/mee/visie?school=X&code=Y``,
before Voila or the gate look at it: a participant never gets a kernel. A facilitator's link
(``key=``) is left to the gate and Voila.
"""

from __future__ import annotations

from typing import Any

MAX_PARAM = 100  # kit.join_gate.MAX_PARAM: longer values are never valid


def light_address(handler: Any, path: str | None) -> str | None:
    """The light page for this request of a live workshop page with a code (and no key), else None."""
    from kit.join_gate import gated
    from kit.light.routes import EXERCISES, light_path, page_query

    notebook = gated(path)
    if notebook is None or notebook.removesuffix(".ipynb") not in EXERCISES:  # the other pages: the gate decides
        return None
    code = (handler.get_query_argument("code", "") or "").strip()
    school = (handler.get_query_argument("school", "") or "").strip()
    if not code or handler.get_query_argument("key", "") or len(code) > MAX_PARAM or len(school) > MAX_PARAM:
        return None
    return f"{light_path(notebook, handler.settings.get('base_url', '/'))}?{page_query(school, code)}"


def install_participant_redirect() -> None:
    """Put the redirect in front of Voila's page handler and the join gate (once; install the gate first)."""
    from voila.tornado.handler import TornadoVoilaHandler

    if getattr(TornadoVoilaHandler, "kit_participant_redirect", False):
        return
    original = TornadoVoilaHandler.get

    async def get(self, path=None):
        address = light_address(self, path)
        if address is not None:
            return self.redirect(address, status=302)
        return await original(self, path)

    TornadoVoilaHandler.get = get
    TornadoVoilaHandler.kit_participant_redirect = True
