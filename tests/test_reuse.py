"""Incremental rebuilds: unchanged documents are not processed again; a change of pipeline, gazetteer or
geocoder processes them anew; a damaged or interrupted cache never costs a build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import pipeline.build as build_module
from pipeline.build import build, reuse_path, run, setting
from pipeline.gazetteer import Gazetteer
from pipeline.reuse import code_fingerprint
from pipeline.store import events_frame, mentions_frame, read_build

ARTICLES = {
    "sommet.md": "---\npublished: 2024-03-14\nlanguage: fr\n---\nSommet à Berlin\n\n"
                 "Le chancelier a reçu mercredi à Berlin le président polonais pour un sommet consacré à l'énergie.\n",
    "visite.md": "---\npublished: 2024-05-02\nlanguage: fr\n---\nVisite à Lyon\n\n"
                 "Le ministre s'est rendu le 30 avril à Lyon pour inaugurer une usine de batteries.\n",
    "seisme.md": "---\npublished: 2023-02-07\nlanguage: fr\n---\nSéisme en Turquie\n\n"
                 "Un séisme a frappé lundi la ville de Gaziantep, dans le sud de la Turquie.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def processed(monkeypatch) -> list[str]:
    """The doc_ids that went through processing (rather than reuse), as the workers finish them."""
    seen: list[str] = []
    real = build_module.make_pool

    class Recording:
        def __init__(self, pool):
            self.pool = pool

        def map(self, docs):
            docs = list(docs)
            for index, outcome in self.pool.map(docs):
                seen.append(docs[index].doc_id)
                yield index, outcome

    monkeypatch.setattr(build_module, "make_pool", lambda jobs: Recording(real(jobs)))
    return seen


def test_an_unchanged_rebuild_processes_nothing_and_writes_the_same_tables(corpus, tmp_path, processed):
    out = tmp_path / "build"
    first = build([corpus], out)
    before = read_build(out)
    assert sorted(processed) == sorted(ARTICLES) and first.reused == 0
    processed.clear()
    second = build([corpus], out)
    assert processed == [] and second.reused == 3
    assert "reused unchanged 3" in second.summary()
    after = read_build(out)
    for name in ("mentions", "events"):
        assert after[name].equals(before[name]), name
    assert len(after["events"]) >= 3


def test_only_the_changed_document_is_processed_again(corpus, tmp_path, processed):
    out = tmp_path / "build"
    build([corpus], out)
    processed.clear()
    changed = corpus / "visite.md"
    changed.write_text(ARTICLES["visite.md"].replace("à Lyon pour", "à Marseille pour"), encoding="utf-8")
    result = build([corpus], out)
    assert processed == ["visite.md"] and result.reused == 2
    visit = [(e.place_name, e.date_start.isoformat()) for e in result.events if e.doc_ids == ["visite.md"]]
    assert visit == [("Marseille", "2024-04-30")]
    # a changed publication date changes what "lundi" means: processed again too
    processed.clear()
    quake = corpus / "seisme.md"
    quake.write_text(ARTICLES["seisme.md"].replace("2023-02-07", "2023-03-07"), encoding="utf-8")
    build([corpus], out)
    assert processed == ["seisme.md"]


def test_a_new_pipeline_version_processes_everything_and_drops_the_old_entries(corpus, tmp_path, processed, monkeypatch):
    out = tmp_path / "build"
    build([corpus], out)
    processed.clear()
    monkeypatch.setattr(build_module, "pipeline_fingerprint", lambda: "another-version")
    result = build([corpus], out)
    assert sorted(processed) == sorted(ARTICLES) and result.reused == 0
    with sqlite3.connect(reuse_path(out)) as con:
        assert con.execute("SELECT COUNT(*) FROM processed").fetchone()[0] == 3


def test_the_setting_follows_code_gazetteer_and_geocoder(tmp_path):
    code = tmp_path / "stage.py"
    code.write_text("RULE = 1\n")
    before = code_fingerprint([code])
    code.write_text("RULE = 2\n")
    assert code_fingerprint([code]) != before
    one, other = Gazetteer(tmp_path / "gazetteer-aaaa.sqlite"), Gazetteer(tmp_path / "gazetteer-bbbb.sqlite")
    assert setting(one, None) != setting(other, None)

    class Online:
        source = "nominatim:localhost"

    assert setting(one, Online()) != setting(one, None)


def test_a_moved_file_is_recognised_and_takes_its_new_name(corpus, tmp_path, processed):
    out = tmp_path / "build"
    build([corpus], out)
    processed.clear()
    (corpus / "2024").mkdir()
    (corpus / "sommet.md").rename(corpus / "2024" / "berlin.md")
    result = build([corpus], out)
    assert processed == [] and result.reused == 3
    assert {m.doc_id for m in result.mentions} == {"2024/berlin.md", "visite.md", "seisme.md"}
    berlin = [e for e in result.events if e.place_name == "Berlin"]
    assert berlin and berlin[0].doc_ids == ["2024/berlin.md"]


def test_a_damaged_cache_is_set_aside_and_the_build_goes_on(corpus, tmp_path, processed):
    out = tmp_path / "build"
    build([corpus], out)
    reuse_path(out).write_bytes(b"this is not a database" * 100)
    processed.clear()
    result = build([corpus], out)
    assert sorted(processed) == sorted(ARTICLES) and not result.skipped
    assert any("damaged" in p for p in result.problems)
    assert reuse_path(out).with_name(reuse_path(out).name + ".damaged").exists()
    processed.clear()
    assert build([corpus], out).reused == 3 and processed == []


def test_an_interrupted_build_resumes_where_it_stopped(corpus, tmp_path, processed):
    cache = tmp_path / "reuse.sqlite"

    def interrupt(done: int, total: int, doc_id: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([corpus], progress=interrupt, reuse=cache)
    first_two = list(processed)
    processed.clear()
    result = run([corpus], reuse=cache)
    assert result.reused == 2 and len(processed) == 1 and processed[0] not in first_two


def test_a_refresh_processes_every_document_and_renews_the_cache(corpus, tmp_path, processed):
    out = tmp_path / "build"
    build([corpus], out)
    processed.clear()
    result = build([corpus], out, refresh=True)
    assert sorted(processed) == sorted(ARTICLES) and result.reused == 0
    assert events_frame(result.events).equals(events_frame(run([corpus]).events))
    assert len(mentions_frame(result.mentions)) == len(read_build(out)["mentions"])
    processed.clear()
    assert build([corpus], out).reused == 3 and processed == []
