"""Builds for a shared server: each build runs whole in a process of its own, never in the server's.

The dashboard's server answers every reader from one process; a build (a reader's upload, the seeds on a first
start) reads files, detects languages, parses with spaCy and merges events: seconds to minutes of CPU and hundreds
of megabytes. Here a build is a child process forked from the workers' fork server (spaCy's models already
loaded), in Linux's idle scheduling class (it runs when the server leaves the CPU idle; elsewhere at a lower
priority, `NICE`), with its own per-document worker processes (a document that crashes or hangs its worker costs
that document only, as in `pipeline.workers`). At most `slots` builds run at once; the others wait in line, and
each caller is told how many builds are ahead of it.

`BuildQueue.submit` yields what a caller shows: ("waiting", builds ahead), ("progress", done, total, document),
then ("done", payload) or ("failed", reason). The server's side only waits on a pipe: no parsing, no pipeline
module imported (spaCy, dateparser, the gazetteer stay out of the server).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

from . import workers

NICE = 10  # builds yield the CPU to the server: a reader's rerun never waits behind a build's parsing
POLL_SECONDS = 0.5


class BuildQueue:
    """At most `slots` builds at a time, in order of arrival, each in its own process with `jobs` workers."""

    def __init__(self, slots: int = 1, jobs: int = 2):
        self.slots = max(1, slots)
        self.jobs = max(1, jobs)
        self._line: list[object] = []  # tickets in order of arrival: the first `slots` are building
        self._changed = threading.Condition()

    def ahead(self, ticket: object) -> int:
        with self._changed:
            return self._line.index(ticket)

    def submit(self, inputs: list[Path], out: Path | None = None, max_characters: int | None = None,
               task: workers.Task | None = None) -> Iterator[tuple]:
        """Build `inputs` (into `out`, a build folder, or else returned as frames); see the module's docstring.
        Close the iterator (or exhaust it) to leave the line: a build abandoned half-way is killed."""
        ticket = object()
        with self._changed:
            self._line.append(ticket)
        try:
            while True:
                with self._changed:
                    position = self._line.index(ticket)
                    if position < self.slots:
                        break
                yield ("waiting", position)
                with self._changed:
                    self._changed.wait(POLL_SECONDS)
            # The task is looked up now, in the caller's process: a test that replaces it there is obeyed.
            yield from _build_in_child(inputs, out, max_characters, self.jobs, task or workers.process_payload)
        finally:
            with self._changed:
                self._line.remove(ticket)
                self._changed.notify_all()


def _build_in_child(inputs: list[Path], out: Path | None, max_characters: int | None, jobs: int,
                    task: workers.Task) -> Iterator[tuple]:
    context = workers._context()
    reader, writer = context.Pipe(duplex=False)
    # Not daemonic: a build process starts worker processes of its own (a daemonic one may not).
    process = context.Process(target=_child_main, args=(writer, [str(p) for p in inputs], str(out) if out else None,
                                                        max_characters, jobs, task), name="chronomap-build")
    with workers._without_main_module():
        process.start()
    writer.close()
    try:
        while True:
            if reader.poll(POLL_SECONDS):
                try:
                    message = reader.recv()
                except (EOFError, OSError):
                    process.join(timeout=10)
                    yield ("failed", f"the build process ended without a result ({workers.describe_exit(process.exitcode)})")
                    return
                yield message
                if message[0] in {"done", "failed"}:
                    return
            elif not process.is_alive():
                process.join(timeout=10)
                yield ("failed", f"the build process ended without a result ({workers.describe_exit(process.exitcode)})")
                return
    finally:
        reader.close()
        process.join(timeout=10)
        if process.is_alive():  # abandoned (the reader left, the server stops): its workers die with their pipes
            process.kill()
            process.join()


def _yield_the_cpu() -> None:
    """A build runs when the readers leave the CPU idle: Linux's idle scheduling class (SCHED_IDLE, inherited by
    its workers) gives a busy server the CPU whatever the build wants; a lower priority (`NICE`) still left the
    build a tenth of a core on a machine whose cores are all taken. Where the class is missing, the nice value."""
    try:
        os.nice(NICE)
    except OSError:
        pass
    idle = getattr(os, "SCHED_IDLE", None)
    if idle is not None:
        try:
            os.sched_setscheduler(0, idle, os.sched_param(0))
        except OSError:
            pass


def _child_main(conn, inputs: list[str], out: str | None, max_characters: int | None, jobs: int, task) -> None:
    """The build, in its own process (forked from the fork server that loaded spaCy's models)."""
    _yield_the_cpu()
    pool = None
    try:
        from .build import build, run
        from .store import documents_frame, events_frame, mentions_frame

        # Workers forked from this process: they inherit its models and its lower priority.
        pool = workers.WorkerPool(jobs, task=task, context=multiprocessing.get_context("fork"))

        def progress(done: int, total: int, name: str) -> None:
            conn.send(("progress", done, total, name))

        paths = [Path(p) for p in inputs]
        if out:
            result = build(paths, Path(out), progress, pool=pool)
            conn.send(("done", {"read": len(result.documents), "events": len(result.events), "skipped": result.skipped}))
        else:
            result = run(paths, progress, max_characters=max_characters, pool=pool)
            conn.send(("done", {
                "read": len(result.documents), "skipped": result.skipped,
                "documents": documents_frame(result.documents, result.skipped),
                "mentions": mentions_frame(result.mentions), "events": events_frame(result.events),
            }))
    except Exception as err:  # noqa: BLE001 - the caller reports any failure of the build
        if os.environ.get("CHRONOMAP_DEBUG"):
            traceback.print_exc()
        try:
            conn.send(("failed", f"{type(err).__name__}: {err}"))
        except OSError:
            pass
    finally:
        if pool is not None:
            pool.close()
        conn.close()
