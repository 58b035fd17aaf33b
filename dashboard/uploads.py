"""Uploaded articles: what a file is, judged by its bytes."""

from __future__ import annotations


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
