"""Corrections: a reader's fixes to events (move, re-date, hide, merge, split), kept beside the build.

A correction names an event by an anchor that survives rebuilds: the document and the character offsets of the
date and place mentions that made it ("doc.txt:120-128:140-150"), never the event id, which changes when an event
gains a source. Corrections are appended to a JSON Lines file beside the build (`<build>.corrections.jsonl`, not
inside it: a build is replaced atomically on every run); undoing one appends its id with `"undone": true`. The
next build applies them (pipeline/build.py) and the dashboard applies them at once; every operation is
idempotent, so applying a correction to a build that already carries it changes nothing.

Pure pandas over the events table: the dashboard imports this without the NLP stack.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from pathlib import Path

import pandas as pd

KINDS = ("move", "redate", "hide", "merge", "split")
PRECISIONS = ("day", "week", "month", "season", "year", "decade", "century")


def corrections_path(build: Path) -> Path:
    """Beside the build directory (which a rebuild replaces), named after it."""
    build = Path(build)
    return build.parent / f"{build.name}.corrections.jsonl"


def anchor_of(doc_id: str, date_span: tuple[int, int], place_span: tuple[int, int]) -> str:
    return f"{doc_id}:{date_span[0]}-{date_span[1]}:{place_span[0]}-{place_span[1]}"


def make(kind: str, anchor: str, value: dict | None = None, note: str = "", by: str = "") -> dict:
    if kind not in KINDS:
        raise ValueError(f"unknown correction {kind!r}; one of {', '.join(KINDS)}")
    return {"id": uuid.uuid4().hex[:12], "kind": kind, "anchor": anchor, "value": value or {}, "note": note,
            "by": by, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def undo(correction_id: str) -> dict:
    return {"id": correction_id, "undone": True, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def append(path: Path, record: dict) -> None:
    """One line per record, appended in one write (O_APPEND): concurrent writers never interleave a line."""
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def load(path: Path) -> list[dict]:
    """Every record of the file, in order; a line that is not a correction is skipped (a torn last line)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            records.append(record)
    return records


def active(records: list[dict]) -> list[dict]:
    """The corrections in force: each id's first full record, unless an undo followed it; in order."""
    undone = {r["id"] for r in records if r.get("undone")}
    seen, out = set(), []
    for record in records:
        if record.get("undone") or record["id"] in seen or record.get("kind") not in KINDS:
            continue
        seen.add(record["id"])
        if record["id"] not in undone and isinstance(record.get("anchor"), str):
            out.append(record)
    return out


def apply(events: pd.DataFrame, records: list[dict]) -> pd.DataFrame:
    """The events table with the corrections in force applied, in order. A correction whose anchor no event
    carries any more (the text changed) is skipped. Adds `corrections` (JSON list of the kinds applied). Each
    correction finds its event through an index of anchors: the cost is the table's, plus one look-up each."""
    corrections = active(records)
    if not corrections or events.empty or "anchors" not in events:
        return events
    rows = events.to_dict("records")
    by_anchor: dict[str, dict] = {}
    for row in rows:
        row["_anchors"] = set(json.loads(row.get("anchors") or "[]"))
        row["_applied"] = json.loads(row.get("corrections") or "[]")
        for anchor in row["_anchors"]:
            by_anchor[anchor] = row
    for correction in corrections:
        _apply_one(rows, by_anchor, correction)
    out_rows = []
    for row in rows:
        if row.pop("_gone", False):
            continue
        row["anchors"] = json.dumps(sorted(row.pop("_anchors")), ensure_ascii=False)
        row["corrections"] = json.dumps(row.pop("_applied"), ensure_ascii=False)
        out_rows.append(row)
    out = pd.DataFrame(out_rows, columns=list(dict.fromkeys([*events.columns, "corrections"])))
    return out.reset_index(drop=True)


def _apply_one(rows: list[dict], by_anchor: dict[str, dict], correction: dict) -> None:
    row = by_anchor.get(correction["anchor"])
    if row is None or row.get("_gone"):
        return
    kind, value = correction["kind"], correction.get("value") or {}
    if kind == "hide":
        row["_gone"] = True
        for anchor in row["_anchors"]:
            by_anchor.pop(anchor, None)
        return
    if kind == "move" and {"place_name", "lat", "lon"} <= set(value):
        row.update(place_name=str(value["place_name"]), lat=float(value["lat"]), lon=float(value["lon"]),
                   country_code=str(value.get("country_code", "")), place_kind=str(value.get("place_kind", row["place_kind"])))
    elif kind == "redate" and value.get("precision") in PRECISIONS and value.get("date_start") and value.get("date_end"):
        row.update(date_start=str(value["date_start"])[:10], date_end=str(value["date_end"])[:10], precision=value["precision"])
    elif kind == "merge":
        other = by_anchor.get(str(value.get("into", "")))
        if other is None or other is row:
            return
        _absorb(other, row)
        for anchor in row["_anchors"]:
            by_anchor[anchor] = other
        other["_applied"].append("merge")
        row["_gone"] = True
        return
    elif kind == "split":
        new = _split(row, correction["anchor"])
        if new is not None:
            rows.append(new)
            for anchor in new["_anchors"]:
                by_anchor[anchor] = new
        return
    else:
        return
    row["_applied"].append(kind)


def _absorb(into: dict, other: dict) -> None:
    sources = json.loads(into["sources"])
    seen = {(s["doc_id"], s["start"]) for s in sources}
    sources += [s for s in json.loads(other["sources"]) if (s["doc_id"], s["start"]) not in seen]
    doc_ids = sorted({s["doc_id"] for s in sources})
    actors = list(dict.fromkeys(json.loads(into["actors"]) + json.loads(other["actors"])))
    into.update(sources=json.dumps(sources, ensure_ascii=False), doc_ids=json.dumps(doc_ids, ensure_ascii=False),
                source_count=len(doc_ids), actors=json.dumps(actors, ensure_ascii=False))
    into["_anchors"] |= other["_anchors"]


def _split(row: dict, anchor: str) -> dict | None:
    """The report the anchor names (its sentence) becomes an event of its own; the others stay."""
    doc_id, date_span, _ = anchor.rsplit(":", 2)
    date_start = int(date_span.split("-")[0])
    sources = json.loads(row["sources"])
    mine = [s for s in sources if s["doc_id"] == doc_id and s["start"] <= date_start < s["end"]]
    rest = [s for s in sources if not (s["doc_id"] == doc_id and s["start"] <= date_start < s["end"])]
    if not mine or not rest:
        return None  # one report only: nothing to split off
    mine_anchors = {a for a in row["_anchors"] if a.startswith(f"{doc_id}:")
                    and any(s["start"] <= int(a.rsplit(":", 2)[1].split("-")[0]) < s["end"] for s in mine)}
    new = dict(row)
    new["event_id"] = hashlib.sha1(f"{row['event_id']}|{anchor}".encode()).hexdigest()[:12]
    new["_anchors"], new["_applied"] = mine_anchors, [*row["_applied"], "split"]
    new["sources"] = json.dumps(mine, ensure_ascii=False)
    new["doc_ids"] = json.dumps(sorted({s["doc_id"] for s in mine}), ensure_ascii=False)
    new["source_count"] = len({s["doc_id"] for s in mine})
    row["_anchors"] = row["_anchors"] - mine_anchors
    row["sources"] = json.dumps(rest, ensure_ascii=False)
    row["doc_ids"] = json.dumps(sorted({s["doc_id"] for s in rest}), ensure_ascii=False)
    row["source_count"] = len({s["doc_id"] for s in rest})
    row["_applied"].append("split")
    return new
