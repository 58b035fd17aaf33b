"""What a view shows: the columns the views share, the reader's filters, the time window, words a reader reads.

No Streamlit here, so each piece is tested without a browser.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}
SEASONS = {"fr": {3: "printemps", 6: "été", 9: "automne", 12: "hiver"}, "en": {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}}
# Tableau's ten, then ten lighter ones: the largest threads get a colour each, the rest share a quiet grey.
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#17becf", "#1f3a93", "#a0522d", "#2e8b57", "#c71585", "#6b8e23", "#8b0000", "#483d8b", "#008080",
           "#b8860b", "#708090"]
OTHER_COLOUR = "#9a9a9a"
DENSE_SHARE = 0.8  # the first window of the timeline holds this share of the events, in the shortest span that can


def date_label(start: str, end: str, precision: str, language: str = "fr") -> str:
    """A date as precise as it is known: "13 septembre 2023", "septembre 2023", "2019", "années 1990"."""
    first = date.fromisoformat(start[:10])
    months = MONTHS.get(language, MONTHS["en"])
    if precision == "day":
        return f"{first.day} {months[first.month - 1]} {first.year}"
    if precision == "week":
        return f"{'semaine du' if language == 'fr' else 'week of'} {first.day} {months[first.month - 1]} {first.year}"
    if precision == "month":
        return f"{months[first.month - 1]} {first.year}"
    if precision == "season":
        return f"{SEASONS.get(language, SEASONS['en']).get(first.month, '')} {first.year}".strip()
    if precision == "decade":
        return f"{'années' if language == 'fr' else 'the'} {first.year}{'' if language == 'fr' else 's'}"
    if precision == "century":
        return f"{first.year}–{date.fromisoformat(end[:10]).year}"
    return str(first.year)


def known_to(precision: str) -> str:
    """Plain words for a date's precision."""
    return {"day": "known to the day", "week": "known to the week", "month": "known to the month",
            "season": "known to the season", "year": "known to the year", "decade": "known to the decade",
            "century": "known to the century"}.get(precision, "date uncertain")


def reported_by(count: int) -> str:
    return f"reported by {count} source{'s' if count != 1 else ''}"


def prepare(events: pd.DataFrame, documents: pd.DataFrame | None = None, language: str = "fr") -> pd.DataFrame:
    """Columns the views share: real dates, a middle for coarse dates, labels, lists decoded once, each thread's
    colour. A build made before threads and headlines existed still opens: each event is then its own thread."""
    frame = events.copy()
    for column, default in (("status", "happened"), ("headline", None), ("thread_id", None), ("thread_title", None)):
        if column not in frame:
            frame[column] = default
    frame["headline"] = frame["headline"].where(frame["headline"].fillna("") != "", frame["title"])  # none: the title
    frame["thread_id"] = frame["thread_id"].fillna(frame["event_id"])
    frame["start"] = pd.to_datetime(frame["date_start"])
    frame["end"] = pd.to_datetime(frame["date_end"]) + pd.Timedelta(days=1)  # end of the last day
    frame["mid"] = frame["start"] + (frame["end"] - frame["start"]) / 2
    frame["date_label"] = [date_label(s, e, p, language) for s, e, p in zip(frame.date_start, frame.date_end, frame.precision, strict=True)]
    frame["thread_title"] = frame["thread_title"].fillna(frame["place_name"] + " · " + frame["date_label"])
    frame["exact"] = frame["precision"].eq("day")
    frame["sources_list"] = frame["sources"].map(json.loads)
    frame["doc_list"] = frame["doc_ids"].map(json.loads)
    frame["actor_list"] = frame["actors"].map(json.loads)
    names = {}
    if documents is not None and "source" in documents:
        names = {d: (s or d) for d, s in zip(documents["doc_id"], documents["source"].fillna(""), strict=True)}
    frame["source_names"] = frame["doc_list"].map(lambda ids: sorted({names.get(d, d) for d in ids}))
    for items in frame["sources_list"]:
        for item in items:
            item["source"] = names.get(item["doc_id"], item["doc_id"])
    ranks = thread_ranks(frame)
    frame["thread_rank"] = frame["thread_id"].map(ranks).astype(int)
    frame["thread_colour"] = frame["thread_rank"].map(lambda r: PALETTE[r] if r < len(PALETTE) else OTHER_COLOUR)
    return frame


def thread_ranks(events: pd.DataFrame) -> dict[str, int]:
    """Threads from the largest (most events, then most sources) to the smallest, ties by date."""
    summary = events.groupby("thread_id").agg(size=("event_id", "size"), sources=("source_count", "sum"),
                                              first=("date_start", "min"))
    order = summary.sort_values(["size", "sources", "first"], ascending=[False, False, True]).index
    return {thread: rank for rank, thread in enumerate(order)}


def threads_summary(events: pd.DataFrame) -> pd.DataFrame:
    """One row per thread, largest first: its title, colour, span and count (the legend)."""
    if events.empty:
        return pd.DataFrame(columns=["thread_id", "thread_title", "thread_colour", "events", "first", "last"])
    grouped = events.groupby("thread_id").agg(
        thread_title=("thread_title", "first"), thread_colour=("thread_colour", "first"), rank=("thread_rank", "first"),
        events=("event_id", "size"), first=("start", "min"), last=("end", "max"))
    return grouped.sort_values("rank").reset_index()


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    places: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)  # thread titles
    text: str = ""
    min_sources: int = 1


def apply_filters(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=events.index)
    if filters.start:
        keep &= events["end"] > pd.Timestamp(filters.start)
    if filters.end:
        keep &= events["start"] <= pd.Timestamp(filters.end)
    if filters.places:
        keep &= events["place_name"].isin(filters.places)
    if filters.threads:
        keep &= events["thread_title"].isin(filters.threads)
    if filters.sources:
        keep &= events["source_names"].map(lambda names: bool(set(names) & set(filters.sources)))
    if filters.people:
        keep &= events["actor_list"].map(lambda names: bool(set(names) & set(filters.people)))
    if filters.text:
        needle = filters.text.casefold()
        haystack = events["headline"] + " " + events["place_name"] + " " + events["sources_list"].map(
            lambda items: " ".join(s["sentence"] for s in items))
        keep &= haystack.str.casefold().str.contains(needle, regex=False)
    if filters.min_sources > 1:
        keep &= events["source_count"] >= filters.min_sources
    return events[keep]


Window = tuple[pd.Timestamp, pd.Timestamp]


def in_window(events: pd.DataFrame, window: Window | None) -> pd.DataFrame:
    if not window:
        return events
    low, high = window
    return events[(events["end"] > low) & (events["start"] <= high)]


def densest_window(events: pd.DataFrame, share: float = DENSE_SHARE) -> Window | None:
    """The shortest span that holds `share` of the events (by their middles), a little widened: what the
    timeline's detail view opens on, so one event decades earlier does not squeeze a year's story into a few
    pixels. None when that span is most of the whole (nothing to focus on)."""
    if len(events) < 3:
        return None
    mids = events["mid"].sort_values().to_numpy()
    count = max(2, math.ceil(share * len(mids)))
    widths = mids[count - 1:] - mids[:len(mids) - count + 1]
    best = int(widths.argmin())
    low, high = pd.Timestamp(mids[best]), pd.Timestamp(mids[best + count - 1])
    whole = pd.Timestamp(mids[-1]) - pd.Timestamp(mids[0])
    if whole <= pd.Timedelta(0) or (high - low) > 0.5 * whole:
        return None
    margin = max((high - low) * 0.08, pd.Timedelta(days=3))
    return low - margin, high + margin


def step_dates(events: pd.DataFrame) -> list[date]:
    """The dates to step through when playing: each event's start, in order."""
    return [d.date() for d in sorted(events["start"].dt.normalize().unique())]


def up_to(events: pd.DataFrame, when: date | None) -> pd.DataFrame:
    return events if when is None else events[events["start"] < pd.Timestamp(when + timedelta(days=1))]


def brushed_window(state) -> tuple[bool, Window | None]:
    """What the reader's brush on the overview says, from the page's state (Streamlit's session state or any
    mapping): (True, the window) once they brushed, (True, None) once they cleared it, (False, None) before."""
    brush = (state.get("overview") or {}).get("selection", {}).get("window") or {}
    values = brush.get("mid") or brush.get("period")
    if values and len(values) == 2:
        state["window_touched"] = True
        low, high = sorted(pd.to_datetime(v, unit="ms") if isinstance(v, (int, float)) else pd.Timestamp(v) for v in values)
        return True, (low, high)
    return bool(state.get("window_touched")), None
