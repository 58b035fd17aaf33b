"""Datelines: where a wire dispatch was filed ("WASHINGTON —", "KABUL, Afghanistan (AP) —", "Bamako, 3 mars
(Reuters) -", "WATSONVILLE, Calif. –"). The place of the dateline is where the reporter is, so a dated sentence of
that day's news that names no place of its own happened there.
"""

from __future__ import annotations

import re

_NAME_CAPS = r"[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,40}?"
_NAME_MIXED = r"[A-ZÀ-Þ][\wÀ-ÿ'’\-]+(?: [A-ZÀ-Þ][\wÀ-ÿ'’\-]+){0,2}"
# The date of a dateline: "3 mars", "le 8 juin 2025", "mardi 19/09/2017", "Sept. 3", "Monday, March 3, 2025".
_WEEKDAY = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
            r"Sunday)")
_DATE = (rf"(?:(?:le|the)\s+)?(?:{_WEEKDAY},?\s+)?"
         r"(?:\d{1,2}(?:er)?\s+[A-Za-zéû]+\.?(?:\s+\d{4})?|[A-Z][a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})")
# The agency: "(Reuters)", "(AP)", or between bars as some sites print it ("| AFP |").
_AGENCY = r"[A-Za-zÀ-ÿ\-]{2,20}(?:\s[A-Za-zÀ-ÿ]{2,12})?"
DATELINE = re.compile(
    rf"^(?!(?i:{_WEEKDAY})\b)(?P<place>{_NAME_CAPS}|{_NAME_MIXED})"  # "Tuesday, Nov. 7:" is a live blog's day heading
    rf"(?:,\s*(?!{_WEEKDAY}\b)(?P<region>[A-ZÀ-Þ][\w.]*(?:\s[A-ZÀ-Þ][\w.]*)?))?"
    rf"(?:,?\s+(?P<date>{_DATE}))?"
    rf"\s*(?:\((?P<agency>{_AGENCY})\)|\|\s*(?P<barred>{_AGENCY})\s*\|(?:\s*(?P<date_after>{_DATE}))?)?"
    # "Kinshasa, 04 oct. 2017 (ACP).- Le Président…": some agencies print a stop before the dash; others a colon
    # ("New Delhi, June 3: The death toll…", "Mumbai, Oct 5 (PTI): …", "Dakar, le 5 mars : …")
    r"\s*(?:\.?[—–-]{1,2}|(?P<colon>:))\s",
    re.MULTILINE,
)
HEAD_CHARACTERS = 800  # a dateline opens the dispatch: after the headline and standfirst, never deep in the text


def _dateline(text: str) -> re.Match | None:
    """The opening dateline: a shouted place, or a place with a date or an agency, before a dash."""
    for match in DATELINE.finditer(text, 0, min(len(text), HEAD_CHARACTERS)):
        place = match.group("place").strip()
        shouted = place.isupper() and len(re.sub(r"\W", "", place)) >= 3
        if match.group("colon") and not any(match.group(part) for part in ("agency", "date")):
            continue  # "Paris : la Seine déborde" is a headline's topic, not a dateline
        if shouted or any(match.group(part) for part in ("agency", "barred", "date", "date_after")):
            return match
        if _opens_a_paragraph_with_a_dash(text, match):
            return match
    return None


PARAGRAPH_AFTER = 60  # characters of a sentence after the dash: a paragraph, not a headline ("Paris — la crue")


def _opens_a_paragraph_with_a_dash(text: str, match: re.Match) -> bool:
    """"Baie-Comeau — La pluie n'a pas…": a local paper's dateline in plain case, a town and a long dash opening a
    paragraph that runs on into sentences (a short line is a headline's topic)."""
    dash = text[match.start():match.end()].rstrip()[-1:]
    line_end = text.find("\n", match.end())
    line = text[match.end():line_end if line_end >= 0 else len(text)]
    return (dash in {"—", "–"} and not match.group("colon") and len(line) >= PARAGRAPH_AFTER
            and re.search(r"[.!?»”]", line) is not None)


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


def dateline_agency(text: str) -> tuple[int, int] | None:
    """The span of the agency a dateline names ("(Xinhua)", "(AP)", "| AFP |"): a newsroom, never a place."""
    match = _dateline(text)
    if match is None:
        return None
    for group in ("agency", "barred"):
        name = match.group(group)
        # an agency's name or initials ("(Xinhua)", "(AFP)", "(ACP)"); "(MONMOUTH)" after a town is its county
        if name and (name.lower() in AGENCIES or name.isupper() and len(name) <= 5):
            return match.start(group), match.end(group)
    return None


# Wire and national news agencies whose names are also, or look like, place names.
AGENCIES = {"xinhua", "reuters", "belga", "anadolu", "yonhap", "kyodo", "bernama", "antara", "tass", "ria novosti",
            "interfax", "ansa", "efe", "dpa", "keystone-ats", "prensa latina", "notimex", "telam", "lusa", "wafa",
            "sputnik", "jiji", "ukrinform", "irna", "kuna", "petra", "sana", "mena", "agerpres", "europa press"}
