"""Per-document processing in worker processes: one document, however hostile, costs only itself.

A build is a per-document map (ingest is done; places, dates and the document's date-place links are found)
and a cross-document reduce (events merged across articles). The map runs here, in worker processes, never in
the process that asked for the build (the command line, or the dashboard's server). A worker that dies of a
signal (a native library's segmentation fault), outlives its document's time limit or grows past its memory
limit is killed and replaced; that document is reported as failed with the reason, and every other document's
result is kept. The same task function runs in process (`jobs=0`, for debugging) and, later, on a cluster.

Workers are forked from a fork server that has imported spaCy and loaded the installed models once, so
replacing a worker costs milliseconds and the models' memory is shared between workers.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from .model import Document

MEMORY_LIMIT = int(float(os.environ.get("CHRONOMAP_WORKER_MEMORY_GB", "1.5")) * 1024**3)
# A document may take this long, plus time in proportion to its length: the longest article accepted (2,000,000
# characters) is parsed in about 200 s on one core here, a news article in well under a second.
TIME_BASE = float(os.environ.get("CHRONOMAP_DOCUMENT_SECONDS", "60"))
SECONDS_PER_CHARACTER = 0.0002
POLL_SECONDS = 0.2

Task = Callable[[Document], bytes]


@dataclass
class Failure:
    """Why a document produced nothing (it is listed as skipped with this reason)."""

    reason: str


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"worker crashed (signal {-exitcode}{_signal_name(-exitcode)})"
    return f"worker exited unexpectedly (status {exitcode})"


def _signal_name(number: int) -> str:
    try:
        return f", {signal.Signals(number).name}"
    except ValueError:
        return ""


def gigabytes(size: int) -> str:
    return f"{size / 1024**3:.1f} GB"


def resident_bytes(pid: int) -> int | None:
    """A process's resident memory, from /proc (Linux); None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------------------
# The worker side


def _worker_main(conn: Connection, task: Task) -> None:
    """Process documents sent on `conn` until told to stop; a Python error is an answer, not a death."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build in the parent, which ends its workers
    while True:
        try:
            doc = conn.recv()
        except (EOFError, OSError):
            return
        if doc is None:
            return
        try:
            answer = ("ok", task(doc))
        except MemoryError:
            answer = ("failed", "processing failed: out of memory")
        except Exception as err:  # noqa: BLE001 - any error of one document is reported for that document
            answer = ("failed", f"processing failed: {type(err).__name__}: {err}")
            if os.environ.get("CHRONOMAP_DEBUG"):
                traceback.print_exc()
        try:
            conn.send(answer)
        except OSError:  # the parent is gone (killed): nothing left to do
            return


_MAIN_LOCK = threading.Lock()


@contextmanager
def _without_main_module() -> Iterator[None]:
    """multiprocessing runs the parent's `__main__` script again in every new child (spawn and forkserver alike);
    in the dashboard that script is app.py (Streamlit makes the running script `__main__`), so each worker would
    run the whole app, and a first start would build the seeds from inside a worker. Workers need nothing of it:
    while a worker starts, `__main__` is an empty module, which the child does not re-run."""
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class _Worker:
    def __init__(self, context, task: Task):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(child, task), daemon=True, name="chronomap-worker")
        with _without_main_module():
            self.process.start()
        child.close()
        self.job: tuple[int, Document] | None = None
        self.started = 0.0
        self.deadline = 0.0
        self.limit = 0.0
        self.peak = 0  # the largest resident size seen while it held its current document

    def give(self, index: int, doc: Document, limit: float) -> None:
        self.job = (index, doc)
        self.limit = limit
        self.started = time.monotonic()
        self.deadline = self.started + self.limit
        self.peak = 0
        self.conn.send(doc)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


# ---------------------------------------------------------------------------
# The parent side


class WorkerPool:
    """A bounded set of worker processes that process documents one at a time each.

    `map` yields (index, result or Failure) as documents finish, in any order. One map runs at a time per pool
    (a second caller waits: the dashboard's uploads queue here).
    """

    def __init__(self, jobs: int | None = None, task: Task | None = None, memory_limit: int = MEMORY_LIMIT,
                 time_base: float = TIME_BASE, context=None):
        self.jobs = max(1, jobs or default_jobs())
        self.task = task or process_payload
        self.memory_limit = memory_limit
        self.time_base = time_base
        self._context = context or _context()  # a build process forks its workers from itself (models loaded)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self.stats: dict[int, tuple[float, int]] = {}  # per document of the last map: seconds, peak resident bytes

    def map(self, docs: Iterable[Document]) -> Iterator[tuple[int, bytes | Failure]]:
        with self._lock:
            yield from self._map(list(docs))

    def _map(self, docs: list[Document]) -> Iterator[tuple[int, bytes | Failure]]:
        pending = deque(enumerate(docs))
        busy: list[_Worker] = []
        self.stats = {}
        try:
            while pending or busy:
                while pending and len(busy) < self.jobs:
                    worker = self._idle.pop() if self._idle else _Worker(self._context, self.task)
                    index, doc = pending.popleft()
                    try:
                        worker.give(index, doc, self.time_base + SECONDS_PER_CHARACTER * len(doc.text))
                    except (OSError, ValueError):  # the idle worker had died: start another for the document
                        worker.stop(kill=True)
                        pending.appendleft((index, doc))
                        continue
                    busy.append(worker)
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
                for worker in list(busy):
                    outcome = self._check(worker)
                    if outcome is None:
                        continue
                    busy.remove(worker)
                    index = worker.job[0]
                    self.stats[index] = (time.monotonic() - worker.started, worker.peak)
                    worker.job = None
                    if worker.process.is_alive():  # a killed or dead worker is simply not reused
                        self._idle.append(worker)
                    yield index, outcome
        finally:
            for worker in busy:  # the caller stopped early (an exception, Ctrl-C): no worker outlives its job
                worker.stop(kill=True)

    def _check(self, worker: _Worker) -> bytes | Failure | None:
        """The worker's answer, a Failure if it died, timed out or grew too large, or None while it works."""
        rss = resident_bytes(worker.process.pid)
        worker.peak = max(worker.peak, rss or 0)
        if worker.conn.poll():
            try:
                status, value = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(timeout=5)
                return Failure(describe_exit(worker.process.exitcode))
            return value if status == "ok" else Failure(value)
        if not worker.process.is_alive():
            worker.process.join(timeout=5)
            worker.conn.close()
            return Failure(describe_exit(worker.process.exitcode))
        if time.monotonic() > worker.deadline:
            worker.stop(kill=True)
            return Failure(f"timed out after {worker.limit:.0f} s")
        if rss is not None and rss > self.memory_limit:
            worker.stop(kill=True)
            return Failure(f"over {gigabytes(self.memory_limit)} of memory")
        return None

    def close(self) -> None:
        with self._lock:
            while self._idle:
                self._idle.pop().stop()


class InProcess:
    """The same map in the calling process: no isolation; for debugging (`--jobs 0`) and the tests of a stage."""

    def __init__(self, task: Task | None = None):
        self.task = task or process_payload

    def map(self, docs: Iterable[Document]) -> Iterator[tuple[int, bytes | Failure]]:
        for index, doc in enumerate(docs):
            try:
                yield index, self.task(doc)
            except Exception as err:  # noqa: BLE001 - one bad document never stops the build
                yield index, Failure(f"processing failed: {type(err).__name__}: {err}")

    def close(self) -> None:
        pass


def process_payload(doc: Document) -> bytes:
    """The per-document map: places, dates and date-place links, encoded as the reuse cache keeps them."""
    from .build import process_document
    from .reuse import encode

    mentions, links = process_document(doc)
    return encode(mentions, links)


_POOLS: dict[int, WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(jobs: int | None = None) -> WorkerPool:
    """One pool per size for the life of the process: its workers keep their models and gazetteer loaded."""
    size = max(1, jobs or default_jobs())
    with _POOLS_LOCK:
        if size not in _POOLS:
            _POOLS[size] = WorkerPool(size)
        return _POOLS[size]


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS.values()):
        pool.close()


def _context():
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline._preload"])
        return context
    return multiprocessing.get_context("spawn")
