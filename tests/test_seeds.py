"""The seed articles end to end, scored by the project's reference scorer."""

import json
import subprocess
import sys

import pandas as pd
from conftest import ROOT, SEEDS

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "eval" / "seeds_gold.json"


def test_build_writes_three_tables_with_provenance(seeds_build):
    out, result = seeds_build
    docs = pd.read_parquet(out / "documents.parquet")
    mentions = pd.read_parquet(out / "mentions.parquet")
    events = pd.read_parquet(out / "events.parquet")
    assert len(docs) == 5 and set(docs.published_from) == {"manifest"}
    assert {"doc_id", "kind", "text", "start", "end", "lat", "lon", "country_code", "name", "date_start", "date_end",
            "precision"} <= set(mentions.columns)
    for row in mentions.itertuples():
        text = (SEEDS / row.doc_id).read_text(encoding="utf-8")
        assert text[row.start:row.end] == row.text
    for row in events.itertuples():
        for source in json.loads(row.sources):
            text = (SEEDS / source["doc_id"]).read_text(encoding="utf-8")
            assert text[source["start"]:source["end"]].strip() == source["sentence"]
    assert list(events.date_start) == sorted(events.date_start)


def test_no_comment_date_becomes_an_event(seeds_build):
    out, _ = seeds_build
    events = pd.read_parquet(out / "events.parquet")
    assert "2023-09-16" not in set(events.date_start)


def test_seed_score_meets_the_bar(seeds_build):
    out, _ = seeds_build
    if not SCORER.exists():
        import pytest

        pytest.skip("shared/eval is not beside this checkout")
    run = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--docs", str(SEEDS), "--build", str(out),
                          "--require", "places=0.95,dates=0.95,events=7"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    score = run.stdout.strip().splitlines()[-1]
    assert "dup=0" in score and "false_places=0" in score and "false_dates=0" in score


def test_exports(seeds_build, tmp_path):
    from pipeline.store import export

    out, _ = seeds_build
    geo = json.loads(export(out, "geojson"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    timeline = json.loads(export(out, "timelinejs"))
    assert timeline["events"] and all("start_date" in e for e in timeline["events"])
    csv = export(out, "csv", tmp_path / "events.csv")
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == csv


def test_rebuild_replaces_atomically(seeds_build, tmp_path):
    from pipeline.build import build

    out = tmp_path / "b"
    build([SEEDS / "004_86786374b0429f1a.txt"], out)
    first = out.resolve()
    build([SEEDS / "004_86786374b0429f1a.txt"], out)
    assert out.is_symlink() and out.resolve() != first and not first.exists()
    assert len(pd.read_parquet(out / "documents.parquet")) == 1
