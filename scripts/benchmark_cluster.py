"""Benchmark (not a test): the scale-out of a build on a Dask LocalCluster, 1 worker then 2 workers, on the same
articles (the development corpus copied to 200 files with distinct names; the copies keep their manifest rows).

For each cluster size: the time to start the cluster with its models loaded, then a warm-up build (the seeds),
then the build of the articles with every document processed (`--full`), split into the per-document map (what
the workers do) and the whole build (ingest and the reduce in the client included). The speed-up is the
ratio of the 1-worker time to the 2-worker time.

    .venv/bin/python scripts/benchmark_cluster.py [--articles 200] [--workers 1 2] [--batch-size 8] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev"

from pipeline.cluster import BATCH_SIZE  # noqa: E402


def make_corpus(folder: Path, count: int) -> None:
    """`count` articles from the development corpus, cycled, each under a distinct name with its manifest row."""
    folder.mkdir(parents=True)
    with (DEV / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = {row["file"]: row for row in reader}
    articles = sorted(p for p in DEV.glob("*.txt"))
    copied = []
    for index in range(count):
        source = articles[index % len(articles)]
        name = f"{index:03d}_{source.name}"
        shutil.copy(source, folder / name)
        if source.name in rows:
            copied.append({**rows[source.name], "file": name})
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(copied)


class Timed:
    """A pool that notes how long its map took (the per-document work, as the client sees it)."""

    def __init__(self, pool):
        self.pool = pool
        self.seconds = 0.0

    def map(self, docs):
        started, cpu = time.perf_counter(), time.process_time()
        yield from self.pool.map(docs)
        self.seconds = time.perf_counter() - started
        self.client_cpu = time.process_time() - cpu

    def close(self):
        self.pool.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each size, taken in turns; the best is kept")
    args = parser.parse_args()

    from pipeline.build import build
    from pipeline.cluster import DaskPool

    print(f"{os.cpu_count()} cores; {args.articles} articles from {DEV.relative_to(ROOT)}; batches of {args.batch_size}")
    figures: dict[int, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.articles)
        characters = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        print(f"corpus: {characters:,} bytes of text")
        pools: dict[int, Timed] = {}
        starts: dict[int, float] = {}
        try:
            for workers in args.workers:  # every cluster up first; an idle worker costs no CPU
                started = time.perf_counter()
                pools[workers] = Timed(DaskPool(workers=workers, batch_size=args.batch_size))
                starts[workers] = time.perf_counter() - started
                build([ROOT / "seeds"], Path(tmp) / f"warm-{workers}", refresh=True, pool=pools[workers])  # first tasks
            # The machine is shared: the sizes take turns, and each keeps its best run.
            for attempt in range(args.repeat):
                for workers in args.workers:
                    pool, load = pools[workers], os.getloadavg()[0]
                    began = time.perf_counter()
                    result = build([corpus], Path(tmp) / f"out-{workers}", refresh=True, pool=pool, partitioned=True)
                    whole = time.perf_counter() - began
                    assert not result.skipped, result.skipped
                    print(f"run {attempt + 1}, {workers} worker(s): map {pool.seconds:.1f} s "
                          f"({args.articles / pool.seconds:.1f} docs/s; the client's CPU in it {pool.client_cpu:.1f} s), "
                          f"whole build {whole:.1f} s; {len(result.events)} events; load average before {load:.2f}")
                    best = figures.get(workers)
                    if best is None or pool.seconds < best[0]:
                        figures[workers] = (pool.seconds, whole, starts[workers])
        finally:
            for pool in pools.values():
                pool.close()
    for workers, (map_seconds, whole, startup) in figures.items():
        print(f"best, {workers} worker(s): map {map_seconds:.1f} s, whole build {whole:.1f} s, "
              f"cluster start with models {startup:.1f} s")
    if 1 in figures:
        base_map, base_whole, base_start = figures[1]
        for workers, (map_seconds, whole, startup) in figures.items():
            if workers != 1:
                print(f"speed-up 1 -> {workers} workers: map {base_map / map_seconds:.2f}x, whole build {base_whole / whole:.2f}x, "
                      f"with cluster start {(base_whole + base_start) / (whole + startup):.2f}x")

if __name__ == "__main__":
    main()
