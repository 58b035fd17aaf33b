"""View workers: a shared server's new views are drawn in processes of its own, the same as in the server, and a
worker that dies costs one view's speed, never the view."""

import os

import pandas as pd
import pytest
from test_views import many_stories

from dashboard import specs, viewpool


def crash_in_a_worker(server: int) -> str:
    """Dies when run anywhere but in the process that asked (a view worker); answers there."""
    if os.getpid() != server:
        os._exit(3)
    return "drawn in the server"


@pytest.fixture
def pool():
    views = viewpool.ViewPool(1)
    assert views.wait_ready(60)
    yield views
    views.close()


def test_a_view_is_drawn_in_a_worker_and_is_the_same_as_drawn_here(pool):
    assert pool.run(os.getpid) != os.getpid()
    events = many_stories(6, 12)
    window = (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    frame = specs.view_frame(events)
    assert set(frame.columns) < set(events.columns)  # the worker is sent what the charts read, not the sentences
    chosen = events.iloc[3].event_id
    assert pool.run(specs.map_base, frame, False, None).json == specs.map_base(events, False, None).json
    assert pool.run(specs.timeline_spec, frame, chosen, "thread", window) == specs.timeline_spec(events, chosen, "thread", window)
    assert pool.run(specs.overview_spec, frame, window) == specs.overview_spec(events, window)
    assert pool.drawn_in_workers == 4


def test_a_worker_that_dies_costs_the_view_nothing_and_is_replaced(pool):
    assert pool.run(crash_in_a_worker, os.getpid()) == "drawn in the server"
    assert pool.wait_ready(60)
    assert pool.run(os.getpid) != os.getpid()  # a new worker took its place


def test_without_workers_views_are_drawn_in_the_server():
    views = viewpool.ViewPool(0)
    assert views.run(os.getpid) == os.getpid()


def test_a_view_asked_for_twice_is_drawn_once_and_a_failed_one_again():
    calls = []

    def draw(rows, label):
        calls.append(label)
        if label == "broken" and calls.count("broken") == 1:
            raise ValueError("the first drawing fails")
        return f"{label}: {len(rows)} rows"

    drawings = viewpool.Drawings(viewpool.ViewPool(0), entries=2, narrow=lambda rows: rows[:2])
    assert drawings.get(("map", 1), draw, [1, 2, 3], "map") == "map: 2 rows"  # narrowed before drawing
    assert drawings.get(("map", 1), draw, [1, 2, 3], "map") == "map: 2 rows"
    assert calls == ["map"]
    with pytest.raises(ValueError):
        drawings.get(("broken",), draw, [1], "broken")
    assert drawings.get(("broken",), draw, [1], "broken") == "broken: 1 rows"
    drawings.get(("a",), draw, [1], "a")  # two entries kept: the oldest ("map") goes
    drawings.get(("map", 1), draw, [1, 2, 3], "map")
    assert calls.count("map") == 2
