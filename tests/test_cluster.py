"""The per-document map on a Dask distributed cluster (issue 16): a LocalCluster from the command line, and a
scheduler and two workers started as separate processes on localhost (loopback only). The events are those of
the one-process build; a worker killed mid-build loses nothing; a document that crashes every worker it meets
is skipped with its reason after a bounded number of tries; the client's reuse cache serves a second build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEEDS
from faults import ENDLESS, SEGFAULT, faulty_task, slow_task

from pipeline.build import build
from pipeline.store import read_build, read_partitioned

pytest.importorskip("distributed")

COLUMNS = ["event_id", "date_start", "date_end", "precision", "place_name", "lat", "lon"]
FAULTY = "Le 14 septembre 2023, une délégation a visité Khabarovsk. {marker}\n"


def events_of(out: Path) -> pd.DataFrame:
    return read_build(out)["events"][COLUMNS].sort_values(["event_id"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    out = tmp_path_factory.mktemp("one-process") / "seeds"
    build([SEEDS], out, refresh=True, jobs=0)
    return events_of(out)


def test_workers_2_from_the_command_line_gives_the_one_process_events(tmp_path, one_process, monkeypatch):
    import types

    from pipeline.cli import main

    # As in the dashboard (whose `__main__` is app.py), the new worker processes must not run the main script.
    marker, script = tmp_path / "ran", tmp_path / "script.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    out = tmp_path / "seeds"
    assert main(["build", str(SEEDS), "--out", str(out), "--workers", "2", "--full", "--quiet"]) == 0
    assert not marker.exists() and sys.modules["__main__"] is fake_main
    events = events_of(out)
    assert len(events) == len(one_process) > 0
    pd.testing.assert_frame_equal(events, one_process, check_exact=True)
    # The events also as a dataset partitioned by year, the same rows as events.parquet.
    assert sorted(p.name for p in (out / "events").iterdir())[0].startswith("year=")
    partitioned = read_partitioned(out)
    assert (partitioned["year"].astype(int) == partitioned["date_start"].str[:4].astype(int)).all()
    pd.testing.assert_frame_equal(partitioned[COLUMNS].sort_values("event_id").reset_index(drop=True), one_process)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """`dask scheduler` and two `dask worker` processes (each with its nanny, one thread), on loopback only. The
    scheduler allows one worker death per task (Dask's default is 3), to keep the poison test short."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    dask = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)]),
           "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    logs = (folder / "scheduler.log").open("w")
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(scheduler_file)], env=env, stdout=logs, stderr=logs)]
    try:
        for _ in range(600):
            if scheduler_file.exists() and scheduler_file.stat().st_size:
                break
            time.sleep(0.1)
        for name in ("w1", "w2"):
            log = (folder / f"{name}.log").open("w")
            processes.append(subprocess.Popen(
                [dask, "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1", "--name", name,
                 "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "4GB"], env=env, stdout=log, stderr=log))
        with Client(scheduler_file=str(scheduler_file), timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield json.loads(scheduler_file.read_text())["address"]
    finally:
        try:
            with Client(scheduler_file=str(scheduler_file), timeout=10) as client:
                client.shutdown()  # the scheduler closes its workers, then itself
        except Exception:  # noqa: BLE001 - whatever is left is ended below
            pass
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_scheduler_and_two_worker_processes_give_the_same_events_and_the_cache_serves_again(tmp_path, scheduler,
                                                                                              one_process):
    from pipeline.cluster import DaskPool, loaded_state

    pool = DaskPool(scheduler, batch_size=2)
    try:
        first = build([SEEDS], tmp_path / "seeds", refresh=True, pool=pool)
        assert first.skipped == [] and len(first.documents) == 5
        pd.testing.assert_frame_equal(events_of(tmp_path / "seeds"), one_process, check_exact=True)
        # Models loaded once per worker, by the plugin when it started; the tasks used those very objects.
        states = pool.client.run(loaded_state)
        assert len(states) == 2
        for state in states.values():
            assert len(state["setups"]) == 1 and state["setups"][0]["models"] == state["models"] and "fr" in state["models"]
        # The client writes the reuse cache: a second build against the cluster processes nothing.
        again = build([SEEDS], tmp_path / "seeds", pool=pool)
        assert again.reused == 5 and again.skipped == []
        pd.testing.assert_frame_equal(events_of(tmp_path / "seeds"), one_process, check_exact=True)
    finally:
        pool.close()


def test_a_worker_killed_mid_build_loses_nothing(tmp_path, scheduler, one_process):
    from pipeline.cluster import DaskPool

    pool = DaskPool(scheduler, task=slow_task, batch_size=1)
    killed: list[int] = []

    def kill_a_busy_worker(done: int, total: int, doc_id: str) -> None:
        if killed:
            return
        busy = [address for address, keys in pool.client.processing().items() if keys]
        if busy:
            pid = pool.client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)  # the worker process, as the kernel's OOM killer would; its nanny restarts it
            killed.append(pid)

    try:
        result = build([SEEDS], tmp_path / "seeds", kill_a_busy_worker, refresh=True, pool=pool)
    finally:
        pool.close()
    assert killed, "no worker was busy when the first result came"
    assert result.skipped == [] and len(result.documents) == 5
    pd.testing.assert_frame_equal(events_of(tmp_path / "seeds"), one_process, check_exact=True)


def test_a_document_that_crashes_every_worker_is_skipped_after_bounded_tries(tmp_path, scheduler, one_process):
    from pipeline.cluster import DaskPool

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "002a_faulty.txt").write_text(FAULTY.format(marker=SEGFAULT), encoding="utf-8")
    pool = DaskPool(scheduler, task=faulty_task)
    try:
        result = build([folder], tmp_path / "out", refresh=True, pool=pool)
    finally:
        pool.close()
    assert [name for name, _ in result.skipped] == ["002a_faulty.txt"]
    assert result.skipped[0][1].startswith("worker crashed repeatedly (2 tries"), result.skipped
    assert len(result.documents) == 5
    assert sorted(pool.retried) == list(range(6))  # its batch's documents were sent again one by one
    pd.testing.assert_frame_equal(events_of(tmp_path / "out"), one_process, check_exact=True)


def test_a_document_past_its_time_limit_is_skipped_with_the_reason(tmp_path, scheduler, one_process):
    """Dask cannot stop a running task: the task's own watchdog ends its worker and says why, as a cluster event."""
    from pipeline.cluster import DaskPool

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "002a_faulty.txt").write_text(FAULTY.format(marker=ENDLESS), encoding="utf-8")
    pool = DaskPool(scheduler, task=faulty_task, time_base=3)
    try:
        result = build([folder], tmp_path / "out", refresh=True, pool=pool)
    finally:
        pool.close()
    assert result.skipped == [("002a_faulty.txt", "timed out after 3 s")]
    pd.testing.assert_frame_equal(events_of(tmp_path / "out"), one_process, check_exact=True)


def test_inputs_through_fsspec_urls_read_as_the_local_folder():
    import fsspec

    from pipeline.build import BuildResult, load_documents
    from pipeline.ingest import local_inputs

    memory = fsspec.filesystem("memory")
    for path in SEEDS.iterdir():
        memory.pipe(f"/chronomap-test/seeds/{path.name}", path.read_bytes())
    expected = [(d.doc_id, d.text, d.published) for d in load_documents([SEEDS], BuildResult())]
    for url in ("memory://chronomap-test/seeds", SEEDS.as_uri()):
        with local_inputs([url]) as inputs:
            assert [(d.doc_id, d.text, d.published) for d in load_documents(inputs, BuildResult())] == expected
            staged = inputs[0]
        assert staged == SEEDS or not staged.exists()  # a copy lives only for the build
    with pytest.raises(FileNotFoundError), local_inputs(["memory://chronomap-test/missing"]):
        pass


def test_dask_is_imported_only_for_a_cluster_build():
    """The dashboard, which only views builds (and builds uploads on its local pool), never imports Dask."""
    code = ("import sys, pipeline.build, pipeline.cli, pipeline.store, pipeline.ingest, dashboard; "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.stdout.strip() == "[]", shown.stdout + shown.stderr


def test_the_command_line_refuses_jobs_with_a_cluster(capsys):
    from pipeline.cli import main

    with pytest.raises(SystemExit):
        main(["build", str(SEEDS), "--out", "unused", "--jobs", "2", "--workers", "2"])
    assert "not allowed with argument" in capsys.readouterr().err
