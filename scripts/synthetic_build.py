"""A synthetic build: N events scattered over the world and 20 years, grouped into stories, with every column a
real build writes (`pipeline/store.py`): what the benchmarks and the load test open instead of a real corpus.

    .venv/bin/python scripts/synthetic_build.py --events 10000 --out build/synthetic10k
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

DOCUMENTS = 2000
STORIES = 300


def synthetic_build(folder: Path, count: int, seed: int = 7) -> Path:
    """Write `count` events (and their documents) to `folder` as a build does; returns the folder."""
    rng = np.random.default_rng(seed)
    starts = pd.Timestamp("2005-01-01") + pd.to_timedelta(rng.integers(0, 20 * 365, count), unit="D")
    precision = rng.choice(["day", "month", "year"], count, p=[0.7, 0.2, 0.1])
    ends = [s if p == "day" else (s + pd.offsets.MonthEnd(0) if p == "month" else s + pd.offsets.YearEnd(0))
            for s, p in zip(starts, precision, strict=True)]
    # Stories of very different sizes, as in a real archive: a few large ones, a long tail of small ones.
    stories = np.minimum(rng.zipf(1.6, count) - 1, STORIES - 1)
    docs = [f"d{i % DOCUMENTS}" for i in range(count)]
    status = rng.choice(["happened", "planned", "cancelled", "postponed"], count, p=[0.85, 0.1, 0.03, 0.02])
    events = pd.DataFrame({
        "event_id": [f"ev{i:06d}" for i in range(count)], "title": [f"Event {i}" for i in range(count)],
        "date_start": [s.date().isoformat() for s in starts], "date_end": [e.date().isoformat() for e in ends],
        "precision": precision, "place_name": [f"Place {i % 500}" for i in range(count)],
        "lat": rng.uniform(-50, 65, count), "lon": rng.uniform(-170, 170, count), "country_code": "XX",
        "place_kind": "city", "doc_ids": [json.dumps([d]) for d in docs],
        "source_count": rng.integers(1, 5, count),
        "sources": [json.dumps([{"doc_id": d, "sentence": f"Something happened at place {i % 500}.", "start": 0, "end": 30}])
                    for i, d in enumerate(docs)],
        "actors": [json.dumps([f"Person {i % 97}"]) if i % 3 == 0 else "[]" for i in range(count)],
        "confidence": rng.uniform(0.3, 1, count), "date_text": "", "place_text": "",
        "status": status, "headline": [f"Someone did something at place {i % 500}" for i in range(count)],
        "thread_id": [f"t{s:03d}" for s in stories], "thread_title": [f"Story {s}" for s in stories],
        "anchors": [json.dumps([f"{d}:{i}-{i + 10}:{i + 20}-{i + 30}"]) for i, d in enumerate(docs)], "corrections": "[]",
    }).sort_values("date_start")
    documents = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(DOCUMENTS)], "path": [f"d{i}.txt" for i in range(DOCUMENTS)], "title": "",
        "source": [f"Source {i % 40}" for i in range(DOCUMENTS)], "url": "", "published": None, "published_from": "",
        "language": "en", "language_from": "", "encoding": "utf-8", "content_hash": "", "characters": 0, "text": "",
        "zones": "[]", "warnings": "[]", "status": "ok", "reason": ""})
    mentions = pd.DataFrame({"doc_id": pd.Series(dtype=str), "kind": pd.Series(dtype=str), "start": pd.Series(dtype=int),
                             "end": pd.Series(dtype=int), "text": pd.Series(dtype=str)})
    folder.mkdir(parents=True, exist_ok=True)
    events.to_parquet(folder / "events.parquet", index=False)
    events.to_parquet(folder / "events_as_built.parquet", index=False)
    documents.to_parquet(folder / "documents.parquet", index=False)
    mentions.to_parquet(folder / "mentions.parquet", index=False)
    (folder / "build.json").write_text(json.dumps({"inputs": [f"synthetic{count}"], "synthetic": count}))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    synthetic_build(args.out, args.events)
    print(f"{args.events:,} events in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
