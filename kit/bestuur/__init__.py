"""The board overview (issue 13): all schools of a workspace side by side, for the school board.

``board_overview`` reads the schools (:mod:`kit.bestuur.overview`), ``write_exports`` writes
``_bestuur/bestuur.html``, ``.pdf`` and ``.xlsx`` (:mod:`kit.bestuur.export`), and
:mod:`kit.bestuur.notebook` shows it in ``notebooks/bestuur.ipynb``. Only school-level
figures, no names; see :mod:`kit.bestuur.schools` for the privacy rule.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "board_overview": "kit.bestuur.overview",
    "BoardOverview": "kit.bestuur.overview",
    "write_exports": "kit.bestuur.export",
    "show_board": "kit.bestuur.notebook",
    "open_page": "kit.bestuur.notebook",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kit.bestuur' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
