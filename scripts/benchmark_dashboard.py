"""Benchmark (not a test): server start to a rendered page, and the server time of a selection rerun,
on the seeds and on a synthetic build of 100,000 events.

    .venv/bin/python scripts/benchmark_dashboard.py
    .venv/bin/python scripts/benchmark_dashboard.py --duck   # 10k, 100k and 1M synthetic events (issue 16)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic_build import synthetic_build  # noqa: E402

# The reference: a bare Streamlit page with one pydeck map and one Altair chart, timed the same way in the same run.
BARE_PAGE = """
import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

points = pd.DataFrame({"lat": [43.1, 39.0, 50.3], "lon": [131.9, 125.8, 127.5], "day": pd.date_range("2023-09-10", periods=3)})
st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", points, get_position="[lon, lat]", get_radius=20000)],
                         initial_view_state=pdk.ViewState(latitude=45, longitude=130, zoom=3), map_style=None))
st.altair_chart(alt.Chart(points).mark_circle().encode(x="day:T", y="lat:Q"), use_container_width=True)
"""


def page_render_seconds(build: Path | None, script: Path = ROOT / "app.py", runs: int = 3) -> float:
    """Server start to a page showing the map canvas and the timeline, in headless Chromium: the median of a few
    starts (one start varies by seconds on a shared machine)."""
    times = sorted(_page_render_once(build, script)[0] for _ in range(runs))
    return times[len(times) // 2]


def _page_render_once(build: Path | None, script: Path) -> tuple[float, int]:
    """One start: seconds to the rendered map and timeline, and the server's peak resident memory in MB."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    env = dict(os.environ, CHRONOMAP_BUILD=str(build)) if build else dict(os.environ)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                               "--server.port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1500, "height": 1200})
            page.goto(f"http://127.0.0.1:{port}")
            page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=300_000)
            page.wait_for_selector("[data-testid='stVegaLiteChart'] svg", timeout=300_000)
            elapsed = time.perf_counter() - started
            browser.close()
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) // 1024
        return elapsed, peak
    finally:
        server.terminate()
        server.wait(timeout=30)


PAIRS = 5


def paired_render_seconds(build: Path, bare: Path, pairs: int = PAIRS) -> tuple[float, float, float]:
    """The bare page and the dashboard started in turns, so that both see the same drift of a shared machine's load:
    the median of each, and the median of the ratios of the pairs."""
    references, renders, ratios = [], [], []
    for _ in range(pairs):
        references.append(_page_render_once(None, bare)[0])
        renders.append(_page_render_once(build, ROOT / "app.py")[0])
        ratios.append(renders[-1] / references[-1])

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    return median(references), median(renders), median(ratios)


def rerun_seconds(build: Path, select: bool) -> float:
    """Server time of one script run with an event selected (Streamlit's AppTest runs the script in-process)."""
    from streamlit.testing.v1 import AppTest

    os.environ["CHRONOMAP_BUILD"] = str(build)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.run()  # first run: loads and caches the build
    if select:
        app.query_params["event"] = pd.read_parquet(build / "events.parquet")["event_id"].iloc[0]
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def main() -> None:
    from pipeline.build import build

    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        build([ROOT / "seeds"], seeds)
        bare = Path(tmp) / "bare_page.py"
        bare.write_text(BARE_PAGE, encoding="utf-8")
        page_render_seconds(None, bare, runs=1)  # the first start of a run warms the disk cache for both
        reference, render, ratio = paired_render_seconds(seeds, bare)
        print(f"bare Streamlit page (one pydeck map, one Altair chart): server start to rendered page {reference:.1f} s")
        print(f"seeds: server start to rendered map and timeline {render:.1f} s = {ratio:.2f} x the bare page "
              f"(median of {PAIRS} pairs started one after the other); "
              f"selection rerun {rerun_seconds(seeds, True) * 1000:.0f} ms (server time)")
        for count in (1_000, 100_000, 1_000_000):
            folder = synthetic_build(Path(tmp) / f"synthetic{count}", count)
            line = f"{count:,} synthetic events: selection rerun {rerun_seconds(folder, True) * 1000:.0f} ms (server time)"
            if count == 100_000:
                render = page_render_seconds(folder)
                line += f"; server start to rendered page {render:.1f} s = {render / reference:.2f} x the bare page"
            print(line)




# ---------------------------------------------------------------------------
# Big builds (issue 16): `--duck` times 10,000, 100,000 and 1,000,000 synthetic events (scripts/synthetic_build.py);
# above 200,000 the dashboard reads the build with DuckDB (dashboard/duck.py). Kept apart from main() above.


def duck_render(build: Path, runs: int = 3) -> tuple[float, int]:
    """Server start to a page showing the map canvas and the timeline in headless Chromium (the median of `runs`
    starts), and the server's peak resident memory in MB over those starts."""
    starts = [_page_render_once(build, ROOT / "app.py") for _ in range(runs)]
    return sorted(t for t, _ in starts)[len(starts) // 2], max(peak for _, peak in starts)


def duck_selection_ms(build: Path) -> tuple[float, float]:
    """Server time of the rerun that selects an event (the first time that event is asked for, then again), with
    Streamlit's AppTest in this process."""
    import pyarrow.parquet as pq
    from streamlit.testing.v1 import AppTest

    os.environ["CHRONOMAP_BUILD"] = str(build)
    ids = pq.read_table(build / "events.parquet", columns=["event_id"]).column(0)
    chosen = ids[len(ids) // 2].as_py()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.run()  # the first run opens (and caches) the build
    timings = []
    for _ in range(2):
        app.session_state["selected"] = chosen
        started = time.perf_counter()
        app.run()
        timings.append((time.perf_counter() - started) * 1000)
        assert not app.exception and any("selected:" in m.value for m in app.markdown), "the selection did not show"
    return timings[0], timings[1]


def duck_main() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from synthetic_build import synthetic_build as write_synthetic

    from dashboard import duck

    with tempfile.TemporaryDirectory() as tmp:
        renders = {}
        for count in (10_000, 100_000, 1_000_000):
            folder = write_synthetic(Path(tmp) / f"synthetic{count}", count)
            path = "DuckDB" if duck.is_big(folder / "events.parquet") else "pandas"
            renders[count], peak = duck_render(folder)
            first, again = duck_selection_ms(folder)
            print(f"{count:,} synthetic events ({path} path): server start to rendered map and timeline {renders[count]:.1f} s; "
                  f"server peak RSS {peak} MB; selection rerun {first:.0f} ms (that event again: {again:.0f} ms; server time)",
                  flush=True)
        print(f"first render at 1,000,000 / at 10,000 events: {renders[1_000_000] / renders[10_000]:.2f} x", flush=True)
        os.environ["CHRONOMAP_DUCKDB_ROWS"] = "50000"  # 100,000 events again, on the DuckDB path
        render, peak = duck_render(Path(tmp) / "synthetic100000")
        first, again = duck_selection_ms(Path(tmp) / "synthetic100000")
        print(f"100,000 synthetic events (DuckDB path, CHRONOMAP_DUCKDB_ROWS=50000): server start to rendered map and timeline "
              f"{render:.1f} s; server peak RSS {peak} MB; selection rerun {first:.0f} ms (that event again: {again:.0f} ms)")


if __name__ == "__main__":
    duck_main() if "--duck" in sys.argv else main()
