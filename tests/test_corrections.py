"""Corrections: kept beside the build, keyed by reports (document and offsets), applied by every rebuild,
idempotent, undoable."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SEEDS

from pipeline import corrections
from pipeline.build import build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("corr") / "seeds"
    build([SEEDS], out)
    return out


def events_at(out) -> pd.DataFrame:
    return pd.read_parquet(out / "events.parquet")


def anchor_of_place(events: pd.DataFrame, place: str) -> str:
    return json.loads(events[events.place_name == place].iloc[0]["anchors"])[0]


def test_every_event_carries_the_anchors_of_its_reports(built):
    events = events_at(built)
    for row in events.itertuples():
        anchors = json.loads(row.anchors)
        assert anchors and all(a.split(":")[0] in json.loads(row.doc_ids) for a in anchors)


def test_a_correction_survives_a_rebuild_and_can_be_undone(built):
    events = events_at(built)
    path = corrections.corrections_path(built)
    assert path.parent == built.parent  # beside the build, which a rebuild replaces
    hidden = corrections.make("hide", anchor_of_place(events, "Ukraine"), note="a remark, not an event", by="test")
    moved = corrections.make("move", anchor_of_place(events, "Vladivostok"),
                             {"place_name": "Russky Island", "lat": 43.0, "lon": 131.85, "country_code": "RU",
                              "place_kind": "site"})
    for record in (hidden, moved):
        corrections.append(path, record)
    build([SEEDS], built)
    after = events_at(built)
    assert "Ukraine" not in set(after.place_name) and "Russky Island" in set(after.place_name)
    assert json.loads(after[after.place_name == "Russky Island"].iloc[0]["corrections"]) == ["move"]
    assert json.loads((built / "build.json").read_text())["corrections"] == 2
    # Applying again (the dashboard does, on a build that already carries them) changes nothing.
    again = corrections.apply(after, corrections.load(path))
    assert len(again) == len(after) and set(again.place_name) == set(after.place_name)
    corrections.append(path, corrections.undo(hidden["id"]))
    build([SEEDS], built)
    assert "Ukraine" in set(events_at(built).place_name)
    path.unlink()


def test_redate_merge_and_split(built):
    events = events_at(built)
    records = [corrections.make("redate", anchor_of_place(events, "Pyongyang"),
                                {"date_start": "2023-09-09", "date_end": "2023-09-09", "precision": "day"})]
    redated = corrections.apply(events, records)
    assert redated[redated.place_name == "Pyongyang"].iloc[0]["date_start"] == "2023-09-09"
    square, city = anchor_of_place(events, "Kim Il Sung Square"), anchor_of_place(events, "Pyongyang")
    merged = corrections.apply(events, [corrections.make("merge", square, {"into": city})])
    assert len(merged) == len(events) - 1 and "Kim Il Sung Square" not in set(merged.place_name)
    row = merged[merged.place_name == "Pyongyang"].iloc[0]
    assert square in json.loads(row["anchors"])
    split = corrections.apply(merged, [corrections.make("split", square)])
    assert len(split) == len(events)  # the square's report is an event of its own again
    assert corrections.apply(split, [corrections.make("split", square)]).equals(split)


def test_a_torn_or_foreign_line_is_skipped(tmp_path):
    path = tmp_path / "b.corrections.jsonl"
    good = corrections.make("hide", "a.txt:1-2:3-4")
    path.write_text("not json\n" + json.dumps(good) + "\n" + '{"id": "x", "kind": "delete everything"}\n{"id":', encoding="utf-8")
    assert [c["id"] for c in corrections.active(corrections.load(path))] == [good["id"]]
