"""Threads: the storylines of a build, so that a map of many unrelated stories draws each journey on its own.

Two events belong to one thread when they share something a reader would follow (the article that reports them,
a person, a specific place) and are close in time. Closeness is what keeps threads apart: the same two leaders met
in 2019, in 2023 and in 2024, and each meeting is its own story, even where one article recalls the others.

Cost is linear in the events: for each shared key (a document, a person, a place) its events are sorted by date
and each is linked to the one before it when the gap is small, so no event is compared with every other.
Events known only to the month or coarser (a background "en 2019") join the thread of the precise events they
share a key with and overlap in time, but never bridge two threads: a year overlaps every story of that year.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from .model import Event

GAP = timedelta(days=10)  # a pause longer than this between reports of a key starts a new story
FINE = {"day", "week"}
SPECIFIC_PLACES = {"site", "city", "region"}  # a country or a continent is shared by too many stories
MONTHS = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


class _Sets:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def keys_of(event: Event) -> Iterable[tuple[str, str]]:
    """What a reader would follow from one event to another."""
    for doc in event.doc_ids:
        yield ("doc", doc)
    for person in event.actors:
        yield ("person", person.casefold())
    if event.place_kind in SPECIFIC_PLACES:
        yield ("place", f"{event.country_code}|{event.place_name}")


def assign_threads(events: list[Event], language: str = "en") -> None:
    """Set each event's thread_id and thread_title."""
    if not events:
        return
    sets = _Sets(len(events))
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        if event.precision in FINE:
            for key in keys_of(event):
                by_key[key].append(index)
    for members in by_key.values():
        members.sort(key=lambda i: events[i].date_start)
        reach = events[members[0]].date_end
        for previous, current in zip(members, members[1:], strict=False):
            if events[current].date_start - reach <= GAP:
                sets.join(previous, current)
            reach = max(reach, events[current].date_end)
    _attach_coarse(events, sets, by_key)
    members_of: dict[int, list[int]] = defaultdict(list)
    for index in range(len(events)):
        members_of[sets.find(index)].append(index)
    for members in members_of.values():
        group = [events[i] for i in members]
        first = min(group, key=lambda e: (e.precision not in FINE, e.date_start, e.event_id))
        thread_id = "t" + hashlib.sha1(first.event_id.encode()).hexdigest()[:10]
        title = thread_title(group, language)
        for event in group:
            event.thread_id, event.thread_title = thread_id, title


def _attach_coarse(events: list[Event], sets: _Sets, by_key: dict[tuple[str, str], list[int]]) -> None:
    """A coarse event joins the precise thread it shares the most keys with among those its interval covers."""
    for index, event in enumerate(events):
        if event.precision in FINE:
            continue
        votes: Counter[int] = Counter()
        for key in keys_of(event):
            for other in by_key.get(key, ()):
                if events[other].date_start <= event.date_end and event.date_start <= events[other].date_end:
                    votes[sets.find(other)] += 1
        if votes:
            sets.join(votes.most_common(1)[0][0], index)


def thread_title(group: list[Event], language: str = "en") -> str:
    """The thread's main places and its span: "Vostochny Cosmodrome, Komsomolsk-on-Amur · 10–17 sept. 2023"."""
    weight: Counter[str] = Counter()
    for event in group:
        specific = event.place_kind in SPECIFIC_PLACES
        weight[event.place_name] += (2 if specific else 1) * len(event.doc_ids)
    names = [name for name, _ in weight.most_common(2)]
    more = len(weight) - len(names)
    places = ", ".join(names) + (f" +{more}" if more > 0 else "")
    fine = [e for e in group if e.precision in FINE] or group
    return f"{places} · {span_label(min(e.date_start for e in fine), max(e.date_end for e in fine), language)}"


def span_label(first: date, last: date, language: str = "en") -> str:
    months = MONTHS.get(language, MONTHS["en"])
    if first.year != last.year:
        return f"{months[first.month - 1]} {first.year} – {months[last.month - 1]} {last.year}"
    if (first.month, first.day) == (1, 1) and (last.month, last.day) == (12, 31):
        return str(first.year)
    if first.month != last.month:
        return f"{first.day} {months[first.month - 1]} – {last.day} {months[last.month - 1]} {first.year}"
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        return f"{months[first.month - 1]} {first.year}"
    if first.day == last.day:
        return f"{first.day} {months[first.month - 1]} {first.year}"
    return f"{first.day}–{last.day} {months[first.month - 1]} {first.year}"
