"""Datelines: where a wire dispatch was filed ("WASHINGTON —", "KABUL, Afghanistan (AP) —", "Bamako, 3 mars
(Reuters) -", "WATSONVILLE, Calif. –"). The place of the dateline is where the reporter is, so a dated sentence of
that day's news that names no place of its own happened there.
"""

from __future__ import annotations

import re

_NAME_CAPS = r"[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,40}?"
_NAME_MIXED = r"[A-ZÀ-Þ][\wÀ-ÿ'’\-]+(?: [A-ZÀ-Þ][\wÀ-ÿ'’\-]+){0,2}"
DATELINE = re.compile(
    rf"^(?P<place>{_NAME_CAPS}|{_NAME_MIXED})"
    r"(?:,\s*(?P<region>[A-ZÀ-Þ][\w.]*(?:\s[A-ZÀ-Þ][\w.]*)?))?"
    r"(?:,?\s+(?P<date>\d{1,2}(?:er)?\s+[A-Za-zéû]+\.?(?:\s+\d{4})?|[A-Z][a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-zÀ-ÿ\-]{2,20}(?:\s[A-Za-zÀ-ÿ]{2,12})?)\))?"
    r"\s*[—–-]{1,2}\s",
    re.MULTILINE,
)
HEAD_CHARACTERS = 800  # a dateline opens the dispatch: after the headline and standfirst, never deep in the text


def _dateline(text: str) -> re.Match | None:
    """The opening dateline: a shouted place, or a place with a date or an agency, before a dash."""
    for match in DATELINE.finditer(text, 0, min(len(text), HEAD_CHARACTERS)):
        place = match.group("place").strip()
        shouted = place.isupper() and len(re.sub(r"\W", "", place)) >= 3
        if shouted or match.group("agency") or match.group("date"):
            return match
    return None


def find_dateline(text: str) -> tuple[int, int] | None:
    """The span of the dateline's place (and its region or country), if the text opens with one."""
    match = _dateline(text)
    if match is None:
        return None
    end = match.end("region") if match.group("region") else match.start("place") + len(match.group("place").strip())
    return match.start("place"), end


def dateline_head(text: str) -> tuple[int, int] | None:
    """The whole dateline, place, date and agency up to its dash, if the text opens with one."""
    match = _dateline(text)
    return (match.start(), match.end()) if match else None
