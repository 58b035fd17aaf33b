"""Ingest: turn files on disk into Documents with text, metadata, language and page zones.

Every input problem becomes an IngestError for that one file; the caller reports it and goes on.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from .model import (
    ZONE_CAPTION,
    ZONE_COMMENT,
    ZONE_FOOTER,
    ZONE_NAVIGATION,
    ZONE_RELATED,
    ZONE_TITLE,
    Document,
    Zone,
)
from .nlp import has_model, known_share

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "published", "source", "url", "language", "title")
MAX_FILE_BYTES = 64 * 1024 * 1024  # a JSONL file may hold thousands of articles
# One article: about 300,000 words, a hundred times a long news story; processing runs ~15,000 characters a
# second, so a longer text is almost surely many articles or not an article, and is refused with a reason.
MAX_DOCUMENT_CHARS = 2_000_000
HTML_MARKUP_ALLOWANCE = 5  # a web page's markup outweighs its text several times


class IngestError(Exception):
    """A file that cannot become a document; the message says why, for the build summary."""


@dataclass
class ManifestRow:
    published: date | None
    source: str
    url: str
    language: str
    title: str


# ---------------------------------------------------------------------------
# Files and manifests


def discover(inputs: list[Path], hidden: list[str] | None = None) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every candidate file, in name order; doc ids are paths relative to root.

    Hidden files and folders (a leading dot: .git, .DS_Store, a build's own snapshots) are not read and not
    walked; their paths go to `hidden`.
    """
    for given in inputs:
        if not given.is_dir():
            yield given, given.parent
            continue
        for folder, dirs, files in os.walk(given):
            here = Path(folder)
            for name in sorted(n for n in dirs + files if n.startswith(".")):
                if hidden is not None:
                    hidden.append((here / name).relative_to(given).as_posix())
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = here / name
                if not name.startswith(".") and path.is_file():
                    yield path, given


@contextmanager
def local_inputs(given: list[str | Path]) -> Iterator[list[Path]]:
    """The build's inputs as local paths. A path, or a `file://` URL, is read where it is; any other fsspec URL
    (`s3://bucket/news/`, `gs://...`, `memory://...`; the object stores need their own package, s3fs or gcsfs) is
    copied for the time of the build into a temporary folder, keeping its file names and sub-folders, so doc ids
    are the same as from a local copy. Only the process that runs the build reads the inputs: cluster workers
    are sent the documents' text, so they need no access to them. Raises FileNotFoundError for a missing URL."""
    staged: Path | None = None
    paths: list[Path] = []
    try:
        for item in given:
            text = str(item)
            if "://" not in text:
                paths.append(Path(item))
                continue
            import fsspec

            fs, root = fsspec.core.url_to_fs(text)
            if "file" in _protocols(fs):
                paths.append(Path(root))
                continue
            if not fs.exists(root):
                raise FileNotFoundError(text)
            staged = staged or Path(tempfile.mkdtemp(prefix="chronomap-inputs-"))
            root = root.rstrip("/")
            target = staged / str(len(paths)) / (PurePosixPath(root).name or "input")
            if fs.isdir(root):
                for remote in sorted(fs.find(root)):
                    relative = PurePosixPath(remote).relative_to(PurePosixPath(root))
                    if any(part in {"", ".", ".."} for part in relative.parts):
                        continue
                    local = target.joinpath(*relative.parts)
                    local.parent.mkdir(parents=True, exist_ok=True)
                    local.write_bytes(fs.cat_file(remote))
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(fs.cat_file(root))
            paths.append(target)
        yield paths
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)


def _protocols(fs) -> set[str]:
    protocol = fs.protocol
    return {protocol} if isinstance(protocol, str) else set(protocol)


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[str]]:
    """Rows by file name, and the problems found (a bad row is reported, not fatal)."""
    problems: list[str] = []
    rows: dict[str, ManifestRow] = {}
    try:
        text = decode_bytes(path.read_bytes())[0]
    except (OSError, IngestError) as err:
        return {}, [f"{path.name}: unreadable manifest ({err})"]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        return {}, [f"{path.name}: no 'file' column; manifest ignored"]
    missing = [c for c in MANIFEST_COLUMNS if c not in reader.fieldnames]
    if missing:
        problems.append(f"{path.name}: missing columns {', '.join(missing)}")
    for line_no, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            problems.append(f"{path.name}:{line_no}: empty file name")
            continue
        if not _plain_file_name(name):
            problems.append(f"{path.name}:{line_no}: {name!r} is not a file name in this folder; row ignored")
            continue
        if name in rows:
            problems.append(f"{path.name}:{line_no}: duplicate entry for {name}; first one kept")
            continue
        published = None
        raw_date = (row.get("published") or "").strip()
        if raw_date:
            try:
                published = date.fromisoformat(raw_date[:10])
            except ValueError:
                problems.append(f"{path.name}:{line_no}: bad date {raw_date!r} for {name}")
        rows[name] = ManifestRow(
            published=published,
            source=(row.get("source") or "").strip(),
            url=(row.get("url") or "").strip(),
            language=(row.get("language") or "").strip().lower(),
            title=(row.get("title") or "").strip(),
        )
    return rows, problems


def _plain_file_name(name: str) -> bool:
    """A manifest names files beside it: no folders, no way out of the folder, nothing invisible."""
    return (name not in {".", ".."} and not any(sep in name for sep in ("/", "\\", "\x00"))
            and not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in name))


# ---------------------------------------------------------------------------
# Decoding


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode file bytes, detecting the encoding rather than guessing; reject binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:8192]:
        raise IngestError("binary content (NUL bytes), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _utf8_with_cp1252(raw)
    if mixed:
        return mixed, MIXED_ENCODING
    legacy = _legacy_single_byte(raw)
    if legacy:
        return legacy
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["cp1252", "iso8859_15", "latin_1", "utf_8"]).best()
    if best is None:
        # Too short for statistics: Western European text is most often cp1252, and cp1252 says when it is not.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError("not text in any known encoding") from None
        if _control_ratio(text) > 0.05:
            raise IngestError("binary content, not text")
        return text, "cp1252"
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise IngestError("binary content, not text")
    return text, best.encoding


MIXED_ENCODING = "utf-8+cp1252"
# The Windows code pages news sites and mail used before UTF-8, Western first (the tie-breaker): Western,
# Central European, Cyrillic (and KOI8-R), Greek, Turkish, Baltic.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "koi8_r", "cp1253", "cp1254", "cp1257")


def _legacy_single_byte(raw: bytes) -> tuple[str, str] | None:
    """The code page under which the bytes read as words of a language: the wrong one yields words no word list
    knows ("spotka³" for "spotkał", "Ìîñêâà" for "Москва"). None when no reading is clearly made of words."""
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.05:
            continue
        share = known_share(text, detect_language(text)[0], min_words=3)
        if share is not None and (best is None or share > best[0]):
            best = (share, text, encoding)
    if best is None or best[0] < MIN_KNOWN_SHARE:
        return None
    return best[1], best[2]


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("chronomap-cp1252", _cp1252_fallback)


def _utf8_with_cp1252(raw: bytes) -> str | None:
    """Text pasted together from UTF-8 and cp1252 sources: read each byte sequence the way it is valid.

    Taken only when the file holds real UTF-8 sequences, not just a few accidental ones among the bytes of a
    legacy encoding (a cp1251 letter followed by « can form a valid pair), which charset detection handles.
    """
    utf8_chars = len(UTF8_MULTIBYTE.findall(raw))
    invalid = len(UTF8_VALID.sub(b"", raw))
    if not utf8_chars or utf8_chars < 0.1 * invalid:
        return None
    return raw.decode("utf-8", errors="chronomap-cp1252")


UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
UTF8_VALID = re.compile(rb"[\x00-\x7f]+|" + UTF8_MULTIBYTE.pattern)


def _control_ratio(text: str) -> float:
    sample = text[:10000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return bad / len(sample)


# ---------------------------------------------------------------------------
# Formats


def load_file(path: Path, root: Path, manifest: dict[str, ManifestRow], problems: list[str]) -> list[Document]:
    """One file to its documents (a .jsonl file holds many); partial problems go to problems."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(f"file too large ({size // 1024 // 1024} MB > {MAX_FILE_BYTES // 1024 // 1024} MB)")
    raw = path.read_bytes()
    text, encoding = decode_bytes(raw)
    # One kind of line end, so zones and paragraphs read the same whatever system wrote the file; offsets refer
    # to this text, which the build keeps.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix != ".jsonl":  # refuse before extraction, which on tens of megabytes takes minutes
        _check_length(text, MAX_DOCUMENT_CHARS * (HTML_MARKUP_ALLOWANCE if suffix in {".html", ".htm"} else 1))
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    meta = manifest.get(rel) or manifest.get(path.name)

    if suffix == ".jsonl":
        docs = list(_jsonl_documents(text, rel, encoding, problems))
        if not docs:
            raise IngestError("no readable record in JSONL file")
        return docs
    if suffix in {".html", ".htm"}:
        doc = _html_document(text, rel)
    elif suffix in {".md", ".markdown"}:
        doc = _markdown_document(text, rel)
    else:
        doc = Document(doc_id=rel, path=rel, text=text)
    doc.encoding = encoding
    if encoding == MIXED_ENCODING:
        doc.warnings.append("mixed encodings: read as UTF-8, with the bytes that are not UTF-8 read as cp1252")
    elif encoding not in {"utf-8", "utf-8-sig", "ascii"}:
        doc.warnings.append(f"not UTF-8: read as {encoding}")
    if meta:
        _apply_manifest(doc, meta)
    return [finish(doc)]


def _apply_manifest(doc: Document, meta: ManifestRow) -> None:
    if meta.published:
        doc.published, doc.published_from = meta.published, "manifest"
    doc.source = meta.source or doc.source
    doc.url = meta.url or doc.url
    if meta.language:
        doc.language, doc.language_from = meta.language, "given"
    doc.title = meta.title or doc.title


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def _markdown_document(text: str, rel: str) -> Document:
    import yaml

    doc = Document(doc_id=rel, path=rel, text=text)
    match = FRONT_MATTER.match(text)
    if not match:
        return doc
    doc.text = text[match.end():]
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        doc.warnings.append(f"front matter is not valid YAML ({str(err).splitlines()[0]}); ignored")
        return doc
    if not isinstance(data, dict):
        doc.warnings.append("front matter is not a mapping; ignored")
        return doc
    _apply_metadata(doc, data, "front matter")
    return doc


def _apply_metadata(doc: Document, data: dict, origin: str) -> None:
    published = data.get("published") or data.get("date")
    if published:
        parsed = _as_date(published)
        if parsed:
            doc.published, doc.published_from = parsed, origin
        else:
            doc.warnings.append(f"{origin}: unreadable date {str(published)[:40]!r}")
    doc.title = str(data.get("title") or doc.title or "")
    doc.source = str(data.get("source") or data.get("sitename") or doc.source or "")
    doc.url = str(data.get("url") or doc.url or "")
    lang = data.get("language") or data.get("lang")
    if lang:
        doc.language, doc.language_from = str(lang).lower()[:2], "given"


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _html_document(html: str, rel: str) -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if result is None:
        raise IngestError("HTML with no extractable article text")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    if not text.strip():
        raise IngestError("HTML with no extractable article text")
    doc = Document(doc_id=rel, path=rel, text=text)
    _apply_metadata(doc, {k: data.get(k) for k in ("date", "title", "sitename", "url")}, "html metadata")
    return doc


def _jsonl_documents(text: str, rel: str, encoding: str, problems: list[str]) -> Iterator[Document]:
    """One document per good line; a broken line is reported in problems and costs only itself."""
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as err:
            problems.append(f"{rel} line {line_no}: not JSON ({err.msg})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            problems.append(f"{rel} line {line_no}: no 'text' field")
            continue
        ident = str(data.get("id") or line_no)
        doc = Document(doc_id=f"{rel}#{ident}", path=rel, text=data["text"], encoding=encoding)
        _apply_metadata(doc, data, "jsonl")
        try:
            yield finish(doc)
        except IngestError as err:
            problems.append(f"{rel} line {line_no}: {err}")


# ---------------------------------------------------------------------------
# After loading: hash, zones, language, publication date


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise IngestError(f"too long for one article: {len(text):,} characters (limit {limit:,}); "
                          "split it into articles, one per file or one per JSONL line")


def finish(doc: Document) -> Document:
    if not doc.text.strip():
        raise IngestError("empty text")
    _check_length(doc.text, MAX_DOCUMENT_CHARS)
    doc.content_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
    doc.zones = find_zones(doc.text)
    if not doc.title:
        doc.title = next((doc.text[z.start:z.end].strip() for z in doc.zones if z.kind == ZONE_TITLE), "")
    if not doc.language:
        doc.language, doc.language_from = detect_language(doc.text)
        share = known_share(doc.text, doc.language)
        if share is not None and share < MIN_KNOWN_SHARE:
            doc.warnings.append(f"language not recognised (closest guess {doc.language}, but only {share:.0%} of the words "
                                f"are {doc.language} words): read without a language model")
            doc.language = UNKNOWN_LANGUAGE
        elif doc.language == UNKNOWN_LANGUAGE:
            doc.warnings.append("language not recognised: read without a language model")
    if doc.language != UNKNOWN_LANGUAGE and not has_model(doc.language):
        doc.warnings.append(f"no language model installed for {doc.language!r}: no parse and no named entities, "
                            "so places rest on the gazetteer and capitalisation")
    if doc.published is None:
        inferred = infer_publication_date(doc)
        if inferred:
            doc.published, doc.published_from = inferred, "inferred"
        else:
            doc.warnings.append("no publication date: relative dates stay unresolved")
    return doc


NAV_SEPARATORS = re.compile(r"\s+[/|>]\s+")
RELATED = re.compile(r"^\s*(?i:lire aussi|à lire|a lire|voir aussi|read more|read also|see also|related)(?![a-zà-ÿ])")
CREDIT = re.compile(
    r"(©|\(cr[ée]dits?\s*:|\bcredits?:|\bphoto\s*:|\[[^\]]*(?:/|\bvia\b|\bpool\b)[^\]]*\]\s*$|\bgetty images\b|\bafp photo\b)",
    re.IGNORECASE,
)
FOOTER = re.compile(
    r"^\s*(partager|share|source\s*:|source link|via [A-Z][\w]*|signaler|votre (e-?mail|adresse)|tous les champs|"
    r"merci pour votre commentaire|"
    r"newsletter|abonnez-vous|subscribe)\b|^\s*[\w]+(-[\w]+){2,}\s*$|^\s*-\s*$",
    re.IGNORECASE,
)
COMMENTS_START = re.compile(
    r"^\s*(\d+\s+)?(commentaires?|comments?|réactions?)(\s+\d+)?\s*:?\s*$|^\s*(à|a) écrit le \d", re.IGNORECASE
)


def find_zones(text: str) -> list[Zone]:
    """Mark lines that are page furniture rather than the article's own text."""
    zones: list[Zone] = []
    offset = 0
    seen_title = False
    in_comments = False
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        stripped = line.strip()
        if not stripped:
            continue
        kind = None
        if in_comments or COMMENTS_START.search(stripped):
            in_comments = True
            kind = ZONE_COMMENT
        elif RELATED.search(stripped):
            kind = ZONE_RELATED
        elif CREDIT.search(stripped):
            kind = ZONE_CAPTION
        elif FOOTER.search(stripped):
            kind = ZONE_FOOTER
        elif _is_navigation(stripped, index):
            kind = ZONE_NAVIGATION
        elif not seen_title and len(stripped) > 15:
            seen_title = True
            headline = len(stripped) < 240 and not stripped.endswith((".", "!", "?"))
            if headline or stripped.endswith("?") and len(stripped) < 160:
                kind = ZONE_TITLE
        if kind:
            zones.append(Zone(start, end, kind))
    return zones


def _is_navigation(line: str, index: int) -> bool:
    parts = NAV_SEPARATORS.split(line)
    if len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts) and not line.endswith("."):
        return True
    # A short masthead word or two before the article starts ("TV", "News 24").
    return index < 3 and len(line.split()) <= 2 and not line.endswith(".")


# ---------------------------------------------------------------------------
# Language

_DETECTOR = None
DETECTABLE = ("FRENCH", "ENGLISH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "RUSSIAN", "POLISH",
              "UKRAINIAN", "TURKISH", "ARABIC", "CHINESE", "JAPANESE", "KOREAN", "SWEDISH", "DANISH", "ROMANIAN",
              "GREEK", "CZECH", "HUNGARIAN")


UNKNOWN_LANGUAGE = "und"
# A detector always names its closest language; real text in a language has most of its words in that
# language's word list (news: over 90%), gibberish or an unlisted language very few.
MIN_KNOWN_SHARE = 0.5


def detect_language(text: str) -> tuple[str, str]:
    global _DETECTOR
    from lingua import Language, LanguageDetectorBuilder

    if _DETECTOR is None:
        _DETECTOR = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in DETECTABLE)).build()
    found = _DETECTOR.detect_language_of(text[:5000])
    if found is None:
        return UNKNOWN_LANGUAGE, "detected"
    return found.iso_code_639_1.name.lower(), "detected"


# ---------------------------------------------------------------------------
# Publication date, when no metadata gives it


def infer_publication_date(doc: Document) -> date | None:
    """A full date whose weekday agrees, else the day before the earliest reader comment."""
    from .dates import full_dates_with_weekday, timestamp_dates

    body_dates = [d for d, start in full_dates_with_weekday(doc.text, doc.language) if doc.zone_at(start) != ZONE_COMMENT]
    if body_dates:
        return max(body_dates)
    comment_dates = [d for d, start in timestamp_dates(doc.text) if doc.zone_at(start) == ZONE_COMMENT]
    if comment_dates:
        return min(comment_dates)
    return None
