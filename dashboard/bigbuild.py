"""The page of a big build (issue 16): the same map, timeline, filters and details as the pandas path, every
answer from DuckDB over the build's Parquet (`dashboard.duck`), and only what the view draws sent to the browser.

app.py hands a build over here when it holds more than `duck.threshold()` events (200,000 unless
CHRONOMAP_DUCKDB_ROWS says otherwise). A view of at most `duck.POINT_CAP` events is drawn exactly as the pandas
path draws it (its rows come from SQL, then `map.map_deck` and `timeline.timeline_chart`); a bigger one is drawn
as map cells sized by their count and the timeline's counts per period (day, week, month or year by span).
Readers' corrections are kept but not shown on a build this size, uploads take the pandas path, and playback is
the pandas path's only (a big view is explored by brushing the overview instead).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from . import details, duck, queries, timeline
from . import map as event_map
from .queries import Filters, Window

DOWNLOAD_CAP = 50_000  # events in one download of a big view
ROUTE_EVENTS = 1000  # a view of more events than this draws no journeys' arcs


@st.cache_resource(max_entries=2, show_spinner="Opening the build…")
def open_build(build_dir: str, stamp: float) -> duck.BigBuild:
    """One DuckDB view of the build for every session (`stamp`: the events' modification time)."""
    return duck.BigBuild(Path(build_dir))


# Each answer is kept per view (`view`: the build, the filters, the window), so a rerun that changes none of them
# (a selection, a click elsewhere) asks DuckDB nothing again. Every cached value is small: a count, a few thousand
# rows at most, a chart's spec.
@st.cache_resource(max_entries=4, show_spinner=False)
def panel_options(source: tuple, _big: duck.BigBuild) -> dict:
    return _big.options()


@st.cache_data(max_entries=128, show_spinner=False)
def count(view: tuple, _big: duck.BigBuild, _filters: Filters, _window: Window | None) -> int:
    return _big.count(_filters, _window)


@st.cache_data(max_entries=32, show_spinner=False)
def view_rows(view: tuple, _big: duck.BigBuild, _filters: Filters, _window: Window | None) -> pd.DataFrame:
    return _big.rows(_filters, _window)


@st.cache_data(max_entries=32, show_spinner=False)
def opening_window(view: tuple, _big: duck.BigBuild, _filters: Filters) -> Window | None:
    return _big.densest_window(_filters)


@st.cache_data(max_entries=64, show_spinner=False)
def selected_event(source: tuple, event_id: str, _big: duck.BigBuild) -> pd.Series | None:
    return _big.event(event_id)


def holds(source: tuple, event_id: str, big: duck.BigBuild, filters: Filters, window: Window | None) -> bool:
    """Whether the filters (and window) keep an event: the pandas path's own filters, on its one row."""
    event = selected_event(source, event_id, big)
    if event is None:
        return False
    return not queries.in_window(queries.apply_filters(event.to_frame().T, filters), window).empty


@st.cache_data(max_entries=32, show_spinner=False)
def points_spec(view: tuple, selected: str | None, tiles: bool, basemap_url: str | None, _rows: pd.DataFrame):
    """The pandas path's map of these rows; a journey's arcs only in a view of a few stories' events (thousands of
    events of hundreds of stories, all at once, are a tangle of arcs that hides the points)."""
    data = event_map.map_data(_rows, selected)
    if len(_rows) > ROUTE_EVENTS:
        data["legs"] = data["legs"].iloc[:0]
    return event_map.serialise(event_map.map_deck(_rows, selected, tiles=tiles, basemap_url=basemap_url, data=data))


@st.cache_data(max_entries=32, show_spinner=False)
def cells_spec(view: tuple, tiles: bool, basemap_url: str | None, _big: duck.BigBuild, _filters: Filters,
               _window: Window | None):
    cells, size = _big.cells(_filters, _window)
    return event_map.serialise(cells_deck(cells, size, tiles, basemap_url)), len(cells), size


@st.cache_data(max_entries=32, show_spinner=False)
def counts_spec(view: tuple, window: Window | None, height: int, _big: duck.BigBuild, _filters: Filters,
                _within: Window | None) -> dict:
    counts, unit = _big.period_counts(_filters, _within)
    return counts_chart(counts, unit, window, height, domain=_within).to_dict(validate=False)


@st.cache_data(max_entries=32, show_spinner=False)
def marks_spec(view: tuple, selected: str | None, lane: str, window: Window | None, _rows: pd.DataFrame) -> dict:
    return timeline.timeline_chart(_rows, selected, lane, window).to_dict(validate=False)


@st.cache_data(max_entries=32, show_spinner=False)
def ticks_spec(view: tuple, window: Window | None, _rows: pd.DataFrame) -> dict:
    return timeline.overview_chart(_rows, window).to_dict(validate=False)


def cells_deck(cells: pd.DataFrame, size: float, tiles: bool, basemap_url: str | None) -> pdk.Deck:
    """A view too big for points: one disc per grid cell, its area proportional to its count (the fullest cell
    fills its square), darker where more events are; the tooltip names the cell's commonest place and story."""
    most = max(1, int(cells["events"].max())) if len(cells) else 1
    half_cell = size * 111_320 / 2  # metres: half a cell's side at the equator
    cells = cells.assign(
        radius=[half_cell * max(0.18, math.sqrt(n / most)) * max(0.25, math.cos(math.radians(lat)))
                for n, lat in zip(cells["events"], cells["cell_lat"], strict=True)],
        colour=[[47, 79, 143, int(90 + 140 * math.sqrt(n / most))] for n in cells["events"]],
        label=[f"{n:,}" for n in cells["events"]],
    )
    layers = [
        event_map._basemap_layer(tiles, basemap_url),
        pdk.Layer("ScatterplotLayer", id="cells", data=cells, get_position=["cell_lon", "cell_lat"], get_radius="radius",
                  radius_units="'meters'", radius_min_pixels=2, get_fill_color="colour", get_line_color=[255, 255, 255, 160],
                  line_width_min_pixels=0.5, stroked=True, pickable=True, auto_highlight=True),
    ]
    view = pdk.ViewState(latitude=20, longitude=10, zoom=1)
    if len(cells):
        extent = max(cells["cell_lat"].max() - cells["cell_lat"].min(), (cells["cell_lon"].max() - cells["cell_lon"].min()) * 0.6, 6.0)
        view = pdk.ViewState(latitude=float((cells["cell_lat"].min() + cells["cell_lat"].max()) / 2),
                             longitude=float((cells["cell_lon"].min() + cells["cell_lon"].max()) / 2),
                             zoom=max(0.5, min(7.0, math.log2(360 / (extent * 1.6)))))
    return event_map._deck(layers, view, tiles, "{label} events here\nmostly {place} · {story}")


def counts_chart(counts: pd.DataFrame, unit: str, window: Window | None = None, height: int = 200,
                 domain: Window | None = None) -> alt.Chart:
    """Events per period of their start as bars (the timeline of a view too big for marks), with the brush that sets
    the window; a detail of a window (`domain`) shows that window only, as the marks' timeline does."""
    brush = alt.selection_interval(name="window", encodings=["x"],
                                   value={"x": [timeline._datetime(window[0]), timeline._datetime(window[1])]}
                                   if window else alt.Undefined)
    fmt = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y", "year": "%Y"}[unit]
    compact = height < 100  # the overview: bars only, their height reads without an axis
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
            "year": pd.DateOffset(years=1)}[unit]
    counts = counts.assign(until=[period + step for period in counts["period"]])  # each bar as wide as its period
    return alt.Chart(counts).mark_bar(color="#4a6fb5", clip=True, stroke="white", strokeWidth=0.3).encode(
        x=alt.X("period:T", title=None, scale=alt.Scale(domain=[timeline._datetime(domain[0]), timeline._datetime(domain[1])])
                if domain else alt.Undefined),
        x2="until:T", y2=alt.datum(0),
        y=alt.Y("events:Q", title=None if compact else f"events per {unit}",
                axis=None if compact else alt.Axis(format=",.0f", tickMinStep=1)),
        tooltip=[alt.Tooltip("period:T", title=unit, format=fmt), alt.Tooltip("events:Q", format=",")],
    ).add_params(brush).properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}})


def filter_panel(options: dict) -> Filters:
    """The pandas path's panel (same keys, so links carry over), its choices the largest of each, with counts."""
    side = st.sidebar
    side.header("Filters")
    first, last = options["first"], options["last"]
    chosen = st.session_state.pop("url_range", None) or (first, last)
    start, end = side.slider("Dates", min_value=first, max_value=last, value=(max(first, chosen[0]), min(last, chosen[1])),
                             key="f_range") if first < last else (first, last)
    stories = options["stories"]
    story_counts = dict(zip(stories["thread_title"], stories["events"], strict=True))
    threads = side.multiselect("Stories", list(dict.fromkeys(stories["thread_title"])), key="f_threads",
                               format_func=lambda t: f"{t} ({story_counts.get(t, 0):,})")
    legend = details.legend_html(stories.head(12))
    if options["story_count"] > 12:
        legend += f"<div style='font-size:.8em;color:#777'>and {options['story_count'] - 12:,} smaller stories (grey)</div>"
    side.html(legend)

    def choose(label: str, key: str) -> list[str]:
        frame = options[label.lower()]
        counts = dict(zip(frame["name"], frame["events"], strict=True))
        return side.multiselect(label, list(counts), key=key, format_func=lambda n: f"{n} ({counts.get(n, 0):,})")

    most_sources = options["most_sources"]
    st.session_state["f_min_sources"] = max(1, min(int(st.session_state.get("f_min_sources", 1)), most_sources))
    return Filters(
        start=start, end=end, threads=threads, places=choose("Places", "f_places"), sources=choose("Sources", "f_sources"),
        people=choose("People", "f_people"), text=side.text_input("Search the text", key="f_text"),
        min_sources=side.slider("Reported by at least … sources", 1, most_sources, key="f_min_sources") if most_sources > 1 else 1,
    )


def reconcile_selection(view: tuple, big: duck.BigBuild, filters: Filters) -> None:
    """As the pandas path: the chart touched last decides the selected event, which must be among the shown."""
    picks = {"map": _pick(st.session_state.get("map"), "objects", "events"),
             "timeline": _pick(st.session_state.get("timeline"), "pick")}
    for chart, pick in picks.items():
        if pick != st.session_state.get(f"seen_{chart}"):
            st.session_state[f"seen_{chart}"] = pick
            if pick:
                st.session_state["selected"] = pick
    chosen = st.session_state.get("selected")
    if chosen and not holds(view[0], chosen, big, filters, None):
        st.session_state["selected"] = None


def _pick(state, *path: str) -> str | None:
    found = (state or {}).get("selection", {})
    for key in path:
        found = (found or {}).get(key) or {}
    return found[0].get("event_id") if isinstance(found, list) and found else None


def time_window(view: tuple, big: duck.BigBuild, filters: Filters, selected: str | None) -> Window | None:
    """The reader's brush on the overview once they brushed; before that the densest period (from SQL), unless the
    linked event lies outside it."""
    brushed, brush = queries.brushed_window(st.session_state)
    if brushed:
        return brush
    window = opening_window(view, big, filters)
    if window and selected and not holds(view[0], selected, big, filters, window):
        return None
    return window


def article_view(big: duck.BigBuild, build_dir: Path, doc_id: str) -> None:
    """One article with its mentions marked: two filtered reads of the small tables, never the events."""
    st.link_button("← Back to the map", "?" + (f"event={st.query_params.get('event')}" if st.query_params.get("event") else ""))
    cursor = big.con.cursor()
    documents = cursor.execute(f"SELECT * FROM read_parquet({duck._quote(build_dir / 'documents.parquet')}) WHERE doc_id = ?",
                               [doc_id]).df()
    if documents.empty:
        st.error("No such article in this build.")
        return
    doc = documents.iloc[0]
    mentions = cursor.execute(f"SELECT * FROM read_parquet({duck._quote(build_dir / 'mentions.parquet')}) WHERE doc_id = ?",
                              [doc_id]).df()
    st.subheader(str(doc.get("title") or doc_id))
    st.caption(f"{doc.get('source') or ''} · published {doc.get('published') or 'unknown'} · {doc_id}")
    st.html(details.article_html(str(doc.get("text") or ""), mentions))


def downloads(big: duck.BigBuild, filters: Filters, window: Window | None, in_view: int) -> None:
    """The view's events as CSV, made when clicked, by DuckDB (the first DOWNLOAD_CAP of a bigger view)."""
    def csv() -> bytes:
        clause, params = big.where(filters, window)
        frame = big.con.cursor().execute(f"SELECT * EXCLUDE (t_start, t_end, t_mid, sources) FROM events WHERE {clause} "
                                         f"ORDER BY date_start, event_id LIMIT {DOWNLOAD_CAP}", params).df()
        return frame.to_csv(index=False).encode("utf-8")

    label = "CSV" if in_view <= DOWNLOAD_CAP else f"CSV (the first {DOWNLOAD_CAP:,})"
    st.download_button(label, csv, "events.csv", "text/csv")


def page(build_dir: Path, stamp: float, label: str, in_force: list[dict],
         write_url_state: Callable[[Filters], None]) -> None:
    """The whole page of a big build, below app.py's header work (URL state read, basemap published)."""
    big = open_build(str(build_dir), stamp)
    source = (str(build_dir), stamp)
    if st.query_params.get("doc"):
        article_view(big, Path(build_dir), st.query_params["doc"])
        return
    st.title(f"Chronomap · {label}")
    options = panel_options(source, big)
    filters = filter_panel(options)
    st.sidebar.radio("Timeline lanes", ["story", "source"], key="lane", horizontal=True)
    st.sidebar.toggle("Map tiles (Carto, needs network)", value=False, key="tiles")
    if in_force:
        st.sidebar.caption(f"{len(in_force)} correction{'s' if len(in_force) != 1 else ''} kept; a build of more than "
                           f"{duck.threshold():,} events is shown as built.")
    view = (source, repr(filters))
    total = count((source, repr(Filters())), big, Filters(), None)
    shown = count(view, big, filters, None)
    if not shown:
        st.warning("No events match these filters.")
        write_url_state(filters)
        return
    reconcile_selection(view, big, filters)
    selected = st.session_state.get("selected")
    window = time_window(view, big, filters, selected)
    windowed = view + (window,)
    in_view = count(windowed, big, filters, window)
    event = selected_event(source, selected, big) if selected else None
    st.markdown(f"**{in_view:,} of {total:,} events** shown"
                + (f" · selected: {event['place_name']}" if event is not None else ""))
    rows = view_rows(windowed, big, filters, window) if in_view <= duck.POINT_CAP else None
    tiles = st.session_state.get("tiles", False)
    left, right = st.columns([3, 2])
    with left:
        if rows is not None:
            on_map = selected if selected and rows["event_id"].eq(selected).any() else None
            deck = points_spec(windowed, on_map, tiles, st.session_state.get("basemap_url"), rows)
        else:
            deck, cells, size = cells_spec(windowed, tiles, st.session_state.get("basemap_url"), big, filters, window)
            st.caption(f"{in_view:,} events in {cells:,} cells of {size:g}°, each sized by its count: brush the timeline's "
                       f"overview or filter to {duck.POINT_CAP:,} events or fewer to see each event.")
        st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="map", height=460)
    with right:
        if event is None:
            st.info("Click an event on the map or the timeline to see who reported it, and how.")
        else:
            st.html(details.details_html(event))
    lane = "thread" if st.session_state.get("lane", "story") == "story" else "source"
    if rows is not None and len(rows) <= timeline.MAX_MARKS:
        spec = marks_spec(windowed, selected if rows["event_id"].eq(selected).any() else None, lane, window, rows)
        height = timeline.timeline_height(rows, lane)
    else:
        spec, height = counts_spec(windowed, None, 200, big, filters, window), 240
    st.vega_lite_chart(spec=spec, on_select="rerun", key="timeline", height=height, width="stretch")
    if shown <= timeline.MAX_MARKS:
        overview = ticks_spec(view + (window,), window, view_rows(view, big, filters, None))
    else:
        overview = counts_spec(view + ("overview", window), window, timeline.OVERVIEW_HEIGHT, big, filters, None)
    st.vega_lite_chart(spec=overview, on_select="rerun", key="overview", height=timeline.OVERVIEW_HEIGHT + 30, width="stretch")
    downloads(big, filters, window, in_view)
    write_url_state(filters)
