"""Geocoders: the offline gazetteer behind geopy's interface, and an online geocoder against a local stub server.

No test touches the real network: the stub plays Nominatim and can answer, time out, or fail with 429 or 500.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from geopy.geocoders.base import Geocoder

from pipeline.build import run
from pipeline.gazetteer import km
from pipeline.geocoders import NOMINATIM_SOURCE, GeocodeCache, OfflineGazetteer, ServiceDown, nominatim

STATION = (50.5507, 137.0105)  # where the stub says Komsomolsk's railway station is
ARTICLE = "Le 13 septembre 2023, Kim est arrivé à la gare ferroviaire de Komsomolsk-sur-l'Amour, dans l'Extrême-Orient russe."


class Stub:
    """A Nominatim stand-in: `script` is the list of behaviours for successive requests (last one repeats)."""

    def __init__(self) -> None:
        self.script: list[str] = ["ok"]
        self.answer = STATION
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                stub.requests.append({k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()})
                behaviour = stub.script[min(len(stub.requests) - 1, len(stub.script) - 1)]
                if behaviour == "slow":
                    time.sleep(1.5)
                if behaviour == "429":
                    self.send_response(429)
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                if behaviour == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                body = [] if behaviour == "none" else [
                    {"lat": str(stub.answer[0]), "lon": str(stub.answer[1]), "display_name": "Gare, Komsomolsk-na-Amure"}
                ]
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except BrokenPipeError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    server = Stub()
    yield server
    server.close()


def online_for(stub: Stub, tmp_path, **options):
    sleeps: list[float] = []
    geocoder = nominatim(domain=stub.domain, scheme="http", timeout=0.5, cache_path=tmp_path / "cache.sqlite",
                         min_delay=0.0, sleep=sleeps.append, **options)
    return geocoder, sleeps


def article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def station_mention(result):
    return next(m for m in result.mentions if m.kind == "place" and m.text.startswith("gare"))


def test_offline_gazetteer_is_a_geopy_geocoder():
    geocoder = OfflineGazetteer()
    assert isinstance(geocoder, Geocoder)
    pyongyang = geocoder.geocode("Pyongyang")
    assert km(pyongyang.latitude, pyongyang.longitude, 39.03, 125.75) < 20
    assert pyongyang.raw["country_code"] == "KP"
    several = geocoder.geocode("Vladimir", exactly_one=False)
    assert len(several) > 1 and several[0].raw["country_code"] == "RU"  # the big town of that name first
    assert geocoder.geocode("Vladimir", country_codes="RO").raw["country_code"] == "RO"
    assert geocoder.geocode("Xqzzyplace") is None


def test_online_geocoder_refines_an_approximate_site_and_caches_it(stub, tmp_path):
    online, _ = online_for(stub, tmp_path)
    result = run([article(tmp_path)], online=online)
    station = station_mention(result)
    assert (station.lat, station.lon) == STATION
    assert not station.approximate and station.place_source == NOMINATIM_SOURCE
    assert stub.requests[0]["q"].startswith("gare ferroviaire de Komsomolsk") and stub.requests[0]["countrycodes"] == "ru"
    again, _ = online_for(stub, tmp_path)
    run([article(tmp_path)], online=again)
    assert len(stub.requests) == 1  # answered from the cache


def test_rate_limited_answers_are_retried_with_backoff(stub, tmp_path):
    stub.script = ["429", "429", "ok"]
    online, sleeps = online_for(stub, tmp_path)
    assert online.lookup("gare de Komsomolsk", "ru")["lat"] == STATION[0]
    assert len(stub.requests) == 3 and sleeps == [2.0, 4.0]


@pytest.mark.parametrize("behaviour", ["500", "slow"])
def test_a_failing_service_keeps_the_offline_place_and_the_event(stub, tmp_path, behaviour):
    stub.script = [behaviour]
    offline = station_mention(run([article(tmp_path)]))
    online, sleeps = online_for(stub, tmp_path, retries=2)
    result = run([article(tmp_path)], online=online)
    station = station_mention(result)
    assert (station.lat, station.lon) == (offline.lat, offline.lon) and station.approximate
    assert station.place_source != NOMINATIM_SOURCE
    assert any(e.date_start.isoformat() == "2023-09-13" for e in result.events)
    assert result.geocoding.failed == 1 and "kept offline after failures" in result.summary()
    assert len(sleeps) == 2
    with pytest.raises(ServiceDown):
        online.lookup("gare de Komsomolsk", "ru")
    assert not GeocodeCache(tmp_path / "cache.sqlite").get(json.dumps(["gare de Komsomolsk", "ru"]))[0]  # failures are not cached


def test_no_network_at_all_keeps_the_offline_place(tmp_path):
    online = nominatim(domain="127.0.0.1:9", scheme="http", timeout=0.5, cache_path=tmp_path / "c.sqlite",
                       min_delay=0.0, sleep=lambda _: None, retries=1)
    station = station_mention(run([article(tmp_path)], online=online))
    assert station.approximate and station.lat is not None


def test_a_far_homonym_is_not_taken(stub, tmp_path):
    stub.answer = (48.85, 2.35)  # a "station" in Paris is not the one in Komsomolsk
    online, _ = online_for(stub, tmp_path)
    station = station_mention(run([article(tmp_path)], online=online))
    assert station.approximate and km(station.lat, station.lon, 48.85, 2.35) > 1000


def test_not_found_is_cached_too(stub, tmp_path):
    stub.script = ["none"]
    online, _ = online_for(stub, tmp_path)
    assert online.lookup("gare de Nulle-Part", "ru") is None
    assert online.lookup("gare de Nulle-Part", "ru") is None
    assert len(stub.requests) == 1


def test_the_answer_cache_survives_a_kill(tmp_path):
    """Answers written before a SIGKILL are there after it: each is committed as it comes."""
    path = tmp_path / "answers.sqlite"
    script = (
        "import os, signal\nfrom pathlib import Path\nfrom pipeline.geocoders import GeocodeCache\n"
        f"cache = GeocodeCache(Path({str(path)!r}))\n"
        "for i in range(50):\n    cache.put(f'q{i}', {'lat': i, 'lon': 0.0})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True)
    assert killed.returncode == -9
    cache = GeocodeCache(path)
    assert all(cache.get(f"q{i}") == (True, {"lat": i, "lon": 0.0}) for i in range(50))
