"""The records that flow through the pipeline: one Document per article, Mentions inside it, Events across them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Where a span of text sits in the page: only body text feeds events; the rest still yields mentions
# (a caption's place is still a place) but never an event, and a reader comment's date is never an event's date.
ZONE_BODY = "body"
ZONE_TITLE = "title"
ZONE_CAPTION = "caption"
ZONE_NAVIGATION = "navigation"
ZONE_RELATED = "related"
ZONE_COMMENT = "comment"
ZONE_FOOTER = "footer"

PRECISIONS = ("day", "week", "month", "season", "year", "decade", "century")


@dataclass
class Zone:
    start: int
    end: int
    kind: str


@dataclass
class Document:
    doc_id: str
    path: str
    text: str
    title: str = ""
    published: date | None = None
    published_from: str = "none"  # manifest, front matter, html metadata, jsonl, inferred, none
    source: str = ""
    url: str = ""
    language: str = ""
    language_from: str = ""  # given, detected, default
    encoding: str = "utf-8"
    content_hash: str = ""
    zones: list[Zone] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def zone_at(self, offset: int) -> str:
        for zone in self.zones:
            if zone.start <= offset < zone.end:
                return zone.kind
        return ZONE_BODY


@dataclass
class Mention:
    doc_id: str
    kind: str  # "place" or "date"
    text: str
    start: int
    end: int
    sentence_start: int = 0
    sentence_end: int = 0
    zone: str = ZONE_BODY
    confidence: float = 0.0
    # places
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    country_code: str = ""
    place_kind: str = ""  # site, city, region, country, macro
    place_id: str = ""  # gazetteer key, e.g. "geonames:2013348" or "site:vostochny-cosmodrome"
    place_source: str = ""  # which gazetteer or geocoder answered
    admin1: str = ""  # the first-level division the place lies in (or is), when the gazetteer knows it
    approximate: bool = False  # a site resolved to its town
    # dates
    date_start: date | None = None
    date_end: date | None = None
    precision: str = ""
    resolved_against: str = ""  # publication, previous mention, absolute, unresolved

    def to_record(self) -> dict:
        """Plain values only (dates as ISO strings): one row of the mentions table, or one cached mention."""
        record = dict(self.__dict__)  # every field is a plain value: no need for asdict's deep copy
        for key in ("date_start", "date_end"):
            record[key] = record[key].isoformat() if record[key] else None
        return record

    @classmethod
    def from_record(cls, record: dict) -> Mention:
        values = {k: v for k, v in record.items() if k in cls.__dataclass_fields__}
        for key in ("date_start", "date_end"):
            values[key] = date.fromisoformat(values[key]) if values.get(key) else None
        return cls(**values)


@dataclass
class EventSource:
    doc_id: str
    sentence: str
    start: int
    end: int


@dataclass
class Event:
    event_id: str
    title: str
    date_start: date
    date_end: date
    precision: str
    place_name: str
    lat: float | None
    lon: float | None
    country_code: str
    place_kind: str
    doc_ids: list[str]
    sources: list[EventSource]
    actors: list[str]
    confidence: float
    date_text: str = ""
    place_text: str = ""
    status: str = "happened"  # happened, planned, cancelled or postponed (pipeline/status.py)
    headline: str = ""  # who did what, cut from the main report's sentence (pipeline/headlines.py)
    thread_id: str = ""  # the storyline it belongs to (pipeline/threads.py)
    thread_title: str = ""
    anchors: list[str] = field(default_factory=list)  # its reports' date and place offsets: what corrections name
