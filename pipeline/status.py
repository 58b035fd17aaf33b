"""Status: whether an event happened, is planned (announced, scheduled, expected) or was cancelled or postponed.

Read from the clause that holds the event's date, the way a reader reads it: words of cancellation or
postponement first ("annulé", "called off", "reporté", "postponed"), then tense and modality ("est prévu",
"doit se tenir", "is scheduled to", "will fly", a future verb), and the calendar (a day after the article's
publication cannot have happened yet). Everything else is reported as having happened. Across articles, one
report that it happened outweighs any number that announced it.
"""

from __future__ import annotations

import re
from datetime import date

HAPPENED, PLANNED, CANCELLED, POSTPONED = "happened", "planned", "cancelled", "postponed"
STATUSES = (HAPPENED, PLANNED, CANCELLED, POSTPONED)

CANCELLED_WORDS = re.compile(
    r"\b(?:annul\w*|déprogramm\w*|cancel+\w*|called off|call off|scrapped|abandonné\w*|"
    r"n['’]aura pas lieu|will not take place|won['’]t take place)\b", re.IGNORECASE)
POSTPONED_WORDS = re.compile(
    r"\b(?:report(?:é|ée|és|ées|er|e|ent)\b|ajourn\w*|différé\w*|postpon\w*|delayed|put off|pushed back|rescheduled|"
    r"repoussé\w*)", re.IGNORECASE)
PLANNED_WORDS = re.compile(
    r"\b(?:prévu\w*|programmé\w*|planifié\w*|envisagé\w*|attendu\w*|annoncé\w* pour|"
    r"(?:doit|doivent|devrait|devraient|devra|devront)\s+(?:\w+\s+)?(?:se\s+)?\w+|"
    r"va|vont|sera|seront|aura|auront|"
    r"scheduled|expected to|is to|are to|plans? to|planned|will|shall|is due|are due|due to|set to|"
    r"upcoming)\b", re.IGNORECASE)
CLAUSE_REACH = 400  # characters either side of a date that its clause is looked for in
CLAUSE_END = re.compile(r"[.;!?\n]|,\s(?:mais|but|while|alors)\b")


def clause_around(text: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    """The date's sentence, cut at semicolons and contrastive conjunctions around the date."""
    # a bounded reach either way: a long text the splitter left whole is not read from its start for every date
    low = max(sentence[0], start - CLAUSE_REACH)
    head = text[low:start]
    cuts = list(CLAUSE_END.finditer(head))
    first = low + (cuts[-1].end() if cuts else 0)
    tail = text[end:min(sentence[1], end + CLAUSE_REACH)]
    stop = CLAUSE_END.search(tail)
    return text[first:end + (stop.start() if stop else len(tail))]


def of_report(text: str, start: int, end: int, sentence: tuple[int, int], date_start: date | None,
              published: date | None, future_tense: bool = False) -> str:
    """The status one sentence gives the event dated by text[start:end]."""
    clause = clause_around(text, start, end, sentence)
    if CANCELLED_WORDS.search(clause):
        return CANCELLED
    if POSTPONED_WORDS.search(clause):
        return POSTPONED
    if published is not None and date_start is not None and date_start > published:
        return PLANNED  # after the article was written: it cannot have happened yet
    if published is not None and date_start is not None and date_start < published:
        return HAPPENED  # the calendar the other way: "sa réélection du 25 octobre", told in a sentence of plans
    if future_tense or PLANNED_WORDS.search(clause):
        return PLANNED
    return HAPPENED



def combined(reports: list[tuple[date | None, str]]) -> str:
    """One event's status from its reports (publication date, status): happened if any report says so, else the
    latest report's word (a cancellation announced after the plan wins)."""
    if any(status == HAPPENED for _, status in reports):
        return HAPPENED
    latest = max(reports, key=lambda r: (r[0] or date.min, STATUSES.index(r[1])))
    return latest[1]
