"""Hostile and broken inputs: each gets a clear per-file message, and the rest of the build goes on."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.build import build

GOOD = "Le 13 septembre 2023, Kim Jong Un et Vladimir Poutine se sont rencontrés au cosmodrome de Vostotchny.\n"


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
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "manifest.csv").write_text(
        "file,published,source\ngood.txt,not-a-date,Wire\ngood.txt,2023-09-13,Wire\nghost.txt,2023-09-13,Wire\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "build"
    return build([folder], out), out


def reasons(result) -> dict[str, str]:
    return dict(result.skipped)


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty"),
    ("blank.txt", "empty"),
    ("binary.txt", "binary"),
])
def test_unreadable_files_are_skipped_with_a_reason(hostile, name, message):
    result, _ = hostile
    assert message in reasons(result)[name].lower()


def test_the_rest_of_the_build_goes_on(hostile):
    result, out = hostile
    read = {d.doc_id for d in result.documents}
    for name in ["good.txt", "invalid-utf8.txt", "mixed.txt", "bom.txt", "crlf.txt", "cr.txt", "scripts.html",
                 "bad-front-matter.md", "long-line.txt", "klingon.txt", "impossible.txt"]:
        assert name in read, (name, reasons(result).get(name))
    assert any(d.startswith("broken.jsonl") for d in read)
    docs = pd.read_parquet(out / "documents.parquet")
    assert set(docs[docs.status == "skipped"].doc_id) >= {"empty.txt", "blank.txt", "binary.txt"}


def test_manifest_problems_and_broken_lines_are_reported(hostile):
    result, _ = hostile
    problems = " ".join(result.problems)
    assert "not-a-date" in problems and "ghost.txt" in problems and "good.txt" in problems
    assert "broken.jsonl" in problems or any(name.startswith("broken.jsonl") for name in reasons(result))


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
    assert impossible == []  # "31 février" may be noted as unresolved, never given a day


def test_crlf_and_cr_give_the_same_events_as_lf(hostile):
    result, _ = hostile
    for name in ("crlf.txt", "cr.txt", "bom.txt"):
        assert any(name in e.doc_ids for e in result.events), name
