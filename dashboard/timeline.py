"""The timeline: a detail view of a window and, beneath it, an overview of the whole span with a brush.

Focus and context, the way TimelineJS and kepler.gl let a reader move through time: the detail view opens on the
densest period (so one event decades earlier does not squeeze a year's story into a few pixels), lanes are
threads (or sources), never one lane per place, and the overview's brush moves the window. Pure builder (no
Streamlit): the chart's `window` selection is what the app reads back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from .queries import Window, in_window

MAX_MARKS = 3000  # beyond this the timeline draws counts per period instead of one mark per event
MAX_LANES = 9  # the largest threads (or sources) get a lane each; the rest share one
CROWDED_LANE = 60  # events in one lane past which it is drawn as density ticks, not marks
OTHER_LANE = "other stories"
LANE_HEIGHT = 34
OVERVIEW_HEIGHT = 56
MIN_TIMELINE_DAYS = 60


def lane_of(events: pd.DataFrame, lane: str) -> pd.Series:
    """Each event's lane: its thread (the largest ones; the rest share "other stories"), or its first source."""
    if lane == "source":
        names = events["source_names"].map(lambda names: names[0] if names else "")
    else:
        names = events["thread_title"]
    top = names.value_counts().index[:MAX_LANES]
    return names.where(names.isin(top), OTHER_LANE)


def lanes(events: pd.DataFrame, lane: str) -> list[str]:
    """Lanes from the largest down, "other stories" last."""
    counts = lane_of(events, lane).value_counts()
    ordered = [name for name in counts.index if name != OTHER_LANE]
    return ordered + ([OTHER_LANE] if OTHER_LANE in counts.index else [])


def timeline_height(events: pd.DataFrame, lane: str = "thread") -> int:
    """The detail view's height in pixels, its legend and axis included."""
    if len(events) > MAX_MARKS:
        return 240
    return max(140, LANE_HEIGHT * len(lanes(events, lane))) + 70


def time_domain(first: pd.Timestamp, last: pd.Timestamp) -> list[alt.DateTime]:
    """An extent widened to two months at least, so a few events on one day read as days on a calendar, not as
    hours of that day."""
    if pd.isna(first) or pd.isna(last):
        first = last = pd.Timestamp.today().normalize()
    short = pd.Timedelta(days=MIN_TIMELINE_DAYS) - (last - first)
    if short > pd.Timedelta(0):
        first, last = first - short / 2, last + short / 2
    return [_datetime(first), _datetime(last + pd.Timedelta(days=1))]


def _datetime(t: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=t.year, month=t.month, date=t.day)


def timeline_chart(events: pd.DataFrame, selected_id: str | None = None, lane: str = "thread",
                   window: Window | None = None) -> VegaLiteSpec | alt.Chart:
    """The detail view: the events of the window, one mark each (filled if it happened, hollow if planned,
    struck through if called off; a faint span for a date known to the month or year), lanes by thread or source.

    Above MAX_MARKS events it draws counts per period instead, which a browser draws at any size.
    The chart's structure is Altair's, built (and validated) once per process; each view fills in its lanes, its
    time scale and its data (`_detail_skeleton`): Altair's own assembly of five layers costs a tenth of a second,
    every new view of every reader on a shared server.
    """
    events = in_window(events, window)
    if len(events) > MAX_MARKS:
        return binned_timeline(events)
    # Only the columns the chart reads are copied: a view of a shared build carries thirty more.
    events = events[["event_id", "start", "end", "mid", "date_label", "place_name", "headline", "thread_title", "status",
                     "exact", "source_count", "thread_colour", "source_names"]]
    frame = events.assign(
        lane=lane_of(events, lane),
        selected=events["event_id"].eq(selected_id) if selected_id else False,
        sources_text=events["source_count"].map(lambda n: f"{n} source{'s' if n != 1 else ''}"),
        hollow=events["status"].fillna("happened").ne("happened"),
        struck=events["status"].isin(["cancelled", "postponed"]),
        colour=events["thread_colour"],
        known=events["exact"].map({True: "known to the day", False: "known to the month or year"}),
    )[DETAIL_COLUMNS]
    # A lane of many events ("other stories" of a big build) is drawn as thin ticks whose density reads at a glance,
    # not as marks piled on one line; its events stay reachable from the map and the filters.
    frame["crowd"] = frame["lane"].map(frame["lane"].value_counts()).gt(CROWDED_LANE) & ~frame["selected"]
    order = lanes(events, lane)
    low, high = (window if window else (frame["start"].min(), frame["end"].max()))
    domain = [_datetime(window[0]), _datetime(window[1])] if window else time_domain(frame["start"].min(), frame["end"].max())
    # Ticks say their year once the window spans months ("Oct 2023", not a bare "October").
    fills = {json.dumps(LANES_MARK): order, json.dumps(DOMAIN_MARK): [d.to_dict() for d in domain],
             json.dumps(FORMAT_MARK): "%b %Y" if (high - low) > pd.Timedelta(days=120) else "%d %b %Y",
             json.dumps(HEIGHT_MARK): max(140, LANE_HEIGHT * len(order))}
    return VegaLiteSpec(_filled(json.loads(_detail_skeleton()), fills), {DATASET: _plain(frame)})


DETAIL_COLUMNS = ["event_id", "start", "end", "mid", "lane", "date_label", "place_name", "headline", "thread_title", "status",
                  "exact", "known", "selected", "sources_text", "hollow", "struck", "colour"]
# Stand-ins in the chart's structure for what each view fills in.
LANES_MARK = ["@@lanes@@"]
DOMAIN_MARK = [{"date": 1, "month": 1, "year": 1111}, {"date": 1, "month": 1, "year": 2222}]
FORMAT_MARK = "@@format@@"
HEIGHT_MARK = 99_999
DATASET = "events"


@dataclass(frozen=True)
class VegaLiteSpec:
    """A Vega-Lite spec and its named datasets, kept as frames (values as Altair writes them inline: times as ISO
    text); `to_dict` as Altair's charts have it, the datasets as rows (validating against the schema unless told
    not). A caller that sends the data in columns (Streamlit's Arrow) takes `spec` and `frames` as they are."""

    spec: dict
    frames: dict[str, pd.DataFrame]

    def to_dict(self, validate: bool = True) -> dict:
        spec = {**self.spec, "datasets": {name: _rows(frame) for name, frame in self.frames.items()}}
        if validate:
            alt.LayerChart.from_dict(spec, validate=True)
        return spec


def warm() -> None:
    _detail_skeleton()


@lru_cache(maxsize=1)
def _detail_skeleton() -> str:
    """The detail chart's structure, as Altair builds it, with stand-ins for the lanes, the time scale, the axis
    format, the height and the data."""
    y = alt.Y("lane:N", title=None, sort=LANES_MARK, axis=alt.Axis(labelLimit=220, labelOverlap=False),
              scale=alt.Scale(domain=LANES_MARK))
    colour = alt.Color("colour:N", scale=None, legend=None)
    x_scale = alt.Scale(domain=[alt.DateTime(**d) for d in DOMAIN_MARK])
    pick = alt.selection_point(name="pick", fields=["event_id"], on="click", clear=False)
    axis = alt.Axis(format=FORMAT_MARK, labelOverlap=True)
    base = alt.Chart(alt.NamedData(name=DATASET))
    spans = base.transform_filter("!datum.exact && !datum.crowd").mark_bar(height=10, cornerRadius=3, opacity=0.22, clip=True).encode(
        x=alt.X("start:T", title=None, scale=x_scale, axis=axis), x2="end:T", y=y, color=colour)
    density = base.transform_filter("datum.crowd").mark_tick(thickness=1, size=LANE_HEIGHT * 0.7, opacity=0.35,
                                                             clip=True).encode(
        x=alt.X("mid:T", title=None, scale=x_scale, axis=axis), y=y, color=colour)
    points = base.transform_filter("!datum.crowd").mark_point(filled=True, size=140, strokeWidth=2, clip=True).encode(
        x=alt.X("mid:T", title=None, scale=x_scale, axis=axis),
        y=y,
        color=colour,
        stroke=alt.condition("datum.selected", alt.value("#111111"), alt.Stroke("colour:N", scale=None, legend=None)),
        fillOpacity=alt.condition("datum.hollow", alt.value(0.0), alt.value(0.9)),
        shape=alt.Shape("known:N", scale=alt.Scale(domain=["known to the day", "known to the month or year"],
                                                   range=["circle", "diamond"]),
                        legend=alt.Legend(title=None, orient="bottom", labelLimit=320)),
        size=alt.condition("datum.selected", alt.value(420), alt.value(140)),
        tooltip=[alt.Tooltip("headline:N", title="what"), alt.Tooltip("date_label:N", title="when"),
                 alt.Tooltip("place_name:N", title="where"), alt.Tooltip("status:N", title="status"),
                 alt.Tooltip("sources_text:N", title="reported by"), alt.Tooltip("thread_title:N", title="story")],
    ).add_params(pick)
    strikes = base.transform_filter("datum.struck").mark_point(shape="stroke", size=500, strokeWidth=2, clip=True,
                                                              color="#333333").encode(x=alt.X("mid:T", scale=x_scale), y=y)
    labels = base.transform_filter("datum.selected").mark_text(dy=-17, fontWeight="bold", clip=True).encode(
        x=alt.X("mid:T", scale=x_scale), y=y, text="headline:N")
    chart = alt.layer(spans, density, points, strikes, labels).properties(
        height=HEIGHT_MARK, usermeta={"embedOptions": {"renderer": "svg"}})
    return json.dumps(chart.to_dict(validate=False))  # tests validate it; a first render should not (0.1 s)


def _filled(node, fills: dict[str, object]):
    """The structure with each stand-in replaced by its value."""
    if isinstance(node, (list, dict, str, int)) and not isinstance(node, bool):
        key = json.dumps(node)
        if key in fills:
            return fills[key]
    if isinstance(node, dict):
        return {k: _filled(v, fills) for k, v in node.items()}
    if isinstance(node, list):
        return [_filled(v, fills) for v in node]
    return node


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns as Altair writes inline data: times as ISO text."""
    return frame.assign(**{column: frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S") for column in ("start", "end", "mid")})


def _rows(frame: pd.DataFrame) -> list[dict]:
    """The rows, missing values as null."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def overview_chart(events: pd.DataFrame, window: Window | None = None) -> alt.Chart:
    """The whole span, one tick per event in its thread's colour, and the brush that sets the detail's window."""
    if len(events) > MAX_MARKS:
        return binned_timeline(events, window, height=OVERVIEW_HEIGHT)
    frame = events[["event_id", "mid", "thread_colour"]]
    brush = alt.selection_interval(name="window", encodings=["x"],
                                   value={"x": [_datetime(window[0]), _datetime(window[1])]} if window else alt.Undefined)
    return alt.Chart(frame).mark_tick(thickness=2, size=16, opacity=0.8).encode(
        x=alt.X("mid:T", title=None, scale=alt.Scale(domain=time_domain(frame["mid"].min(), frame["mid"].max()))),
        color=alt.Color("thread_colour:N", scale=None, legend=None),
    ).add_params(brush).properties(height=OVERVIEW_HEIGHT, usermeta={"embedOptions": {"renderer": "svg"}})


def binned_timeline(events: pd.DataFrame, window: Window | None = None, height: int = 200) -> alt.Chart:
    span_days = (events["start"].max() - events["start"].min()).days
    unit = "yearmonthdate" if span_days < 400 else "yearmonth" if span_days < 20 * 365 else "year"
    counts = events.assign(period=events["start"].dt.to_period({"yearmonthdate": "D", "yearmonth": "M", "year": "Y"}[unit])
                           .dt.start_time).groupby("period").size().reset_index(name="events")
    brush = alt.selection_interval(name="window", encodings=["x"],
                                   value={"x": [_datetime(window[0]), _datetime(window[1])]} if window else alt.Undefined)
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("period:T", title=None), y=alt.Y("events:Q", title="events"),
        tooltip=[alt.Tooltip("period:T"), alt.Tooltip("events:Q")],
    ).add_params(brush).properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}})
