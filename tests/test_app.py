"""The dashboard page lists the built events (Streamlit's own test harness, no browser)."""

from conftest import ROOT


def test_app_lists_events_of_a_build(seeds_build, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out, result = seeds_build
    monkeypatch.setenv("CHRONOMAP_BUILD", str(out))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert app.subheader[0].value == f"{len(result.events)} events"
    assert len(app.dataframe[0].value) == len(result.events)
