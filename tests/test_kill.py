"""A build killed at any moment (SIGKILL) leaves the previous build intact and readable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
from conftest import DATA, ROOT

from pipeline.store import read_build


def test_sigkill_at_random_moments_never_breaks_the_previous_build(seeds_build, tmp_path):
    out = tmp_path / "build"
    command = [sys.executable, "-m", "pipeline", "build", str(DATA / "english"), "--out", str(out), "--quiet"]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    before = read_build(out)["events"]

    # --full processes every document and rewrites the reuse cache, so a kill can land in processing, in a
    # cache write or in publishing the build.
    full_command = [*command, "--full"]
    started = time.perf_counter()
    subprocess.run(full_command, check=True, cwd=ROOT, capture_output=True)
    full = time.perf_counter() - started

    rng = random.Random(20261122)
    delays = sorted(rng.uniform(0.2, full * 1.1) for _ in range(6)) + [full * 0.95, full * 0.99]
    for delay in delays:
        process = subprocess.Popen(full_command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        after = read_build(out)["events"]  # never half-written, never missing
        pd.testing.assert_frame_equal(after.reset_index(drop=True), before.reset_index(drop=True))

    # The reuse cache survives the kills: the next ordinary build completes, from it, with the same events.
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "reused unchanged 2" in finished.stdout
    assert "damaged" not in finished.stdout
    pd.testing.assert_frame_equal(read_build(out)["events"].reset_index(drop=True), before.reset_index(drop=True))
