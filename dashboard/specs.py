"""The charts of one view, as what Streamlit sends: the map's JSON, the timelines' Vega-Lite specs with their data
as Arrow bytes. Pure functions of a view's events (no session, no Streamlit runtime), so that a shared server can
draw them in its view workers (`dashboard/viewpool.py`) as well as in its own process.
"""

from __future__ import annotations

import pandas as pd
from streamlit import dataframe_util

from . import map as event_map
from . import timeline
from .queries import Window

# What the map and the timelines read of a view: a worker is sent these columns, not the thirty others a prepared
# build carries (sources' sentences, documents' lists), which only the details of one event need.
VIEW_COLUMNS = ["event_id", "start", "end", "mid", "date_label", "place_name", "place_kind", "lat", "lon", "headline",
                "thread_id", "thread_title", "thread_colour", "status", "exact", "precision", "source_count",
                "source_names"]


def view_frame(events: pd.DataFrame) -> pd.DataFrame:
    return events[[column for column in VIEW_COLUMNS if column in events]]


def map_base(events: pd.DataFrame, tiles: bool, basemap_url: str | None) -> event_map.MapBase | event_map.SerialisedDeck:
    """A view's map before its selection (`map.MapBase`): drawn once per view, whatever the readers select."""
    return event_map.map_base(events, tiles, basemap_url)


def timeline_spec(events: pd.DataFrame, selected: str | None, lane: str, window: Window | None) -> dict:
    chart = timeline.timeline_chart(events, selected, lane, window)
    if isinstance(chart, timeline.VegaLiteSpec):  # the data straight from its columns to Arrow, no rows between
        return {**chart.spec, "datasets": {name: arrow(frame) for name, frame in chart.frames.items()}}
    return arrow_datasets(chart.to_dict(validate=False))  # the chart's code is tested valid


def overview_spec(events: pd.DataFrame, window: Window | None) -> dict:
    return arrow_datasets(timeline.overview_chart(events, window).to_dict(validate=False))


def arrow(frame: pd.DataFrame) -> bytes:
    return dataframe_util.convert_anything_to_arrow_bytes(frame.reset_index(drop=True))


def arrow_datasets(spec: dict) -> dict:
    """The spec with its data as the Arrow bytes `st.vega_lite_chart` sends: converted once per view (and kept in
    the cache), not on every rerun of every session."""
    spec["datasets"] = {name: rows if isinstance(rows, bytes) else arrow(pd.DataFrame(rows))
                        for name, rows in spec.get("datasets", {}).items()}
    return spec
