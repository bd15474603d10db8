"""``kit demo``: put the fictional demo school in the workspace and run the course on it."""

from __future__ import annotations

import shutil
from pathlib import Path

from kit.paths import EXAMPLES_DIR
from kit.workspace import PROFILE_NAME, school_path

DEMO_ID = "demo-school"


def install_demo(workspace: Path) -> Path:
    """(Re)create ``workspace/demo-school`` from ``data/examples``; no other school is touched."""
    source = EXAMPLES_DIR / DEMO_ID
    target = school_path(workspace, DEMO_ID)
    if target.exists():
        if target.is_symlink() or not (target / PROFILE_NAME).is_file():
            from kit.errors import WorkspaceError

            raise WorkspaceError(
                f"{target} bestaat al, maar is geen voorbeeldschool; er is niets gewijzigd.",
                hint="Hernoem of verplaats die map, of kies een andere werkmap met --workspace.",
            )
        shutil.rmtree(target)
    Path(workspace).mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target)
    (target / "output").mkdir(exist_ok=True)
    (target / "surveys").mkdir(exist_ok=True)
    return target
