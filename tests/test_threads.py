"""Threads (storylines) and headlines: written by the pipeline, read by the dashboard. Examples written for the
class, not taken from the corpus."""

from __future__ import annotations

from datetime import date

import pandas as pd
from test_events import events_of

from pipeline.model import Event
from pipeline.threads import assign_threads, span_label


def event(event_id: str, day: str, place: str, docs: list[str], actors: list[str] = (), precision: str = "day",
          end: str | None = None, kind: str = "city") -> Event:
    start = date.fromisoformat(day)
    return Event(event_id=event_id, title="", date_start=start, date_end=date.fromisoformat(end) if end else start,
                 precision=precision, place_name=place, lat=0.0, lon=0.0, country_code="XX", place_kind=kind,
                 doc_ids=list(docs), sources=[], actors=list(actors), confidence=1.0)


def threads_of(events: list[Event]) -> list[set[str]]:
    assign_threads(events)
    groups: dict[str, set[str]] = {}
    for e in events:
        groups.setdefault(e.thread_id, set()).add(e.event_id)
    return sorted(groups.values(), key=min)


def test_the_same_people_months_apart_are_two_stories():
    events = [event("a1", "2021-03-01", "Berne", ["a"], ["Ana Ruiz"]), event("a2", "2021-03-03", "Genève", ["a"], ["Ana Ruiz"]),
              event("b1", "2021-11-20", "Lima", ["b"], ["Ana Ruiz"]), event("b2", "2021-11-22", "Cusco", ["c"], ["Ana Ruiz"])]
    assert threads_of(events) == [{"a1", "a2"}, {"b1", "b2"}]


def test_unrelated_stories_on_the_same_days_stay_apart():
    events = [event("f1", "2024-05-02", "Nîmes", ["flood"]), event("f2", "2024-05-03", "Alès", ["flood"]),
              event("v1", "2024-05-02", "Nairobi", ["visit"], ["Jo Bell"]), event("v2", "2024-05-03", "Kigali", ["visit"], ["Jo Bell"])]
    assert threads_of(events) == [{"f1", "f2"}, {"v1", "v2"}]


def test_a_journey_reported_by_several_articles_is_one_story():
    events = [event("s1", "2022-07-01", "Dakar", ["x"], ["Léa Kane"]), event("s2", "2022-07-03", "Thiès", ["y"], ["Léa Kane"]),
              event("s3", "2022-07-05", "Kaolack", ["z", "y"])]
    assert threads_of(events) == [{"s1", "s2", "s3"}]


def test_a_coarse_event_joins_a_story_but_never_bridges_two():
    events = [event("j1", "2020-01-10", "Oslo", ["a"], ["Eva Lund"]), event("j2", "2020-09-10", "Bergen", ["b"], ["Eva Lund"]),
              event("y", "2020-01-01", "Oslo", ["a", "b"], ["Eva Lund"], precision="year", end="2020-12-31")]
    groups = threads_of(events)
    assert len(groups) == 2 and any(group >= {"y"} and len(group) == 2 for group in groups)


def test_a_background_event_years_earlier_is_its_own_story():
    events = [event("now", "2023-09-13", "Vostochny", ["a"], ["Kim"], kind="site"),
              event("then", "2019-01-01", "Vladivostok", ["a"], ["Kim"], precision="year", end="2019-12-31")]
    assert threads_of(events) == [{"now"}, {"then"}]
    assert events[1].thread_title.startswith("Vladivostok") and "2019" in events[1].thread_title


def test_span_labels_say_what_the_story_spans():
    assert span_label(date(2023, 9, 10), date(2023, 9, 15), "fr") == "10–15 sept. 2023"
    assert span_label(date(2019, 1, 1), date(2019, 12, 31)) == "2019"
    assert span_label(date(2023, 12, 30), date(2024, 1, 2)) == "Dec 2023 – Jan 2024"


def test_the_seeds_give_separate_stories_for_each_meeting(seeds_build):
    out, _ = seeds_build
    events = pd.read_parquet(out / "events.parquet")
    assert {"thread_id", "thread_title", "headline", "status"} <= set(events.columns)
    thread = dict(zip(events["place_name"] + "|" + events["date_start"].str[:4], events["thread_id"], strict=True))
    assert events["thread_id"].nunique() >= 3
    assert len({thread["Vladivostok|2019"], thread["Vostochny Cosmodrome|2023"], thread["Pyongyang|2023"]}) == 2
    assert thread["Vostochny Cosmodrome|2023"] == thread["Komsomolsk-on-Amur|2023"]
    assert events["headline"].str.len().between(5, 112).all()


def test_headlines_say_who_did_what_where_without_the_date(tmp_path):
    events = events_of(tmp_path, {"a.txt": "Mercredi, après une longue attente, les pompiers ont évacué les habitants à Morlaix."})
    assert [e.headline for e in events] == ["Les pompiers ont évacué les habitants à Morlaix"]


def test_a_participle_headline_keeps_the_person_it_describes(tmp_path):
    text = "La présidente Maria Lopes, arrivée lundi à Bissau à bord d'un avion militaire, a salué la foule."
    events = events_of(tmp_path, {"a.txt": text})
    assert events and events[0].headline.startswith("La présidente Maria Lopes") and "Bissau" in events[0].headline
    assert "lundi" not in events[0].headline


def test_english_headlines_drop_the_leading_date_and_trailing_clauses(tmp_path):
    events = events_of(tmp_path, {"a.txt": "On Tuesday, a strong earthquake struck Herat province in western Afghanistan, "
                                           "killing dozens of villagers."}, language="en")
    assert events and all(e.headline.startswith("A strong earthquake struck Herat") and "killing" not in e.headline
                          and "Tuesday" not in e.headline for e in events)
