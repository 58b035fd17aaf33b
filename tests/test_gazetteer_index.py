"""The compiled gazetteer index: several processes may compile it at once on a fresh machine (setup beside a
first build, a cluster's workers, replicas sharing one cache folder); each must end with a whole index."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

from pipeline import gazetteer


def _slow_rows():
    for number in range(200):
        if number == 50:
            time.sleep(0.5)  # long enough for the other process to be writing at the same time
        yield ({"pid": f"t{number}", "name": f"Place {number}", "kind": "city", "subkind": "", "lat": 1.0, "lon": 2.0,
                "cc": "FR", "admin1": "", "population": number, "source": "test"}, [f"Place {number}"])


def _compile(target: str) -> None:
    gazetteer._rows_from_sources = _slow_rows
    gazetteer.compile_index(Path(target))


def test_processes_compiling_at_once_each_end_with_a_whole_index(tmp_path: Path) -> None:
    target = tmp_path / "gazetteer-test.sqlite"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_compile, args=(str(target),)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT count(*) FROM place").fetchone()[0] == 200
    assert not list(tmp_path.glob("*.tmp*"))
