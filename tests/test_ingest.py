from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, SEEDS

from pipeline.build import BuildResult, load_documents
from pipeline.ingest import decode_bytes, read_manifest


def load(folder: Path) -> tuple[dict, BuildResult]:
    result = BuildResult()
    docs = load_documents([folder], result)
    return {d.doc_id: d for d in docs}, result


def test_each_format_and_encoding_is_read():
    docs, result = load(DATA / "formats")
    cp = docs["cp1252.txt"]
    assert "président" in cp.text and cp.encoding.lower().replace("_", "") in {"cp1252", "windows1252"}
    assert cp.published == date(2024, 3, 13) and cp.published_from == "manifest"
    assert not docs["bom.txt"].text.startswith("\ufeff")
    md = docs["article.md"]
    assert md.title == "Sommet à Vladivostok" and md.published == date(2019, 4, 25)
    assert md.published_from == "front matter" and md.text.startswith("Vladimir Poutine")
    html = docs["article.html"]
    assert "Russian Far East" in html.text and html.published == date(2019, 4, 25)
    assert html.published_from == "html metadata" and html.language == "en"
    assert docs["articles.jsonl#a1"].language == "fr" and docs["articles.jsonl#a2"].text.startswith("The minister")


def test_bad_file_and_bad_lines_are_reported_and_the_rest_is_kept():
    docs, result = load(DATA / "formats")
    assert ("broken.txt", "binary content (NUL bytes), not text") in result.skipped
    assert any("articles.jsonl line 3: not JSON" in p for p in result.problems)
    assert any("articles.jsonl line 4: no 'text' field" in p for p in result.problems)
    assert len(docs) == 6


def test_seed_manifest_gives_dates_and_language_is_french():
    docs, result = load(SEEDS)
    assert len(docs) == 5 and not result.skipped
    assert docs["001_5fa39f8d7c588f4a.txt"].published == date(2024, 6, 19)
    assert {d.language for d in docs.values()} == {"fr"}


def test_page_furniture_is_zoned_out_of_the_body():
    docs, _ = load(SEEDS)
    doc = docs["003_6b7f4d072096dd16.txt"]
    comment_at = doc.text.index("à écrit le 16/09/2023")
    assert doc.zone_at(comment_at) == "comment"
    assert doc.zone_at(doc.text.index("Lire aussiLa Corée")) == "related"
    nav = docs["000_9965ee9cee4e8b5b.txt"]
    assert nav.zone_at(nav.text.index("A La Une")) == "navigation"
    assert nav.zone_at(nav.text.index("©MAXPPP")) == "caption"


def test_publication_date_inferred_from_a_full_date_whose_weekday_agrees(tmp_path):
    (tmp_path / "a.txt").write_text("Paris, mercredi 13 septembre 2023. Le ministre est arrivé à Lyon hier.\n", encoding="utf-8")
    docs, _ = load(tmp_path)
    assert docs["a.txt"].published == date(2023, 9, 13) and docs["a.txt"].published_from == "inferred"


def test_no_publication_date_leaves_relative_dates_unresolved(tmp_path):
    (tmp_path / "a.txt").write_text("Le ministre est arrivé à Lyon mardi pour une visite de deux jours en France.\n", encoding="utf-8")
    docs, _ = load(tmp_path)
    assert docs["a.txt"].published is None
    assert any("no publication date" in w for w in docs["a.txt"].warnings)


def test_manifest_problems_are_reported(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,published\na.txt,2024-13-40\na.txt,2024-01-01\n", encoding="utf-8")
    rows, problems = read_manifest(tmp_path / "manifest.csv")
    assert "a.txt" in rows and rows["a.txt"].published is None
    assert any("bad date" in p for p in problems) and any("duplicate" in p for p in problems)
    assert any("missing columns" in p for p in problems)


def test_decoding_detects_legacy_encodings():
    text, encoding = decode_bytes("Élysée, déjà vu à Noël".encode("cp1252"))
    assert text == "Élysée, déjà vu à Noël"


@pytest.mark.parametrize("text, encoding", [
    ("Prezydent spotkał się w Warszawie z premierem, który przyjechał wczoraj.", "cp1250"),
    ("Předseda vlády přijel ve středu do Prahy.", "cp1250"),
    ("Москва «Кремль» сообщила в понедельник, что Путин встретился с Ким Чен Ыном.", "cp1251"),
    ("Президент встретился с министром в Москве.", "koi8_r"),
    ("Ο πρωθυπουργός συναντήθηκε με τον πρόεδρο στην Αθήνα.", "cp1253"),
    ("Cumhurbaşkanı salı günü Ankara'da başbakanla görüştü.", "cp1254"),
    ("Der Kanzler traf am Dienstag in München ein, um über Grüße zu sprechen.", "cp1252"),
    ("Le président a été reçu à l'Élysée mercredi, où il a déjeuné avec le ministre.", "cp1252"),
])
def test_a_legacy_code_page_is_the_one_under_which_the_bytes_read_as_words(text, encoding):
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_a_file_pasted_together_from_utf8_and_cp1252_reads_right_everywhere():
    raw = "Le 13 septembre 2023 à Vladivostok.".encode() + " Poutine a dit: « été ».".encode("cp1252")
    assert decode_bytes(raw) == ("Le 13 septembre 2023 à Vladivostok. Poutine a dit: « été ».", "utf-8+cp1252")
