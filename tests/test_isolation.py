"""One document costs only itself: a worker that crashes, hangs or blows up its memory is replaced, its
document is skipped with the reason, and every other document's result is what it would have been."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SEEDS
from faults import BLOW_UP, ENDLESS, ERROR, SEGFAULT, faulty_task

from pipeline.build import build
from pipeline.store import read_build
from pipeline.workers import WorkerPool

EVENT_COLUMNS = ["date_start", "date_end", "precision", "place_name", "lat", "lon", "country_code", "doc_ids"]
FAULTY = "Le 14 septembre 2023, une délégation a visité Khabarovsk. {marker}\n"


def events_of(out):
    events = read_build(out)["events"]
    return events[EVENT_COLUMNS].assign(doc_ids=events["doc_ids"].map(lambda ids: tuple(sorted(ids)))).sort_values(
        ["date_start", "place_name"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def clean_events(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "seeds"
    build([SEEDS], out, refresh=True)
    return events_of(out)


@pytest.mark.parametrize("marker,reason", [
    (SEGFAULT, "worker crashed (signal 11, SIGSEGV)"),
    (ENDLESS, "timed out after 4 s"),
    (BLOW_UP, "over 1.0 GB of memory"),
    (ERROR, "processing failed: RuntimeError: a bug of one document"),
])
def test_a_failing_document_costs_only_itself(tmp_path, clean_events, marker, reason):
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    # In the middle of the folder (sorted names): the seeds are 000_... to 004_...
    (folder / "002a_faulty.txt").write_text(FAULTY.format(marker=marker), encoding="utf-8")
    pool = WorkerPool(2, task=faulty_task, memory_limit=1024**3, time_base=4)
    try:
        result = build([folder], tmp_path / "out", pool=pool)
    finally:
        pool.close()
    assert result.skipped == [("002a_faulty.txt", reason)]
    assert len(result.documents) == 5
    pd.testing.assert_frame_equal(events_of(tmp_path / "out"), clean_events)
    documents = read_build(tmp_path / "out")["documents"].set_index("doc_id")
    assert documents.loc["002a_faulty.txt", "status"] == "skipped"
    assert documents.loc["002a_faulty.txt", "reason"] == reason

    # Nothing was cached for it: the next build (with working workers) processes it, and reuses the rest.
    again = build([folder], tmp_path / "out")
    assert again.skipped == [] and again.reused == 5 and len(again.documents) == 6


def test_the_command_line_exits_1_and_names_the_document(tmp_path):
    """The real command line, with the faulty task in its workers: exit status 1, the document named, the rest written."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "002a_faulty.txt").write_text(FAULTY.format(marker=SEGFAULT), encoding="utf-8")
    code = ("import sys; sys.path.insert(0, 'tests'); from faults import faulty_task; import pipeline.build as b; "
            "b.make_pool = lambda jobs: b.WorkerPool(jobs, task=faulty_task); "
            "from pipeline.cli import main; sys.exit(main(sys.argv[1:]))")
    finished = subprocess.run([sys.executable, "-c", code, "build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2"],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 1, finished.stdout + finished.stderr
    assert "skipped 002a_faulty.txt: worker crashed (signal 11, SIGSEGV)" in finished.stdout
    assert "documents read     5" in finished.stdout
    assert (tmp_path / "out" / "events.parquet").exists()


def test_workers_never_run_the_parents_main_script(tmp_path, monkeypatch):
    """In the dashboard `__main__` is app.py; a new worker must not run it (it would run the whole app)."""
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "script.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    pool = WorkerPool(1, task=faulty_task)
    try:
        folder = tmp_path / "one"
        folder.mkdir()
        (folder / "a.txt").write_text("Le 3 mars 2024, une réunion a eu lieu à Lyon.\n", encoding="utf-8")
        result = build([folder], tmp_path / "out", pool=pool)
    finally:
        pool.close()
    assert result.skipped == [] and len(result.documents) == 1
    assert not marker.exists()
    assert sys.modules["__main__"] is main


def test_a_build_process_runs_only_when_the_server_leaves_the_cpu_idle():
    """Reading never waits behind building: a build's process (and the workers it forks) takes Linux's idle class."""
    probe = ("import os; from pipeline import service; service._yield_the_cpu(); "
             "print(os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    policy, niceness = (int(n) for n in done.stdout.split())
    assert policy == os.SCHED_IDLE and niceness >= 10
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # this process (a server's) keeps its class
