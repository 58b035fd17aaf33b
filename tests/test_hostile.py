"""Hostile and broken inputs: each gets a clear per-file message, and the rest of the build goes on."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.build import build, shown

GOOD = "Le 13 septembre 2023, Kim Jong Un et Vladimir Poutine se sont rencontrés au cosmodrome de Vostotchny.\n"
PROSE = "Le ministre s'est rendu le 3 mars 2024 à Lyon pour une visite officielle de deux jours.\n".encode()
FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "good.txt": GOOD.encode(),
        "empty.txt": b"",
        "blank.txt": b"   \n\t \r\n",
        "binary.txt": bytes(range(256)) * 8,
        "invalid-utf8.txt": "Le 13 septembre 2023 à Vladivostok, ".encode() + b"\xff\xfe\xfa caf\xe9 " + "Kim est arrivé.".encode(),
        "mixed.txt": "Le 13 septembre 2023 à Vladivostok.".encode() + " Poutine a dit: été.".encode("cp1252"),
        "bom.txt": b"\xef\xbb\xbf" + GOOD.encode(),
        "crlf.txt": GOOD.replace("\n", "\r\n").encode() * 3,
        "cr.txt": GOOD.replace("\n", "\r").encode() * 3,
        "scripts.html": (b"<html><head><title>T<script>alert(1)</script></title></head><body><iframe src='http://x'></iframe>"
                         b"<article><p onclick='alert(2)'>" + GOOD.encode() + b"</p><script>alert(3)</script></article></body></html>"),
        "bad-front-matter.md": b"---\ntitle: [unclosed\n: : :\n---\n" + GOOD.encode(),
        "broken.jsonl": b'{"id": "a", "text": "' + GOOD.strip().encode() + b'"}\n{not json\n\n{"id": "b"}\n[1,2]\n',
        "long-line.txt": b"Le 13 septembre 2023 " + b"a" * 1_000_000 + b" Vladivostok.\n",
        "klingon.txt": b"tlhIngan Hol Dajatlh'a'? Qapla'! nuqneH, jIyajbe'. " * 20,
        "caf\u00e9\u202e.txt": GOOD.encode(),  # right-to-left override in the name
        "weird\u0007name.txt": GOOD.encode(),
        "impossible.txt": "Le 31 février, en l'an 40000, rien ne s'est passé à Paris.".encode(),
        "fifty-mb.txt": (PROSE * (FIFTY_MB // len(PROSE) + 1))[:FIFTY_MB],
        "long-record.jsonl": (b'{"id": "long", "text": "' + PROSE.strip() * 30_000 + b'"}\n'
                              b'{"id": "short", "text": "' + GOOD.strip().encode() + b'"}\n'),
        "back\\slash.txt": GOOD.encode(),
        "dots..in..name.txt": GOOD.encode(),
        ".hidden.txt": GOOD.encode(),
        "\x1b[31mred.txt": GOOD.encode(),  # a terminal escape sequence in the name
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "manifest.csv").write_text(
        "file,published,source\ngood.txt,not-a-date,Wire\ngood.txt,2023-09-13,Wire\nghost.txt,2023-09-13,Wire\n"
        "../outside.txt,2023-09-13,Wire\nsub/good.txt,2023-09-13,Wire\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "build"
    return build([folder], out), out


def reasons(result) -> dict[str, str]:
    return dict(result.skipped)


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty"),
    ("blank.txt", "empty"),
    ("binary.txt", "binary"),
    ("fifty-mb.txt", "too long for one article: 51,839,712 characters"),
])
def test_unreadable_files_are_skipped_with_a_reason(hostile, name, message):
    result, _ = hostile
    assert message in reasons(result)[name].lower()


def test_the_rest_of_the_build_goes_on(hostile):
    result, out = hostile
    read = {d.doc_id for d in result.documents}
    for name in ["good.txt", "invalid-utf8.txt", "mixed.txt", "bom.txt", "crlf.txt", "cr.txt", "scripts.html",
                 "bad-front-matter.md", "long-line.txt", "klingon.txt", "impossible.txt", "back\\slash.txt",
                 "dots..in..name.txt", "\x1b[31mred.txt", "long-record.jsonl#short"]:
        assert name in read, (name, reasons(result).get(name))
    assert any(d.startswith("broken.jsonl") for d in read)
    docs = pd.read_parquet(out / "documents.parquet")
    assert set(docs[docs.status == "skipped"].doc_id) >= {"empty.txt", "blank.txt", "binary.txt"}


def test_manifest_problems_and_broken_lines_are_reported(hostile):
    result, _ = hostile
    problems = " ".join(result.problems)
    assert "not-a-date" in problems and "ghost.txt" in problems and "good.txt" in problems
    assert "broken.jsonl" in problems or any(name.startswith("broken.jsonl") for name in reasons(result))
    assert "'../outside.txt' is not a file name in this folder" in problems
    assert "'sub/good.txt' is not a file name in this folder" in problems
    assert "long-record.jsonl line 1: too long for one article" in problems
    assert ".hidden.txt: hidden (its name starts with a dot), not read" in problems


def test_the_summary_names_every_skipped_file_and_prints_no_control_characters(hostile):
    result, _ = hostile
    summary = result.summary()
    for name, reason in result.skipped:
        assert f"skipped {shown(name)}: {shown(reason)}" in summary
    assert "skipped fifty-mb.txt: too long" in summary and "split it into articles" in summary
    assert "\x1b" not in summary and "\u202e" not in summary and "\x07" not in summary
    assert "\\x1b[31mred.txt" in summary or all("red.txt" not in n for n, _ in result.skipped)


def test_each_readable_oddity_is_read_right_and_named(hostile):
    result, _ = hostile
    docs = {d.doc_id: d for d in result.documents}
    mixed = docs["mixed.txt"]
    assert "à Vladivostok" in mixed.text and "été" in mixed.text and "Ã" not in mixed.text
    assert "mixed encodings" in " ".join(mixed.warnings)
    broken = docs["invalid-utf8.txt"]
    assert "café" in broken.text and "arrivé" in broken.text and "mixed encodings" in " ".join(broken.warnings)
    assert docs["bom.txt"].text.startswith("Le 13") and docs["bom.txt"].encoding == "utf-8-sig"
    assert "\r" not in docs["cr.txt"].text and "\r" not in docs["crlf.txt"].text
    klingon = docs["klingon.txt"]
    assert klingon.language == "und" and "language not recognised" in " ".join(klingon.warnings)
    assert "front matter is not valid YAML" in " ".join(docs["bad-front-matter.md"].warnings)
    assert "missing columns url, language, title" in " ".join(result.problems)
    assert len(docs["long-line.txt"].text) > 1_000_000


def test_markup_never_survives_ingest(hostile):
    result, _ = hostile
    page = next(d for d in result.documents if d.doc_id == "scripts.html")
    assert "alert" not in page.text and "<" not in page.text


def test_bad_text_gives_no_false_dates_and_keeps_offsets(hostile):
    result, _ = hostile
    texts = {d.doc_id: d.text for d in result.documents}
    for mention in result.mentions:
        assert texts[mention.doc_id][mention.start:mention.end] == mention.text
    impossible = [m for m in result.mentions if m.doc_id == "impossible.txt" and m.kind == "date" and m.date_start]
    assert impossible == []  # "31 février" is noted as unresolved, never given a day; "l'an 40000" is no date
    noted = [m for m in result.mentions if m.doc_id == "impossible.txt" and m.kind == "date"]
    assert [(m.text, m.resolved_against) for m in noted] == [("Le 31 février", "unresolved")]


def test_crlf_and_cr_give_the_same_events_as_lf(hostile):
    result, _ = hostile
    for name in ("crlf.txt", "cr.txt", "bom.txt"):
        assert any(name in e.doc_ids for e in result.events), name


CITIES = ["Paris", "Lyon", "Marseille", "Berlin", "Madrid", "Rome", "Varsovie", "Vienne", "Prague", "Lisbonne",
          "Athènes", "Helsinki", "Oslo", "Dublin", "Bruxelles", "Genève", "Tokyo", "Séoul", "Pékin", "Moscou"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]


def test_thousands_of_files_in_one_folder(tmp_path, capsys):
    """2,000 short dispatches with a few broken files among them: every good one read, every bad one named,
    the exit status says something was skipped; a second build reuses all of them."""
    from pipeline.cli import main

    folder = tmp_path / "wire"
    folder.mkdir()
    broken = {}
    for i in range(2000):
        name = f"depeche-{i:05d}.txt"
        if i % 400 == 7:
            broken[name] = b"" if i % 800 == 7 else bytes(range(256)) * 4
            (folder / name).write_bytes(broken[name])
            continue
        city, month = CITIES[i % len(CITIES)], MONTHS[i // len(CITIES) % len(MONTHS)]
        (folder / name).write_text(f"Dépêche {i}\n\nLe ministre s'est rendu le {i % 27 + 1} {month} 2024 à {city} "
                                   f"pour une visite officielle.\n", encoding="utf-8")
    out = tmp_path / "build"
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "documents read     1995" in printed and "files skipped      5" in printed
    for name in broken:
        assert f"skipped {name}: " in printed
    events = pd.read_parquet(out / "events.parquet")
    assert set(events.place_name) >= {"Paris", "Tokyo", "Moscow", "Lisbon"}
    assert events.source_count.sum() >= 1900
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 1
    assert "reused unchanged 1995" in capsys.readouterr().out


def test_a_build_with_a_text_budget_skips_what_exceeds_it(tmp_path):
    from pipeline.build import run

    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(GOOD * 10, encoding="utf-8")
    result = run([tmp_path], max_characters=len(GOOD) * 25)
    assert [d.doc_id for d in result.documents] == ["0.txt", "1.txt"]
    assert dict(result.skipped) == {name: f"over this build's limit of {len(GOOD) * 25:,} characters of text"
                                    for name in ("2.txt", "3.txt")}
