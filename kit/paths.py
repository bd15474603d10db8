"""Where the kit finds its own files and the user's workspace."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
TEMPLATES_DIR = REPO_ROOT / "data" / "templates"
EXAMPLES_DIR = REPO_ROOT / "data" / "examples"
# The kit's Jupyter templates: the Voila page template (kit serve) and the report template (kit run).
SHARE_DIR = Path(__file__).resolve().parent / "share" / "jupyter"

WORKSPACE_ENV = "KIT_WORKSPACE"
DEFAULT_WORKSPACE = "workspace"


def workspace_path(explicit: str | os.PathLike | None = None) -> Path:
    """The workspace folder: ``explicit`` if given, else ``$KIT_WORKSPACE``, else ``./workspace``."""
    chosen = explicit or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    return Path(chosen).expanduser().resolve()
