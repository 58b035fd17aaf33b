"""Geocoders behind geopy's interface: the offline gazetteer by default, online services (Nominatim) by choice.

The offline gazetteer is a geopy ``Geocoder`` like any other, so code written against geopy works with it. An
online geocoder is wrapped once: geopy's RateLimiter keeps to the provider's rate policy, failures are retried
with exponential backoff (honouring Retry-After), and every answer, including "not found", is kept in a SQLite
cache that survives a crash. The pipeline asks the online service only to refine what the gazetteer placed
approximately (an unknown station or university put at its town) and keeps the offline answer when the service
is down, so no event is lost to an outage.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from geopy.adapters import RequestsAdapter
from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import Gazetteer, Place, cache_dir, km, name_key, shared
from .model import Mention

log = logging.getLogger(__name__)

USER_AGENT = "chronomap/0.1 (offline-first news mapping; https://github.com/chronomap)"
NOMINATIM_SOURCE = "Nominatim (OpenStreetMap)"
KIND_ORDER = {"country": 0, "macro": 1, "region": 2, "site": 3, "city": 4}


class OfflineGazetteer(Geocoder):
    """The compiled GeoNames gazetteer as a geopy geocoder: no network, ever."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        super().__init__(user_agent=USER_AGENT)
        self.gazetteer = gazetteer or shared()

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: str | list[str] | None = None,
                limit: int | None = None, **_: object) -> Location | list[Location] | None:
        """Places named ``query``, best first: own name before alternate names, then bigger, then kind."""
        wanted = {country_codes.upper()} if isinstance(country_codes, str) else {c.upper() for c in country_codes or []}
        places = [p for p in self.gazetteer.lookup(query) if not wanted or p.country_code in wanted]
        if not places:
            return None
        key = name_key(query)
        places.sort(key=lambda p: (name_key(p.name) != key, -p.population, KIND_ORDER.get(p.kind, 9), p.name))
        locations = [_location(p) for p in places[: limit or len(places)]]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, **_):  # noqa: ANN001 - geopy's signature
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


def _location(place: Place) -> Location:
    address = ", ".join(part for part in (place.name, place.admin1, place.country_code) if part)
    raw = {"pid": place.pid, "name": place.name, "kind": place.kind, "subkind": place.subkind,
           "country_code": place.country_code, "population": place.population, "source": place.source}
    return Location(address, (place.lat, place.lon), raw)


@dataclass
class GeocodeCache:
    """Answers of an online geocoder by query, on disk; a committed row survives a crash of the build."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, answer TEXT, saved REAL)")

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        return con

    def get(self, query: str) -> tuple[bool, dict | None]:
        with self._lock, self._connect() as con:
            row = con.execute("SELECT answer FROM answers WHERE query = ?", (query,)).fetchone()
        return (False, None) if row is None else (True, json.loads(row[0]))

    def put(self, query: str, answer: dict | None) -> None:
        with self._lock, self._connect() as con:
            con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (query, json.dumps(answer), time.time()))


class ServiceDown(Exception):
    """The online geocoder failed after its retries; the caller keeps the offline answer."""


class OnlineGeocoder:
    """An online geopy geocoder made polite and durable: rate limit, backoff, persistent cache."""

    def __init__(self, geocoder: Geocoder, source: str, cache: GeocodeCache, *, min_delay: float = 1.0,
                 retries: int = 3, backoff: float = 2.0, max_wait: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.source = source
        self.cache = cache
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        # Nominatim's usage policy: at most one request per second, identified by a real user agent.
        self._limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay, max_retries=0, swallow_exceptions=False)
        self.failures = 0

    def lookup(self, query: str, country_code: str = "") -> dict | None:
        """{"lat", "lon", "address"} or None when the service knows no such place; ServiceDown when it failed."""
        key = json.dumps([query, country_code.lower()])
        known, answer = self.cache.get(key)
        if known:
            return answer
        wait = self.backoff
        for attempt in range(self.retries + 1):
            try:
                location = self._limited(query, exactly_one=True, country_codes=country_code.lower() or None)
                break
            except GeocoderRateLimited as error:
                wait = max(wait, float(error.retry_after or 0))
                failure = error
            except (GeocoderServiceError, GeopyError, OSError) as error:
                failure = error
            if attempt == self.retries:
                self.failures += 1
                raise ServiceDown(f"{self.source}: {type(failure).__name__}: {failure}") from failure
            log.warning("%s failed (%s); retrying in %.1f s", self.source, failure, wait)
            self.sleep(min(wait, self.max_wait))
            wait *= 2
        answer = None if location is None else {"lat": location.latitude, "lon": location.longitude, "address": location.address}
        self.cache.put(key, answer)
        return answer


def nominatim(domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 10.0,
              user_agent: str = USER_AGENT, cache_path: Path | None = None, **options: object) -> OnlineGeocoder:
    from geopy.geocoders import Nominatim

    # Retries are ours (backoff within the provider's policy): the HTTP adapter must not retry on its own.
    service = Nominatim(domain=domain, scheme=scheme, timeout=timeout, user_agent=user_agent,
                        adapter_factory=partial(RequestsAdapter, max_retries=0))
    cache = GeocodeCache(cache_path or cache_dir() / f"geocode-nominatim-{name_key(domain).replace(' ', '-')}.sqlite")
    return OnlineGeocoder(service, NOMINATIM_SOURCE, cache, **options)


def make_geocoder(name: str, **options: object) -> OnlineGeocoder | None:
    """None for the offline default; an online geocoder for "nominatim"."""
    if name in {"", "offline", "gazetteer"}:
        return None
    if name == "nominatim":
        return nominatim(**options)
    raise ValueError(f"unknown geocoder {name!r} (choose offline or nominatim)")


REFINE_WITHIN_KM = 150.0


@dataclass
class RefineReport:
    asked: int = 0
    refined: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


def refine(mentions: list[Mention], online: OnlineGeocoder, report: RefineReport) -> None:
    """Ask the online geocoder where the approximately placed sites are; keep the offline place on any failure.

    An answer is taken only near the offline fallback (the town or region the text names), so a homonym on
    another continent never replaces it.
    """
    for mention in mentions:
        if mention.kind != "place" or not mention.approximate or mention.lat is None:
            continue
        report.asked += 1
        try:
            answer = online.lookup(mention.text, mention.country_code)
        except ServiceDown as error:
            report.failed += 1
            if len(report.messages) < 5:
                report.messages.append(str(error))
            continue
        if answer and km(answer["lat"], answer["lon"], mention.lat, mention.lon) <= REFINE_WITHIN_KM:
            mention.lat, mention.lon = answer["lat"], answer["lon"]
            mention.approximate = False
            mention.place_source = online.source
            report.refined += 1
