"""Chronomap dashboard: a linked map and timeline of a build's events. Layout, state and wiring only.

The pipeline builds; dashboard's modules (queries, map, timeline, details) draw. Selections cannot be set from
code in Streamlit, so both charts are keyed, the selected event lives in session state, and each chart draws it
from a `selected` column.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import bigbuild, details, duck, queries, specs, timeline, uploads, viewpool
from dashboard import corrections as fixes
from dashboard import map as event_map
from pipeline import corrections
from pipeline.store import read_build, to_geojson, to_timelinejs

# Showing a finished build reads Parquet and nothing else: the pipeline (spaCy, dateparser, the gazetteer, the
# worker pool) is imported only when articles must be processed (a first start without a seed build, an upload).

ROOT = Path(__file__).resolve().parent
# One server process runs every session's script in its own thread, and sends every session's messages from one
# event loop thread: with Python's default GIL switch interval (5 ms) a reader whose rerun is cheap waits 5 ms per
# message behind another reader's chart being drawn. A shorter interval keeps the loop responsive under load.
sys.setswitchinterval(0.00002)
BUILD_DIR = Path(os.environ.get("CHRONOMAP_BUILD", ROOT / "build" / "seeds"))
SEEDS = ROOT / "seeds"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl"]
MAX_UPLOAD_FILES = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Of text, all files together: about a minute of processing on one core; a deployment may set its own.
SLIDER_FIRST, SLIDER_LAST = date(1685, 1, 1), date(2255, 1, 1)  # what Streamlit's date slider can carry
MAX_UPLOAD_CHARACTERS = int(os.environ.get("CHRONOMAP_UPLOAD_CHARACTERS", "600000"))
# Corrections: a deployment's shared, writable file; or, with CHRONOMAP_SHARED set and no file, each reader's own.
CORRECTIONS_FILE = os.environ.get("CHRONOMAP_CORRECTIONS", "")
SHARED = os.environ.get("CHRONOMAP_SHARED", "") not in {"", "0", "false"}
# Builds (uploads, the seeds on a first start) run in processes of their own, never in the server: at most
# CHRONOMAP_UPLOAD_BUILDS at a time for all sessions together (the others wait in line, told their place), each with
# CHRONOMAP_UPLOAD_WORKERS worker processes.
UPLOAD_BUILDS = int(os.environ.get("CHRONOMAP_UPLOAD_BUILDS", "1"))
UPLOAD_WORKERS = int(os.environ.get("CHRONOMAP_UPLOAD_WORKERS", "2"))
# New views of the data drawn outside the server (dashboard/viewpool.py): one worker per core in a shared deployment.
VIEW_WORKERS = int(os.environ.get("CHRONOMAP_VIEW_WORKERS", str(os.cpu_count() or 1) if SHARED else "0"))


STATIC_BASEMAP = ROOT / "static" / event_map.BASEMAP.name


def publish_static(target: Path, write) -> str | None:
    """Put a file where Streamlit's static serving finds it (it refuses symlinks), whole or not at all: `write`
    fills a temporary file that then replaces the target. Returns its URL; None where static/ cannot be written."""
    try:
        target.parent.mkdir(exist_ok=True)
        temporary = target.with_suffix(".tmp")
        write(temporary)
        os.replace(temporary, target)
    except OSError:
        return None
    return f"app/static/{target.name}"


def publish_basemap() -> str | None:
    """The basemap, copied once (again when the asset changed)."""
    if STATIC_BASEMAP.exists() and STATIC_BASEMAP.stat().st_size == event_map.BASEMAP.stat().st_size:
        return f"app/static/{STATIC_BASEMAP.name}"
    return publish_static(STATIC_BASEMAP, lambda path: shutil.copyfile(event_map.BASEMAP, path))


def ensure_seed_build(build_dir: Path) -> None:
    """Build the seeds on first start, with a progress display."""
    if (build_dir / "events.parquet").exists():
        return
    bar = st.progress(0.0, text="Building the seed articles (first start only)…")
    follow_build(build_queue().submit([SEEDS], out=build_dir), bar)
    bar.empty()


@st.cache_resource(show_spinner=False)  # shared and read-only: cache_data would unpickle 100k rows per rerun
def load_build(build_dir: str, stamp: float) -> dict[str, pd.DataFrame]:
    frames = read_build(Path(build_dir))
    # Shown: the events as built, with the corrections in force applied on top (corrected_build), so that undoing
    # one shows the event again at once.
    frames["events"] = queries.prepare(frames["events_as_built"], frames["documents"], _language(frames["documents"]))
    # The build's frames (and every module loaded so far) live as long as the process: out of the garbage
    # collector's sight, so that its full collections, which run more often the more readers there are, do not
    # walk a hundred thousand of the build's objects each time while every reader waits.
    gc.collect()
    gc.freeze()
    return frames


@st.cache_resource(show_spinner=False, max_entries=16)
def corrected_build(build_dir: str, stamp: float, in_force: str) -> dict[str, pd.DataFrame]:
    """The shared build with the corrections in force (`in_force`: their records, as JSON) applied; one copy per
    set of corrections, shared by the sessions that see the same."""
    frames = dict(load_build(build_dir, stamp))
    events = corrections.apply(frames["events_as_built"], json.loads(in_force))
    frames["events"] = queries.prepare(events, frames["documents"], _language(frames["documents"]))
    return frames


def corrections_file() -> Path | None:
    """Where the shared build's corrections are kept: a deployment's file if it sets one; none in a shared
    deployment that does not (each reader's corrections stay in their session); beside the build otherwise."""
    if CORRECTIONS_FILE:
        return Path(CORRECTIONS_FILE)
    return None if SHARED else corrections.corrections_path(BUILD_DIR)


def correction_records() -> list[dict]:
    kept = corrections.load(corrections_file()) if corrections_file() else []
    return kept + st.session_state.setdefault("session_corrections", [])


def record_correction(record: dict) -> None:
    target = corrections_file()
    if target is not None and not st.session_state.get("corrections_session_only"):
        try:
            corrections.append(target, record)
            return
        except OSError:
            st.session_state["corrections_session_only"] = True  # a read-only deployment: keep it in the session
    st.session_state.setdefault("session_corrections", []).append(record)


@st.cache_data(show_spinner=False)
def shared_label(build_dir: Path, stamp: float) -> str:
    """What the shared build holds, from its manifest: "Seed articles", or the folders it read ("Articles in dev").
    Read once per build (`stamp` is its events' modification time), not on every rerun."""
    try:
        inputs = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))["inputs"]
        names = [Path(str(name)).name for name in inputs]
    except (OSError, ValueError, KeyError, TypeError):
        return "Shared articles"
    return "Seed articles" if names == ["seeds"] else "Articles in " + ", ".join(names)


def _language(documents: pd.DataFrame) -> str:
    languages = documents["language"].dropna()
    return languages.mode().iloc[0] if len(languages) else "en"


@st.cache_resource(show_spinner=False)
def build_queue():
    """Articles (uploads, the seeds on first start) are built in processes of their own, never in the server: a
    build that crashes, hangs or exhausts its workers costs that build only, and readers' reruns never wait behind
    its parsing. One line for all sessions."""
    from pipeline.service import BuildQueue

    return BuildQueue(UPLOAD_BUILDS, UPLOAD_WORKERS)


def follow_build(steps, bar) -> dict | None:
    """Show a build's place in line, then its progress; its result (None if it failed, with the reason shown)."""
    try:
        for step in steps:
            if step[0] == "waiting":
                bar.progress(0.0, text=f"waiting: {step[1]} build{'s' if step[1] != 1 else ''} ahead")
            elif step[0] == "progress":
                done, total, name = step[1:]
                bar.progress(done / max(1, total), text=f"Read {name}")
            elif step[0] == "done":
                return step[1]
            else:
                st.error(f"The build failed: {step[1]}")
                return None
    finally:
        steps.close()  # a rerun that interrupts the wait leaves the line (and stops its build)
    return None


def upload_panel() -> None:
    """Bring your own articles: built in this session only, in its own temporary folder."""
    with st.sidebar.expander("Your articles", expanded=False):
        files = st.file_uploader("Upload articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads")
        pasted = st.text_area("…or paste an article", key="pasted", height=120)
        if st.button("Build these articles", key="build_uploads"):
            _build_uploads(files or [], pasted)
        report = st.session_state.get("own_report")
        if report:
            st.text(report)  # plain text: it quotes the uploaded files' names


def _build_uploads(files: list, pasted: str) -> None:
    if not files and not pasted.strip():
        st.warning("Nothing to build: upload files or paste an article first.")
        return
    if len(files) > MAX_UPLOAD_FILES:
        st.error(f"At most {MAX_UPLOAD_FILES} files at once.")
        return
    folder = Path(tempfile.mkdtemp(prefix="chronomap-upload-"))
    given_names: dict[str, str] = {}
    try:
        for index, upload in enumerate(files):
            data = upload.getvalue()
            if len(data) > MAX_UPLOAD_BYTES:
                st.error(f"{upload.name}: larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB, skipped.")
                continue
            # The type comes from the content, never from the name; the name never reaches the file system.
            stored = f"upload-{index:03d}{uploads.sniff_suffix(data)}"
            (folder / stored).write_bytes(data)
            given_names[stored] = upload.name
        if pasted.strip():
            (folder / "pasted.txt").write_text(pasted, encoding="utf-8")
            given_names["pasted.txt"] = "pasted text"
        bar = st.progress(0.0, text="Reading your articles…")
        result = follow_build(build_queue().submit([folder], max_characters=MAX_UPLOAD_CHARACTERS), bar)
        bar.empty()
        if result is None:
            return
        documents = uploads.label_sources(result["documents"], given_names)
        st.session_state["own_build"] = {
            "documents": documents, "mentions": result["mentions"],
            "events": queries.prepare(result["events"], documents, _language(documents)),
        }
        skipped = "; ".join(f"{uploads.given_name(name, given_names)}: {reason}" for name, reason in result["skipped"])
        st.session_state["own_report"] = f"{result['read']} read, {len(result['events'])} events" + (
            f". Skipped: {skipped}" if skipped else "")
        st.session_state["corpus"] = "Your articles"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The whole page again, around the new corpus: the sidebar's choice, the filters and the linked views (a fragment)
    # are drawn for it from the top rather than partly in the run that built it.
    st.rerun()


def read_url_state() -> None:
    """Once per session: the URL's state (a shared link) becomes the session's."""
    if st.session_state.get("url_read"):
        return
    params = st.query_params
    st.session_state["selected"] = params.get("event")
    st.session_state["f_text"] = params.get("q", "")
    st.session_state["f_places"] = params.get_all("place")
    st.session_state["f_sources"] = params.get_all("source")
    st.session_state["f_people"] = params.get_all("person")
    st.session_state["f_threads"] = params.get_all("story")
    st.session_state["f_min_sources"] = int(_number(params.get("minsources"), 1, 99))
    st.session_state["lane"] = params.get("lane", "story") if params.get("lane") in {"story", "source"} else "story"
    try:
        st.session_state["url_range"] = (date.fromisoformat(params["from"]), date.fromisoformat(params["to"]))
    except (KeyError, ValueError):
        pass  # no range in the link, or a mangled one: show everything
    st.session_state["url_read"] = True


def _number(text: str | None, low: float, high: float) -> float:
    try:
        return min(high, max(low, float(text or low)))
    except ValueError:
        return low


def write_url_state(filters: queries.Filters) -> None:
    state = {"event": st.session_state.get("selected"), "q": filters.text or None,
             "place": filters.places or None, "source": filters.sources or None, "person": filters.people or None,
             "story": filters.threads or None,
             "minsources": filters.min_sources if filters.min_sources > 1 else None, "lane": st.session_state.get("lane", "story"),
             "from": filters.start.isoformat() if filters.start else None,
             "to": filters.end.isoformat() if filters.end else None}
    st.query_params.from_dict({k: v for k, v in state.items() if v})


@st.cache_resource(max_entries=8, show_spinner=False)  # read-only, shared: not unpickled on every rerun
def panel_options(source: tuple, _events: pd.DataFrame) -> dict:
    """The sidebar's choices, computed once per build (and set of corrections), not on every rerun: a million
    events take seconds to group."""
    stories = queries.threads_summary(_events)
    return {
        "first": _events["start"].min().date(), "last": (_events["end"].max() - pd.Timedelta(days=1)).date(),
        "stories": stories["thread_title"].tolist(), "legend": details.legend_html(stories),
        "places": sorted(_events["place_name"].unique()),
        "sources": sorted({s for names in _events["source_names"] for s in names}),
        "people": sorted({p for names in _events["actor_list"] for p in names}),
        "most_sources": int(_events["source_count"].max()),
    }


def slider_span(first: date, last: date) -> tuple[date, date]:
    """The part of [first, last] a date slider can show (its ends then stand for everything beyond)."""
    return max(first, SLIDER_FIRST), min(last, SLIDER_LAST)


def within(day: date, low: date, high: date) -> date:
    return min(high, max(low, day))


def filter_panel(source: tuple, events: pd.DataFrame) -> queries.Filters:
    options = panel_options(source, events)
    side = st.sidebar
    side.header("Filters")
    first, last = options["first"], options["last"]
    # Streamlit's date slider carries microseconds in a JavaScript number, about 285 years either side of 1970: a
    # background date of 1404 keeps the slider's end stop, which then stands for "and everything before".
    low, high = slider_span(first, last)
    chosen = st.session_state.pop("url_range", None) or (first, last)
    if low < high:
        start, end = side.slider("Dates", min_value=low, max_value=high, key="f_range",
                                 value=(within(chosen[0], low, high), within(chosen[1], low, high)))
        start, end = (first if start == low else start), (last if end == high else end)
    else:
        start, end = first, last
    threads = side.multiselect("Stories", options["stories"], key="f_threads")
    side.html(options["legend"])
    most_sources = options["most_sources"]
    # A link may ask for more sources than this build's best-reported event has: ask for what exists.
    st.session_state["f_min_sources"] = max(1, min(int(st.session_state.get("f_min_sources", 1)), most_sources))
    return queries.Filters(
        start=start, end=end, threads=threads,
        places=side.multiselect("Places", options["places"], key="f_places"),
        sources=side.multiselect("Sources", options["sources"], key="f_sources"),
        people=side.multiselect("People", options["people"], key="f_people"),
        text=side.text_input("Search the text", key="f_text"),
        min_sources=side.slider("Reported by at least … sources", 1, most_sources, key="f_min_sources")
        if most_sources > 1 else 1,
    )


# A view's rows, shared by the sessions that show it (read-only): a reader's click that changes no filter does not
# take a build's thirty columns again, and twenty readers on the same view take them once.
@st.cache_resource(max_entries=32, show_spinner=False)
def filtered(view: tuple, _filters: queries.Filters, _events: pd.DataFrame) -> pd.DataFrame:
    return queries.apply_filters(_events, _filters)


@st.cache_resource(max_entries=32, show_spinner=False)
def stepped_to(view: tuple, until: date | None, _events: pd.DataFrame) -> pd.DataFrame:
    return queries.up_to(_events, until)


@st.cache_resource(max_entries=64, show_spinner=False)
def windowed(view: tuple, window: queries.Window | None, _events: pd.DataFrame) -> pd.DataFrame:
    return queries.in_window(_events, window)


@st.cache_resource(max_entries=32, show_spinner=False)  # read-only, shared: not unpickled on every rerun
def view_steps(view: tuple, _events: pd.DataFrame) -> list[date]:
    """The playback's steps (each event's day), once per view: thousands of them."""
    return queries.step_dates(_events)


@st.cache_data(max_entries=32, show_spinner=False)
def opening_window(view: tuple, _events: pd.DataFrame) -> queries.Window | None:
    return queries.densest_window(_events)


def reconcile_selection(events: pd.DataFrame) -> None:
    """The chart the reader touched last decides the selected event."""
    map_pick = _map_pick(st.session_state.get("map"))
    timeline_pick = _timeline_pick(st.session_state.get("timeline"))
    if map_pick != st.session_state.get("seen_map"):
        st.session_state["seen_map"] = map_pick
        if map_pick:
            st.session_state["selected"] = map_pick
    if timeline_pick != st.session_state.get("seen_timeline"):
        st.session_state["seen_timeline"] = timeline_pick
        if timeline_pick:
            st.session_state["selected"] = timeline_pick
    chosen = st.session_state.get("selected")
    if chosen and not events["event_id"].eq(chosen).any():
        st.session_state["selected"] = None


def _map_pick(state) -> str | None:
    objects = (state or {}).get("selection", {}).get("objects", {}).get("events") or []
    return objects[0].get("event_id") if objects else None


def _timeline_pick(state) -> str | None:
    picked = (state or {}).get("selection", {}).get("pick") or []
    return picked[0].get("event_id") if picked else None


def time_window(view: tuple, events: pd.DataFrame, selected: str | None) -> queries.Window | None:
    """The window of time the map and the detail timeline show: the reader's brush on the overview once they have
    brushed (none once they clear it); before that, the densest period, unless a linked event lies outside it."""
    brushed, brush = queries.brushed_window(st.session_state)
    if brushed:
        return brush
    window = opening_window(view, events)
    if window and selected and queries.in_window(events[events["event_id"].eq(selected)], window).empty:
        return None
    return window


PLAY_SPEEDS = {"slow": 1.6, "normal": 0.9, "fast": 0.45}  # seconds per step
TRAILS = {"everything so far": None, "the last 7 days": 7, "the last 30 days": 30, "the last year": 366}


def play_controls(view: tuple, events: pd.DataFrame) -> tuple[date | None, list[date]]:
    """Play/pause, step, speed and trail, like kepler.gl's time playback; the scrubber when paused.
    Returns the day shown up to (None: everything) and the steps (each event's start)."""
    steps = view_steps(view, events)
    if len(steps) < 2:
        return None, steps
    position = min(st.session_state.get("play_at", len(steps) - 1), len(steps) - 1)
    cols = st.columns([1.1, 1, 1, 1.6, 2.2])
    # A callback toggles before the script runs, so the button's own label already says what the next click does.
    cols[0].button("❚❚ Pause" if st.session_state.get("playing") else "▶ Play", key="play", on_click=_toggle_play,
                   args=(len(steps),))
    playing = st.session_state.get("playing", False)
    position = min(st.session_state.get("play_at", position), len(steps) - 1)
    if cols[1].button("◀ Step", key="step_back", disabled=playing):
        position = max(0, position - 1)
    if cols[2].button("Step ▶", key="step_forward", disabled=playing):
        position = min(len(steps) - 1, position + 1)
    cols[3].select_slider("Speed", list(PLAY_SPEEDS), value="normal", key="play_speed")
    cols[4].selectbox("Show", list(TRAILS), key="play_trail")
    if not playing:  # a slider of dates, snapped to the last step on or before: not a list of thousands of days
        low, high = slider_span(steps[0], steps[-1])
        if low < high:
            chosen = st.slider("Show events up to", min_value=low, max_value=high,
                               value=within(steps[position], low, high), format="D MMM YYYY")
            position = max(0, bisect.bisect_right(steps, chosen) - 1)
    st.session_state["play_at"] = position
    # While playing only the map moves (a fragment); the rest of the page shows every event.
    return (None if playing or position == len(steps) - 1 else steps[position]), steps


def _toggle_play(count: int) -> None:
    playing = not st.session_state.get("playing", False)
    if playing and st.session_state.get("play_at", count - 1) >= count - 1:
        st.session_state["play_at"] = -1  # from the start, as a player does at the end of the tape
    st.session_state["playing"] = playing


def publish_data(records: list[dict]) -> str | None:
    """A layer's data as a file the browser fetches once (Streamlit's static serving), named by its content;
    None where the folder cannot be written (the data is then embedded)."""
    return publish_text(json.dumps(records, ensure_ascii=False, separators=(",", ":")))


def publish_text(text: str) -> str | None:
    payload = text.encode("utf-8")
    target = STATIC_BASEMAP.parent / f"layer-{hashlib.sha1(payload).hexdigest()[:16]}.json"
    if target.exists():
        os.utime(target)  # in use again: the newest files are the ones kept
        return f"app/static/{target.name}"
    url = publish_static(target, lambda path: path.write_bytes(payload))
    if url:
        layers = sorted(target.parent.glob("layer-*.json"), key=lambda f: f.stat().st_mtime)
        for stale in layers[:-PUBLISHED_LAYERS]:
            stale.unlink(missing_ok=True)
    return url


PUBLISHED_LAYERS = 240  # files kept in static/: the layers of the views played and drawn lately (more than are cached)


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, read-only frames: not copied on every frame
def playback_layers(view: tuple, publish: bool, _events: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The map's layers, computed and (unless `publish` is False) published once per view of the data: every
    frame of playback reuses them and refers to them by URL."""
    data = event_map.map_data(_events)
    urls = {}
    for name, frame in data.items() if publish else ():
        url = publish_data(frame.to_dict(orient="records"))
        if url is None:
            return data, {}
        urls[name] = url
    return data, urls


def playing_map(view: tuple, events: pd.DataFrame, steps: list[date], publish: bool) -> None:
    """One frame of playback: the next day, the map filtered to the trail on the GPU; data sent once, by URL.
    A reader's own uploads are never written to disk (`publish` False): their frames carry the data."""
    position = st.session_state.get("play_at", 0)
    if position >= len(steps) - 1:
        st.session_state["playing"] = False
        st.rerun()  # the end of the tape: the whole page again, paused
    position += 1
    st.session_state["play_at"] = position
    day = pd.Timestamp(steps[position])
    trail = TRAILS[st.session_state.get("play_trail", "everything so far")]
    last = int(event_map.day_numbers(pd.Series([day])).iloc[0])
    first = last - trail if trail else -10**7
    data, urls = playback_layers(view, publish, events)
    deck = event_map.map_deck(events, None, tiles=st.session_state.get("tiles", False), data=data,
                              basemap_url=st.session_state.get("basemap_url"), data_urls=urls or None, days=(first, last))
    st.caption(f"▶ up to {day.date().isoformat()}" + (f" · {st.session_state.get('play_trail')}" if trail else ""))
    st.pydeck_chart(event_map.serialise(deck), key="playing_map", height=460)


# The map and the timeline are drawn once per view of the data (`view`: which build, filters, step and window) and
# selection, then kept for every session: a rerun that changes neither, a click on a control elsewhere, costs no
# drawing. A new view's charts are started together and drawn by the view workers where the deployment has them
# (`dashboard/viewpool.py`), each in its own, not in the server.
Drawing = tuple  # (key, function, rows, *arguments): what `view_drawings().start` and `.get` take


def map_drawing(view: tuple, events: pd.DataFrame) -> Drawing:
    """The view's map with no selection: a selection is put into it when it is shown (`map_view`)."""
    tiles = st.session_state.get("tiles", False)  # offline by default: the outlines need no network
    basemap_url = st.session_state.get("basemap_url")
    return ("map", view, tiles, basemap_url), specs.map_base, events, tiles, basemap_url


def timeline_drawings(view: tuple, events: pd.DataFrame, in_view: pd.DataFrame, selected: str | None,
                      window: queries.Window | None) -> tuple[Drawing, Drawing]:
    """The detail of the window, and the overview of the whole span (its brush drawn where this view began)."""
    lane = "thread" if st.session_state.get("lane", "story") == "story" else "source"
    shown_selected = selected if len(in_view) <= timeline.MAX_MARKS else None
    drawn_at = overview_window(view, window)
    return ((("timeline", view, window, shown_selected, lane), specs.timeline_spec, in_view, shown_selected, lane, window),
            (("overview", view, drawn_at), specs.overview_spec, events, drawn_at))


@st.cache_resource(show_spinner=False)
def view_drawings() -> viewpool.Drawings:
    return viewpool.Drawings(view_pool(), entries=96, narrow=specs.view_frame)


@st.cache_resource(show_spinner=False)
def view_pool() -> viewpool.ViewPool:
    """The deployment's view workers (none by default on one reader's machine: a local dashboard draws in its own
    process; a shared one, CHRONOMAP_SHARED, has one per core unless CHRONOMAP_VIEW_WORKERS says otherwise)."""
    return viewpool.ViewPool(VIEW_WORKERS)


def map_view(drawing: Drawing, events: pd.DataFrame, selected: str | None, publish: bool) -> None:
    base = view_drawings().get(*drawing)
    if isinstance(base, event_map.MapBase):
        base = selected_map(drawing[0], selected, publish, base, events)
    st.pydeck_chart(base, on_select="rerun", selection_mode="single-object", key="map", height=460)


@st.cache_resource(max_entries=64, show_spinner=False)
def selected_map(key: tuple, selected: str | None, publish: bool, _base: event_map.MapBase,
                 _events: pd.DataFrame) -> event_map.SerialisedDeck:
    """The view's map with a selection put in, once per view and selection: a rerun that changes neither (a click
    elsewhere) does not splice the rows into the JSON again."""
    return _base.with_selection(_events, selected, published_rows(key, _base) if publish else None)


PUBLISH_ROWS_ABOVE = 100_000  # characters: a layer this large is fetched once by URL, not re-sent with every selection


@st.cache_resource(max_entries=32, show_spinner=False)
def published_rows(key: tuple, _base: event_map.MapBase) -> dict[str, str]:
    """A shared view's large layers, published once as files (named by their content) that the browser fetches
    once: a reader who selects one event after another is then sent the ring and the view state, not the rows."""
    urls = {}
    for marker, rows in _base.rows.items():
        if len(rows) > PUBLISH_ROWS_ABOVE:
            url = publish_text(rows)
            if url:
                urls[marker] = url
    return urls


def overview_window(view: tuple, window: queries.Window | None) -> queries.Window | None:
    """The window the overview's brush is drawn at: the window when this view was first drawn. A reader moving
    the brush changes the window, but the overview need not be drawn (and sent) again: their browser already shows
    the brush where they left it."""
    drawn = st.session_state.get("overview_drawn")
    if not drawn or drawn[0] != view:
        st.session_state["overview_drawn"] = drawn = (view, window)
    return drawn[1]


def timeline_view(detail: Drawing, overview: Drawing, in_view: pd.DataFrame) -> None:
    """The detail of the window above, the overview of the whole span beneath (its brush moves the window)."""
    spec = dict(view_drawings().get(*detail))
    # Its height as drawn (lanes and legend), read off the spec rather than counted again on every rerun.
    height = 240 if len(in_view) > timeline.MAX_MARKS else int(spec.get("height", 140)) + 70
    st.vega_lite_chart(spec=spec, on_select="rerun", key="timeline", height=height, width="stretch")
    st.vega_lite_chart(spec=dict(view_drawings().get(*overview)), on_select="rerun", key="overview",
                       height=timeline.OVERVIEW_HEIGHT + 30, width="stretch")


def details_view(events: pd.DataFrame, selected: str | None, correctable: bool) -> None:
    if not selected:
        st.info("Click an event on the map or the timeline to see who reported it, and how.")
        return
    event = events[events["event_id"] == selected].iloc[0]
    st.html(details.details_html(event))
    if correctable:
        correction_form(events, event)


def correction_form(events: pd.DataFrame, event: pd.Series) -> None:
    """Move, re-date, hide, merge or split the selected event; kept beside the build (or in this session)."""
    anchor = fixes.first_anchor(event)
    if not anchor:
        return
    with st.expander("Correct this event"):
        action = st.radio("Correction", ["Move", "Change the date", "Hide", "Merge into…", "Split off a report"],
                          horizontal=True, key="fix_action")
        note = st.text_input("Note (why)", key="fix_note")
        record = None
        if action == "Move":
            query = st.text_input("Place name", value=str(event["place_name"]), key="fix_query")
            choices = place_choices(query)
            if not choices:
                st.caption("No place of that name in the gazetteer.")
            else:
                chosen = st.selectbox("Move to", range(len(choices)), format_func=lambda i: choices[i]["label"], key="fix_place")
                if st.button("Move the event", key="fix_move"):
                    value = {k: v for k, v in choices[chosen].items() if k != "label"}
                    record = corrections.make("move", anchor, value, note)
        elif action == "Change the date":
            day = st.date_input("Date", value=pd.Timestamp(event["date_start"]).date(), key="fix_day",
                                min_value=date(1, 1, 1), max_value=date(2999, 12, 31))
            precision = st.radio("Known to the", fixes.PRECISION_CHOICES, horizontal=True, key="fix_precision")
            if st.button("Change the date", key="fix_redate"):
                first, last = fixes.interval(day, precision)
                record = corrections.make("redate", anchor, {"date_start": first.isoformat(), "date_end": last.isoformat(),
                                                             "precision": precision}, note)
        elif action == "Hide":
            if st.button("Hide this event", key="fix_hide"):
                record = corrections.make("hide", anchor, {}, note)
        elif action == "Merge into…":
            targets = fixes.merge_choices(events, event)
            if targets.empty:
                st.caption("No other event to merge with.")
            else:
                labels = [fixes.event_label(row) for _, row in targets.iterrows()]
                chosen = st.selectbox("The same event as", range(len(labels)), format_func=lambda i: labels[i], key="fix_into")
                if st.button("Merge", key="fix_merge"):
                    into = fixes.first_anchor(targets.iloc[chosen])
                    record = corrections.make("merge", anchor, {"into": into}, note)
        else:
            reports = fixes.report_anchors(event)
            if len(reports) < 2:
                st.caption("Only one report: nothing to split off.")
            else:
                chosen = st.selectbox("Report", range(len(reports)), format_func=lambda i: reports[i][1], key="fix_report")
                if st.button("Split it off", key="fix_split"):
                    record = corrections.make("split", reports[chosen][0], {}, note)
        if record is not None:
            record_correction(record)
            st.session_state["selected"] = None if record["kind"] in {"hide", "merge"} else st.session_state.get("selected")
            st.rerun()


@st.cache_data(show_spinner=False, max_entries=64)
def place_choices(name: str) -> list[dict]:
    """The gazetteer's readings of a name (loaded only when a reader corrects a place)."""
    from pipeline.gazetteer import shared

    return fixes.place_choices(shared().lookup(name.strip())) if name.strip() else []


def corrections_panel(in_force: list[dict]) -> None:
    """What readers corrected, newest last, each undoable; the corrections themselves as a file."""
    if not in_force:
        return
    with st.sidebar.expander(f"Corrections ({len(in_force)})"):
        target = corrections_file()
        st.caption(f"Kept in {target.name}" if target and not st.session_state.get("corrections_session_only")
                   else "Kept in this session only")
        for record in in_force:
            st.text(fixes.describe(record))
            if st.button("Undo", key=f"undo_{record['id']}"):
                record_correction(corrections.undo(record["id"]))
                st.rerun()
        st.download_button("corrections.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in in_force),
                           "corrections.jsonl", "application/jsonl")


def downloads(events: pd.DataFrame) -> None:
    """Files are made only when clicked (deferred data): a 100k-event build must not serialise on every rerun."""
    def plain() -> pd.DataFrame:  # the columns a build writes; copied only when a file is asked for
        return events.drop(columns=["start", "end", "mid", "sources_list", "doc_list", "actor_list", "source_names", "exact"])

    cols = st.columns(3)
    cols[0].download_button("CSV", lambda: plain().drop(columns=["sources"]).to_csv(index=False), "events.csv", "text/csv")
    cols[1].download_button("GeoJSON", lambda: json.dumps(to_geojson(plain()), ensure_ascii=False), "events.geojson",
                            "application/geo+json")
    cols[2].download_button("TimelineJS", lambda: json.dumps(to_timelinejs(plain()), ensure_ascii=False),
                            "events-timelinejs.json", "application/json")


def article_view(frames: dict[str, pd.DataFrame], doc_id: str) -> None:
    documents = frames["documents"].set_index("doc_id")
    st.link_button("← Back to the map", "?" + (f"event={st.query_params.get('event')}" if st.query_params.get("event") else ""))
    if doc_id not in documents.index:
        st.error("No such article in this build.")
        return
    doc = documents.loc[doc_id]
    st.subheader(str(doc["title"] or doc_id))
    st.caption(f"{doc['source'] or ''} · published {doc['published'] or 'unknown'} · {doc_id}")
    mentions = frames["mentions"][frames["mentions"]["doc_id"] == doc_id]
    st.html(details.article_html(str(doc["text"]), mentions))


def main() -> None:
    st.set_page_config(page_title="Chronomap", layout="wide", page_icon="🗺️")
    read_url_state()
    if "basemap_url" not in st.session_state:
        st.session_state["basemap_url"] = publish_basemap()
    ensure_seed_build(BUILD_DIR)
    upload_panel()
    own = st.session_state.get("own_build")  # this session's uploads only
    stamp = (BUILD_DIR / "events.parquet").stat().st_mtime
    shared = shared_label(BUILD_DIR, stamp)
    corpus = st.sidebar.radio("Events of", [shared, "Your articles"] if own else [shared], key="corpus")
    in_force = corrections.active(correction_records())
    if not (own and corpus == "Your articles") and duck.is_big(BUILD_DIR / "events.parquet"):
        return bigbuild.page(BUILD_DIR, stamp, shared, in_force, write_url_state)  # SQL over the Parquet (issue 16)
    if own and corpus == "Your articles":
        frames = own
    elif in_force:
        frames = corrected_build(str(BUILD_DIR), stamp, json.dumps(in_force, sort_keys=True))
    else:
        frames = load_build(str(BUILD_DIR), stamp)
    corrections_panel(in_force)

    if st.query_params.get("doc"):
        article_view(frames, st.query_params["doc"])
        return

    st.title(f"Chronomap · {shared if frames is not own else 'Your articles'}")
    events = frames["events"]
    if events.empty:
        st.warning("No events in these articles.")
        return
    # What the charts show is fixed by the build, the filters, the step and the window: their key for the caches.
    source = (corpus, stamp, len(in_force), in_force[-1]["id"] if in_force else "") if frames is not own else (corpus, id(own))
    filters = filter_panel(source, events)
    st.sidebar.radio("Timeline lanes", ["story", "source"], key="lane", horizontal=True)
    st.sidebar.toggle("Map tiles (Carto, needs network)", value=False, key="tiles")
    shown = filtered((source, repr(filters)), filters, events)
    # The linked views are one fragment: a click on the map or the timeline, a brush, the player's controls rerun
    # only them (the sidebar, the uploads, the corrections and the build's loading are not run again); a filter,
    # outside, reruns the whole page and this with it.
    st.fragment(linked_views)(source, filters, shown, len(events), frames is not own)


def linked_views(source: tuple, filters: queries.Filters, shown: pd.DataFrame, total: int, shared: bool) -> None:
    """The map, the details and the two timelines, linked by one selection and one window of time."""
    reconcile_selection(shown)
    selected = st.session_state.get("selected")
    until, steps = play_controls((source, repr(filters)), shown)
    stepped = stepped_to((source, repr(filters), until), until, shown)
    window = time_window((source, repr(filters), until), stepped, selected)
    in_view = windowed((source, repr(filters), until, window), window, stepped)

    st.markdown(f"**{len(in_view)} of {total} events** shown"
                + (f" · selected: {shown.loc[shown['event_id'].eq(selected), 'place_name'].iloc[0]}" if selected else ""))
    playing = st.session_state.get("playing") and len(shown) <= event_map.MAX_MAP_POINTS
    on_map = selected if selected and in_view["event_id"].eq(selected).any() else None
    drawing = None if playing else map_drawing((source, repr(filters), until, window), in_view)
    detail, overview = timeline_drawings((source, repr(filters), until), stepped, in_view, selected, window)
    for started in (drawing, detail, overview):  # all at once: each drawn by a worker while the page is written
        if started is not None:
            view_drawings().start(*started)
    left, right = st.columns([3, 2])
    with left:
        if drawing is None:
            speed = PLAY_SPEEDS[st.session_state.get("play_speed", "normal")]
            st.fragment(playing_map, run_every=speed)((source, repr(filters)), shown, steps, shared)
        else:
            map_view(drawing, in_view, on_map, publish=shared)  # a reader's own uploads stay off disk
    with right:
        details_view(shown, selected, correctable=shared)
    timeline_view(detail, overview, in_view)
    downloads(in_view)
    write_url_state(filters)

main()
