"""Store: write a build's tables atomically, read them back, and export events for other tools.

A build directory OUT is a symbolic link to a complete snapshot beside it (.OUT.builds/<stamp>); a new build
is written in full into a fresh snapshot and the link is swapped in one rename, so a crash at any moment leaves
the previous build whole. Where OUT already exists as a plain directory, each file is replaced atomically.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from .model import Document, Event, Mention

TABLES = ("documents", "mentions", "events")
# A build with this many events also writes them as a dataset partitioned by year (`events/year=2019/...`), which
# a reader of a big archive (DuckDB, pyarrow, Dask) scans one year at a time; `events.parquet` stays the contract.
PARTITION_EVENTS = 50_000


def documents_frame(docs: list[Document], skipped: list[tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for doc in docs:
        rows.append(dict(
            doc_id=doc.doc_id, path=doc.path, title=doc.title, source=doc.source, url=doc.url,
            published=doc.published.isoformat() if doc.published else None, published_from=doc.published_from,
            language=doc.language, language_from=doc.language_from, encoding=doc.encoding,
            content_hash=doc.content_hash, characters=len(doc.text), text=doc.text,
            zones=json.dumps([asdict(z) for z in doc.zones]), warnings=json.dumps(doc.warnings, ensure_ascii=False),
            status="ok", reason="",
        ))
    for path, reason in skipped:
        rows.append(dict(doc_id=path, path=path, status="skipped", reason=reason))
    return pd.DataFrame(rows, columns=[
        "doc_id", "path", "title", "source", "url", "published", "published_from", "language", "language_from",
        "encoding", "content_hash", "characters", "text", "zones", "warnings", "status", "reason",
    ])


def mentions_frame(mentions: list[Mention]) -> pd.DataFrame:
    return pd.DataFrame([m.to_record() for m in mentions], columns=list(Mention.__dataclass_fields__))


def events_frame(events: list[Event]) -> pd.DataFrame:
    rows = []
    for e in events:
        rows.append(dict(
            event_id=e.event_id, title=e.title, date_start=e.date_start.isoformat(), date_end=e.date_end.isoformat(),
            precision=e.precision, place_name=e.place_name, lat=e.lat, lon=e.lon, country_code=e.country_code,
            place_kind=e.place_kind, doc_ids=json.dumps(e.doc_ids, ensure_ascii=False), source_count=len(e.doc_ids),
            sources=json.dumps([asdict(s) for s in e.sources], ensure_ascii=False),
            actors=json.dumps(e.actors, ensure_ascii=False), confidence=e.confidence, date_text=e.date_text,
            place_text=e.place_text, status=e.status, headline=e.headline, thread_id=e.thread_id,
            thread_title=e.thread_title, anchors=json.dumps(e.anchors, ensure_ascii=False), corrections="[]",
        ))
    return pd.DataFrame(rows, columns=[
        "event_id", "title", "date_start", "date_end", "precision", "place_name", "lat", "lon", "country_code",
        "place_kind", "doc_ids", "source_count", "sources", "actors", "confidence", "date_text", "place_text",
        "status", "headline", "thread_id", "thread_title", "anchors", "corrections",
    ])


def write_build(out: Path, frames: dict[str, pd.DataFrame], manifest: dict, partitioned: bool | None = None) -> Path:
    """Write every table, then publish them together; returns the snapshot directory. With `partitioned` (None:
    when there are PARTITION_EVENTS events or more) the events are also written as `events/`, by year."""
    out = Path(out)
    if partitioned is None:
        partitioned = len(frames.get("events", ())) >= PARTITION_EVENTS
    if partitioned and "events" in frames:
        frames = {**frames, "events/": frames["events"]}
    if out.exists() and not out.is_symlink():
        return _write_in_place(out, frames, manifest)
    out.parent.mkdir(parents=True, exist_ok=True)
    snapshots = out.parent / f".{out.name}.builds"
    snapshots.mkdir(exist_ok=True)
    snapshot = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=snapshots))
    for name, frame in frames.items():
        if name.endswith("/"):
            write_partitioned(frame, snapshot / name.rstrip("/"))
        else:
            frame.to_parquet(snapshot / f"{name}.parquet", index=False)
    _write_json(snapshot / "build.json", manifest)
    _fsync_dir(snapshot)
    link = snapshots / f".link-{snapshot.name}"
    os.symlink(os.path.relpath(snapshot, out.parent), link)
    previous = out.resolve() if out.is_symlink() else None
    os.replace(link, out)  # the one atomic step: readers see the old build or the new one, never a mix
    _fsync_dir(out.parent)
    if previous and previous != snapshot and previous.parent == snapshots:
        shutil.rmtree(previous, ignore_errors=True)
    return snapshot


def _write_in_place(out: Path, frames: dict[str, pd.DataFrame], manifest: dict) -> Path:
    for name, frame in frames.items():
        if name.endswith("/"):  # a folder cannot replace a folder in one step: written aside, then swapped in
            name = name.rstrip("/")
            tmp, old = out / f".{name}.tmp", out / f".{name}.old"
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
            write_partitioned(frame, tmp)
            if (out / name).exists():
                os.replace(out / name, old)
            os.replace(tmp, out / name)
            shutil.rmtree(old, ignore_errors=True)
            continue
        tmp = out / f".{name}.parquet.tmp"
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, out / f"{name}.parquet")
    _write_json(out / "build.json", manifest)
    return out


def write_partitioned(events: pd.DataFrame, folder: Path) -> None:
    """The events as a Parquet dataset partitioned by the year they start (hive style: `year=2019/part-0.parquet`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(events.assign(year=events["date_start"].str[:4].astype("int32")), preserve_index=False)
    pq.write_to_dataset(table, root_path=str(folder), partition_cols=["year"],
                        basename_template="part-{i}.parquet", existing_data_behavior="delete_matching")
    folder.mkdir(parents=True, exist_ok=True)  # no events: an empty dataset, not a missing one


def read_partitioned(build: Path) -> pd.DataFrame:
    """The events of a build's partitioned dataset (`year` read back from the folder names)."""
    import pyarrow.dataset as ds

    return ds.dataset(Path(build) / "events", format="parquet", partitioning="hive").to_table().to_pandas()


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_table(build: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(Path(build) / f"{name}.parquet")


def read_build(build: Path) -> dict[str, pd.DataFrame]:
    """The build's tables; `events_as_built` (before readers' corrections) is the events table where the build
    predates corrections."""
    frames = {name: read_table(build, name) for name in TABLES}
    as_built = Path(build) / "events_as_built.parquet"
    frames["events_as_built"] = pd.read_parquet(as_built) if as_built.exists() else frames["events"]
    return frames


# ---------------------------------------------------------------------------
# Exports


def export(build: Path, fmt: str, target: Path | None = None) -> str:
    events = read_table(build, "events")
    if fmt == "csv":
        payload = events.drop(columns=["sources"]).to_csv(index=False)
    elif fmt == "geojson":
        payload = json.dumps(to_geojson(events), ensure_ascii=False, indent=1)
    elif fmt == "timelinejs":
        payload = json.dumps(to_timelinejs(events), ensure_ascii=False, indent=1)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose csv, geojson or timelinejs")
    if target:
        tmp = Path(target).with_name(f".{Path(target).name}.tmp")
        tmp.write_text(payload, encoding="utf-8")
        os.replace(tmp, target)
    return payload


def _plain(value):
    if isinstance(value, float) and value != value:
        return None
    return value.item() if hasattr(value, "item") else value


def to_geojson(events: pd.DataFrame) -> dict:
    features = []
    for row in events.to_dict("records"):
        if row.get("lat") is None or row.get("lon") is None or row["lat"] != row["lat"]:
            continue
        properties = {k: _plain(v) for k, v in row.items() if k not in {"lat", "lon", "sources"}}
        properties["doc_ids"] = json.loads(row["doc_ids"])
        properties["actors"] = json.loads(row["actors"])
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_timelinejs(events: pd.DataFrame) -> dict:
    """TimelineJS3's JSON: text is given as plain text (TimelineJS renders HTML, so we escape it)."""
    from html import escape

    def tl_date(iso: str, precision: str) -> dict:
        year, month, day = iso.split("-")
        value = {"year": int(year)}
        if precision in {"day", "week", "month", "season"}:
            value["month"] = int(month)
        if precision in {"day", "week"}:
            value["day"] = int(day)
        return value

    items = []
    for row in events.to_dict("records"):
        sources = json.loads(row["sources"])
        item = {
            "unique_id": row["event_id"],
            "start_date": tl_date(row["date_start"], row["precision"]),
            "display_date": escape(str(row.get("date_text") or row["date_start"])),
            "text": {"headline": escape(f"{row['place_name']}"), "text": escape(row["title"])
                     + "".join(f"<p>{escape(s['doc_id'])}: {escape(s['sentence'])}</p>" for s in sources)},
            "location": {"lat": _plain(row["lat"]), "lon": _plain(row["lon"]), "name": escape(row["place_name"])},
        }
        if row["precision"] != "day":
            item["end_date"] = tl_date(row["date_end"], row["precision"])
        items.append(item)
    return {"title": {"text": {"headline": "Chronomap", "text": f"{len(items)} events"}}, "events": items}
