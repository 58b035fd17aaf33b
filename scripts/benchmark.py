"""Benchmark (not a test): documents per second for a build, cold-start time and peak memory.

    .venv/bin/python scripts/benchmark.py [FOLDER] [--copies N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The gazetteer alone, in a fresh process: open time, lookup rate and what it adds to resident memory.
GAZETTEER_ONLY = """
import resource, time
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from pipeline.gazetteer import shared
t = time.perf_counter(); g = shared(); g.lookup("Paris"); opened = time.perf_counter() - t
names = ["Paris", "Vladivostok", "Komsomolsk-sur-l'Amour", "Springfield", "Turkey", "Xqzzy"] * 200
t = time.perf_counter()
for n in names: g.lookup(n)
rate = len(names) / (time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"gazetteer: open {opened * 1000:.0f} ms, {rate:.0f} lookups/s, resident memory {peak:.0f} MB "
      f"(+{peak - base:.0f} MB over the bare interpreter)")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--copies", type=int, default=20, help="copies of the folder's articles to build (throughput)")
    args = parser.parse_args()

    cold = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); from pipeline.build import run; "
                           "from pipeline.gazetteer import shared; from pipeline.nlp import load_model; shared().lookup('Paris'); "
                           "load_model('fr'); print(time.perf_counter()-t)"], capture_output=True, text=True, cwd=ROOT)
    print(f"cold start (imports, gazetteer open, French model load): {float(cold.stdout.strip()):.2f} s")
    gazetteer = subprocess.run([sys.executable, "-c", GAZETTEER_ONLY], capture_output=True, text=True, cwd=ROOT)
    print(gazetteer.stdout.strip())

    from pipeline.build import build

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        articles = [p for p in args.folder.iterdir() if p.suffix in {".txt", ".md", ".html", ".jsonl"}]
        for copy in range(args.copies):
            for path in articles:
                shutil.copy(path, corpus / f"{copy:03d}_{path.name}")
        build([args.folder], Path(tmp) / "warm")  # warm the models so throughput measures the pipeline
        started = time.perf_counter()
        result = build([corpus], Path(tmp) / "out")
        elapsed = time.perf_counter() - started
    count = len(result.documents)
    chars = sum(len(d.text) for d in result.documents)
    print(f"build: {count} documents ({chars / 1000:.0f} k characters) in {elapsed:.1f} s = {count / elapsed:.1f} documents/s")
    print(f"events: {len(result.events)}; mentions: {len(result.mentions)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (resident): {peak:.0f} MB")


if __name__ == "__main__":
    main()
