"""A big build's events queried where they lie: DuckDB over the build's Parquet (issue 16).

Above `threshold()` events (read from the Parquet footer, nothing loaded) the dashboard never holds the events in
pandas: the filter panel's choices, the counts, the map's cells, the timeline's counts per period, the densest
window and the selected event's row are SQL over a view of `events.parquet`, and Python receives only what the
current view draws (a few thousand rows at most). Below the threshold the pandas path (`queries`) stays: small
builds are faster in memory, and it is the one the readers' corrections and uploads use.

No Streamlit here (the page is `dashboard.bigbuild`), so each answer is tested against the pandas path.
"""

from __future__ import annotations

import json
import math
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from . import queries
from .queries import DENSE_SHARE, OTHER_COLOUR, PALETTE, Filters, Window

DEFAULT_THRESHOLD = 200_000
POINT_CAP = 5000  # at most this many events come to Python for one view (the map's points, the timeline's marks)
CELL_CAP = 5000  # the map's cells of a view too big for points: the finest grid that keeps to this many
OPTION_CAP = 2000  # the filter panel lists the largest stories, places, sources and people, this many of each
CELL_SIZES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # degrees
# What the tests read: the most rows any one query returned to Python since the last reset.
largest_result = 0
_largest_lock = threading.Lock()


def threshold() -> int:
    """Events above which the dashboard takes this path (CHRONOMAP_DUCKDB_ROWS, 200,000 unless set)."""
    try:
        return int(os.environ.get("CHRONOMAP_DUCKDB_ROWS", DEFAULT_THRESHOLD))
    except ValueError:
        return DEFAULT_THRESHOLD


def row_count(events_path: Path) -> int:
    """The events in a build, from the Parquet footer: no row is read."""
    return pq.ParquetFile(events_path).metadata.num_rows


def is_big(events_path: Path) -> bool:
    try:
        return row_count(events_path) > threshold()
    except (OSError, ValueError):
        return False


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class BigBuild:
    """One build's events as a DuckDB view; shared by every session (each query runs on its own cursor)."""

    def __init__(self, build_dir: Path, language: str | None = None):
        build_dir = Path(build_dir)
        self.path = build_dir / "events.parquet"
        self.con = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": "512MB"})
        columns = set(pq.ParquetFile(self.path).schema_arrow.names)
        # A build made before threads and headlines existed still opens: each event is then its own story.
        defaults = {"status": "'happened'", "headline": "NULL", "thread_id": "NULL", "thread_title": "NULL"}
        missing = ", ".join(f"{value}::VARCHAR AS {name}" for name, value in defaults.items() if name not in columns)
        self.con.execute(f"""
            CREATE VIEW raw AS SELECT *{', ' + missing if missing else ''} FROM read_parquet({_quote(self.path)});
            CREATE VIEW events AS SELECT * REPLACE (
                    coalesce(thread_id, event_id) AS thread_id,
                    coalesce(thread_title, place_name || ' · ' || date_start) AS thread_title,
                    CASE WHEN coalesce(headline, '') = '' THEN title ELSE headline END AS headline),
                CAST(date_start AS TIMESTAMP) AS t_start,
                CAST(date_end AS TIMESTAMP) + INTERVAL 1 DAY AS t_end,
                make_timestamp((epoch_us(CAST(date_start AS TIMESTAMP))
                                + epoch_us(CAST(date_end AS TIMESTAMP) + INTERVAL 1 DAY)) // 2) AS t_mid
            FROM raw""")
        # Stories ranked as `queries.thread_ranks` ranks them (most events, most sources, earliest), each its colour.
        palette = "[" + ", ".join(f"'{c}'" for c in PALETTE) + "]"
        self.con.execute(f"""
            CREATE TABLE threads AS
            SELECT *, CASE WHEN rank < {len(PALETTE)} THEN {palette}[rank + 1] ELSE '{OTHER_COLOUR}' END AS thread_colour
            FROM (SELECT thread_id, first(thread_title ORDER BY date_start) AS thread_title, count(*) AS events,
                         sum(source_count) AS sources, min(date_start) AS first_day, min(t_start) AS first, max(t_end) AS last,
                         CAST(row_number() OVER (ORDER BY count(*) DESC, sum(source_count) DESC, min(date_start), thread_id) - 1
                              AS INTEGER) AS rank
                  FROM events GROUP BY thread_id)""")
        documents = build_dir / "documents.parquet"
        if documents.exists():
            doc_columns = set(pq.ParquetFile(documents).schema_arrow.names)
            source = "coalesce(nullif(source, ''), doc_id)" if "source" in doc_columns else "doc_id"
            lang = "language" if "language" in doc_columns else "NULL::VARCHAR"
            self.con.execute(f"CREATE TABLE docs AS SELECT doc_id, {source} AS source, {lang} AS language "
                             f"FROM read_parquet({_quote(documents)})")
        else:
            self.con.execute("CREATE TABLE docs (doc_id VARCHAR, source VARCHAR, language VARCHAR)")
        self.language = language or self._language()

    # -- plumbing

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A query's result as a frame, on a cursor of its own (sessions run in threads); its size is watched."""
        global largest_result
        frame = self.con.cursor().execute(sql, params or []).df()
        with _largest_lock:
            largest_result = max(largest_result, len(frame))
        return frame

    def scalar(self, sql: str, params: list | None = None):
        return self.con.cursor().execute(sql, params or []).fetchone()[0]

    def _language(self) -> str:
        found = self.scalar("SELECT mode(language) FROM docs WHERE language IS NOT NULL")
        return found or "en"

    def where(self, filters: Filters | None = None, window: Window | None = None) -> tuple[str, list]:
        """The WHERE clause (and its parameters) of the reader's filters and a time window, as `queries.apply_filters`
        and `queries.in_window` select."""
        clauses, params = ["TRUE"], []
        filters = filters or Filters()
        if filters.start:
            clauses.append("t_end > ?")
            params.append(pd.Timestamp(filters.start).to_pydatetime())
        if filters.end:
            clauses.append("t_start <= ?")
            params.append(pd.Timestamp(filters.end).to_pydatetime())
        if filters.places:
            clauses.append("list_contains(?, place_name)")
            params.append(list(filters.places))
        if filters.threads:
            clauses.append("list_contains(?, thread_title)")
            params.append(list(filters.threads))
        if filters.sources:
            clauses.append("list_has_any(from_json(doc_ids, '[\"VARCHAR\"]'), ?)")
            params.append(self._docs_of(filters.sources))
        if filters.people:
            clauses.append("list_has_any(from_json(actors, '[\"VARCHAR\"]'), ?)")
            params.append(list(filters.people))
        if filters.text:
            clauses.append("contains(lower(headline || ' ' || place_name || ' ' || array_to_string(list_transform("
                           "from_json(sources, '[{\"sentence\": \"VARCHAR\"}]'), lambda s: s.sentence), ' ')), ?)")
            params.append(filters.text.casefold())
        if filters.min_sources > 1:
            clauses.append("source_count >= ?")
            params.append(int(filters.min_sources))
        if window:
            clauses.append("t_end > ? AND t_start <= ?")
            params += [pd.Timestamp(window[0]).to_pydatetime(), pd.Timestamp(window[1]).to_pydatetime()]
        return " AND ".join(clauses), params

    def _docs_of(self, sources: list[str]) -> list[str]:
        """The documents of some sources (a document missing from the table is its own source, as in `prepare`)."""
        known = self.query("SELECT doc_id FROM docs WHERE list_contains(?, source)", [list(sources)])["doc_id"].tolist()
        return known + [name for name in sources if not self.scalar("SELECT count(*) FROM docs WHERE doc_id = ?", [name])]

    # -- what the page asks

    def count(self, filters: Filters | None = None, window: Window | None = None) -> int:
        clause, params = self.where(filters, window)
        return int(self.scalar(f"SELECT count(*) FROM events WHERE {clause}", params))

    def options(self, limit: int | None = None) -> dict:
        """The filter panel's choices: the span, the largest stories (and the legend's rows), places, sources and
        people, each with its count of events, largest first, `limit` of each."""
        limit = limit or OPTION_CAP
        first, last, most = self.con.cursor().execute(
            "SELECT min(t_start), max(t_end), max(source_count) FROM events").fetchone()
        stories = self.query("SELECT thread_id, thread_title, thread_colour, rank, events, first, last FROM threads "
                             "ORDER BY rank LIMIT ?", [limit])
        places = self.query("SELECT place_name AS name, count(*) AS events FROM events GROUP BY 1 "
                            "ORDER BY 2 DESC, 1 LIMIT ?", [limit])
        sources = self.query("""
            SELECT coalesce(d.source, e.doc) AS name, count(DISTINCT e.event_id) AS events
            FROM (SELECT event_id, unnest(from_json(doc_ids, '["VARCHAR"]')) AS doc FROM events) e
            LEFT JOIN docs d ON d.doc_id = e.doc GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""", [limit])
        people = self.query("""
            SELECT person AS name, count(*) AS events
            FROM (SELECT unnest(from_json(actors, '["VARCHAR"]')) AS person FROM events) GROUP BY 1
            ORDER BY 2 DESC, 1 LIMIT ?""", [limit])
        return {
            "first": pd.Timestamp(first).date(), "last": (pd.Timestamp(last) - pd.Timedelta(days=1)).date(),
            "stories": stories, "story_count": int(self.scalar("SELECT count(*) FROM threads")),
            "places": places, "sources": sources, "people": people, "most_sources": int(most or 1),
        }

    def rows(self, filters: Filters | None = None, window: Window | None = None, limit: int | None = None) -> pd.DataFrame:
        """The events of a view, every column, prepared as the pandas path prepares them (`queries.prepare`) with
        each story's colour and rank over the whole build; at most `limit` (POINT_CAP) of them, the earliest."""
        limit = limit or POINT_CAP
        clause, params = self.where(filters, window)
        frame = self.query(f"SELECT * EXCLUDE (t_start, t_end, t_mid) FROM events WHERE {clause} "
                           f"ORDER BY date_start, event_id LIMIT ?", params + [limit])
        return self._prepare(frame)

    def event(self, event_id: str) -> pd.Series | None:
        """The selected event's full row, prepared (its details read every source)."""
        frame = self._prepare(self.query("SELECT * EXCLUDE (t_start, t_end, t_mid) FROM events WHERE event_id = ? LIMIT 1",
                                         [event_id]))
        return None if frame.empty else frame.iloc[0]

    def _prepare(self, frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return queries.prepare(frame, None, self.language) if len(frame.columns) else frame
        ids = list(frame["doc_ids"].map(json.loads).explode().dropna().unique())
        documents = self.query("SELECT doc_id, source FROM docs WHERE list_contains(?, doc_id)", [ids])
        prepared = queries.prepare(frame, documents, self.language)
        ranks = self.query("SELECT thread_id, rank, thread_colour FROM threads WHERE list_contains(?, thread_id)",
                           [list(prepared["thread_id"].unique())]).set_index("thread_id")
        prepared["thread_rank"] = prepared["thread_id"].map(ranks["rank"]).astype(int)
        prepared["thread_colour"] = prepared["thread_id"].map(ranks["thread_colour"])
        return prepared

    def span(self, filters: Filters | None = None, window: Window | None = None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        clause, params = self.where(filters, window)
        low, high = self.con.cursor().execute(f"SELECT min(t_start), max(t_start) FROM events WHERE {clause}", params).fetchone()
        return None if low is None else (pd.Timestamp(low), pd.Timestamp(high))

    def period_counts(self, filters: Filters | None = None, window: Window | None = None,
                      unit: str | None = None) -> tuple[pd.DataFrame, str]:
        """Events per period of their start (`period`, `events`), the period chosen by the view's span unless given."""
        if unit is None:
            span = self.span(filters, window)
            unit = period_unit((span[1] - span[0]).days if span else 0)
        clause, params = self.where(filters, window)
        frame = self.query(f"SELECT date_trunc('{unit}', t_start) AS period, count(*) AS events FROM events "
                           f"WHERE {clause} GROUP BY 1 ORDER BY 1", params)
        frame["period"] = pd.to_datetime(frame["period"])
        return frame, unit

    def densest_window(self, filters: Filters | None = None, share: float = DENSE_SHARE) -> Window | None:
        """`queries.densest_window` in SQL: the shortest span holding `share` of the events (by their middles), from
        the count of events at each middle (a running sum, and for each first middle the first one whose running sum
        reaches `share` further: an as-of join); then widened as the pandas path widens it."""
        clause, params = self.where(filters)
        total = self.count(filters)
        if total < 3:
            return None
        need = max(2, math.ceil(share * total))
        found = self.con.cursor().execute(f"""
            WITH counts AS (SELECT t_mid AS mid, count(*) AS n FROM events WHERE {clause} GROUP BY 1),
                 running AS (SELECT mid, n, sum(n) OVER (ORDER BY mid) AS cum FROM counts),
                 lows AS (SELECT mid AS low, cum - n AS before FROM running)
            SELECT low, running.mid AS high, (SELECT min(mid) FROM counts), (SELECT max(mid) FROM counts)
            FROM lows ASOF JOIN running ON running.cum >= lows.before + {need}
            ORDER BY high - low, low LIMIT 1""", params).fetchone()
        if not found:
            return None
        low, high, first, last = (pd.Timestamp(value) for value in found)
        whole = last - first
        if whole <= pd.Timedelta(0) or (high - low) > 0.5 * whole:
            return None
        margin = max((high - low) * 0.08, pd.Timedelta(days=3))
        return low - margin, high + margin

    def cells(self, filters: Filters | None = None, window: Window | None = None,
              cap: int | None = None) -> tuple[pd.DataFrame, float]:
        """The view's events counted per cell of a lat/lon grid, the finest grid (CELL_SIZES) with at most `cap` cells:
        each cell's centre, its count, and its largest story and place. Returns the cells and the grid's size."""
        cap = cap or CELL_CAP
        clause, params = self.where(filters, window)
        counted = ", ".join(f"approx_count_distinct(round(lat / {size}) * 100000 + round(lon / {size}))" for size in CELL_SIZES)
        estimates = self.con.cursor().execute(f"SELECT {counted} FROM events WHERE {clause} AND lat IS NOT NULL",
                                              params).fetchone()
        size = next((s for s, n in zip(CELL_SIZES, estimates, strict=True) if n <= cap * 0.9), CELL_SIZES[-1])
        frame = self.query(f"""
            SELECT round(lat / {size}) * {size} AS cell_lat, round(lon / {size}) * {size} AS cell_lon, count(*) AS events,
                   mode(place_name) AS place, mode(thread_title) AS story
            FROM events WHERE {clause} AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2
            ORDER BY events DESC LIMIT ?""", params + [cap])
        return frame, size


def period_unit(span_days: int) -> str:
    """The period of the timeline's counts for a span of days: days, weeks, months or years."""
    if span_days < 400:
        return "day"
    if span_days < 3 * 365:
        return "week"
    if span_days < 20 * 365:
        return "month"
    return "year"


PANDAS_PERIODS = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def pandas_period_counts(events: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The same counts from a prepared frame (the small builds' path, and the tests' reference)."""
    periods = events["start"].dt.to_period(PANDAS_PERIODS[unit]).dt.start_time
    return events.assign(period=periods).groupby("period").size().reset_index(name="events")
