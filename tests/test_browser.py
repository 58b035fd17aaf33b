"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEEDS

from pipeline.gazetteer import km

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (.ci/run installs it)")
SHOTS = Path(os.environ.get("CHRONOMAP_SCREENSHOTS", ROOT / "build" / "screenshots"))
NETWORK_NOISE = ("ERR_NAME_NOT_RESOLVED", "Failed to fetch", "ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_REFUSED",
                 "net::ERR_")  # map tiles the closed network cannot reach: not the app's errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UPLOAD_CHARACTERS = 20_000  # the app's text budget per upload, lowered so the test stays quick


def start_app(seeds_build, folder, launcher: list[str], **env_vars: str) -> tuple[str, Path, subprocess.Popen]:
    """`streamlit run app.py` (started by `launcher`) on a copy of the seeds' build, once it answers."""
    build_dir = folder / "seeds"
    shutil.copytree(seeds_build[0].resolve(), build_dir)
    port = _free_port()
    env = dict(os.environ, CHRONOMAP_BUILD=str(build_dir), **env_vars)
    process = subprocess.Popen([*launcher, "run", str(ROOT / "app.py"), "--server.headless", "true",
                                "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    return url, build_dir, process


@pytest.fixture(scope="module")
def server(seeds_build, tmp_path_factory):
    url, build_dir, process = start_app(seeds_build, tmp_path_factory.mktemp("app"), [sys.executable, "-m", "streamlit"],
                                        CHRONOMAP_UPLOAD_CHARACTERS=str(UPLOAD_CHARACTERS))
    yield url, pd.read_parquet(build_dir / "events.parquet")
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


def new_page(browser, errors: list[str]):
    """A page whose script errors, console errors (but the closed network's) and dialogs land in `errors`."""
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not any(n in m.text for n in NETWORK_NOISE) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    return page


def load(page, url: str):
    """Open the dashboard and wait until both charts are drawn."""
    page.goto(url)
    page.wait_for_selector("text=events shown", timeout=90_000)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_selector("svg [aria-roledescription='point']", timeout=60_000)
    time.sleep(2)
    return page


def open_page(browser, url: str, errors: list[str]):
    return load(new_page(browser, errors), url)


def another_reader(browser, url: str):
    """A second browser session (its own cookies and Streamlit session) opened on `url`."""
    page = browser.new_context().new_page()
    page.set_viewport_size({"width": 1500, "height": 1300})
    page.goto(url)
    page.wait_for_selector("text=events shown", timeout=90_000)
    return page


def open_selected(browser, url: str, event, errors: list[str]):
    """The dashboard opened by a link that selects `event`, once it shows the selection."""
    page = open_page(browser, f"{url}/?event={event.event_id}", errors)
    page.wait_for_selector(f"text=selected: {event.place_name}", timeout=30_000)
    return page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def shown_count(page) -> int:
    return int(page.get_by_text("events shown").inner_text().split(" of ")[0])


def timeline_point(page, place: str):
    """The timeline's mark of the first event at `place` (marks of one story can touch: click it as Vega sees it)."""
    return page.locator(f"svg [aria-roledescription='point'][aria-label*='where: {place}']").first


def click_point(page, place: str) -> None:
    timeline_point(page, place).dispatch_event("click")


def opening_window(events: pd.DataFrame) -> pd.DataFrame:
    """The events the dashboard opens on: those of the densest period."""
    from dashboard import queries

    frame = queries.prepare(events)
    return queries.in_window(frame, queries.densest_window(frame))


def test_both_charts_render_without_errors(server, browser):
    url, events = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    shot(page, "01-start")
    opening = opening_window(events)
    assert len(opening) < len(events)  # the seeds' 2002 and 2019 events are context, not the opening window
    assert shown_count(page) == len(opening)
    assert page.locator("svg [aria-roledescription='point']").count() == len(opening)
    assert errors == []


def test_clicking_the_timeline_selects_on_the_map_and_shows_details(server, browser):
    url, _ = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    click_point(page, "Vostochny")
    page.wait_for_selector("text=selected: Vostochny Cosmodrome", timeout=30_000)
    page.wait_for_selector("blockquote", timeout=30_000)
    assert "13 septembre 2023" in page.locator("h3").first.inner_text()
    page.wait_for_function("location.search.includes('event=')", timeout=30_000)  # the URL follows a rerun later
    shot(page, "02-timeline-click")
    assert errors == []


def _project(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    scale = 512 * 2 ** zoom / (2 * math.pi)
    return scale * (math.radians(lon) + math.pi), scale * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def test_clicking_the_map_selects_on_the_timeline(server, browser):
    from dashboard import map as event_map

    url, events = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    frame = opening_window(events)
    view = event_map.view_for(frame, None)
    target = frame[frame.place_name == "Pyongyang"].iloc[0]
    box = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.bounding_box()
    cx, cy = _project(view.latitude, view.longitude, view.zoom)
    tx, ty = _project(target.lat, target.lon, view.zoom)
    # deck.gl picks only once its layers are drawn, which a loaded machine delays: click again until it selects.
    for _ in range(4):
        page.mouse.click(box["x"] + box["width"] / 2 + tx - cx, box["y"] + box["height"] / 2 + ty - cy)
        try:
            page.wait_for_selector("text=selected:", timeout=10_000)
            break
        except Exception:
            time.sleep(2)
    page.wait_for_selector("text=selected:", timeout=10_000)
    # Several events share that point (Pyongyang and a square in it): the one on top is selected.
    there = {row.place_name for row in frame.itertuples() if km(row.lat, row.lon, target.lat, target.lon) < 10}
    heading = page.locator("h3").first.inner_text()
    assert any(heading.startswith(name) for name in there), (heading, there)
    shot(page, "03-map-click")
    assert errors == []


def test_brushing_the_overview_moves_the_detail_window(server, browser):
    url, events = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    before = shown_count(page)
    detail_axis = page.locator("[data-testid='stVegaLiteChart']").first.inner_text()
    overview = page.locator("[data-testid='stVegaLiteChart']").nth(1).locator("svg").first.bounding_box()
    # From the overview's left edge (2002) to its middle: the old events, not the opening window.
    y = overview["y"] + 20
    page.mouse.move(overview["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(overview["x"] + overview["width"] * 0.8, y, steps=10)
    page.mouse.up()
    page.wait_for_function(f"!document.body.innerText.includes('{before} of {len(events)} events')", timeout=30_000)
    time.sleep(2)
    assert shown_count(page) != before
    assert page.locator("[data-testid='stVegaLiteChart']").first.inner_text() != detail_axis
    shot(page, "04-brush")
    assert errors == []


def test_a_shared_url_reopens_the_same_selection(server, browser):
    url, events = server
    errors: list[str] = []
    page = open_selected(browser, url, events[events.place_name == "Vladivostok"].iloc[0], errors)
    assert page.locator("h3").first.inner_text().startswith("Vladivostok")
    shot(page, "05-shared-url")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="GeoJSON").click()
    geojson = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(geojson["features"]) == len(events)
    assert errors == []


def test_an_uploaded_hostile_title_runs_no_script(server, browser, tmp_path):
    url, _ = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    hostile = tmp_path / "hostile.md"
    hostile.write_text("---\ntitle: <img src=x onerror=alert(1)>\npublished: 2024-05-02\n---\n"
                       "Le 2 mai 2024, <script>alert(2)</script> une manifestation a eu lieu à Lyon <b onmouseover=alert(3)>ici</b>.\n",
                       encoding="utf-8")
    page.get_by_text("Your articles").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(hostile))
    page.wait_for_selector("text=hostile.md", timeout=30_000)
    time.sleep(2)
    page.get_by_role("button", name="Build these articles").click()
    page.wait_for_selector("text=1 read", timeout=120_000)
    page.wait_for_selector("svg [aria-roledescription='point']", timeout=60_000)
    click_point(page, "Lyon")
    page.wait_for_selector("text=selected: Lyon", timeout=30_000)
    details = page.locator("blockquote").first.inner_text()
    assert "<script>alert(2)</script>" in details
    shot(page, "06-hostile-upload")
    box = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.bounding_box()
    for step in range(12):  # sweep the map so tooltips show
        page.mouse.move(box["x"] + box["width"] * step / 12, box["y"] + box["height"] / 2)
    time.sleep(1)
    assert not any("dialog" in e for e in errors), errors
    assert errors == []


def test_uploads_past_the_text_budget_are_named_as_skipped(server, browser, tmp_path):
    url, _ = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    sentence = "Le 2 mai 2024, le ministre s'est rendu à Lyon pour une visite officielle de deux jours.\n"
    paths = []
    for name in ("premier.txt", "second.txt"):
        paths.append(tmp_path / name)
        paths[-1].write_text(sentence * (UPLOAD_CHARACTERS * 2 // 3 // len(sentence)), encoding="utf-8")
    page.get_by_text("Your articles").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(p) for p in paths])
    page.wait_for_selector("text=second.txt", timeout=30_000)
    time.sleep(2)
    page.get_by_role("button", name="Build these articles").click()
    page.wait_for_selector("text=1 read", timeout=120_000)
    report = page.get_by_text("1 read").inner_text()
    assert f"second.txt: over this build's limit of {UPLOAD_CHARACTERS:,} characters of text" in report
    assert "premier.txt" not in report
    shot(page, "07-upload-budget")
    assert errors == []


def test_two_sessions_do_not_see_each_other(server, browser, tmp_path):
    url, events = server
    errors: list[str] = []
    mine = open_page(browser, url, errors)
    theirs = another_reader(browser, url)

    article = tmp_path / "private.txt"
    article.write_text("Le 3 mars 2024, une réunion secrète a eu lieu à Genève.\n", encoding="utf-8")
    mine.get_by_text("Your articles").click()
    mine.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(article))
    mine.wait_for_selector("text=private.txt", timeout=30_000)
    time.sleep(2)  # the upload's own rerun must finish before the button reads the files
    mine.get_by_role("button", name="Build these articles").click()
    try:
        mine.wait_for_selector("text=1 read", timeout=120_000)
    finally:
        shot(mine, "07-my-session")
    # the gazetteer may name it either way; wait for the timeline's mark before choosing (the check raced the drawing)
    either = ", ".join(f"svg [aria-roledescription='point'][aria-label*='where: {name}']" for name in ("Genève", "Geneva"))
    mine.wait_for_selector(either, state="attached", timeout=60_000)
    click_point(mine, "Genève" if mine.locator("svg [aria-label*='where: Genève']").count() else "Geneva")
    mine.wait_for_selector("text=selected:", timeout=30_000)

    theirs.reload()
    theirs.wait_for_selector("text=events shown", timeout=90_000)
    time.sleep(2)
    body = theirs.inner_text("body")
    assert f"{len(opening_window(events))} of {len(events)} events" in body
    assert "Your articles" in body and "1 read" not in body  # the panel exists, with nothing of mine in it
    assert "Gen" not in body and "selected:" not in body
    sidebar = theirs.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("Seed articles").count() == 1 and sidebar.locator("text=Events of").count() == 1
    assert "event=" not in theirs.url
    shot(theirs, "07-other-session")
    assert errors == []


@pytest.fixture(scope="module")
def faulty_server(seeds_build, tmp_path_factory):
    """The app with workers whose task crashes on a marked document (tests/faults.py): a native crash of an
    upload, as the LGL articles once caused, without depending on any library's bug."""
    launcher = ("import sys; sys.path.insert(0, 'tests'); import faults, pipeline.workers as workers; "
                "workers.process_payload = faults.faulty_task; from streamlit.web import cli; sys.exit(cli.main())")
    url, _build_dir, process = start_app(seeds_build, tmp_path_factory.mktemp("faulty-app"), [sys.executable, "-c", launcher])
    yield url, process
    process.terminate()
    process.wait(timeout=20)


def test_an_upload_that_kills_its_worker_costs_only_that_file(faulty_server, browser, tmp_path):
    from faults import SEGFAULT

    url, process = faulty_server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    crasher = tmp_path / "crasher.txt"
    crasher.write_text(f"Le 2 mai 2024, une réunion a eu lieu à Lyon. {SEGFAULT}\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Le 3 mai 2024, une manifestation a eu lieu à Grenoble.\n", encoding="utf-8")
    page.get_by_text("Your articles").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(crasher), str(good)])
    page.wait_for_selector("text=good.txt", timeout=30_000)
    time.sleep(2)
    page.get_by_role("button", name="Build these articles").click()
    page.wait_for_selector("text=1 read", timeout=120_000)
    report = page.get_by_text("1 read").inner_text()
    assert "crasher.txt: worker crashed (signal 11, SIGSEGV)" in report
    shot(page, "08-upload-crashed-its-worker")

    other = another_reader(browser, url)  # a second reader, after the crash: served as usual
    other.wait_for_selector("svg [aria-roledescription='point']", timeout=60_000)
    assert process.poll() is None  # the same server process (the Popen's PID) is alive and serving
    urllib.request.urlopen(url + "/_stcore/health", timeout=5)
    assert errors == []


def capture_decks(page) -> list:
    """The pydeck specs the server sends this page, read from its websocket frames (the deck's JSON travels as
    text inside Streamlit's messages): the props the browser draws from."""
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode())))

    def decks() -> list[dict]:
        text = b"".join(frames).decode("utf-8", "replace")
        found, at = [], text.find('{\n  "initialViewState"')
        while at >= 0:
            try:
                spec, end = json.JSONDecoder().raw_decode(text, at)
                found.append(spec)
            except ValueError:
                end = at + 1
            at = text.find('{\n  "initialViewState"', end)
        return found

    return decks


def layer(deck: dict, layer_id: str) -> dict | None:
    return next((item for item in deck["layers"] if item.get("id") == layer_id), None)


def test_arcs_never_join_two_threads(server, browser):
    url, events = server
    errors: list[str] = []
    page = new_page(browser, errors)
    decks = capture_decks(page)
    load(page, f"{url}/?from=2002-01-01&to=2024-06-19")
    deck = decks()[-1]
    points = layer(deck, "events")["data"]
    thread_at = {}
    for point in points:
        thread_at.setdefault((round(point["lon"], 5), round(point["lat"], 5)), set()).add(point["thread_id"])
    legs = layer(deck, "route")["data"]
    assert legs
    for leg in legs:
        assert leg["thread_id"] in thread_at[(round(leg["from_lon"], 5), round(leg["from_lat"], 5))]
        assert leg["thread_id"] in thread_at[(round(leg["to_lon"], 5), round(leg["to_lat"], 5))]
    assert len({p["thread_id"] for p in points}) >= 2  # the seeds hold several stories, none joined to another
    assert errors == []


def test_choosing_a_story_filters_the_map_and_the_timeline(server, browser):
    url, events = server
    errors: list[str] = []
    page = open_page(browser, url, errors)
    biggest = events["thread_title"].value_counts()
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.get_by_role("option", name=biggest.index[0]).click()
    page.keyboard.press("Escape")
    page.wait_for_function(f"document.body.innerText.includes('{biggest.iloc[0]} of {len(events)} events')", timeout=30_000)
    time.sleep(2)
    assert page.locator("svg [aria-roledescription='point']").count() == biggest.iloc[0]
    assert "story=" in page.url
    shot(page, "09-one-story")
    assert errors == []


def test_details_speak_plain_words(server, browser):
    url, events = server
    errors: list[str] = []
    chosen = events[events.place_name == "Vostochny Cosmodrome"].iloc[0]
    page = open_selected(browser, url, chosen, errors)
    panel = page.locator("[data-testid='stMain'] [data-testid='stHtml']").first.inner_text()
    assert "known to the day" in panel and "reported by" in panel and "precision" not in panel
    assert chosen.headline in panel  # the who-did-what line, then the sentences
    assert errors == []


def test_an_upload_draws_every_script_and_planned_events_hollow(server, browser, tmp_path):
    url, _ = server
    errors: list[str] = []
    page = new_page(browser, errors)
    decks = capture_decks(page)
    load(page, url)
    article = tmp_path / "latvia.txt"
    article.write_text("Le 3 mai 2024, un festival de musique a eu lieu à Jūrmala, en Lettonie. "
                       "Une autre édition est prévue le 9 mai 2031 à Liepāja.\n", encoding="utf-8")
    page.get_by_text("Your articles").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(article))
    page.wait_for_selector("text=latvia.txt", timeout=30_000)
    time.sleep(2)
    page.get_by_role("button", name="Build these articles").click()
    page.wait_for_selector("text=1 read", timeout=120_000)
    page.wait_for_selector("text=Chronomap · Your articles", timeout=120_000)  # the page redrawn for the upload
    page.wait_for_selector("svg [aria-roledescription='point']", timeout=60_000)
    for _ in range(240):  # the upload's map follows its title in the same run: on a busy machine, a moment later
        labels = layer(decks()[-1], "labels")
        if labels and {"Jūrmala", "Liepāja"} & {item["place_name"] for item in labels["data"]}:
            break
        time.sleep(0.5)
    assert labels["characterSet"] == "auto"  # glyphs from the labels themselves, not deck.gl's ASCII default
    assert {"Jūrmala", "Liepāja"} <= {item["place_name"] for item in labels["data"]}
    hollow = page.locator("svg [aria-roledescription='point'][aria-label*='status: planned']")
    assert hollow.count() == 1 and hollow.first.get_attribute("fill-opacity") == "0"
    shot(page, "10-every-script-and-planned")
    assert errors == []


@pytest.fixture(scope="module")
def correcting_server(seeds_build, tmp_path_factory):
    url, build_dir, process = start_app(seeds_build, tmp_path_factory.mktemp("correcting-app"), [sys.executable, "-m", "streamlit"])
    yield url, build_dir
    process.terminate()
    process.wait(timeout=20)


def test_a_correction_made_in_the_browser_survives_a_rebuild(correcting_server, browser):
    from pipeline import corrections
    from pipeline.build import build

    url, build_dir = correcting_server
    events = pd.read_parquet(build_dir / "events.parquet")
    target = events[events.place_name == "Ukraine"].iloc[0]
    errors: list[str] = []
    page = open_selected(browser, url, target, errors)
    page.get_by_text("Correct this event").click()
    page.get_by_text("Hide", exact=True).click()
    page.get_by_role("button", name="Hide this event").click()
    page.wait_for_selector("text=Corrections (1)", timeout=30_000)
    assert corrections.active(corrections.load(corrections.corrections_path(build_dir)))[0]["kind"] == "hide"

    build([SEEDS], build_dir)  # the next build applies what the reader corrected
    rebuilt = pd.read_parquet(build_dir / "events.parquet")
    assert "Ukraine" not in set(rebuilt.place_name) and len(rebuilt) == len(events) - 1
    other = another_reader(browser, url + "/?from=2002-01-01&to=2024-06-19")  # another reader, after the rebuild
    other.wait_for_selector("text=Corrections (1)", timeout=90_000)
    other.wait_for_selector(f"text=of {len(events) - 1} events", timeout=30_000)
    other.locator("[data-testid='stSidebar']").get_by_text("Corrections (1)").click()
    other.get_by_role("button", name="Undo").click()
    other.wait_for_selector(f"text=of {len(events)} events", timeout=30_000)
    shot(other, "11-correction-undone")
    assert errors == []


def test_playback_moves_through_time_without_sending_the_data_again(server, browser):
    url, events = server
    errors: list[str] = []
    page = new_page(browser, errors)
    decks = capture_decks(page)
    load(page, url)
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_selector("text=▶ up to", timeout=30_000)
    first = page.get_by_text("▶ up to").inner_text()
    page.wait_for_function(f"!document.body.innerText.includes({json.dumps(first)})", timeout=30_000)
    time.sleep(1.5)
    page.get_by_role("button", name="❚❚ Pause").click()
    page.wait_for_selector("text=Show events up to", timeout=30_000)
    playing = [deck for deck in decks() if layer(deck, "events") and isinstance(layer(deck, "events")["data"], str)]
    assert len(playing) >= 2  # frames that name their data by URL (fetched once) and move the time filter
    assert len({tuple(layer(deck, "events")["filterRange"]) for deck in playing}) >= 2
    assert all(len(json.dumps(deck)) < 5_000 for deck in playing)  # props only, never the events again
    assert errors == []
