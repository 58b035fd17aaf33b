"""Task functions for the isolation tests: the real per-document work, except for a document that asks for a
fault by a marker in its text (a segmentation fault, an endless loop, a memory blow-up, a Python error)."""

from __future__ import annotations

import ctypes

from pipeline.model import Document
from pipeline.workers import process_payload

SEGFAULT, ENDLESS, BLOW_UP, ERROR = "FAULT-SEGV", "FAULT-LOOP", "FAULT-MEMORY", "FAULT-ERROR"


def faulty_task(doc: Document) -> bytes:
    if SEGFAULT in doc.text:
        ctypes.string_at(0)  # reads address 0: SIGSEGV, as a native library's bug would
    if ENDLESS in doc.text:
        while True:
            pass
    if BLOW_UP in doc.text:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))  # zero-filled, so resident at once
    if ERROR in doc.text:
        raise RuntimeError("a bug of one document")
    return process_payload(doc)


def slow_task(doc: Document) -> bytes:
    """The real work, a second slower: a build lasts long enough to kill a worker in the middle of it."""
    import time

    time.sleep(1.0)
    return process_payload(doc)
