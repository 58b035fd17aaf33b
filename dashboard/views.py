"""Pure builders for the dashboard: the map, the timeline, the details, over the events table.

No Streamlit here, so each view is tested without a browser. Article text is untrusted: tooltips use pydeck's
plain-text form, and every HTML fragment built here escapes what it shows.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd
import pydeck as pdk

BASEMAP = Path(__file__).resolve().parent.parent / "assets" / "basemap" / "countries-50m.geojson"
CARTO_LIGHT = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
MAX_MARKS = 3000  # beyond this the timeline draws counts per period instead of one mark per event
MAX_MAP_POINTS = 5000  # beyond this the map draws clusters of events per grid cell
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}
SEASONS = {"fr": {3: "printemps", 6: "été", 9: "automne", 12: "hiver"}, "en": {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}}


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


def prepare(events: pd.DataFrame, documents: pd.DataFrame | None = None, language: str = "fr") -> pd.DataFrame:
    """Columns the views share: real dates, a middle for coarse dates, labels, lists decoded once."""
    frame = events.copy()
    frame["start"] = pd.to_datetime(frame["date_start"])
    frame["end"] = pd.to_datetime(frame["date_end"]) + pd.Timedelta(days=1)  # end of the last day
    frame["mid"] = frame["start"] + (frame["end"] - frame["start"]) / 2
    frame["date_label"] = [date_label(s, e, p, language) for s, e, p in zip(frame.date_start, frame.date_end, frame.precision, strict=True)]
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
    return frame


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    places: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    text: str = ""
    min_confidence: float = 0.0


def apply_filters(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=events.index)
    if filters.start:
        keep &= events["end"] > pd.Timestamp(filters.start)
    if filters.end:
        keep &= events["start"] <= pd.Timestamp(filters.end)
    if filters.places:
        keep &= events["place_name"].isin(filters.places)
    if filters.sources:
        keep &= events["source_names"].map(lambda names: bool(set(names) & set(filters.sources)))
    if filters.people:
        keep &= events["actor_list"].map(lambda names: bool(set(names) & set(filters.people)))
    if filters.text:
        needle = filters.text.casefold()
        haystack = events["title"] + " " + events["place_name"] + " " + events["sources_list"].map(
            lambda items: " ".join(s["sentence"] for s in items))
        keep &= haystack.str.casefold().str.contains(needle, regex=False)
    keep &= events["confidence"] >= filters.min_confidence
    return events[keep]


def in_brush(events: pd.DataFrame, brush: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    if not brush:
        return events
    low, high = brush
    return events[(events["end"] > low) & (events["start"] <= high)]


def _time_colour(events: pd.DataFrame) -> list[list[int]]:
    """Early events blue, late ones orange: time read as colour on the map."""
    if events.empty:
        return []
    # By rank, not by distance in time: one old event must not squeeze every recent one into one colour.
    ranks = events["mid"].rank(method="dense")
    top = max(float(ranks.max()) - 1, 1.0)
    colours = []
    for rank in ranks:
        f = (rank - 1) / top
        colours.append([int(40 + 200 * f), int(110 - 30 * f), int(200 - 170 * f), 210])
    return colours


def route(events: pd.DataFrame) -> pd.DataFrame:
    """The story's path: consecutive day-precise events at different places, in date order."""
    exact = events[events["exact"] & events["place_kind"].isin(["site", "city"])].sort_values("start")
    legs, previous = [], None
    for row in exact.itertuples():
        if previous is not None and (previous.lat, previous.lon) != (row.lat, row.lon):
            legs.append({"from_lon": previous.lon, "from_lat": previous.lat, "to_lon": row.lon, "to_lat": row.lat,
                         "leg": f"{previous.place_name} → {row.place_name}"})
        previous = row
    return pd.DataFrame(legs, columns=["from_lon", "from_lat", "to_lon", "to_lat", "leg"])


def view_for(events: pd.DataFrame, selected: pd.Series | None) -> pdk.ViewState:
    if selected is not None:
        return pdk.ViewState(latitude=float(selected.lat), longitude=float(selected.lon), zoom=5.5,
                             transition_duration=800)
    if events.empty:
        return pdk.ViewState(latitude=30, longitude=20, zoom=1)
    lat0, lat1, lon0, lon1 = events.lat.min(), events.lat.max(), events.lon.min(), events.lon.max()
    # At least a few degrees across, so that one place is shown inside its country, not on an empty sea of land.
    extent = max(lat1 - lat0, (lon1 - lon0) * 0.6, 6.0)
    zoom = max(1.0, min(7.0, math.log2(360 / (extent * 1.6))))
    return pdk.ViewState(latitude=float((lat0 + lat1) / 2), longitude=float((lon0 + lon1) / 2), zoom=zoom)


@lru_cache(maxsize=1)
def basemap() -> dict:
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


def timeline_height(events: pd.DataFrame, lane: str = "place_name") -> int:
    if len(events) > MAX_MARKS:
        return 200
    return max(160, 34 * lane_of(events, lane).nunique())


def lane_of(events: pd.DataFrame, lane: str) -> pd.Series:
    """Each event's lane: its place, or its first source (one mark per event)."""
    return events[lane] if lane == "place_name" else events["source_names"].map(lambda names: names[0] if names else "")


def _basemap_layer(tiles: bool, basemap_url: str | None) -> pdk.Layer:
    # Opaque land when there are no tiles beneath; a light wash over the tiles when there are. Neighbouring
    # countries differ in tone (the basemap's "tone" property), which draws their borders without stroking every
    # outline: strokes cost a browser without a GPU seconds on first render.
    alpha = 90 if tiles else 255
    return pdk.Layer("GeoJsonLayer", id="basemap", data=basemap_url or basemap(), stroked=False, filled=True,
                     get_fill_color=f"[238 - 7 * properties.tone, 235 - 7 * properties.tone, 227 - 8 * properties.tone, {alpha}]",
                     pickable=False)


def _deck(layers: list[pdk.Layer], view: pdk.ViewState, tiles: bool, tooltip: str) -> pdk.Deck:
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider="carto" if tiles else None,
                    map_style=CARTO_LIGHT if tiles else None,
                    tooltip={"text": tooltip})  # plain text: article text never becomes markup


def map_deck(events: pd.DataFrame, selected_id: str | None = None, tiles: bool = True, basemap_url: str | None = None) -> pdk.Deck:
    """Points sized by sources and coloured by time, the route as arcs, place labels, an offline basemap.

    With `basemap_url` the browser fetches the outlines once from the app's own server; without it they are
    embedded (330 kB on every rerun).
    """
    if len(events) > MAX_MAP_POINTS:
        return _clustered_deck(events, tiles, basemap_url)
    points = events.assign(
        colour=_time_colour(events),
        radius=(5 + 3 * events["source_count"].clip(upper=6)).astype(float),
        selected=events["event_id"].eq(selected_id) if selected_id else False,
    )
    points["line"] = points["selected"].map(lambda s: [20, 20, 20, 255] if s else [255, 255, 255, 200])
    points["line_width"] = points["selected"].map(lambda s: 4 if s else 1)
    points.loc[points["selected"], "radius"] = points.loc[points["selected"], "radius"] * 1.8
    columns = ["event_id", "lat", "lon", "place_name", "date_label", "title", "source_count", "colour", "radius",
               "line", "line_width", "selected"]
    points = points[columns]
    layers = [_basemap_layer(tiles, basemap_url)]
    legs = route(events)
    if not legs.empty:
        layers.append(pdk.Layer("ArcLayer", id="route", data=legs, get_source_position=["from_lon", "from_lat"],
                                get_target_position=["to_lon", "to_lat"], get_source_color=[70, 110, 200, 170],
                                get_target_color=[230, 110, 40, 200], get_width=2.5, pickable=False))
    layers.append(pdk.Layer("ScatterplotLayer", id="events", data=points, get_position=["lon", "lat"],
                            get_radius="radius", radius_units="'pixels'", get_fill_color="colour",
                            get_line_color="line", get_line_width="line_width", line_width_units="'pixels'",
                            stroked=True, pickable=True, auto_highlight=True))
    labels = events.drop_duplicates("place_name")[["place_name", "lat", "lon"]]
    layers.append(pdk.Layer("TextLayer", id="labels", data=labels, get_position=["lon", "lat"], get_text="place_name",
                            get_size=13, get_color=[30, 30, 30, 230], get_pixel_offset=[0, -18],
                            font_family="'Helvetica, Arial, sans-serif'",
                            font_weight=600,
                            pickable=False))
    selected = points[points["selected"]].iloc[0] if selected_id and points["selected"].any() else None
    return _deck(layers, view_for(events, selected), tiles, "{place_name}\n{date_label}\n{title}")


@dataclass(frozen=True)
class SerialisedDeck:
    """A deck already turned into JSON, which `st.pydeck_chart` takes like a `pdk.Deck` (it reads `to_json()`,
    `_tooltip` and `layers`): a rerun that changes nothing on the map does not serialise its points again."""

    json: str
    _tooltip: dict | None = None
    layers: tuple = ()

    def to_json(self) -> str:
        return self.json


def serialise(deck: pdk.Deck) -> SerialisedDeck:
    for layer in deck.layers:  # pydeck cannot serialise a pandas 3 frame itself: records instead
        if isinstance(layer.data, pd.DataFrame):
            layer.data = layer.data.to_dict(orient="records")
    return SerialisedDeck(deck.to_json(), getattr(deck, "_tooltip", None))


def _clustered_deck(events: pd.DataFrame, tiles: bool, basemap_url: str | None) -> pdk.Deck:
    size = 0.5
    while True:  # the finest grid (0.5°, 1°, 2°…) that keeps the number of marks drawable
        cells = (events.assign(cell_lat=(events["lat"] / size).round() * size, cell_lon=(events["lon"] / size).round() * size)
                 .groupby(["cell_lat", "cell_lon"]).size().reset_index(name="events"))
        if len(cells) <= MAX_MAP_POINTS or size >= 16:
            break
        size *= 2
    cells["radius"] = 3 + 2 * cells["events"].clip(lower=1).map(math.log2)
    layers = [
        _basemap_layer(tiles, basemap_url),
        pdk.Layer("ScatterplotLayer", id="clusters", data=cells, get_position=["cell_lon", "cell_lat"], get_radius="radius",
                  radius_units="'pixels'", get_fill_color=[47, 79, 143, 170], pickable=True),
    ]
    return _deck(layers, pdk.ViewState(latitude=20, longitude=10, zoom=1), tiles, "{events} events here")


def timeline_chart(events: pd.DataFrame, selected_id: str | None = None, lane: str = "place_name") -> alt.Chart:
    """One mark per event (a faint span for a date known to the month or year), lanes by place or source.

    Above MAX_MARKS events the chart draws counts per period instead, which a browser draws at any size.
    By source, an event reported by several sources sits in the lane of the first (one mark per event).
    """
    if len(events) > MAX_MARKS:
        return binned_timeline(events)
    frame = events.assign(
        lane=lane_of(events, lane),
        selected=events["event_id"].eq(selected_id) if selected_id else False,
        sources_text=events["source_count"].astype(str) + " source(s)",
    )[["event_id", "start", "end", "mid", "lane", "date_label", "place_name", "title", "exact", "selected", "sources_text"]]
    pick = alt.selection_point(name="pick", fields=["event_id"], on="click", clear=False)
    brush = alt.selection_interval(name="brush", encodings=["x"])
    lanes = sorted(frame["lane"].unique())
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=180, labelOverlap=False),
              scale=alt.Scale(domain=lanes))
    x_scale = alt.Scale(domain=time_domain(frame["start"].min(), frame["end"].max()))
    spans = alt.Chart(frame).transform_filter("!datum.exact").mark_bar(height=10, cornerRadius=3, opacity=0.25).encode(
        x=alt.X("start:T", title=None, scale=x_scale), x2="end:T", y=y, color=alt.value("#4a6fb5"))
    points = alt.Chart(frame).mark_point(filled=True, size=140).encode(
        x=alt.X("mid:T", title=None, scale=x_scale),
        y=y,
        shape=alt.Shape("exact:N", scale=alt.Scale(domain=[True, False], range=["circle", "diamond"]),
                        legend=alt.Legend(title="date known to the day", orient="bottom")),
        color=alt.condition("datum.selected", alt.value("#d9480f"), alt.value("#2f4f8f")),
        opacity=alt.condition("datum.exact", alt.value(1.0), alt.value(0.55)),
        size=alt.condition("datum.selected", alt.value(420), alt.value(140)),
        tooltip=[alt.Tooltip("date_label:N", title="date"), alt.Tooltip("place_name:N", title="place"),
                 alt.Tooltip("title:N", title="event"), alt.Tooltip("sources_text:N", title="reported by")],
    ).add_params(pick, brush)
    labels = alt.Chart(frame).transform_filter("datum.selected").mark_text(dy=-16, fontWeight="bold").encode(
        x="mid:T", y=y, text="date_label:N")
    height = timeline_height(events, lane)
    return alt.layer(spans, points, labels).properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}})


MIN_TIMELINE_DAYS = 60


def time_domain(first: pd.Timestamp, last: pd.Timestamp) -> list[alt.DateTime]:
    """The timeline's extent: the events', widened to two months at least so that a few events on one day read
    as days on a calendar, not as hours of that day."""
    if pd.isna(first) or pd.isna(last):
        first = last = pd.Timestamp.today().normalize()
    short = pd.Timedelta(days=MIN_TIMELINE_DAYS) - (last - first)
    if short > pd.Timedelta(0):
        first, last = first - short / 2, last + short / 2
    return [alt.DateTime(year=t.year, month=t.month, date=t.day) for t in (first, last + pd.Timedelta(days=1))]


def binned_timeline(events: pd.DataFrame) -> alt.Chart:
    span_days = (events["start"].max() - events["start"].min()).days
    unit = "yearmonthdate" if span_days < 400 else "yearmonth" if span_days < 20 * 365 else "year"
    counts = events.assign(period=events["start"].dt.to_period({"yearmonthdate": "D", "yearmonth": "M", "year": "Y"}[unit])
                           .dt.start_time).groupby("period").size().reset_index(name="events")
    brush = alt.selection_interval(name="brush", encodings=["x"])
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("period:T", title=None), y=alt.Y("events:Q", title="events"),
        tooltip=[alt.Tooltip("period:T"), alt.Tooltip("events:Q")],
    ).add_params(brush).properties(height=200, usermeta={"embedOptions": {"renderer": "svg"}})


def details_html(event: pd.Series, build_label: str = "") -> str:
    """The selected event, every source with its sentence in context; all text escaped."""
    place_kind = escape(str(event.get("place_kind") or ""))
    parts = [
        f"<h3 style='margin:0'>{escape(str(event['place_name']))} · {escape(str(event['date_label']))}</h3>",
        f"<p style='color:#555;margin:.2em 0'>date known to the {escape(str(event['precision']))} "
        f"({escape(str(event.get('date_text') or ''))}); place: {place_kind}, "
        f"{float(event['lat']):.3f}, {float(event['lon']):.3f} ({escape(str(event['country_code']))}); "
        f"confidence {float(event['confidence']):.2f}</p>",
        f"<p><b>{escape(str(event['title']))}</b></p>",
    ]
    for source in event["sources_list"]:
        sentence = escape(source["sentence"])
        for needle in (event.get("place_text"), event.get("date_text")):
            if needle:
                sentence = sentence.replace(escape(str(needle)), f"<mark>{escape(str(needle))}</mark>", 1)
        name = escape(str(source.get("source") or source["doc_id"]))
        link = f"?doc={escape(source['doc_id'], quote=True)}&event={escape(str(event['event_id']), quote=True)}"
        parts.append(f"<blockquote style='margin:.4em 0;border-left:3px solid #4a6fb5;padding-left:.6em'>{sentence}"
                     f"<br><small>{name} · <a href='{link}' target='_self'>read the article</a></small></blockquote>")
    return "\n".join(parts)


def article_html(text: str, mentions: pd.DataFrame) -> str:
    """The whole article with its place and date mentions marked; the text is escaped piece by piece."""
    out, at = [], 0
    for row in mentions.sort_values("start").itertuples():
        if row.start < at:
            continue
        colour = "#dbe7ff" if row.kind == "place" else "#ffe8cc"
        title = row.name if row.kind == "place" else f"{row.date_start} – {row.date_end} ({row.precision})"
        out.append(escape(text[at:row.start]))
        out.append(f"<mark style='background:{colour}' title='{escape(str(title), quote=True)}'>{escape(text[row.start:row.end])}</mark>")
        at = row.end
    out.append(escape(text[at:]))
    return "<div style='white-space:pre-wrap;line-height:1.6'>" + "".join(out) + "</div>"


def step_dates(events: pd.DataFrame) -> list[date]:
    """The dates to step through when playing: each event's start, in order."""
    return [d.date() for d in sorted(events["start"].dt.normalize().unique())]


def up_to(events: pd.DataFrame, when: date | None) -> pd.DataFrame:
    return events if when is None else events[events["start"] < pd.Timestamp(when + timedelta(days=1))]
