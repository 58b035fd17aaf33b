"""Big builds (issue 16): DuckDB over the Parquet answers as the pandas path does, the page draws from it, and no
query brings more rows to Python than the view draws."""

from __future__ import annotations

import json
import shutil
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from dashboard import duck, queries
from dashboard.queries import Filters

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_build import synthetic_build  # noqa: E402

EVENTS = 5000


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return synthetic_build(tmp_path_factory.mktemp("big") / "syn", EVENTS)


@pytest.fixture(scope="module")
def dense_build(tmp_path_factory, build):
    """The same events, most of them in 2023 (the timeline then opens on a window, not on everything)."""
    folder = tmp_path_factory.mktemp("big") / "dense"
    shutil.copytree(build, folder)
    events = pd.read_parquet(build / "events.parquet")
    rng = np.random.default_rng(3)
    moved = rng.random(len(events)) < 0.9
    shift = pd.to_timedelta(rng.integers(0, 300, moved.sum()), unit="D")
    starts = pd.Timestamp("2023-01-01") + shift
    lengths = pd.to_datetime(events.loc[moved, "date_end"]) - pd.to_datetime(events.loc[moved, "date_start"])
    events.loc[moved, "date_start"] = starts.strftime("%Y-%m-%d").to_numpy()
    events.loc[moved, "date_end"] = (starts + lengths.to_numpy()).strftime("%Y-%m-%d").to_numpy()
    events.to_parquet(folder / "events.parquet", index=False)
    return folder


def pandas_events(folder) -> pd.DataFrame:
    return queries.prepare(pd.read_parquet(folder / "events.parquet"), pd.read_parquet(folder / "documents.parquet"), "en")


FILTERS = [
    Filters(),
    Filters(start=pd.Timestamp("2010-03-04").date(), end=pd.Timestamp("2012-07-01").date()),
    Filters(places=["Place 3", "Place 7"], min_sources=2),
    Filters(threads=["Story 0", "Story 4"]),
    Filters(sources=["Source 3", "Source 11"]),
    Filters(people=["Person 3"]),
    Filters(text="PLACE 12."),
    Filters(text="someone did", start=pd.Timestamp("2020-01-01").date(), threads=["Story 1"]),
]


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_filtered_events_are_the_pandas_paths(build, filters):
    events, big = pandas_events(build), duck.BigBuild(build)
    expected = queries.apply_filters(events, filters)
    assert big.count(filters) == len(expected)
    rows = big.rows(filters, limit=len(events))
    assert sorted(rows["event_id"]) == sorted(expected["event_id"])
    window = (pd.Timestamp("2015-01-01"), pd.Timestamp("2016-06-30"))
    assert big.count(filters, window) == len(queries.in_window(expected, window))


def test_counts_per_period_are_the_pandas_paths(build):
    events, big = pandas_events(build), duck.BigBuild(build)
    counts, unit = big.period_counts()
    assert unit == "month" and len(counts) == 240  # 20 years
    for unit in duck.PANDAS_PERIODS:
        counts, _ = big.period_counts(Filters(threads=["Story 2"]), unit=unit)
        expected = duck.pandas_period_counts(queries.apply_filters(events, Filters(threads=["Story 2"])), unit)
        pd.testing.assert_frame_equal(counts.reset_index(drop=True), expected, check_dtype=False)
    assert duck.period_unit(30) == "day" and duck.period_unit(700) == "week" and duck.period_unit(9000) == "year"


def test_the_densest_window_is_the_pandas_paths(build, dense_build):
    assert duck.BigBuild(build).densest_window() is None is queries.densest_window(pandas_events(build))  # uniform: none
    events, big = pandas_events(dense_build), duck.BigBuild(dense_build)
    window = big.densest_window()
    assert window is not None and window == queries.densest_window(events)
    assert pd.Timestamp("2022-12-01") < window[0] < window[1] < pd.Timestamp("2023-12-31")
    story = Filters(threads=["Story 0"])
    assert big.densest_window(story) == queries.densest_window(queries.apply_filters(events, story))


def test_a_selected_events_row_is_the_pandas_paths(build):
    events, big = pandas_events(build), duck.BigBuild(build)
    for event_id in ("ev000000", "ev001234", "ev004999"):
        ours, theirs = big.event(event_id), events.set_index("event_id").loc[event_id]
        for column in ("headline", "date_label", "place_name", "lat", "source_names", "sources_list", "actor_list",
                       "thread_title", "thread_colour", "thread_rank", "start", "end", "mid", "status"):
            assert ours[column] == theirs[column], column
    assert big.event("no such event") is None


def test_the_panel_options_are_the_largest_with_their_counts(build):
    events, big = pandas_events(build), duck.BigBuild(build)
    options = big.options()
    assert options["first"] == events["start"].min().date()
    assert options["last"] == (events["end"].max() - pd.Timedelta(days=1)).date()
    assert options["stories"]["thread_title"].tolist() == queries.threads_summary(events)["thread_title"].tolist()
    assert dict(zip(options["places"]["name"], options["places"]["events"], strict=True)) == events["place_name"].value_counts().to_dict()
    assert options["sources"]["events"].sum() == events["source_names"].map(len).sum()
    people = events["actor_list"].explode().dropna().value_counts()
    assert options["people"].set_index("name")["events"].to_dict() == people.to_dict()
    assert options["most_sources"] == events["source_count"].max()
    assert len(big.options(limit=10)["places"]) == 10


def test_map_cells_count_every_event_of_the_view(build):
    big = duck.BigBuild(build)
    cells, size = big.cells(cap=400)
    assert len(cells) <= 400 and cells["events"].sum() == EVENTS and size in duck.CELL_SIZES
    story = Filters(threads=["Story 3"])
    assert big.cells(story)[0]["events"].sum() == big.count(story)


def test_a_build_above_the_threshold_is_read_by_duckdb(build, monkeypatch):
    assert not duck.is_big(build / "events.parquet")  # 5,000 events: below the 200,000 of the default
    monkeypatch.setenv("CHRONOMAP_DUCKDB_ROWS", "1000")
    assert duck.is_big(build / "events.parquet") and duck.row_count(build / "events.parquet") == EVENTS


def run_app(build, monkeypatch, selected: str | None = None, **state):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CHRONOMAP_BUILD", str(build))
    monkeypatch.setenv("CHRONOMAP_DUCKDB_ROWS", "1000")
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if selected:
        app.query_params["event"] = selected
    for key, value in state.items():
        app.query_params[key] = value
    return app.run()


def test_the_page_of_a_big_build_draws_cells_and_counts_and_brings_few_rows(build, monkeypatch):
    """With the caps lowered to 300 rows, 5,000 events are a map of cells and a timeline of counts, and no query
    brings more than 300 rows to Python: nothing loads the build."""
    monkeypatch.setattr(duck, "POINT_CAP", 300)
    monkeypatch.setattr(duck, "CELL_CAP", 300)
    monkeypatch.setattr(duck, "OPTION_CAP", 300)
    monkeypatch.setattr(duck, "largest_result", 0)
    app = run_app(build, monkeypatch, selected="ev000042")
    assert not app.exception
    assert any(f" of {EVENTS:,} events" in m.value and "selected: Place 42" in m.value for m in app.markdown)
    assert 0 < duck.largest_result <= 300
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert [layer["id"] for layer in deck["layers"]] == ["basemap", "cells"]
    assert 0 < len(deck["layers"][1]["data"]) <= 300
    charts = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert len(charts) == 2 and all(chart["mark"]["type"] == "bar" for chart in charts)
    html = "".join(str(element.proto) for element in app.get("html"))
    assert "Someone did something at place 42" in html  # the selected event's details


def test_a_narrow_view_of_a_big_build_draws_each_event(build, monkeypatch):
    app = run_app(build, monkeypatch, story="Story 7")
    assert not app.exception
    expected = queries.apply_filters(pandas_events(build), Filters(threads=["Story 7"]))
    assert any(f"**{len(expected):,} of {EVENTS:,} events**" in m.value for m in app.markdown)
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in deck["layers"] if layer["id"] == "events")
    assert sorted(p["event_id"] for p in points["data"]) == sorted(expected["event_id"])
    app.sidebar.radio[-1].set_value("source").run()
    assert not app.exception


def test_an_article_of_a_big_build_opens(build, monkeypatch):
    app = run_app(build, monkeypatch, doc="d7")
    assert not app.exception and not app.error
    app = run_app(build, monkeypatch, doc="<no such doc>")
    assert app.error


def test_a_mangled_link_or_an_empty_view_of_a_big_build_still_opens(build, monkeypatch):
    app = run_app(build, monkeypatch, **{"minsources": "99", "from": "2023-13-45", "to": "x", "event": "<script>",
                                         "place": "Atlantis", "story": "no such story", "lane": "<b>"})
    assert not app.exception
    app = run_app(build, monkeypatch, q="no event says this")
    assert not app.exception and app.warning and "No events" in app.warning[0].value


def test_a_build_from_before_stories_and_headlines_opens(build, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(build, folder)
    events = pd.read_parquet(build / "events.parquet").drop(columns=["status", "headline", "thread_id", "thread_title"])
    events.head(500).to_parquet(folder / "events.parquet", index=False)
    big = duck.BigBuild(folder)
    assert big.count() == 500 and big.options()["story_count"] == 500  # each event its own story, as in `prepare`
    event = big.event(events["event_id"].iloc[7])
    assert event["headline"] == events["title"].iloc[7] and event["thread_id"] == events["event_id"].iloc[7]
    assert event["status"] == "happened"
