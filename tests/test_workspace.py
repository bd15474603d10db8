"""School ids, folders and the workspace."""

from __future__ import annotations

import pytest

from kit.errors import WorkspaceError
from kit.paths import workspace_path
from kit.workspace import create_school, find_school, is_valid_id, list_schools, resolve_school_dir, school_path


@pytest.mark.parametrize("good", ["a", "obs-de-linde", "school-2", "12ab", "x" * 64])
def test_valid_ids(good):
    assert is_valid_id(good)


@pytest.mark.parametrize("bad", ["", "A", "obs de linde", "-obs", "obs-", "obs--x", "../etc", "a/b", "a.b",
                                 "x" * 65, "ö", "obs_linde", None, 12])
def test_invalid_ids(bad):
    assert not is_valid_id(bad)


def test_workspace_path_order(monkeypatch, tmp_path):
    monkeypatch.delenv("KIT_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert workspace_path() == tmp_path / "workspace"
    monkeypatch.setenv("KIT_WORKSPACE", str(tmp_path / "env"))
    assert workspace_path() == tmp_path / "env"
    assert workspace_path(tmp_path / "arg") == tmp_path / "arg"


def test_school_path_never_leaves_workspace(workspace, tmp_path):
    with pytest.raises(WorkspaceError, match="geen geldige school-id"):
        school_path(workspace, "../outside")
    (tmp_path / "elsewhere").mkdir()
    (workspace / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(WorkspaceError, match="buiten de werkmap"):
        school_path(workspace, "link")


def test_create_list_find(workspace):
    folder = create_school(workspace, "obs-b", "OBS B")
    create_school(workspace, "obs-a")
    (workspace / "not-a-school").mkdir()
    (workspace / "Bad Name").mkdir()
    assert sorted(p.name for p in folder.iterdir()) == ["output", "school.yaml", "surveys"]
    assert list_schools(workspace) == ["obs-a", "obs-b"]
    assert find_school(workspace, "obs-b") == folder
    with pytest.raises(WorkspaceError) as info:
        find_school(workspace, "obs-c")
    assert "obs-a, obs-b" in str(info.value)


def test_create_refuses_existing_folder_and_changes_nothing(workspace):
    folder = create_school(workspace, "obs-b", "OBS B")
    (folder / "school.yaml").write_text("naam: eigen werk\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="bestaat al"):
        create_school(workspace, "obs-b", "Iets anders")
    assert (folder / "school.yaml").read_text(encoding="utf-8") == "naam: eigen werk\n"


def test_resolve_school_dir_accepts_folder_or_id(workspace, tmp_path):
    folder = create_school(workspace, "obs-b")
    assert resolve_school_dir(str(folder), workspace) == folder
    assert resolve_school_dir("obs-b", workspace) == folder
    with pytest.raises(WorkspaceError, match="geen school.yaml"):
        resolve_school_dir(str(tmp_path), workspace)
    with pytest.raises(WorkspaceError, match="bestaat niet"):
        resolve_school_dir("no/such/dir", workspace)
