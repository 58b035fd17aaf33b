"""Corrections in the dashboard: the choices a reader is offered and the words that list what was corrected.

Pure builders over the events table and the corrections' records (pipeline/corrections.py keeps and applies
them); app.py draws the forms. No Streamlit here.
"""

from __future__ import annotations

import calendar
import json
from datetime import date

import pandas as pd

PRECISION_CHOICES = ["day", "month", "year"]
MERGE_CHOICES = 60  # events offered as merge targets: the same story first, then the nearest in time


def first_anchor(event: pd.Series) -> str:
    anchors = json.loads(event.get("anchors") or "[]")
    return anchors[0] if anchors else ""


def report_anchors(event: pd.Series) -> list[tuple[str, str]]:
    """Each report of an event (its source sentence) with the anchor that names it: what a split takes off."""
    anchors = json.loads(event.get("anchors") or "[]")
    out = []
    for source in event["sources_list"]:
        for anchor in anchors:
            doc_id, date_span, _ = anchor.rsplit(":", 2)
            if doc_id == source["doc_id"] and source["start"] <= int(date_span.split("-")[0]) < source["end"]:
                out.append((anchor, f"{source.get('source') or doc_id}: {source['sentence'][:90]}"))
                break
    return out


def interval(start: date, precision: str) -> tuple[date, date]:
    """The interval a date of that precision covers: a day, its month, its year."""
    if precision == "month":
        return start.replace(day=1), start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return start, start


def place_choices(places: list) -> list[dict]:
    """Gazetteer readings of a name, most important first, as values a move takes."""
    rank = {"country": 0, "macro": 1, "region": 2, "site": 3, "city": 4}
    ordered = sorted(places, key=lambda p: (rank.get(p.kind, 5), -p.population))
    return [{"place_name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code, "place_kind": p.kind,
             "label": f"{p.name} ({p.kind}, {p.country_code or '—'}; {p.lat:.2f}, {p.lon:.2f})"} for p in ordered]


def merge_choices(events: pd.DataFrame, event: pd.Series) -> pd.DataFrame:
    """Other events a reader may merge this one into: its story's first, then the nearest in time."""
    others = events[events["event_id"] != event["event_id"]]
    if others.empty:
        return others
    gap = (others["mid"] - event["mid"]).abs()
    order = others.assign(_same=others["thread_id"].ne(event["thread_id"]), _gap=gap).sort_values(["_same", "_gap"])
    return order.head(MERGE_CHOICES).drop(columns=["_same", "_gap"])


def event_label(row: pd.Series) -> str:
    return f"{row['date_label']} · {row['place_name']} · {str(row['headline'])[:60]}"


def describe(record: dict) -> str:
    """One line per correction, in plain words."""
    value = record.get("value") or {}
    what = {
        "hide": "hidden",
        "move": f"moved to {value.get('place_name', '?')}",
        "redate": f"re-dated to {value.get('date_start', '?')} (known to the {value.get('precision', '?')})",
        "merge": "merged into another event",
        "split": "one report split off as its own event",
    }.get(record.get("kind"), record.get("kind", "?"))
    doc = str(record.get("anchor", "")).rsplit(":", 2)[0]
    note = f" — {record['note']}" if record.get("note") else ""
    return f"{record.get('at', '')[:16].replace('T', ' ')} · {doc}: {what}{note}"
