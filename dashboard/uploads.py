"""Uploaded articles: what a file is, judged by its bytes; what it was called, for the reader only."""

from __future__ import annotations

import pandas as pd


def sniff_suffix(data: bytes) -> str:
    """.html, .jsonl, .md or .txt by what the bytes are (binary files are refused later by ingest)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return ".html"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return ".md"
    lines = [line for line in data[:65536].splitlines() if line.strip()][:20]
    if lines and all(line.lstrip().startswith(b"{") for line in lines):
        return ".jsonl"
    return ".txt"


def given_name(doc_id: str, given_names: dict[str, str]) -> str:
    """The name the user gave a stored upload ("upload-003.jsonl#7" -> "wire.jsonl#7")."""
    stored, sep, record = doc_id.partition("#")
    return given_names.get(stored, stored) + sep + record


def label_sources(documents: pd.DataFrame, given_names: dict[str, str]) -> pd.DataFrame:
    """Documents without a named source are shown under the file name the user gave; the stored name (never
    the given one) stays the document's id and its path."""
    labelled = documents.copy()
    given = labelled["doc_id"].map(lambda doc_id: given_name(doc_id, given_names))
    labelled["source"] = labelled["source"].where(labelled["source"].fillna("").astype(bool), given)
    return labelled
