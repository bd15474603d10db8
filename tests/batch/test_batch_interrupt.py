"""Ctrl-C stops kit batch cleanly: no kernel left behind, finished schools kept, the rest "niet gedaan"."""

from __future__ import annotations

import signal
import subprocess
import time

import psutil
from batch_fixtures import copy_school, kit_command, kit_env, read_summary, REPO

SCHOOLS = ["school-a", "school-b", "school-c"]


def _kernels(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            command = " ".join(child.cmdline())
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
        if "ipykernel" in command or "kit.kernel" in command:
            found.append(child)
    return found


def test_sigint_stops_kernels_and_keeps_finished_schools(demo_source, tmp_path):
    for school in SCHOOLS:
        copy_school(demo_source, "demo-school", tmp_path, school)
    batch = subprocess.Popen(kit_command("batch", tmp_path, "--jobs", "1", "--notebooks", "00,01", "--geen-balk"),
                             env=kit_env(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(batch.pid)
    kernels: dict[int, psutil.Process] = {}
    first_done = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first_done is None:  # until one school is done, the next running
        kernels.update({k.pid: k for k in _kernels(parent)})
        line = batch.stdout.readline() if kernels else ""
        if ": gelukt in " in line:
            first_done = line.split(":")[0]
        elif not kernels:
            time.sleep(0.1)
    assert first_done in SCHOOLS, batch.stderr.read() if batch.poll() is not None else "geen school klaar"
    kernels.update({k.pid: k for k in _kernels(parent)})
    batch.send_signal(signal.SIGINT)
    out, err = batch.communicate(timeout=60)

    assert batch.returncode == 1
    assert "Afgebroken" in out and "Traceback" not in out + err
    left = [k for k in kernels.values() if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert left == [], f"kernels left behind: {[k.pid for k in left]}"
    entries = {e["school"]: e for e in read_summary(tmp_path)["scholen"]}
    assert set(entries) == set(SCHOOLS)
    assert entries[first_done]["status"] == "gelukt"
    assert (tmp_path / first_done / "output" / "01_visie.html").is_file()
    assert (tmp_path / "_batch" / "state" / f"{first_done}.json").is_file()
    not_done = [s for s, e in entries.items() if e["status"] == "niet gedaan"]
    assert not_done, entries
    for school in not_done:
        assert entries[school]["fout"] is None and entries[school]["log"] is None
        assert not (tmp_path / "_batch" / "state" / f"{school}.json").exists()
    assert not list(tmp_path.glob("*/output/*.tmp"))
