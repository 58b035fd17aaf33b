"""The pipeline end to end: ingest -> places -> dates -> events -> store."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .dates import find_dates
from .events import Link, assemble, build_events
from .gazetteer import Gazetteer, shared
from .geocoders import OnlineGeocoder, RefineReport, refine
from .ingest import MANIFEST_NAME, IngestError, discover, load_file, read_manifest
from .model import Document, Event, Mention
from .nlp import Analysis, analyse
from .places import find_places
from .reuse import DocumentCache, pipeline_fingerprint
from .store import documents_frame, events_frame, mentions_frame, write_build

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


def process(doc: Document, gazetteer: Gazetteer) -> tuple[list[Mention], Analysis]:
    analysis = analyse(doc.text, doc.language)
    mentions = find_places(doc, analysis, gazetteer) + find_dates(doc, analysis)
    mentions.sort(key=lambda m: (m.start, m.kind))
    return mentions, analysis


def setting(gazetteer: Gazetteer, online: OnlineGeocoder | None) -> str:
    """What, besides a document itself, decides what processing makes of it."""
    return f"{pipeline_fingerprint()}|{gazetteer.path.name}|{online.source if online else 'offline'}"


def run(inputs: list[Path], progress: Progress | None = None, gazetteer: Gazetteer | None = None,
        online: OnlineGeocoder | None = None, reuse: Path | None = None, refresh: bool = False,
        max_characters: int | None = None) -> BuildResult:
    """Read and process the inputs.

    With `reuse` (a cache file), documents processed before under the same setting are taken from it (unless
    `refresh`) and newly processed ones are added. With `max_characters`, documents past that much text in all
    are skipped: a shared server's bound on the work of one build.
    """
    started = time.perf_counter()
    result = BuildResult(geocoding=RefineReport() if online else None)
    docs = load_documents(inputs, result)
    gazetteer = gazetteer or shared()
    cache = DocumentCache(reuse, setting(gazetteer, online)) if reuse else None
    links = []
    characters = 0
    for index, doc in enumerate(docs, start=1):
        if max_characters is not None:
            if characters + len(doc.text) > max_characters:
                result.skipped.append((doc.doc_id, f"over this build's limit of {max_characters:,} characters of text"))
                continue
            characters += len(doc.text)
        try:
            mentions, doc_links = _mentions_and_links(doc, gazetteer, online, result.geocoding, cache, refresh)
        except Exception as err:  # one bad document never stops the build
            result.skipped.append((doc.doc_id, f"processing failed: {type(err).__name__}: {err}"))
            continue
        result.documents.append(doc)
        result.mentions += mentions
        links += doc_links
        for warning in doc.warnings:
            result.problems.append(f"{doc.doc_id}: {warning}")
        if progress:
            progress(index, len(docs), doc.doc_id)
    result.events = build_events(links)
    if result.geocoding:
        result.problems += [f"online geocoder: {message}" for message in result.geocoding.messages]
    if cache:
        result.reused = cache.hits
        cache.prune()
        cache.close()
        result.problems += cache.problems
    result.seconds = time.perf_counter() - started
    return result


def _mentions_and_links(doc: Document, gazetteer: Gazetteer, online: OnlineGeocoder | None, report: RefineReport | None,
                        cache: DocumentCache | None, refresh: bool) -> tuple[list[Mention], list[Link]]:
    found = cache.get(doc) if cache and not refresh else None
    if found is not None:
        return found
    failures = report.failed if report else 0
    mentions, analysis = process(doc, gazetteer)
    if online and report is not None:
        refine(mentions, online, report)
    links = assemble(doc, analysis, mentions)
    if cache and (report.failed if report else 0) == failures:  # a place kept offline by a failure is asked again
        cache.put(doc, mentions, links)
    return mentions, links


def reuse_path(out: Path) -> Path:
    return Path(out).parent / f".{Path(out).name}.reuse.sqlite"


def build(inputs: list[Path], out: Path, progress: Progress | None = None, online: OnlineGeocoder | None = None,
          refresh: bool = False) -> BuildResult:
    """Build `out` from the inputs; unchanged documents are taken from the last build's cache, unless
    `refresh`, which processes every document and renews the cache."""
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    result = run(inputs, progress, online=online, reuse=reuse_path(out), refresh=refresh)
    frames = {
        "documents": documents_frame(result.documents, result.skipped),
        "mentions": mentions_frame(result.mentions),
        "events": events_frame(result.events),
    }
    write_build(out, frames, {
        "pipeline_version": __version__, "inputs": [str(p) for p in inputs], "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "reused": result.reused, "skipped": result.skipped, "problems": result.problems,
    })
    return result
