"""kit batch --scheduler: the schools run on a Dask cluster whose workers get inputs and return outputs as bytes."""

from __future__ import annotations

import json

import pytest
from batch_fixtures import break_profile, break_store, copy_school, read_summary

distributed = pytest.importorskip("distributed")

NOTEBOOK = "00_start"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as local:
        yield local


def test_batch_on_a_local_cluster(cluster, demo_source, tmp_path, kit):
    copy_school(demo_source, "demo-school", tmp_path, "obs-de-linde")
    copy_school(demo_source, "demo-vo", tmp_path, "het-baken")
    break_store(copy_school(demo_source, "demo-school", tmp_path, "obs-faalt"))
    break_profile(copy_school(demo_source, "demo-school", tmp_path, "obs-kapot"))
    with distributed.Client(cluster) as client:  # the workers cannot see the workspace's files:
        assert all(str(tmp_path) not in info for info in client.run(lambda: "").values())

    status, out, err = kit("batch", tmp_path, "--scheduler", cluster.scheduler_address, "--notebooks", NOTEBOOK,
                           "--geen-balk")

    assert status == 1, err
    entries = {e["school"]: e for e in read_summary(tmp_path)["scholen"]}
    assert {s: e["status"] for s, e in entries.items()} == {
        "het-baken": "gelukt", "obs-de-linde": "gelukt", "obs-faalt": "mislukt", "obs-kapot": "profiel ongeldig"}
    assert "StoreError" in entries["obs-faalt"]["fout"]
    assert str(tmp_path / "obs-faalt") in entries["obs-faalt"]["fout"]  # the worker's folder named as ours
    assert "kit-batch-remote" not in (tmp_path / "_batch" / "logs" / "obs-faalt.log").read_text(encoding="utf-8")
    assert entries["obs-kapot"]["fout"].startswith("school.yaml: regel ")
    for school, name in (("obs-de-linde", "OBS De Regenboog"), ("het-baken", "Het Baken College")):
        output = tmp_path / school / "output"
        assert name in (output / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
        executed = json.loads((output / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
        assert executed["metadata"]["papermill"]["parameters"] == {
            "school_dir": str(tmp_path / school), "output_dir": str(output)}
        assert (tmp_path / "_batch" / "state" / f"{school}.json").is_file()
    assert not (tmp_path / "obs-faalt" / "output" / f"{NOTEBOOK}.html").exists()
    assert (tmp_path / "_batch" / "werk" / "obs-faalt" / f"{NOTEBOOK}.ipynb").is_file()  # partial, to inspect
    assert "het-baken: gelukt in " in out and "Naar het Dask-cluster op tcp://" in out

    # unchanged: skipped without asking the cluster
    status, out, _ = kit("batch", tmp_path, "--scheduler", cluster.scheduler_address, "--notebooks", NOTEBOOK,
                         "--schools", "obs-de-linde,het-baken", "--geen-balk")
    assert status == 0 and "Naar het Dask-cluster" not in out
    assert [e["status"] for e in read_summary(tmp_path)["scholen"]] == ["overgeslagen", "overgeslagen"]


def test_unreachable_scheduler_is_a_dutch_error(demo_source, tmp_path, kit):
    copy_school(demo_source, "demo-school", tmp_path, "obs-de-linde")
    status, _, err = kit("batch", tmp_path, "--scheduler", "tcp://127.0.0.1:9", "--notebooks", NOTEBOOK)
    assert status == 2 and "niet bereikbaar" in err and "Traceback" not in err
    status, _, err = kit("batch", tmp_path, "--scheduler", "10.0.0.5")
    assert status == 2 and "geen adres van een Dask-scheduler" in err
