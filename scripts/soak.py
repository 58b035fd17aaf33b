"""Soak: every text of one or more folders through the per-document path in isolated workers.

    python scripts/soak.py FOLDER... [--jobs 2] [--seconds 120] [--memory-gb 1.5] [--csv report.csv]

Reports, per document, how it ended (ok, crashed, timed out, over memory, Python error), its processing time
and the worker's peak resident memory while it held it; then the totals, the slowest documents and the peak.
Exit status 1 when any document crashed, hung, ran out of memory or raised.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import BuildResult, load_documents  # noqa: E402
from pipeline.workers import Failure, WorkerPool, gigabytes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=120.0, help="time limit per document (plus time per character)")
    parser.add_argument("--memory-gb", type=float, default=1.5)
    parser.add_argument("--csv", type=Path, help="write the per-document report here")
    args = parser.parse_args()

    read = BuildResult()
    docs = load_documents(args.folders, read)
    pool = WorkerPool(args.jobs, memory_limit=int(args.memory_gb * 1024**3), time_base=args.seconds)
    started = time.perf_counter()
    rows = []
    for index, outcome in pool.map(docs):
        seconds, peak = pool.stats.get(index, (0.0, 0))
        doc = docs[index]
        status = "ok" if not isinstance(outcome, Failure) else outcome.reason
        rows.append({"doc_id": doc.doc_id, "language": doc.language, "characters": len(doc.text), "status": status,
                     "seconds": round(seconds, 3), "peak_mb": round(peak / 1024**2)})
        if status != "ok":
            print(f"  {doc.doc_id}: {status}", flush=True)
    pool.close()
    wall = time.perf_counter() - started
    failed = [r for r in rows if r["status"] != "ok"]
    kinds = {"crashed": "worker crashed", "hung": "timed out", "over memory": "over ", "errors": "processing failed"}
    print(f"documents {len(rows)} ({sum(r['characters'] for r in rows):,} characters; "
          f"{', '.join(f'{n} {lang}' for lang, n in sorted(_count(r['language'] for r in rows).items()))}) "
          f"in {wall:.1f} s with {pool.jobs} workers; files not read {len(read.skipped)}")
    print("  " + ", ".join(f"{name} {sum(1 for r in failed if r['status'].startswith(prefix))}" for name, prefix in kinds.items()))
    for row in sorted(rows, key=lambda r: -r["seconds"])[:3]:
        print(f"  slowest: {row['doc_id']} {row['seconds']:.2f} s, {row['characters']:,} characters")
    peak = max(rows, key=lambda r: r["peak_mb"], default=None)
    if peak:
        print(f"  peak worker memory: {gigabytes(peak['peak_mb'] * 1024**2)} ({peak['peak_mb']} MB, on {peak['doc_id']})")
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["doc_id"])
            writer.writeheader()
            writer.writerows(rows)
    return 1 if failed else 0


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value or "?"] = counts.get(value or "?", 0) + 1
    return counts


if __name__ == "__main__":
    sys.exit(main())
