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

import functools
import multiprocessing
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")
CALL_TIMEOUT = 60.0  # seconds; a view that takes longer is drawn in the server instead, its worker replaced


class ViewPool:
    """`size` worker processes; `run(function, *args)` calls a module-level function in an idle one."""

    def __init__(self, size: int):
        self.size = max(0, size)
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.SimpleQueue[_ViewWorker] = queue.SimpleQueue()
        self._starting: list[_ViewWorker] = []
        self._lock = threading.Lock()
        self.drawn_in_workers = 0
        # Threads that only wait on the workers' pipes (without the interpreter lock): a session's charts are
        # drawn at the same time, one per worker, not one after the other.
        self._waiters = ThreadPoolExecutor(max_workers=max(1, 4 * self.size), thread_name_prefix="chronomap-views")
        for _ in range(self.size):
            self._starting.append(_ViewWorker(self._context))

    def fill(self, future: Future, function: Callable[..., Any], *args: Any) -> None:
        """Draw into `future`: in a worker, returning at once; without workers, here and now."""
        if self.size:
            self._waiters.submit(_settle, future, functools.partial(self.run, function), *args)
        else:
            _settle(future, function, *args)

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
        self._waiters.shutdown(wait=False)


class _Narrowed:
    """A first argument narrowed only when the drawing starts, in the thread that waits for it."""

    def __init__(self, narrow: Callable[[Any], Any], value: Any):
        self.narrow, self.value = narrow, value


def _settle(future: Future, function: Callable[..., Any], *args: Any) -> None:
    try:
        if args and isinstance(args[0], _Narrowed):
            args = (args[0].narrow(args[0].value), *args[1:])
        future.set_result(function(*args))
    except Exception as error:  # noqa: BLE001  (the reader who waits for this view sees the error)
        future.set_exception(error)


class Drawings:
    """The views drawn, or being drawn, for every session of a server, by key; the newest `entries` are kept. A view
    that several readers ask for at once is drawn once; the charts of one rerun are started together and drawn
    at the same time by the pool's workers; a view whose drawing failed is drawn again when next asked for."""

    def __init__(self, pool: ViewPool, entries: int = 64, narrow: Callable[[Any], Any] | None = None):
        self.pool = pool
        self.entries = entries
        self.narrow = narrow  # applied to a drawing's first argument (a view's rows) off the caller's thread
        self._drawn: OrderedDict[Hashable, Future] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, key: Hashable, function: Callable[..., Any], *args: Any) -> Future:
        with self._lock:
            future = self._drawn.get(key)
            if future is not None:
                self._drawn.move_to_end(key)
                return future
            future = self._drawn[key] = Future()
            while len(self._drawn) > self.entries:
                self._drawn.popitem(last=False)
        if self.narrow is not None and args:
            args = (_Narrowed(self.narrow, args[0]), *args[1:])
        self.pool.fill(future, function, *args)
        return future

    def get(self, key: Hashable, function: Callable[..., Result], *args: Any) -> Result:
        future = self.start(key, function, *args)
        try:
            return future.result()
        except Exception:
            with self._lock:
                if self._drawn.get(key) is future:
                    del self._drawn[key]
            raise


class _ViewWorker:
    def __init__(self, context):
        # spawn runs the parent's `__main__` again in the child, which in the dashboard is app.py: blanked while a
        # worker starts, as for the pipeline's workers (a light module: the model and the standard library).
        from pipeline.workers import _without_main_module

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
    from dashboard import specs, timeline  # noqa: F401  (specs: the functions it will be sent, and their imports)

    timeline.warm()  # what every first view would pay (Altair's assembly of the timeline) is paid before "ready"
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
