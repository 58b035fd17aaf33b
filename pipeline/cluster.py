"""The per-document map on a Dask distributed cluster: the same task function as the local worker pool.

`DaskPool` has the interface of `WorkerPool` and `InProcess` (`map(docs)` yields `(position, bytes | Failure)` as
documents finish; `close()`), so `build.run(..., pool=DaskPool(...))` changes nothing else: ingest, the reuse
cache, the cross-document reduce (events, threads) and the atomic write all stay in the client.

- Documents go to the workers in batches (at most `batch_size` documents or `batch_characters` characters of
  text per task), with `Client.submit`; results are taken as they complete (`as_completed`).
- Inside a task, a Python error of one document is that document's `Failure`, not a task error (as the local
  workers do).
- Models and the gazetteer are loaded once per worker, when it starts, by a worker plugin (`ModelsPlugin`); the
  pipeline's module-level caches keep them for every later task on that worker.
- A worker that dies (killed, a native crash) loses nothing: Dask reschedules its tasks on the other workers.
  A task whose workers died more than `distributed.scheduler.allowed-failures` times ends in `KilledWorker`;
  its documents are then sent again one per task, so a document that crashes every worker it meets costs only
  itself: it is reported as `Failure("worker crashed repeatedly (...)")` after that bounded number of tries.
- Time limit: Dask has no per-task time limit (a running task's thread cannot be stopped), so each task keeps a
  watchdog: a document that outlives the local pool's limit (60 s plus 0.2 ms per character) has its worker
  process ended (the nanny starts another), the reason is logged as a cluster event, and the document is
  reported with it. Memory: a worker's nanny ends a worker past its `--memory-limit` (Dask's own rule); such a
  document ends as "worker crashed repeatedly".

`dask`/`distributed` are imported only here, and only when a cluster build is asked for.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import Any

from .model import Document
from .workers import MEMORY_LIMIT, SECONDS_PER_CHARACTER, TIME_BASE, Failure, Task, _without_main_module, process_payload

# A batch is a few seconds of work at most (about 15,000 characters a second): few tasks for the scheduler, and
# the last ones still spread over the workers.
BATCH_SIZE = 8
BATCH_CHARACTERS = 50_000
# Tasks in flight: this many per worker thread (at least MIN_WINDOW), the rest waits in the client.
WINDOW_PER_THREAD = 4
MIN_WINDOW = 8
# A document sent alone whose worker died while it only waited in that worker's queue is sent again, this often.
RESEND_BYSTANDER = 2

# ---------------------------------------------------------------------------
# The worker side


_SETUPS: list[dict] = []  # what ModelsPlugin.setup did in this process (a test reads it: once per worker)


def load_models() -> dict:
    """Import the pipeline and load every installed model and the gazetteer, once per process."""
    from . import _preload  # noqa: F401  (imports the stages and loads the installed spaCy models)
    from .gazetteer import shared
    from .nlp import _LOADED

    shared()
    record = {"pid": os.getpid(), "models": {language: id(model) for language, model in _LOADED.items()}}
    _SETUPS.append(record)
    return record


def loaded_state() -> dict:
    """What this worker has loaded (for tests and diagnostics): its setups and the models now in use."""
    from .nlp import _LOADED

    return {"pid": os.getpid(), "setups": list(_SETUPS), "models": {lang: id(m) for lang, m in _LOADED.items()}}


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class ModelsPlugin(WorkerPlugin):
        """Loads spaCy's models and the gazetteer when a worker starts (and when its nanny restarts it)."""

        name = "chronomap-models"

        def setup(self, worker) -> None:
            load_models()

    return ModelsPlugin


def document_limit(doc: Document, time_base: float = TIME_BASE) -> float:
    return time_base + SECONDS_PER_CHARACTER * len(doc.text)


def run_batch(task: Task, batch: list[tuple[int, Document]], time_base: float = TIME_BASE,
              announce: str | None = None, expired: str = "chronomap-expired") -> list[tuple[int, str, Any]]:
    """Process a batch on a worker: (position, "ok", bytes) or (position, "failed", reason) for each document.

    With `announce` (a topic), the start of each document is logged as a cluster event first, so that when a
    worker dies the client can tell the document it was running from those merely queued beside it. A document
    past its time limit is logged under the topic `expired`, and its worker process ends."""
    answers: list[tuple[int, str, Any]] = []
    worker = _this_worker()
    for position, doc in batch:
        if announce:
            _announce(announce, position)
        limit = document_limit(doc, time_base)
        watchdog = None
        if worker is not None:  # on a Dask worker (run elsewhere, nothing is ended)
            watchdog = threading.Timer(limit, _expire, args=(worker, expired, doc.doc_id, f"timed out after {limit:.0f} s"))
            watchdog.daemon = True
            watchdog.start()
        try:
            answers.append((position, "ok", task(doc)))
        except MemoryError:
            answers.append((position, "failed", "processing failed: out of memory"))
        except Exception as err:  # noqa: BLE001 - any error of one document is reported for that document
            answers.append((position, "failed", f"processing failed: {type(err).__name__}: {err}"))
        finally:
            if watchdog is not None:
                watchdog.cancel()
    return answers


def _this_worker():
    """The Dask worker running this task (known only in the task's own thread), or None outside a worker."""
    try:
        from distributed import get_worker

        return get_worker()
    except (ImportError, ValueError):
        return None


def _announce(topic: str, position: int) -> None:
    worker = _this_worker()
    if worker is not None:
        worker.log_event(topic, position)
        time.sleep(0.05)  # the event leaves with the worker's next batched message (every 2 ms), before a crash


def _expire(worker, topic: str, doc_id: str, reason: str) -> None:
    """A document outlived its time limit: say so on the cluster, then end this worker process (the task's thread
    cannot be stopped otherwise); its nanny starts a fresh worker."""
    try:
        if worker is not None:
            worker.log_event(topic, {"doc_id": doc_id, "reason": reason})
            time.sleep(0.5)  # let the event reach the scheduler
    finally:
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------
# The client side


def local_cluster(workers: int, memory_limit: int | str | None = None):
    """A LocalCluster of `workers` processes with one thread each (spaCy holds the GIL: threads would not help)."""
    import dask
    from distributed import LocalCluster

    # Results are small and gathered at once: no spilling to disk, and no pausing a worker whose memory stays
    # high after a long document (a paused worker with one thread would hold the build); past the limit the
    # nanny ends the worker, as the local pool does.
    with dask.config.set({"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False,
                          "distributed.worker.memory.pause": False}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            memory_limit=memory_limit if memory_limit is not None else _worker_memory())


def _worker_memory() -> int:
    # A worker holds the models (a few hundred MB) and one document's analysis: the local pool's per-worker limit,
    # at which Dask's nanny ends the worker (it terminates at 95% of the limit).
    return int(MEMORY_LIMIT / 0.95)


class DaskPool:
    """The per-document map on a Dask cluster: `address` of a running scheduler (tcp://HOST:8786), or
    `workers` for a LocalCluster on this machine, or a ready `client`."""

    def __init__(self, address: str | None = None, workers: int | None = None, task: Task | None = None,
                 client=None, batch_size: int = BATCH_SIZE, batch_characters: int = BATCH_CHARACTERS,
                 time_base: float = TIME_BASE, timeout: float = 60):
        from distributed import Client

        self.task = task or process_payload
        self.batch_size = max(1, batch_size)
        self.batch_characters = batch_characters
        self.time_base = time_base
        self.cluster = None
        self._own_client = client is None
        if client is None:
            if address is None:
                with _without_main_module():
                    self.cluster = local_cluster(max(1, workers or 1))
                client = Client(self.cluster)
            elif "://" not in address and os.path.isfile(address):  # a scheduler file (dask scheduler --scheduler-file)
                client = Client(scheduler_file=address, timeout=timeout)
            else:
                client = Client(address, timeout=timeout)
        self.client = client
        self.client.register_plugin(_plugin_class()(), name="chronomap-models")
        self.retried: list[int] = []  # positions sent again singly after their batch's workers kept dying
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    def batches(self, docs: list[Document]) -> list[list[tuple[int, Document]]]:
        batches: list[list[tuple[int, Document]]] = []
        current: list[tuple[int, Document]] = []
        characters = 0
        for position, doc in enumerate(docs):
            if current and (len(current) >= self.batch_size or characters + len(doc.text) > self.batch_characters):
                batches.append(current)
                current, characters = [], 0
            current.append((position, doc))
            characters += len(doc.text)
        if current:
            batches.append(current)
        return batches

    def map(self, docs: Iterable[Document]) -> Iterator[tuple[int, bytes | Failure]]:
        # A LocalCluster's nanny starts a new worker process (spawn) when one dies; as the local pool's workers, it
        # must not run this process's `__main__` script again (in a Streamlit app, the whole app).
        with self._lock, _without_main_module() if self.cluster is not None else nullcontext():
            yield from self._map(list(docs))

    def _map(self, docs: list[Document]) -> Iterator[tuple[int, bytes | Failure]]:
        from distributed import as_completed

        self.retried = []
        if not docs:
            return
        run = uuid.uuid4().hex[:12]
        topics = {"started": f"chronomap-started-{run}", "expired": f"chronomap-expired-{run}"}
        waiting = deque(self.batches(docs))
        batches: dict[str, list[tuple[int, Document]]] = {}
        singles: set[str] = set()
        live: dict[str, Any] = {}
        deaths: Counter[int] = Counter()  # per document sent alone: worker deaths it was in the way of
        resent: Counter[int] = Counter()
        pending = as_completed()

        def submit(batch: list[tuple[int, Document]], single: bool = False) -> None:
            key = f"chronomap-{'doc' if single else 'batch'}-{run}-{batch[0][0]}-{resent[batch[0][0]]}"
            batches[key] = batch
            if single:
                singles.add(key)
            future = self.client.submit(run_batch, self.task, batch, self.time_base, topics["started"] if single else None,
                                        topics["expired"], key=key, pure=False, retries=0)
            live[key] = future
            pending.add(future)

        window = {"size": 0, "asked": 0}

        def fill() -> None:
            # A window of tasks, not the whole archive at once: the scheduler holds only what the workers are about
            # to run, and each result is released from the workers' memory as soon as it is here. The window
            # follows the cluster's threads (workers may join or leave), asked every 50 tasks.
            if window["asked"] % 50 == 0:
                window["size"] = max(MIN_WINDOW, WINDOW_PER_THREAD * sum(self.client.nthreads().values()))
            window["asked"] += 1
            while waiting and len(live) < window["size"]:
                submit(waiting.popleft())

        fill()
        try:
            for future in pending:
                batch = batches.pop(future.key)
                live.pop(future.key, None)
                if future.status == "finished":
                    answers = future.result()
                    future.release()
                    fill()
                    for position, status, value in answers:
                        yield position, value if status == "ok" else Failure(value)
                    continue
                try:
                    error = future.exception()
                except BaseException as err:  # noqa: BLE001 - a cancelled task (a scheduler restarted)
                    error = err
                future.release()
                reasons = self._expired(topics["expired"])
                if _killed_worker(error) and future.key not in singles and len(batch) > 1:
                    # Its workers kept dying: one document may crash every worker it meets. A document that timed
                    # out is reported; each other one is sent again alone, so a crashing document costs only itself.
                    for position, doc in batch:
                        if doc.doc_id in reasons:
                            yield position, Failure(reasons[doc.doc_id])
                        else:
                            self.retried.append(position)
                            submit([(position, doc)], single=True)
                    continue
                if _killed_worker(error) and len(batch) == 1:
                    (position, doc), = batch
                    deaths[position] += error.allowed_failures + 1
                    starts = self._started(topics["started"])[position]
                    if doc.doc_id not in reasons and starts < deaths[position] and resent[position] < RESEND_BYSTANDER:
                        # Not running at every one of those deaths (queued behind the one that was): a bystander.
                        resent[position] += 1
                        submit([(position, doc)], single=True)
                        continue
                fill()
                for position, doc in batch:
                    yield position, Failure(reasons.get(doc.doc_id) or _describe(error))
        finally:
            self.client.cancel(list(live.values()))  # the caller stopped early (an error, Ctrl-C): nothing keeps running

    def _started(self, topic: str) -> Counter[int]:
        try:
            return Counter(msg for _stamp, msg in self.client.get_events(topic) if isinstance(msg, int))
        except Exception:  # noqa: BLE001 - without the events every document sent alone counts as a bystander
            return Counter()

    def _expired(self, topic: str) -> dict[str, str]:
        """Documents whose watchdog ended their worker during this map, with the reason."""
        try:
            events = self.client.get_events(topic)
        except Exception:  # noqa: BLE001 - only the wording of a failure depends on it
            return {}
        return {msg["doc_id"]: msg["reason"] for _stamp, msg in events if isinstance(msg, dict)}

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _killed_worker(error: BaseException | None) -> bool:
    from distributed.scheduler import KilledWorker

    return isinstance(error, KilledWorker)


def _describe(error: BaseException | None) -> str:
    if _killed_worker(error):
        tries = error.allowed_failures + 1
        last = getattr(error.last_worker, "address", "a worker")
        return f"worker crashed repeatedly ({tries} tries, each on a worker that died; the last on {last})"
    return f"processing failed on the cluster: {type(error).__name__}: {error}"
