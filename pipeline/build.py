"""The pipeline end to end: ingest -> places -> dates -> events -> store."""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, corrections
from .dates import find_dates
from .events import Link, assemble, build_events
from .gazetteer import Gazetteer, shared
from .geocoders import OnlineGeocoder, RefineReport, refine
from .ingest import MANIFEST_NAME, IngestError, discover, load_file, read_manifest
from .model import Document, Event, Mention
from .nlp import Analysis, analyse
from .places import find_places
from .reuse import DocumentCache, decode, pipeline_fingerprint
from .store import documents_frame, events_frame, mentions_frame, write_build
from .threads import assign_threads
from .workers import Failure, InProcess, WorkerPool, shared_pool

Progress = Callable[[int, int, str], None]


@dataclass
class BuildResult:
    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    geocoding: RefineReport | None = None
    reused: int = 0  # documents unchanged since the last build, not processed again
    seconds: float = 0.0

    def summary(self) -> str:
        places = sum(1 for m in self.mentions if m.kind == "place")
        dates = sum(1 for m in self.mentions if m.kind == "date")
        lines = [
            f"documents read     {len(self.documents)}",
            f"  reused unchanged {self.reused}",
            f"files skipped      {len(self.skipped)}",
            f"place mentions     {places}",
            f"date mentions      {dates}",
            f"events             {len(self.events)}",
            *([f"online geocoder    {self.geocoding.refined} of {self.geocoding.asked} approximate places refined, "
               f"{self.geocoding.failed} kept offline after failures"] if self.geocoding else []),
            f"time               {self.seconds:.1f} s",
        ]
        for path, reason in self.skipped:
            lines.append(f"  skipped {shown(path)}: {shown(reason)}")
        for problem in self.problems:
            lines.append(f"  warning {shown(problem)}")
        return "\n".join(lines)


def shown(text: str) -> str:
    """Text safe to print on a terminal: control and direction-changing characters (a file name may hold an
    escape sequence or a right-to-left override) appear as escapes, not as effects."""
    return "".join(ch if unicodedata.category(ch) not in {"Cc", "Cf"} else ascii(ch)[1:-1] for ch in text)


def load_documents(inputs: list[Path], result: BuildResult) -> list[Document]:
    manifests: dict[Path, dict] = {}
    docs: list[Document] = []
    hidden: list[str] = []
    found = list(discover(inputs, hidden))
    result.problems += [f"{name}: hidden (its name starts with a dot), not read" for name in hidden]
    for path, _root in found:
        if path.name == MANIFEST_NAME and path.parent not in manifests:
            rows, problems = read_manifest(path)
            manifests[path.parent] = rows
            result.problems += problems
    for path, root in found:
        if path.name == MANIFEST_NAME:
            continue
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        try:
            loaded = load_file(path, root, manifests.get(path.parent, {}), result.problems)
        except IngestError as err:
            result.skipped.append((rel, str(err)))
            continue
        except (OSError, UnicodeError, ValueError) as err:
            result.skipped.append((rel, f"{type(err).__name__}: {err}"))
            continue
        docs.extend(loaded)
    for folder, rows in manifests.items():
        for name in rows:
            if not (folder / name).exists():
                result.problems.append(f"{MANIFEST_NAME}: lists {name}, which is not in {folder}")
    return docs


def process(doc: Document, gazetteer: Gazetteer | None = None) -> tuple[list[Mention], Analysis]:
    analysis = analyse(doc.text, doc.language)
    gazetteer = gazetteer or shared()
    dates = find_dates(doc, analysis)
    # A span read as a date is not also a place: "March 4" is not the town of March, "Mai 2024" not a village.
    places = find_places(doc, analysis, gazetteer, dates=[(d.start, d.end) for d in dates])
    mentions = places + dates
    mentions.sort(key=lambda m: (m.start, m.kind))
    return mentions, analysis


def process_document(doc: Document) -> tuple[list[Mention], list[Link]]:
    """The per-document map: what one document says, independent of every other document."""
    mentions, analysis = process(doc)
    return mentions, assemble(doc, analysis, mentions)


def setting(gazetteer: Gazetteer, online: OnlineGeocoder | None) -> str:
    """What, besides a document itself, decides what processing makes of it."""
    return f"{pipeline_fingerprint()}|{gazetteer.path.name}|{online.source if online else 'offline'}"


def make_pool(jobs: int | None) -> WorkerPool | InProcess:
    """`jobs` worker processes (None: one per core; 0: in this process, without isolation)."""
    return InProcess() if jobs == 0 else shared_pool(jobs)


def run(inputs: list[Path], progress: Progress | None = None, online: OnlineGeocoder | None = None,
        reuse: Path | None = None, refresh: bool = False, max_characters: int | None = None,
        jobs: int | None = None, pool: WorkerPool | InProcess | None = None) -> BuildResult:
    """Read the inputs, process each document (the map, in worker processes), then merge events (the reduce).

    With `reuse` (a cache file), documents processed before under the same setting are taken from it (unless
    `refresh`) and newly processed ones are added. With `max_characters`, documents past that much text in all
    are skipped: a shared server's bound on the work of one build. A document whose worker crashes, hangs or
    runs out of memory is skipped with the reason; the others are kept, and nothing is cached for it.
    """
    started = time.perf_counter()
    result = BuildResult(geocoding=RefineReport() if online else None)
    docs = load_documents(inputs, result)
    gazetteer = shared()
    cache = DocumentCache(reuse, setting(gazetteer, online)) if reuse else None
    outcomes: dict[int, tuple[list[Mention], list[Link]] | str] = {}
    to_process: list[int] = []
    characters = 0
    done = 0
    for index, doc in enumerate(docs):
        if max_characters is not None:
            if characters + len(doc.text) > max_characters:
                outcomes[index] = f"over this build's limit of {max_characters:,} characters of text"
                continue
            characters += len(doc.text)
        found = cache.get(doc) if cache and not refresh else None
        if found is not None:
            outcomes[index] = found
            done += 1
            if progress:
                progress(done, len(docs), doc.doc_id)
        else:
            to_process.append(index)
    pool = pool or make_pool(jobs)
    for position, outcome in pool.map(docs[i] for i in to_process):
        index = to_process[position]
        doc = docs[index]
        if isinstance(outcome, Failure):
            outcomes[index] = outcome.reason
        else:
            outcomes[index] = _finish(doc, decode(outcome, doc), online, result.geocoding, cache)
        done += 1
        if progress:
            progress(done, len(docs), doc.doc_id)
    links: list[Link] = []
    for index, doc in enumerate(docs):  # the reduce reads documents in their order, whatever order they finished in
        outcome = outcomes.get(index, "not processed")
        if isinstance(outcome, str):
            result.skipped.append((doc.doc_id, outcome))
            continue
        mentions, doc_links = outcome
        result.documents.append(doc)
        result.mentions += mentions
        links += doc_links
        result.problems += [f"{doc.doc_id}: {warning}" for warning in doc.warnings]
    result.events = build_events(links)
    languages = Counter(doc.language for doc in result.documents if doc.language)
    assign_threads(result.events, languages.most_common(1)[0][0] if languages else "en")
    if result.geocoding:
        result.problems += [f"online geocoder: {message}" for message in result.geocoding.messages]
    if cache:
        result.reused = cache.hits
        cache.prune()
        cache.close()
        result.problems += cache.problems
    result.seconds = time.perf_counter() - started
    return result


def _finish(doc: Document, found: tuple[list[Mention], list[Link]], online: OnlineGeocoder | None,
            report: RefineReport | None, cache: DocumentCache | None) -> tuple[list[Mention], list[Link]]:
    """Online refinement (network, rate-limited: here, not in the workers) and the cache entry."""
    mentions, links = found
    failures = report.failed if report else 0
    if online and report is not None:
        refine(mentions, online, report)
    if cache and (report.failed if report else 0) == failures:  # a place kept offline by a failure is asked again
        cache.put(doc, mentions, links)
    return mentions, links


def reuse_path(out: Path) -> Path:
    return Path(out).parent / f".{Path(out).name}.reuse.sqlite"


def build(inputs: list[Path], out: Path, progress: Progress | None = None, online: OnlineGeocoder | None = None,
          refresh: bool = False, jobs: int | None = None, pool: WorkerPool | InProcess | None = None,
          partitioned: bool | None = None) -> BuildResult:
    """Build `out` from the inputs; unchanged documents are taken from the last build's cache, unless
    `refresh`, which processes every document and renews the cache. `pool` runs the per-document map (a local
    WorkerPool by default; `cluster.DaskPool` for a Dask cluster). With `partitioned` (None: for big builds) the
    events are also written as a dataset partitioned by year, `events/`."""
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    result = run(inputs, progress, online=online, reuse=reuse_path(out), refresh=refresh, jobs=jobs, pool=pool)
    # A reader's corrections, kept beside the build, apply to every rebuild (they name reports, not event ids).
    # The events as built are kept too: undoing a correction then needs no rebuild.
    kept = corrections.load(corrections.corrections_path(out))
    as_built = events_frame(result.events)
    frames = {
        "documents": documents_frame(result.documents, result.skipped),
        "mentions": mentions_frame(result.mentions),
        "events": corrections.apply(as_built, kept),
        "events_as_built": as_built,
    }
    write_build(out, frames, {
        "pipeline_version": __version__, "inputs": [str(p) for p in inputs], "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "reused": result.reused, "skipped": result.skipped, "problems": result.problems,
        "corrections": len(corrections.active(kept)),
    }, partitioned=partitioned)
    return result
