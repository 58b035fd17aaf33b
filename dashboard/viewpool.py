"""View workers: a shared server draws readers' new views (the map's points, labels and routes, the timelines'
specs) in a few long-lived processes of its own, not in the process that serves every session.

Streamlit runs each session's script in a thread of one process, and Python runs one thread at a time: a reader
who only selects an event (a few milliseconds) waited behind other readers' brushes, each a new view of hundreds
of events to lay out (about a tenth of a second), and the server's second core stayed idle. Here a new view is
sent to an idle worker (its events' drawn columns, pickled: a millisecond for a thousand events) and the session's
thread waits on a pipe, which lets every other session run. Workers are started with `spawn` (never forked from
a server full of threads), import only the drawing modules, and say when they are ready; until one is (a server's
first seconds), or if one fails or dies, the view is drawn in the server as before, and a dead worker is
replaced. No worker ever sees a build's path, a session or the NLP.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
import time
import types
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeVar

Result = TypeVar("Result")
CALL_TIMEOUT = 60.0  # seconds; a view that takes longer is drawn in the server instead, its worker replaced
_MAIN_LOCK = threading.Lock()


class ViewPool:
    """`size` worker processes; `run(function, *args)` calls a module-level function in an idle one."""

    def __init__(self, size: int):
        self.size = max(0, size)
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.SimpleQueue[_ViewWorker] = queue.SimpleQueue()
        self._starting: list[_ViewWorker] = []
        self._lock = threading.Lock()
        self.drawn_in_workers = 0
        for _ in range(self.size):
            self._starting.append(_ViewWorker(self._context))

    def run(self, function: Callable[..., Result], *args: Any) -> Result:
        worker = self._acquire()
        if worker is None:
            return function(*args)
        try:
            worker.conn.send((function, args))
            if not worker.conn.poll(CALL_TIMEOUT):
                raise TimeoutError(f"{function.__name__} took over {CALL_TIMEOUT:.0f} s")
            ok, value = worker.conn.recv()
        except (EOFError, OSError, TimeoutError):
            self._replace(worker)
            return function(*args)
        self._idle.put(worker)
        if not ok:  # the worker's own error: drawn here again, so that it is raised (or logged) in the server
            return function(*args)
        self.drawn_in_workers += 1
        return value

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every worker has started (a test's, or a deployment's warm-up); whether they all have."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if all(worker.ready() for worker in self._starting):
                    return True
            time.sleep(0.05)
        return False

    def _acquire(self) -> _ViewWorker | None:
        """An idle worker; while every ready worker is busy, wait for one (the wait holds no lock every other
        session needs); none while no worker is ready yet."""
        with self._lock:
            for worker in list(self._starting):
                if worker.ready():
                    self._starting.remove(worker)
                    self._idle.put(worker)
                elif not worker.process.is_alive():
                    self._starting.remove(worker)
                    self._starting.append(_ViewWorker(self._context))
            if len(self._starting) == self.size:
                return None
        try:
            return self._idle.get(timeout=CALL_TIMEOUT)
        except queue.Empty:
            return None

    def _replace(self, worker: _ViewWorker) -> None:
        worker.stop()
        with self._lock:
            self._starting.append(_ViewWorker(self._context))

    def close(self) -> None:
        with self._lock:
            workers = list(self._starting)
            self._starting.clear()
        while True:
            try:
                workers.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in workers:
            worker.stop()


class _ViewWorker:
    def __init__(self, context):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child,), daemon=True, name="chronomap-views")
        with _without_main_module():
            self.process.start()
        child.close()
        self._ready = False

    def ready(self) -> bool:
        if not self._ready and self.process.is_alive() and self.conn.poll(0):
            try:
                self._ready = self.conn.recv() == "ready"
            except (EOFError, OSError):
                return False
        return self._ready

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _serve(conn) -> None:
    """A worker: import the drawing modules once, say so, then draw what it is sent until the pipe closes."""
    from dashboard import specs

    specs.warm()  # what every first view would pay (Altair's assembly of the timeline) is paid before "ready"
    conn.send("ready")
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send((True, function(*args)))
        except Exception as error:  # noqa: BLE001  (any failure is reported; the server draws the view itself)
            conn.send((False, repr(error)))


@contextmanager
def _without_main_module():
    """multiprocessing's spawn runs the parent's `__main__` again in the child; in the dashboard that is app.py
    (Streamlit makes the running script `__main__`), which a view worker must not run: while a worker starts,
    `__main__` is an empty module (as `pipeline.workers` does for its workers)."""
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main
