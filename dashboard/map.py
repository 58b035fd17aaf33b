"""The map: events coloured by thread, each thread's journey as arcs, place labels that never overlap.

Pure builder over the events table (no Streamlit). Article text is untrusted: tooltips use pydeck's plain-text
form, never HTML.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pydeck as pdk

BASEMAP = Path(__file__).resolve().parent.parent / "assets" / "basemap" / "countries-50m.geojson"
CARTO_LIGHT = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
MAX_MAP_POINTS = 5000  # beyond this the map draws clusters of events per grid cell
ROUTE_KINDS = {"site", "city"}  # a journey runs between towns and sites, not through a whole country
HAPPENED = "happened"


def day_numbers(times: pd.Series) -> pd.Series:
    """Days since 1970: the number a time filter on the GPU compares (DataFilterExtension takes floats). Counted in
    days, not through nanoseconds, which reach back only to 1677 (a story's background may be older)."""
    return pd.Series(times.to_numpy().astype("datetime64[D]").astype("int64"), index=times.index).astype(int)


def rgb(colour: str, alpha: int = 255) -> list[int]:
    return [int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), alpha]


def route(events: pd.DataFrame) -> pd.DataFrame:
    """Each thread's path: its consecutive day-precise events at different places, in date order. Arcs never
    join two threads: unrelated stories that happen to follow each other in time are not a journey.
    Column-wise (a leg joins each event to the one before it in its thread), not row by row: a view of a big build
    is drawn on a shared server, where a Python loop per event is every reader's wait."""
    journeys = events["exact"] & events["place_kind"].isin(ROUTE_KINDS)
    exact = events.loc[journeys, ["thread_id", "start", "lat", "lon", "place_name", "thread_colour"]].sort_values(
        ["thread_id", "start"], kind="stable")
    before = exact.shift(1)
    legs = exact[exact["thread_id"].eq(before["thread_id"]) & (exact["lat"].ne(before["lat"]) | exact["lon"].ne(before["lon"]))]
    before = before.loc[legs.index]
    return pd.DataFrame({
        "from_lon": before["lon"], "from_lat": before["lat"], "to_lon": legs["lon"], "to_lat": legs["lat"],
        "leg": before["place_name"] + " → " + legs["place_name"], "thread_id": legs["thread_id"],
        "colour": [rgb(colour, 200) for colour in legs["thread_colour"]],
        "day": day_numbers(legs["start"]),
    }, columns=["from_lon", "from_lat", "to_lon", "to_lat", "leg", "thread_id", "colour", "day"]).reset_index(drop=True)


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


POINT_COLUMNS = ["event_id", "lat", "lon", "place_name", "date_label", "headline", "thread_id", "thread_title", "status",
                 "source_count", "thread_colour", "start"]


SELECTED_SCALE = 1.8  # the selected event's point, larger than its sources alone would make it


def point_radius(sources):
    """A point's radius in pixels, by its number of sources (six and more alike); numbers or arrays."""
    return 5.0 + 3.0 * np.minimum(sources, 6)


def points_of(events: pd.DataFrame, selected_id: str | None) -> pd.DataFrame:
    """One point per event: its thread's colour, filled if it happened, hollow if planned, grey and hollow if
    called off; sized by its sources; the selected one ringed in black. Only the columns the map draws are
    copied (a view of a shared build carries thirty more), and colours are looked up per thread colour, not
    converted per event: every new view of every reader pays for this on a shared server."""
    points = events[POINT_COLUMNS].reset_index(drop=True)
    status = points.pop("status").fillna(HAPPENED)
    happened = status.eq(HAPPENED).to_numpy()
    called_off = status.isin(["cancelled", "postponed"]).to_numpy()
    selected = points["event_id"].eq(selected_id).to_numpy() if selected_id else np.zeros(len(points), dtype=bool)
    colours = points["thread_colour"].to_numpy()
    palette = {colour: (rgb(colour, 215), rgb(colour, 40), rgb(colour, 255)) for colour in set(colours)}
    points["status_word"] = status
    points["colour"] = [[150, 150, 150, 30] if off else palette[c][0] if h else palette[c][1]
                        for c, h, off in zip(colours, happened, called_off, strict=True)]
    points["line"] = [[20, 20, 20, 255] if s else (palette[c][2] if not h else [255, 255, 255, 200])
                      for s, c, h in zip(selected, colours, happened, strict=True)]
    points["line_width"] = np.where(selected, 4.0, np.where(happened, 1.0, 2.5))
    points["selected"] = selected
    radius = point_radius(points["source_count"].to_numpy())
    points["radius"] = np.where(selected, radius * SELECTED_SCALE, radius)
    points["day"] = day_numbers(points.pop("start"))
    return points[["event_id", "lat", "lon", "place_name", "date_label", "headline", "thread_id", "thread_title", "status_word",
                   "source_count", "colour", "radius", "line", "line_width", "selected", "day"]]


LABEL_SIZE = 13
CHARACTER_WIDTH = 7.5  # pixels per character at LABEL_SIZE, a little generous for bold text
LABEL_CELL = 64  # pixels: the grid that finds a label's possible neighbours without comparing every pair


def _pixels(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at a zoom level (deck.gl's 512-pixel world)."""
    scale = 512 * 2 ** zoom / (2 * math.pi)
    lat = max(-85.0, min(85.0, lat))
    return scale * (math.radians(lon) + math.pi), scale * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def labels_of(events: pd.DataFrame, zoom: float) -> pd.DataFrame:
    """One label per place, none overlapping another at the map's opening zoom: the places with most events are
    labelled first and a label that would cover one already placed is left out (its point keeps its tooltip).
    deck.gl's own collision filter would do this on the GPU, but it draws nothing in a browser without one.
    Counted with numpy over the place codes (a pandas groupby costs ten times more on a view of a few hundred)."""
    if events.empty:
        return pd.DataFrame(columns=["place_name", "lat", "lon", "priority", "day"])
    codes, names = pd.factorize(events["place_name"], sort=True)
    first = np.unique(codes, return_index=True)[1]  # each place's first event: its coordinates
    lats, lons = events["lat"].to_numpy()[first], events["lon"].to_numpy()[first]
    counts = np.bincount(codes, minlength=len(names))
    sources = np.bincount(codes, weights=events["source_count"].to_numpy(dtype=float), minlength=len(names))
    days = np.full(len(names), np.iinfo(np.int64).max)
    np.minimum.at(days, codes, day_numbers(events["start"]).to_numpy())
    priority = counts * 10 + np.minimum(sources, 9).astype(int)
    names = np.asarray(names, dtype=object)
    order = np.lexsort((np.arange(len(names)), -priority))  # most events first, then by name (factorize sorted them)
    placed: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    keep = []
    for index in order:
        x, y = _pixels(lats[index], lons[index], zoom)
        half = CHARACTER_WIDTH * len(names[index]) / 2
        box = (x - half, y - 18 - LABEL_SIZE / 2 - 2, x + half, y - 18 + LABEL_SIZE / 2 + 2)
        cells = [(cx, cy) for cx in range(int(box[0] // LABEL_CELL), int(box[2] // LABEL_CELL) + 1)
                 for cy in range(int(box[1] // LABEL_CELL), int(box[3] // LABEL_CELL) + 1)]
        if any(_overlap(box, other) for cell in cells for other in placed.get(cell, ())):
            continue
        for cell in cells:
            placed.setdefault(cell, []).append(box)
        keep.append(index)
    return pd.DataFrame({"place_name": names[keep], "lat": lats[keep], "lon": lons[keep], "priority": priority[keep],
                         "day": days[keep]})


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def map_data(events: pd.DataFrame, selected_id: str | None = None) -> dict[str, pd.DataFrame]:
    """What the map draws: points, the threads' legs, the labels (each with its day, for playback)."""
    points = points_of(events, selected_id)
    view = view_for(events, points[points["selected"]].iloc[0] if selected_id and points["selected"].any() else None)
    return {"points": points, "legs": route(events), "labels": labels_of(events, view.zoom)}


def map_deck(events: pd.DataFrame, selected_id: str | None = None, tiles: bool = True, basemap_url: str | None = None,
             data_urls: dict[str, str] | None = None, days: tuple[int, int] | None = None,
             data: dict[str, pd.DataFrame] | None = None) -> SerialisedDeck | pdk.Deck:
    """Points coloured by thread, each thread's route as arcs, place labels, an offline basemap.

    With `basemap_url` the browser fetches the outlines once from the app's own server; without it they are
    embedded (330 kB on every rerun). Playback passes `data_urls` (the layers' data, published once as files the
    browser fetches once) and `days` (the window of days shown, applied on the GPU by deck.gl's data filter): each
    frame then sends a few hundred bytes of props, never the data again; `data` is `map_data`'s result when the
    caller keeps it (playback computes it once per view, not once per frame).
    Returned serialised: the layers' rows go from their frames to JSON text by pandas' C writer, never through
    Python dicts (a clustered map, past MAX_MAP_POINTS, is a `pdk.Deck` for `serialise`).
    """
    if len(events) > MAX_MAP_POINTS:
        return _clustered_deck(events, tiles, basemap_url)
    base = _layered(events, selected_id, tiles, basemap_url, data_urls, days, data)
    return SerialisedDeck(base.spliced(), base.tooltip)


def _layered(events: pd.DataFrame, selected_id: str | None, tiles: bool, basemap_url: str | None,
             data_urls: dict[str, str] | None, days: tuple[int, int] | None, data: dict[str, pd.DataFrame] | None,
             overlay: bool = False) -> MapBase:
    data = data if data is not None else map_data(events, selected_id)
    points, legs = data["points"], data["legs"]
    rows: dict[str, str] = {}  # marker -> the rows' JSON text, put in place once the deck is written

    def embedded(frame: pd.DataFrame, name: str = "") -> str:
        marker = f"@@chronomap-rows-{name or len(rows)}@@"
        rows[json.dumps(marker)] = json_rows(frame)
        return marker

    source = {name: (data_urls or {}).get(name) or embedded(frame, name) for name, frame in data.items()}
    timed = {} if days is None else {"extensions": [{"@@type": "DataFilterExtension", "filterSize": 1}],
                                     "get_filter_value": "day", "filter_range": list(days)}
    layers = [_basemap_layer(tiles, basemap_url)]
    if not legs.empty:
        # Straight legs: the map is seen from above (no pitch), where an ArcLayer's arcs look all but straight
        # and its larger shader costs a GPU-less browser a tenth of a second more to compile on first render.
        layers.append(pdk.Layer("LineLayer", id="route", data=source["legs"], get_source_position=["from_lon", "from_lat"],
                                get_target_position=["to_lon", "to_lat"], get_color="colour", get_width=2.5,
                                pickable=False, **timed))
    layers.append(pdk.Layer("ScatterplotLayer", id="events", data=source["points"], get_position=["lon", "lat"],
                            get_radius="radius", radius_units="'pixels'", get_fill_color="colour",
                            get_line_color="line", get_line_width="line_width", line_width_units="'pixels'",
                            stroked=True, pickable=True, auto_highlight=True, **timed))
    called_off = points[points["status_word"].isin(["cancelled", "postponed"])]
    if not called_off.empty:  # struck through: a cross over the hollow point
        layers.append(pdk.Layer("TextLayer", id="called-off", data=embedded(called_off[["lat", "lon", "day"]].assign(mark="✕")),
                                get_position=["lon", "lat"], get_text="mark", get_size=16, get_color=[90, 90, 90, 230],
                                character_set=["✕"], pickable=False, **timed))
    selected = points[points["selected"]].iloc[0] if selected_id and points["selected"].any() else None
    view = view_for(events, selected)
    # Every script drawn ("auto" builds the glyph atlas from the labels themselves, not ASCII only); labels that
    # would overlap give way to the place with more events.
    layers.append(pdk.Layer("TextLayer", id="labels", data=source["labels"], get_position=["lon", "lat"],
                            get_text="place_name", get_size=LABEL_SIZE, get_color=[30, 30, 30, 230],
                            get_pixel_offset=[0, -18], font_family="'Helvetica, Arial, sans-serif'", font_weight=600,
                            character_set="'auto'", pickable=False, **timed))
    if overlay:  # the selected event's ring, filled in by `MapBase.with_selection`
        layers.append(pdk.Layer("ScatterplotLayer", id="selected", data=SELECTED_MARKER, get_position=["lon", "lat"],
                                get_radius="radius", radius_units="'pixels'", get_fill_color="colour",
                                get_line_color=[20, 20, 20, 255], get_line_width=4, line_width_units="'pixels'",
                                stroked=True, pickable=False))
    deck = _deck(layers, view, tiles, "{headline}\n{place_name} · {date_label} · {status_word}\n{thread_title}")
    serialised = serialise(deck)
    return MapBase(serialised.json, rows, serialised._tooltip)


SELECTED_MARKER = "@@chronomap-selected@@"
VIEW_STATE = re.compile(r'"initialViewState": \{[^{}]*\}')


@dataclass(frozen=True)
class MapBase:
    """A view's map before its selection: the deck's JSON with its layers' rows apart (`rows`: marker -> JSON text),
    so that a caller may publish them once and name them by URL, and a selection is a ring and a view state put
    into the JSON (`with_selection`), not the view drawn again: selecting one of four thousand events then sends
    a few kilobytes, not the four thousand again."""

    json: str
    rows: dict[str, str]
    tooltip: dict | None = None

    def spliced(self, urls: dict[str, str] | None = None) -> str:
        """The JSON with each layer's rows in place, or its URL where `urls` (marker -> URL) has one."""
        text = self.json
        for marker, payload in self.rows.items():
            text = text.replace(marker, json.dumps(urls[marker]) if urls and marker in urls else payload, 1)
        return text

    def with_selection(self, events: pd.DataFrame, selected_id: str | None, urls: dict[str, str] | None = None) -> SerialisedDeck:
        text = self.spliced(urls)
        ring = "[]"
        chosen = events[events["event_id"].eq(selected_id)] if selected_id else events.iloc[:0]
        if len(chosen):
            event = chosen.iloc[0]
            happened = pd.isna(event["status"]) or event["status"] == HAPPENED
            colour = rgb(str(event["thread_colour"]), 215 if happened else 40)
            radius = SELECTED_SCALE * float(point_radius(int(event["source_count"])))
            ring = json.dumps([{"lon": float(event["lon"]), "lat": float(event["lat"]), "radius": radius, "colour": colour}])
            view = json.loads(view_for(events, event).to_json())
            text = VIEW_STATE.sub(lambda _: '"initialViewState": ' + json.dumps(view), text, count=1)
        return SerialisedDeck(text.replace(json.dumps(SELECTED_MARKER), ring, 1), self.tooltip)


def map_base(events: pd.DataFrame, tiles: bool, basemap_url: str | None) -> MapBase | SerialisedDeck:
    """The map of a view with no selection and a place for one (see `MapBase`); a clustered map (past
    MAX_MAP_POINTS, which shows no selection) as it is."""
    if len(events) > MAX_MAP_POINTS:
        return serialise(_clustered_deck(events, tiles, basemap_url))
    return _layered(events, None, tiles, basemap_url, None, None, None, overlay=True)


def json_rows(frame: pd.DataFrame) -> str:
    """A layer's rows as JSON text, written by pandas' C writer."""
    return frame.to_json(orient="records", force_ascii=False, double_precision=15)


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
    """The deck's JSON. pydeck writes it with Python's pure-Python encoder (indented), which costs a view of a few
    hundred events a tenth of a second of a shared server; the layers' data (most of the bytes) is written by the
    C encoder instead and put in place of a marker."""
    if isinstance(deck, SerialisedDeck):
        return deck
    payloads = {}
    for index, layer in enumerate(deck.layers):
        data = layer.data.to_dict(orient="records") if isinstance(layer.data, pd.DataFrame) else layer.data
        if isinstance(data, (list, dict)):  # pydeck cannot serialise a pandas 3 frame itself: records instead
            marker = f"@@chronomap-layer-data-{index}@@"
            payloads[json.dumps(marker)] = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_plain)
            layer.data = marker
    text = deck.to_json()
    for marker, payload in payloads.items():
        text = text.replace(marker, payload, 1)
    return SerialisedDeck(text, getattr(deck, "_tooltip", None))


def _plain(value):
    """numpy scalars in records (pandas keeps some): their Python value."""
    return value.item() if hasattr(value, "item") else str(value)


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
