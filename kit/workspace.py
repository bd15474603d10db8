"""A workspace is a folder of schools; one school is one folder.

::

    workspace/<school-id>/
      school.yaml        the school profile
      surveys/           raw survey exports, untouched
      workshop.sqlite    everything entered in workshops
      output/            generated files; safe to delete

School ids come from URLs and command lines, so they are validated as slugs and
never used as paths before that.
"""

from __future__ import annotations

import re
from pathlib import Path

from kit.errors import WorkspaceError
from kit.paths import TEMPLATES_DIR

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
PROFILE_NAME = "school.yaml"
SUBFOLDERS = ("surveys", "output")


def is_valid_id(school_id: object) -> bool:
    """True for a slug of lower-case letters, digits and single hyphens (at most 64 characters)."""
    return isinstance(school_id, str) and len(school_id) <= SLUG_MAX and bool(SLUG_RE.match(school_id))


def check_id(school_id: str) -> str:
    """Return ``school_id`` if it is a valid slug, else raise a Dutch :class:`WorkspaceError`."""
    if not is_valid_id(school_id):
        raise WorkspaceError(
            f"'{school_id}' is geen geldige school-id.",
            hint="Gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'obs-de-linde' "
            f"(hoogstens {SLUG_MAX} tekens, geen spaties, geen streepje aan begin of eind).",
        )
    return school_id


def school_path(workspace: Path, school_id: str) -> Path:
    """The folder of ``school_id`` inside ``workspace`` (validated; never outside the workspace)."""
    check_id(school_id)
    workspace = Path(workspace).resolve()
    folder = (workspace / school_id).resolve()
    if folder.parent != workspace:  # a symlink pointing elsewhere
        raise WorkspaceError(f"De map van school '{school_id}' ligt buiten de werkmap {workspace}.")
    return folder


def find_school(workspace: Path, school_id: str) -> Path:
    """The folder of an existing school, or a Dutch error saying which schools there are."""
    folder = school_path(workspace, school_id)
    if not (folder / PROFILE_NAME).is_file():
        known = ", ".join(list_schools(workspace)) or "geen"
        raise WorkspaceError(
            f"School '{school_id}' bestaat niet in de werkmap {workspace}.",
            hint=f"Bekende scholen: {known}. Maak een nieuwe school met: kit school new {school_id}",
        )
    return folder


def list_schools(workspace: Path) -> list[str]:
    """Ids of the schools in ``workspace`` (folders with a valid id and a school.yaml), sorted."""
    workspace = Path(workspace)
    if not workspace.is_dir():
        return []
    return sorted(
        p.name for p in workspace.iterdir() if is_valid_id(p.name) and (p / PROFILE_NAME).is_file()
    )


def resolve_school_dir(target: str, workspace: Path) -> Path:
    """A command-line SCHOOL_DIR: an existing folder with a school.yaml, or the id of a school in the workspace."""
    path = Path(target).expanduser()
    if path.is_dir():
        if not (path / PROFILE_NAME).is_file():
            raise WorkspaceError(
                f"{path}: in deze map staat geen {PROFILE_NAME}.",
                hint="Geef de map van een school op, of maak er een met: kit school new <id>",
            )
        return path.resolve()
    if is_valid_id(target):
        return find_school(workspace, target)
    raise WorkspaceError(
        f"{target}: deze map bestaat niet.",
        hint="Geef de map van een school op (bijvoorbeeld workspace/obs-de-linde) of alleen de school-id.",
    )


def create_school(workspace: Path, school_id: str, naam: str | None = None) -> Path:
    """Create a new school folder from the commented profile template.

    Refuses to touch an existing folder. The profile is checked before anything is written, and the
    folder is built under a temporary name and renamed into place at the end, so a failed create
    (an invalid name, a full disk) leaves no half-made school. Returns the new folder.
    """
    import shutil
    import tempfile

    from kit.profile import parse_profile, render_template
    from kit.text_safety import control_characters, describe

    folder = school_path(workspace, school_id)
    if folder.exists():
        raise WorkspaceError(
            f"De map {folder} bestaat al; er is niets gewijzigd.",
            hint="Kies een andere id, of controleer de bestaande school met: kit school check " + str(folder),
        )
    if naam is not None and (chars := control_characters(naam.strip())):
        raise WorkspaceError(f"De naam van de school bevat {describe(chars)}; er is niets gemaakt.",
                             hint="Typ de naam opnieuw, op één regel, zonder tabs.")
    text = render_template((TEMPLATES_DIR / PROFILE_NAME).read_text(encoding="utf-8"), school_id, naam)
    parse_profile(text, source=str(folder / PROFILE_NAME), folder_id=school_id)  # ProfileError: nothing made
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{school_id}.", dir=folder.parent))  # not a school id: never listed
    try:
        for sub in SUBFOLDERS:
            (building / sub).mkdir()
        (building / PROFILE_NAME).write_text(text, encoding="utf-8")
        building.chmod(0o777 & ~_umask())
        building.rename(folder)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise WorkspaceError(f"De map {folder} kon niet worden gemaakt ({exc.strerror or exc}); er is niets "
                                 "gemaakt.", hint="Controleer of de werkmap bestaat en beschrijfbaar is, en of "
                                 "de schijf vol is.") from exc
        raise
    return folder


def _umask() -> int:
    """The process umask (mkdtemp makes a private 0o700 folder; a school folder gets the usual rights)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
