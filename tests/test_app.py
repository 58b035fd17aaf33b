"""The dashboard script under Streamlit's own test harness (no browser): it runs, counts, and reads URL state."""

from conftest import ROOT


def test_app_shows_the_events_of_a_build(seeds_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, result = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    # The timeline opens on the densest period: the seeds' lone 2002 and 2019 events wait in the overview.
    shown = next(int(m.value.split(" of ")[0].strip("*")) for m in app.markdown if f" of {len(result.events)} events" in m.value)
    assert len(result.events) - 2 <= shown < len(result.events)


def test_a_url_selection_opens_its_details(seeds_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, result = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    chosen = next(e for e in result.events if e.place_name == "Pyongyang")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["event"] = chosen.event_id
    app.run()
    assert not app.exception
    assert any("selected: Pyongyang" in m.value for m in app.markdown)


def test_the_article_view_marks_mentions_and_escapes_text(seeds_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, result = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    doc = result.documents[0]
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["doc"] = doc.doc_id
    app.run()
    assert not app.exception
    html = "".join(str(element.proto) for element in app.get("html"))
    assert html.count("<mark") >= 5 and "Pyongyang" in html


def test_a_mangled_link_still_opens(seeds_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, result = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {"minsources": "99", "from": "2023-13-45", "to": "x", "event": "<script>", "place": "Atlantis",
                       "story": "no such story", "lane": "<b>"}.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception


def test_a_corpus_with_events_centuries_back_still_opens(tmp_path, monkeypatch):
    """Streamlit's date sliders carry about 285 years either side of 1970: a background date of 1404 keeps their end
    stop, which stands for everything before, and the page opens."""
    from streamlit.testing.v1 import AppTest

    from pipeline.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Anniversaire\n\nLe 16 septembre 1404, le roi a signé un traité à Harlech. Le 13 septembre 2023, le maire a "
        "inauguré une exposition à Cardiff. Le 12 septembre 2023, une conférence a eu lieu à Swansea.", encoding="utf-8")
    (folder / "manifest.csv").write_text("file,published,source,url,language,title\na.txt,2023-09-14,Test,,fr,\n",
                                         encoding="utf-8")
    result = build([folder], tmp_path / "out")
    assert min(e.date_start for e in result.events).year == 1404
    monkeypatch.setenv("CHRONOMAP_BUILD", str(tmp_path / "out"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert any(f" of {len(result.events)} events" in m.value for m in app.markdown)
    # the calendar's ends (a correction, a hostile file): year 1 and 9999 still open, every event counted
    import pandas as pd

    events = pd.read_parquet(tmp_path / "out" / "events.parquet")
    events.loc[0, ["date_start", "date_end"]] = ["0001-01-01", "0001-12-31"]
    events.loc[1, ["date_start", "date_end"]] = ["9999-12-31", "9999-12-31"]
    events.to_parquet(tmp_path / "out" / "events.parquet")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert any(f"{len(result.events)} of {len(result.events)} events" in m.value for m in app.markdown)


def test_showing_a_build_imports_none_of_the_pipeline(seeds_build):
    """The viewer reads Parquet; spaCy, dateparser, lingua, trafilatura and the gazetteer wait for an upload."""
    import os
    import subprocess
    import sys

    out, _ = seeds_build
    probe = ("import logging, sys; logging.disable(logging.CRITICAL); import app; "
             "heavy = ['spacy', 'dateparser', 'lingua', 'trafilatura', 'pipeline.gazetteer', 'pipeline.build', "
             "'pipeline.workers', 'wordfreq']; print(','.join(m for m in heavy if m in sys.modules) or 'none')")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CHRONOMAP_BUILD": str(out)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "none"


def test_the_shared_build_is_named_after_what_it_read(tmp_path, monkeypatch):
    import json

    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from pipeline.build import build

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text("Le 12 septembre 2023, un orage a frappé Lyon.", encoding="utf-8")
    build([folder], tmp_path / "out")
    assert json.loads((tmp_path / "out" / "build.json").read_text())["inputs"]
    monkeypatch.setenv("CHRONOMAP_BUILD", str(tmp_path / "out"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert app.sidebar.radio[0].options == ["Articles in archive"]
    assert len(pd.read_parquet(tmp_path / "out" / "events.parquet")) >= 1


def test_a_rerun_that_changes_nothing_draws_neither_chart_again(seeds_build, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import map as event_map
    from dashboard import timeline

    out, _ = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    st.cache_data.clear()
    st.cache_resource.clear()  # the views drawn for every session (app.view_drawings)
    calls = {"map": 0, "timeline": 0}
    map_base, timeline_chart = event_map.map_base, timeline.timeline_chart

    def counted_map(*args, **kwargs):
        calls["map"] += 1
        return map_base(*args, **kwargs)

    def counted_timeline(*args, **kwargs):
        calls["timeline"] += 1
        return timeline_chart(*args, **kwargs)

    monkeypatch.setattr(event_map, "map_base", counted_map)
    monkeypatch.setattr(timeline, "timeline_chart", counted_timeline)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.run()  # a rerun with the same data, filters and selection
    assert not app.exception
    assert calls == {"map": 1, "timeline": 1}
    app.sidebar.radio[-1].set_value("source").run()  # the timeline's lanes change; the map does not
    assert calls == {"map": 1, "timeline": 2}


def test_an_upload_is_built_outside_the_server_process(seeds_build):
    """A pasted article is built, and its events shown, while the process that runs the app (here AppTest's, as
    Streamlit's server would) never imports spaCy, dateparser or the pipeline's stages: the build ran elsewhere."""
    import json
    import os
    import subprocess
    import sys

    out, _ = seeds_build
    probe = (
        "import json, logging, sys; logging.disable(logging.CRITICAL)\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=300).run()\n"
        "app.text_area(key='pasted').input('Le 12 septembre 2023, un violent orage a frappé Lyon. "
        "Le lendemain, les pompiers sont intervenus à Grenoble.')\n"
        "app.button(key='build_uploads').click().run()\n"
        "heavy = ['spacy', 'pipeline.nlp', 'pipeline.build', 'pipeline.places', 'dateparser', 'lingua', 'pipeline.gazetteer']\n"
        "print(json.dumps({'texts': [t.value for t in app.text], 'errors': [e.value for e in app.error],\n"
        "                  'exceptions': [e.message for e in app.exception], 'corpus': app.sidebar.radio[0].options,\n"
        "                  'imported': [m for m in heavy if m in sys.modules]}))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHRONOMAP_BUILD": str(out)})
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["exceptions"] == [] and seen["errors"] == []
    assert any(text.startswith("1 read, ") and not text.startswith("1 read, 0 events") for text in seen["texts"]), seen
    assert "Your articles" in seen["corpus"]
    assert seen["imported"] == []
