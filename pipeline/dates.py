"""Dates: a rule-based temporal tagger that finds date expressions, then normalises each to a calendar
interval with a precision (day, week, month, season, year, decade, century) against the publication date.

Finding is by rules over the language's own month and weekday names (CLDR, through babel), so a pronoun such
as "sa", a duration such as "40 secondes" or a model number such as "Su-35" is never taken for a date.
Relative expressions ("hier", "l'année dernière", "two weeks ago") are normalised with dateparser against the
publication date; weekdays and day-month dates are resolved here because dateparser sends "mercredi" in an
article published on a Wednesday to the week before, and ignores tense.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from .model import Document, Mention
from .nlp import Analysis
from .spans import DisjointSpans

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]  # name (lowercase, wide and abbreviated) -> 1..12
    month_re: str
    weekdays: dict[str, int]  # wide name -> 0 (Monday) .. 6
    weekday_re: str


@lru_cache(maxsize=32)
def lexicon(language: str) -> Lexicon:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language or "en")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                name = name.lower().rstrip(".")
                if width == "wide" or len(name) >= 3:
                    months.setdefault(name, number)
    weekdays = {name.lower(): number for number, name in locale.days["format"]["wide"].items()}
    if language == "en":
        months.update({"sept": 9})
    alt = lambda names: "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))  # noqa: E731
    return Lexicon(months, alt(months), weekdays, alt(weekdays))


# Words around dates, for the languages with relative-date rules.
WORDS = {
    "fr": dict(
        this=r"ce|cette|cet", last=r"dernier|dernière|passé|passée", next=r"prochain|prochaine",
        month_prep=r"en|au mois d['’]|au mois de|depuis|dès|début|fin|mi-|courant|jusqu['’]en|avant|après",
        year_prep=r"en|depuis|dès|de|à partir de|avant|après|jusqu['’]en|entre|d['’]ici|fin|début|mi-|vers",
        article=r"le|ce|l['’]", day_parts=r"matin|soir|après-midi|midi|dans la soirée|dans la matinée|dernier|prochain",
        relative=(
            r"avant-hier|après-demain|hier|aujourd['’]hui|demain|"
            r"ce\s+(?:soir|matin)(?!-là)|cet\s+après-midi|cette\s+nuit(?!-là)|la\s+nuit\s+dernière|"
            r"(?:l['’]année|l['’]an|la semaine|le mois)\s+(?:dernière|dernier|passée|passé|prochaine|prochain)|"
            r"(?:cette|cet)\s+(?:année|semaine)|ce mois-ci|"
            # "il y a un an", "il y a tout juste dix ans", "il y a un an jour pour jour"
            r"il y a\s+(?:(?:tout\s+juste|exactement|précisément|pile)\s+)?"
            r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:jours?|semaines?|mois|ans?|années?)"
            r"(?:,?\s+(?:jour\s+pour\s+jour|pile))?"
        ),
        seasons={"printemps": 3, "été": 6, "automne": 9, "hiver": 12},
        season_lead=r"au|en|cet|l['’]|le|ce|cet|à l['’]|de l['’]|du",
        decade=r"(?:les|des|aux)\s+années\s+(?P<decade>\d{2,4})",
        century=r"(?:au|du|le)\s+(?P<century>[IVXLC]+|\d{1,2})(?:e|ème|è)\s+siècle",
        future=r"\b(?:va|vont|devra|devront|sera|seront|prochain|prochaine)\b",
        # Modality: a day that is planned, scheduled or due lies ahead ("la réunion est prévue jeudi"), whatever
        # the tense of the participle that says so.
        planned=r"\b(?:prévue?s?|programmée?s?|doit|doivent|devrait|devraient|attendue?s?)\b",
        # "le report de l'élection au 15 décembre": the day something is put off to lies ahead
        put_off=r"\b(?:report\w*|repouss\w*|décalé\w*|ajourné\w*)\b", put_off_to=r"(?:au|à|jusqu['’]au)\s*$",
    ),
    "en": dict(
        this=r"this", last=r"last|past", next=r"next|coming",
        month_prep=r"in|since|by|until|early|late|mid-|during|from|before|after",
        year_prep=r"in|since|by|until|from|before|after|during|of|between",
        article=r"on|this|the", day_parts=r"morning|evening|afternoon|night",
        relative=(
            r"the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|last night|"
            r"this\s+(?:morning|afternoon|evening)|"
            r"(?:last|this|next)\s+(?:year|week|month)|"
            # "5,000 years ago" is prehistory, not "000 years ago": a number is read whole or not at all
            r"(?:exactly\s+)?(?:(?<![\d,.])\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?|years?)\s+ago"
            r"(?:\s+to\s+the\s+day)?"
        ),
        seasons={"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12},
        season_lead=r"in|this|last|next|the|in the|during the|early|late",
        decade=r"(?:the\s+)?(?P<decade>\d{2,4})['’]?s\b",
        century=r"(?:the\s+)?(?P<century>\d{1,2})(?:st|nd|rd|th)\s+century",
        future=r"\b(?:will|shall|going to|'ll|is due to|are due to|next)\b",
        # "with game seven to be played in Boston on Wednesday", "the talks, to take place on Monday"
        # ("due to arrive" is planned; "due to the floods", "due to its effects" is a cause)
        planned=r"\b(?:scheduled|slated|set to|expected to|planned|plans to|plan to|is to|are to|"
                r"due to(?!\s+(?:the|a|an|its|their|his|her|this|that|these|those|some|heavy|high|low|strong|poor|"
                r"bad|severe|ongoing|continued|recent)\b)|"
                r"to\s+be\s+[a-z]+(?:ed|en|wn)|to\s+take\s+place)\b",
        put_off=r"\b(?:postpon\w*|delay\w*|pushed back|put off|reschedul\w*)\b", put_off_to=r"(?:to|until|till)\s*$",
    ),
}
NOT_YEAR_AFTER = re.compile(r"^(?:\w|[-–/]\d|\s?[%€$£])|^\s(?:km|mm|cm|kg|m|mètres|metres|meters|miles|kilomètres|tonnes|"
                            r"dollars|euros|personnes|people|soldats|soldiers|morts|dead|habitants|hommes|men)\b", re.IGNORECASE)
# Before a year: part of a longer number ("1,999", "2.000") or a code; "1987, 1999 and 2003" is a list of years.
NOT_YEAR_BEFORE = re.compile(r"(?:[\w\-–/.:€$£#№]|\bn°\s?|\bno\.\s?|\d[,.])$", re.IGNORECASE)
# A road's number written after its network's letters: "LA 1241", "FM 1960", "Route 1811", "la RD 1085".
ROAD_BEFORE = re.compile(r"\b(?:LA|FM|RM|CR|SR|RD|RN|CD|Hwy\.?|Highway|Route|Rte\.?|Interstate)\s$")


@dataclass
class Found:
    start: int
    end: int
    start_date: date | None
    end_date: date | None
    precision: str
    how: str  # absolute, publication, previous mention, unresolved
    weekday_only: bool = False  # a bare weekday ("vendredi"), placed by tense until a dated mention says otherwise
    untensed: bool = False  # a bare weekday no tense of its own placed ("Rendez-vous jeudi et dimanche")
    ahead: bool = False  # a bare weekday read as the coming one (future, planned, present or untensed)


def find_dates(doc: Document, analysis: Analysis | None = None) -> list[Mention]:
    mentions = []
    for found in tag(doc.text, doc.language, doc.published, analysis):
        sent = analysis.sentence_bounds(found.start) if analysis else (0, len(doc.text))
        mentions.append(Mention(
            doc_id=doc.doc_id, kind="date", text=doc.text[found.start:found.end], start=found.start, end=found.end,
            sentence_start=sent[0], sentence_end=sent[1], zone=doc.zone_at(found.start),
            confidence=0.9 if found.start_date else 0.3, date_start=found.start_date, date_end=found.end_date,
            precision=found.precision if found.start_date else "", resolved_against=found.how,
        ))
    return mentions


def tag(text: str, language: str, published: date | None, analysis: Analysis | None = None) -> list[Found]:
    """All date expressions in text, longest and most specific first, never overlapping."""
    lang = language if language in WORDS else "en"
    lex = lexicon(language or "en")
    results: list[Found] = []
    taken = DisjointSpans()

    for finder in (_numeric, _ranges, _full, _english_full, _month_year, _short_years, _decades, _centuries, _seasons, _parts_of_year,
                   _month_of_another_year, _holidays, _relative,
                   _weekdays, _month_alone, _years):
        for found in finder(text, lang, lex, published, analysis):
            if not taken.overlaps(found.start, found.end) and _valid(found, published):
                results.append(found)
                taken.add(found.start, found.end)
    _anchor_weekdays(results, published, text)
    _year_said_after(text, results)
    _the_following(text, lang, results)
    for found in [*_anaphoric(text, lang, published, results), *_day_of_month_again(text, lang, results),
                  *_that_year(text, lang, results)]:
        if not taken.overlaps(found.start, found.end) and _valid(found, published):
            results.append(found)
            taken.add(found.start, found.end)
    return sorted(results, key=lambda f: f.start)


# A day of the month told again without its month, once the text has dated it in full: "contre 400.000 le 19
# janvier … 13.000 le 19", "par rapport au 19", "on the 19th". Only a number the text has already given as a day
# is read as one ("le 3" alone is a score, a rank or a count as often as a day).
DAY_OF_MONTH_AGAIN = {
    "fr": re.compile(r"\b(?:le|au|du|depuis\s+le|dès\s+le|jusqu['’]au)\s+(?P<dom>[1-9]|[12]\d|3[01])(?:er)?"
                     r"(?![\w%°]|\s*[.,:h/-]\s*\d|\s+(?:\d|[a-zà-ÿ]))", re.IGNORECASE),
    "en": re.compile(r"\b(?:on|since|until|by)\s+the\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+of\b)",
                     re.IGNORECASE),
}


def _day_of_month_again(text: str, lang: str, results: list[Found]) -> Iterator[Found]:
    pattern = DAY_OF_MONTH_AGAIN.get(lang)
    if pattern is None:
        return
    by_day_of_month: dict[int, list[tuple[int, date]]] = {}  # the text's dated days by their day of the month
    for found in sorted((f for f in results if f.precision == "day" and f.start_date), key=lambda f: f.start):
        by_day_of_month.setdefault(found.start_date.day, []).append((found.start, found.start_date))
    for match in pattern.finditer(text):
        dated = by_day_of_month.get(int(match["dom"]), [])
        at = bisect.bisect_left(dated, (match.start(),))  # the last of them dated before this expression
        if at:
            yield Found(match.start(), match.end(), *day(dated[at - 1][1]), "previous mention")


NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
                "neuf": 9, "dix": 10, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
_COUNT = r"(?P<count>\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|a|one|two|three|four|five|seven|eight)"
# Days counted from the date just before: (pattern, days, or None to read the count and its sign from the match).
ANAPHORA = {
    "fr": [(r"(?:ce|le)\s+(?:jour|soir|matin|week-end|dimanche|samedi)-là|cette\s+(?:nuit|nuit-là|journée)-?l?à?", 0),
           (r"le\s+même\s+jour|ce\s+même\s+jour|le\s+jour\s+même", 0),
           (r"le\s+surlendemain", 2), (r"(?:le|au)\s+lendemain(?:\s+(?:matin|soir))?", 1), (r"l['’]avant-veille", -2),
           (r"la\s+veille(?:\s+au\s+(?:soir|matin))?", -1),
           (rf"{_COUNT}\s+jours?\s+(?:plus\s+tard|après)", None), (rf"{_COUNT}\s+jours?\s+(?:plus\s+tôt|avant)", None)],
    "en": [(r"that\s+(?:day|night|evening|morning|afternoon)|the\s+same\s+day", 0),
           (r"the\s+(?:next|following)\s+(?:day|morning|evening|night)", 1), (r"the\s+day\s+after", 1),
           (r"the\s+(?:previous|preceding)\s+(?:day|evening|night)|the\s+day\s+before|the\s+night\s+before", -1),
           (rf"{_COUNT}\s+days?\s+later", None), (rf"{_COUNT}\s+days?\s+(?:earlier|before)", None)],
}


# "au lendemain du drame", "le lendemain de l'orage": the day after the happening the text has just told, counted
# from the day it gave that happening (a ceremony or a vote still to come is not told before: those are skipped)
SENTENCE_REACH = 400  # characters read either way for an expression's sentence (a text without stops stays linear)
AFTER_THE_TOLD_EVENT = re.compile(r"(?:le|au)\s+lendemain", re.IGNORECASE)
EVENT_ANCHOR = re.compile(r"\s+(?:de|du|des|d['’]|of)\b(?!\s+\d)", re.IGNORECASE)
BEFORE_AFTER_EVENT = re.compile(r"(?:before|after)$", re.IGNORECASE)


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)


def _anaphoric(text: str, lang: str, published: date | None, results: list[Found]) -> Iterator[Found]:
    """"Le lendemain", "the next day", "two days later": counted from the day the text dated just before (else
    from publication), as a reader carries the time of a story from sentence to sentence; chains count on."""
    matches = []
    for pattern, shift in ANAPHORA.get(lang, []):
        for match in re.finditer(rf"\b{pattern}\b", text, re.IGNORECASE):
            anchored = bool(EVENT_ANCHOR.match(text, match.end()) or (BEFORE_AFTER_EVENT.search(match.group())
                                                                     and re.match(r"\s+the\b", text[match.end():])))
            if anchored and not AFTER_THE_TOLD_EVENT.fullmatch(match.group()):
                continue  # "à l'avant-veille d'une cérémonie", "the day before the vote": counted from an event
            if anchored:
                matches.append((match, shift, True))
                continue
            if shift is None:
                count = _count(match["count"])
                if not 0 < count <= 31:
                    continue
                matches.append((match, count if re.search(r"tard|après|later", match.group(), re.IGNORECASE) else -count,
                                False))
            else:
                matches.append((match, shift, False))
    days = sorted((f.start, f.start_date) for f in results if f.precision == "day" and f.start_date)
    for match, shift, anchored in sorted(matches, key=lambda m: m[0].start()):
        at = bisect.bisect_left(days, (match.start(),))  # the days dated before this expression
        base = days[at - 1][1] if at else published
        if anchored:
            # "ce dimanche matin …, au lendemain de l'éruption": the day its own sentence dates is that day
            low, high = max(0, match.start() - SENTENCE_REACH), min(len(text), match.end() + SENTENCE_REACH)
            sentence_start = max(text.rfind(".", low, match.start()), text.rfind("\n", low, match.start()), low - 1) + 1
            ends = [i for i in (text.find(".", match.end(), high), text.find("\n", match.end(), high)) if i >= 0]
            sentence_end = min(ends) if ends else high
            same = [d for _, d in days[bisect.bisect_left(days, (sentence_start,)):bisect.bisect_left(days, (sentence_end,))]]
            if same:
                base, shift = same[0], 0
        if base is None or anchored and not at:
            continue  # "au lendemain de l'orage" with no day told before it: the storm's day is not known
        found = Found(match.start(), match.end(), *day(base + timedelta(days=shift)),
                      "previous mention" if at else "publication")
        bisect.insort(days, (found.start, found.start_date))
        yield found


THAT_YEAR = {"fr": re.compile(r"\b(?:cette\s+année-là|cette\s+même\s+année|la\s+même\s+année)\b", re.IGNORECASE),
             "en": re.compile(r"\b(?:that\s+(?:same\s+)?year|the\s+same\s+year)\b", re.IGNORECASE)}


def _that_year(text: str, lang: str, results: list[Found]) -> Iterator[Found]:
    """"That year", "la même année": the year of the date the text gave just before (none before: nothing)."""
    pattern = THAT_YEAR.get(lang)
    if pattern is None:
        return
    dated = sorted((f.start, f.start_date) for f in results if f.start_date)
    for match in pattern.finditer(text):
        at = bisect.bisect_left(dated, (match.start(),))
        if at:
            yield Found(match.start(), match.end(), *year_interval(dated[at - 1][1].year), "previous mention")


# "le 9 juin suivant", "Feb. 12 the following year": a day told without its year after one the text dated in full
FOLLOWING = {"fr": (re.compile(r"[ \t\u00a0]+suivante?\b", re.IGNORECASE), 0),
             "en": (re.compile(r",?[ \t\u00a0]+(?:of[ \t\u00a0]+)?the[ \t\u00a0]+following[ \t\u00a0]+year\b", re.IGNORECASE), 1)}


def _the_following(text: str, lang: str, results: list[Found]) -> None:
    """A day told without its year and called the following one counts from the day the text dated just before,
    not from publication: "la tournée débutera le 27 février 2024 … le 9 juin suivant" is June 2024, the first
    9 June after it; "on Feb. 12 the following year" is in the year after it."""
    pattern, years_on = FOLLOWING.get(lang, (None, 0))
    if pattern is None:
        return
    previous: Found | None = None
    for found in sorted(results, key=lambda f: f.start):
        match = pattern.match(text, found.end)
        if (match and previous is not None and found.how == "publication" and found.precision == "day"
                and found.start_date is not None and found.start_date == found.end_date):
            anchor, month, dom = previous.start_date, found.start_date.month, found.start_date.day
            following = _safe_date(anchor.year + years_on, month, dom)
            if not years_on and following <= anchor:
                following = _safe_date(anchor.year + 1, month, dom)
            found.start_date = found.end_date = following
            found.end, found.how = match.end(), "previous mention"
        if found.precision == "day" and found.start_date is not None and found.start_date == found.end_date:
            previous = found


PROGRAMME_REACH = 2000  # characters after a dated day within which a bare weekday is read against it


ANOTHER_YEAR = re.compile(r"(?:next|last)\s+year|l['’]année\s+(?:prochaine|dernière|passée)|l['’]an\s+(?:prochain|dernier|passé)",
                          re.IGNORECASE)
NOUN_PHRASE_GAP = re.compile(r"(?:\s+[a-zà-ÿ][\w'’\-]*){0,3}\s+")


def _year_said_after(text: str, results: list[Found]) -> None:
    """"The Jan. 5 elections last year", "le scrutin du 5 janvier de l'année dernière": a day of the month whose
    year the noun phrase gives after it is in that year, not the nearest year the tense would give."""
    ordered = sorted(results, key=lambda f: f.start)
    for found, following in itertools.pairwise(ordered):
        if (found.precision != "day" or found.how != "publication" or found.weekday_only or not found.start_date
                or found.start_date != found.end_date or following.precision != "year" or not following.start_date
                or not ANOTHER_YEAR.fullmatch(text[following.start:following.end])
                or not NOUN_PHRASE_GAP.fullmatch(text, found.end, following.start)):
            continue
        try:
            moved = found.start_date.replace(year=following.start_date.year)
        except ValueError:  # the 29th of February of a common year
            continue
        found.start_date = found.end_date = moved
        found.how = "previous mention"


def _anchor_weekdays(results: list[Found], published: date | None = None, text: str = "") -> None:
    """A bare weekday means the day of that name the text has already dated: after "dès ce vendredi 22
    septembre", a later "Vendredi" is the 22nd, whatever the tense guessed. Only an unambiguous match counts."""
    dated = sorted({f.start_date for f in results if f.precision == "day" and f.start_date and not f.weekday_only})
    # The days of a short span the text dates ("les 5, 6, 7 et 8 décembre", "du 5 au 8 décembre"): a programme's
    # "jeudi et dimanche" with no tense of their own are two of them.
    spanned = sorted({f.start_date + timedelta(days=n) for f in results
                      if f.precision == "day" and f.start_date and f.end_date and not f.weekday_only
                      and 0 < (f.end_date - f.start_date).days <= PROGRAMME_DAYS
                      for n in range((f.end_date - f.start_date).days + 1)})
    results.sort(key=lambda f: f.start)  # in reading order: an anchored heading anchors the next one
    reference: Found | None = None  # the last single day dated before the current expression
    last_dated: Found | None = None  # the last day or short span the text itself dated
    for found in results:
        if (found.weekday_only and found.start_date is not None
                and not _in_an_announced_span(found, last_dated, published, text)):
            _anchor_weekday(found, dated, reference, published)
            if found.untensed and found.how != "previous mention":
                _anchor_in_a_programme(found, spanned)
        if (found.precision == "day" and found.start_date and found.start_date == found.end_date
                and (not found.weekday_only or found.how == "previous mention")):
            reference = found
        if found.precision == "day" and found.start_date and not found.weekday_only:
            last_dated = found


def _in_an_announced_span(found: Found, span: Found | None, published: date | None, text: str) -> bool:
    """A weekday read as ahead, in the paragraph of a short span of days still to come that the text dated last
    ("le voyage du pape au Luxembourg et en Belgique du 26 au 29 septembre … une messe dimanche à Bruxelles"): the
    one day of that name in the span, however far the span lies from the week the tense alone would give."""
    if (span is None or not found.ahead or published is None or span.start_date is None or span.end_date is None
            or not 0 < (span.end_date - span.start_date).days <= PROGRAMME_DAYS or span.start_date <= published
            or found.start - span.end > PROGRAMME_REACH or "\n" in text[span.end:found.start]):
        return False
    days = [span.start_date + timedelta(days=n) for n in range((span.end_date - span.start_date).days + 1)]
    same = [d for d in days if d.weekday() == found.start_date.weekday()]
    if len(same) != 1:
        return False
    found.start_date = found.end_date = same[0]
    found.how = "previous mention"
    return True


PROGRAMME_DAYS = 14  # a span of days this short is a programme whose weekdays a text may name alone
PROGRAMME_AHEAD = 28  # how far from the day its tense guessed a weekday with no tense of its own may move into one


def _anchor_in_a_programme(found: Found, spanned: list[date]) -> None:
    """A weekday with no tense of its own, in a text that dates a short span of days: the one day of that name in
    the span near it, when there is exactly one."""
    near = spanned[bisect.bisect_left(spanned, found.start_date - timedelta(days=PROGRAMME_AHEAD)):
                   bisect.bisect_right(spanned, found.start_date + timedelta(days=PROGRAMME_AHEAD))]
    same = {d for d in near if d.weekday() == found.start_date.weekday()}
    if len(same) == 1 and found.start_date not in same:
        found.start_date = found.end_date = same.pop()
        found.how = "previous mention"


def _anchor_weekday(found: Found, dated: list[date], reference: Found | None, published: date | None = None) -> None:
    week = dated[bisect.bisect_left(dated, found.start_date - timedelta(days=7)):
                 bisect.bisect_right(dated, found.start_date + timedelta(days=7))]
    if found.start_date in week:
        return  # "on Friday (17 March 2017)": the text dates the very day the tense read; no programme moves it
    if published is not None and found.start_date == published:
        return  # "a condamné mercredi" in a Wednesday paper: the day of publication, not the Wednesday before
    same = {d for d in week if d.weekday() == found.start_date.weekday()}
    if len(same) == 1:
        found.start_date = found.end_date = same.pop()
        found.how = "previous mention"
        return
    # A programme: "Vendredi 22 septembre … Samedi": the Saturday nearest the day the text dated just before.
    if reference is not None and found.start - reference.end <= PROGRAMME_REACH:
        shift = (found.start_date.weekday() - reference.start_date.weekday()) % 7
        nearest = reference.start_date + timedelta(days=shift if shift <= 3 else shift - 7)
        # The programme's nearest day never moves a weekday read as ahead to before the publication day:
        # "rouverte jeudi … Elle devrait être fermée lundi" is the coming Monday, not the one before Thursday.
        # (A heading read as past may still move ahead: a programme is published before the days it lists.)
        crosses = published is not None and found.start_date > published > nearest
        if nearest != found.start_date and abs((nearest - found.start_date).days) <= 7 and not crosses:
            found.start_date = found.end_date = nearest
            found.how = "previous mention"


def _valid(found: Found, published: date | None = None) -> bool:
    if found.start_date is None:
        return True
    if published is not None and found.start_date.year > published.year + 100:
        return False  # "dimanche 19 novembre 2923": a typo, not a plan for the next millennium
    return date(1, 1, 1) <= found.start_date <= found.end_date <= date(9999, 12, 31)


# ---------------------------------------------------------------------------
# Interval helpers


def day(d: date) -> tuple[date, date, str]:
    return d, d, "day"


def month_interval(year: int, month: int) -> tuple[date, date, str]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def year_interval(year: int) -> tuple[date, date, str]:
    return date(year, 1, 1), date(year, 12, 31), "year"


def week_interval(d: date) -> tuple[date, date, str]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6), "week"


def season_interval(year: int, first_month: int) -> tuple[date, date, str]:
    start = date(year, first_month, 1)
    last_month = (first_month + 1) % 12 + 1
    end_year = year + (1 if first_month == 12 else 0)
    return start, date(end_year, last_month, calendar.monthrange(end_year, last_month)[1]), "season"


FUTURE_IN_THE_PAST = re.compile(r"\b(?:would|was\s+to|were\s+to|was\s+due|were\s+due|was\s+expected|were\s+expected|"
                                r"was\s+scheduled|were\s+scheduled|planned|scheduled)\b", re.IGNORECASE)


def _safe_date(year: int, month: int, dom: int) -> date:
    """The day, or the 28th of its month where the day does not exist that year (29 February)."""
    try:
        return date(year, month, dom)
    except ValueError:
        return date(year, month, 28)


def _told_in_the_past(text: str, lang: str, start: int, end: int, analysis: Analysis | None) -> bool:
    """Whether the date's clause tells of the past. With a parse: its verb is a finite past ("rendit", "était") or a
    compound past ("a rendu", "est arrivé", "avait détruit"), not a bare participle, whose tense says too little
    ("prévue le 8 décembre"), and the clause is not a plan. Without one (English): the clause has a verb of the past
    ("charged in connection with a Jan. 1 fatal shooting")."""
    if analysis is not None and analysis.parsed:
        return _parsed_past(analysis, start) and not _clause_is_planned(text, lang, start, end)
    if lang != "en":
        return False
    clause = date_clause(text, start, end)
    # "said the votes would be counted on May 2": a future seen from the past is still ahead
    return _clause_tells_the_past(text, start, end) and not FUTURE_IN_THE_PAST.search(clause)


def _parsed_past(analysis: Analysis, start: int) -> bool:
    token = analysis.token_at(start)
    if token is None:
        return False
    verb = _governing_verb(analysis, token)
    if verb is None:
        return False
    if "Part" in verb.morph.get("VerbForm"):
        # a compound past: its auxiliary of tense ("a rendu", "est arrivé", "avait détruit"), never a passive alone
        return any(c.dep_ == "aux:tense" and "Fut" not in c.morph.get("Tense") and "Cnd" not in c.morph.get("Mood")
                   for c in verb.children)
    return "Fin" in verb.morph.get("VerbForm") and bool(set(verb.morph.get("Tense")) & {"Past", "Imp"})


def _nearest_year(published: date, month: int, dom: int, future: bool | None, weekday: int | None = None) -> int | None:
    """The year that puts day/month nearest the publication date (or after it, for the future tense)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(year, month, dom)
        except ValueError:
            continue
        if weekday is not None and candidate.weekday() != weekday:
            continue
        if future is True and candidate < published:
            continue
        options.append(candidate)
    if not options:
        return None
    return min(options, key=lambda c: (abs((c - published).days), c > published)).year


SINCE_BEFORE = re.compile(r"\b(?:depuis|dès|since)\s+(?:le\s+|ce\s+)?$", re.IGNORECASE)


def _told_in_the_present(text: str, lang: str, start: int, analysis: Analysis | None) -> bool:
    """French news tells the coming days in the simple present: "Emmanuel Macron effectue vendredi son retour dans
    le Golfe", "le président se rend mardi à Dakar" (a past day takes the passé composé: "a effectué"). A weekday
    whose verb is a finite present of the indicative, with no auxiliary, is that day or the coming one; "depuis
    lundi" still looks back."""
    if lang != "fr" or analysis is None or SINCE_BEFORE.search(text, max(0, start - 15), start):
        return False
    token = analysis.token_at(start)
    if token is None:
        return False
    verb = _governing_verb(analysis, token)
    return (verb is not None and verb.pos_ == "VERB" and "Pres" in verb.morph.get("Tense")
            and "Fin" in verb.morph.get("VerbForm") and "Ind" in verb.morph.get("Mood")
            and not any(c.dep_.startswith("aux") for c in verb.children)
            and not _past_between(analysis, verb, token))


def _past_between(analysis: Analysis, verb, token) -> bool:
    """"Les dégâts s'avèrent considérables après les rafales qui ont balayé le Gers, mardi soir": a verb of the past
    between the present one and the weekday, nearer to it, is the clause the weekday closes (the parser hangs the
    weekday on the main verb all the same)."""
    if verb.i >= token.i:
        return False
    doc = verb.doc
    for word in doc[verb.i + 1:token.i]:
        if word.pos_ != "VERB":
            continue
        tense = word.morph.get("Tense")
        if "Past" in tense or "Imp" in tense or any(c.dep_.startswith("aux") for c in word.children):
            return True
    return False


# English tells a timetable in the simple present: "the race departs on Friday from Leeds", "the exhibition opens
# Saturday", "the tour ends on Sunday in Paris" (a past day takes the past: "departed", "opened"). Not the verbs of
# headlines' present, which tells the past ("Pope arrives in Cuba", "Storm hits Florida").
SCHEDULED_PRESENT = re.compile(
    r"\b(?:starts|begins|opens|reopens|closes|ends|finishes|departs|resumes|concludes|"
    r"kicks\s+off|takes\s+place|gets\s+under\s*way|wraps\s+up)"
    r"\s+(?:again\s+)?(?:on\s+)?$", re.IGNORECASE)


def _scheduled_in_english(text: str, lang: str, start: int) -> bool:
    return lang == "en" and SCHEDULED_PRESENT.search(text, max(0, start - 40), start) is not None


def _path_to_verb(analysis: Analysis, token) -> list:
    """The token and its heads up to the verb it depends on (four steps at most), within its sentence: the parser's
    tree may run across a sentence end (it joins paragraphs), and a verb of another sentence says nothing of this
    date's tense."""
    first, last = analysis.sentence_bounds(token.idx)
    path = [token]
    for _ in range(4):
        verb = path[-1]
        if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i or not first <= verb.head.idx < last:
            break
        path.append(verb.head)
    return path


def _governing_verb(analysis: Analysis, token):
    verb = _path_to_verb(analysis, token)[-1]
    return verb if verb.pos_ in {"VERB", "AUX"} else None


def _is_future(text: str, lang: str, start: int, end: int, analysis: Analysis | None) -> bool:
    if analysis is not None:
        token = analysis.token_at(start)
        if token is not None:
            # The parser's tree may run across a sentence end (it joins paragraphs); a verb of another sentence
            # says nothing of this date's tense.
            first, last = analysis.sentence_bounds(start)
            if _verb_just_before_is_future(analysis, token, text, lang, first):
                return True
            path = _path_to_verb(analysis, token)
            verb = path[-1]
            if any(_present_conditional(node) for node in path):
                return True
            if verb.pos_ not in {"VERB", "AUX"}:
                # The small parser sometimes strands a date: take the nearest verb in the sentence, earlier first.
                nearby = [t for t in token.doc[max(0, token.i - 12):token.i + 12]
                          if t.pos_ in {"VERB", "AUX"} and first <= t.idx < last]
                if nearby:
                    verb = min(nearby, key=lambda t: (abs(t.i - token.i), t.i > token.i))
            tenses = set(verb.morph.get("Tense")) | {t for c in verb.children if c.pos_ == "AUX" for t in c.morph.get("Tense")}
            if "Fut" in tenses or _present_conditional(verb) or lang == "fr" and _french_simple_future(verb):
                return True
            if (lang == "fr" and verb.dep_.startswith("acl") and "Part" in verb.morph.get("VerbForm")
                    and "Past" in verb.morph.get("Tense") and not any(c.dep_.startswith("aux") for c in verb.children)):
                return False  # "les Rafales arrivés dimanche": a participle standing for "qui sont arrivés" tells the past
            if tenses & {"Past", "Imp", "Pres"} and lang == "fr":
                # a participle's "Past" says nothing when its auxiliary is future: "qui sera fermée lundi"
                return _clause_is_future(text, lang, start, end)
    return _clause_is_future(text, lang, start, end)


def _verb_just_before_is_future(analysis: Analysis, token, text: str, lang: str, first: int) -> bool:
    """"ce Tour 2025 partira de Lille le 5 juillet": the verb written just before the date in its own clause (no
    comma or conjunction between) is future, whatever tree the small parser drew ("le 5" hung on a noun of another
    clause)."""
    for previous in reversed(token.doc[max(0, token.i - 8):token.i]):
        if previous.idx < first or CLAUSE_BREAK.search(text, previous.idx + len(previous.text), token.idx):
            return False
        if previous.pos_ in {"VERB", "AUX"}:
            return "Fut" in previous.morph.get("Tense") or lang == "fr" and _french_simple_future(previous)
    return False


FRENCH_FUTURE = re.compile(r"\w+[eidvru]r(?:a|ont)$")


def _french_simple_future(verb) -> bool:
    """"partira", "prendront", "se terminera", "devra": a future ending on a stem the small model sometimes tags as
    past. The passé simple that looks alike ("montra", "entra") is rare in the news and ends otherwise."""
    return verb.pos_ in {"VERB", "AUX"} and bool(FRENCH_FUTURE.fullmatch(verb.text.lower()))


def _present_conditional(verb) -> bool:
    """"la date serait fixée en mai", "le vol devrait avoir lieu en juin": the conditional of reported speech tells
    what is still to come; "aurait eu lieu en mai" (a perfect) tells of the past."""
    if "Cnd" in verb.morph.get("Mood"):
        return True
    if any("Cnd" in c.morph.get("Mood") for c in verb.children if c.dep_ in {"aux:pass", "cop"}):
        return True  # "serait fixée", "serait prête": the small parser may make the participle a noun or adjective
    head = verb.head  # an infinitive after a conditional modal ("devrait avoir lieu")
    return "Inf" in verb.morph.get("VerbForm") and head.i != verb.i and "Cnd" in head.morph.get("Mood")


# ("qu'il sera" elides its "que": "a annoncé mardi qu'il sera de retour" dates the announcement, not the return)
CLAUSE_BREAK = re.compile(r"[.;:!?\n—–]|,\s|\b(?:that|which|but|and|que|qui|mais|et|dass|aber|und)\b|\bqu['’]",
                          re.IGNORECASE)


def _clause_is_future(text: str, lang: str, start: int, end: int) -> bool:
    """Without a parse: a future marker in the date's own clause ("said on Wednesday that they would meet" is past)."""
    words = WORDS.get(lang, WORDS["en"])
    return bool(re.search(words["future"], date_clause(text, start, end), re.IGNORECASE)) or _clause_is_planned(text, lang, start, end)


UNTIL_BEFORE = re.compile(r"\b(?:until|till|through|jusqu['’](?:au|à)|jusque)\s*(?:le\s+|the\s+)?\S?$", re.IGNORECASE)


# English verbs of the past, read where there is no parse.
ENGLISH_PAST = (r"\w{3,}ed|was|were|had|did|went|came|said|told|took|made|began|won|lost|saw|met|fell|rose|held|left|"
                r"ran|hit|struck|killed|"
                # irregular pasts that are no present, noun or adjective as well ("cut", "set", "read" are left out)
                r"pled|fled|led|fought|sought|brought|bought|caught|taught|thought|found|gave|got|knew|grew|threw|drew|"
                r"flew|wrote|rode|drove|spoke|broke|chose|froze|stole|woke|sent|spent|built|kept|slept|meant|paid|sold|"
                r"stood|sat|shot|heard|became|rang|sang|sank|swam|drank|hung|stuck|swung|ate|forgot|shook|withdrew")
PAST_MARK = re.compile(rf"\b(?:{ENGLISH_PAST})\b", re.IGNORECASE)


# "when he is sentenced May 3", "the bridge is expected to be reopened on Friday": a participle after a present or
# bare "be" is a passive of the present or the future, not a past
PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _clause_tells_the_past(text: str, start: int, end: int) -> bool:
    clause = date_clause(text, start, end)
    for mark in PAST_MARK.finditer(clause):
        if mark.group().lower().endswith("ed") and PRESENT_PASSIVE.search(clause, 0, mark.start()):
            continue
        return True
    return False


def _clause_is_planned(text: str, lang: str, start: int, end: int) -> bool:
    words = WORDS.get(lang, WORDS["en"])
    clause = date_clause(text, start, end)
    if words.get("planned") and re.search(words["planned"], clause, re.IGNORECASE):
        return True
    return bool(words.get("put_off") and re.search(words["put_off"], clause, re.IGNORECASE)
                and re.search(words["put_off_to"], text[max(0, start - 20):start], re.IGNORECASE))


# A date set before its clause, with at most a preposition or an article before it ("On Sept. 5, the jury returned
# a verdict", "Le 5 septembre, le jury a rendu son verdict", "In February, the summit will open").
FRONTED_HEAD = re.compile(r"^\s*(?:[A-Za-zÀ-ÿ]{1,6}\s+){0,2}$")


def date_clause(text: str, start: int, end: int) -> str:
    """The date's own clause, cut at punctuation and at conjunctions that open another clause. A date set before its
    clause, followed by a comma, belongs to the clause after the comma: its verb gives the date its tense."""
    head = text[max(0, start - 160):start]
    breaks = list(CLAUSE_BREAK.finditer(head))
    clause_start = start - len(head) + (breaks[-1].end() if breaks else 0)
    tail = text[end:end + 160]
    stop = CLAUSE_BREAK.search(tail)
    if stop is not None and stop.start() == 0 and stop.group().startswith(",") and FRONTED_HEAD.match(text[clause_start:start]):
        after = CLAUSE_BREAK.search(tail, stop.end())
        return text[clause_start:start] + " " + tail[stop.end():after.start() if after else len(tail)]
    return text[clause_start:start] + " " + tail[:stop.start() if stop else len(tail)]


# ---------------------------------------------------------------------------
# Finders, most specific first

DAYNUM = r"(?P<dom>[0-3]?\d)(?:er|e|st|nd|rd|th|º)?"


def _numeric(text, lang, lex, published, analysis) -> Iterator[Found]:
    for match in re.finditer(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w/-])", text):
        yield from _safe_day(match.start(), match.end(), int(match[1]), int(match[2]), int(match[3]))
    for match in re.finditer(r"(?<![\w/.-])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\w/-])", text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        dom, month = (second, first) if lang == "en" and first <= 12 else (first, second)  # US order in English
        yield from _safe_day(match.start(), match.end(), year, month, dom)


def _safe_day(start: int, end: int, year: int, month: int, dom: int) -> Iterator[Found]:
    try:
        yield Found(start, end, *day(date(year, month, dom)), "absolute")
    except ValueError:
        return


RANGE_LINKS = {
    "fr": (r"(?:du|depuis\s+le)", r"(?:au|jusqu['’]au)", r"(?:les|le)", r"(?:et|,)"),
    "en": (r"(?:from|between)", r"(?:to|and|until|through)", r"(?:on|the)", r"(?:and|,)"),
}


def _ranges(text, lang, lex, published, analysis) -> Iterator[Found]:
    """Spans of days: "du 3 au 5 mai 2024", "les 7 et 8 décembre", "March 4-6", "4-6 mars", "from May 3 to 5": one
    interval from the first day to the last, its year from the text or, failing that, the nearest to publication."""
    opening, closing, article, joiner = RANGE_LINKS.get(lang, RANGE_LINKS["en"])
    month = rf"(?P<month>{lex.month_re})\.?"
    year = r"(?:,?\s+(?P<year>\d{4}))?"
    first, last = r"(?P<first>[0-3]?\d)(?:er|st|nd|rd|th)?", r"(?P<last>[0-3]?\d)(?:st|nd|rd|th)?"
    patterns = [
        rf"\b{opening}\s+{first}\s+{closing}\s+{last}\s+{month}{year}\b",  # du 3 au 5 mai 2024
        rf"\b{article}\s+{first}\s+{joiner}\s+{last}\s+{month}{year}\b",  # les 7 et 8 décembre
        rf"\b{first}\s*[-–]\s*{last}\s+{month}{year}\b",  # 4-6 mars
        rf"\b{month}\s+{first}\s*[-–]\s*{last}{year}\b",  # March 4-6, 2024
        rf"\b{opening}\s+{month}\s+{first}\s+{closing}\s+{last}{year}\b",  # from May 3 to 5
    ]
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            month_no = lex.months.get(match["month"].lower().rstrip("."))
            one, two = int(match["first"]), int(match["last"])
            if not month_no or not 1 <= one < two <= 31:
                continue
            if match["year"]:
                year_no, how = int(match["year"]), "absolute"
            elif published:
                year_no, how = _nearest_year(published, month_no, two, None) or published.year, "publication"
            else:
                continue
            try:
                yield Found(match.start(), match.end(), date(year_no, month_no, one), date(year_no, month_no, two), "day", how)
            except ValueError:
                continue


def _full(text, lang, lex, published, analysis) -> Iterator[Found]:
    words = WORDS[lang]
    weekday = rf"(?P<weekday>{lex.weekday_re})"
    month = rf"(?P<month>{lex.month_re})\.?"
    year = r"(?:,?\s+(?P<year>\d{4}))?"
    lead = rf"(?:(?:{words['article']}|{words['this']})\s+)?"
    patterns = [
        rf"\b{lead}(?:{weekday},?\s+)?(?:le\s+)?{DAYNUM}\s+{month}{year}\b",  # (mercredi) 13 septembre (2023)
    ]
    if lang != "fr":  # French sets the day before its month: "mars 22 blessés" is a month and a count, "mai 68" a year
        patterns.append(rf"\b{lead}(?:{weekday},?\s+)?{month}\s+{DAYNUM}{year}\b")  # Wednesday, September 13, 2023
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            month_no = lex.months.get(match["month"].lower().rstrip("."))
            dom = int(match["dom"])
            if not month_no or not 1 <= dom <= 31:
                continue
            weekday_no = lex.weekdays.get((match["weekday"] or "").lower())
            if match["year"]:
                yield from _safe_day(match.start(), match.end(), int(match["year"]), month_no, dom)
            elif published:
                future = _is_future(text, lang, match.start(), match.end(), analysis)
                year_no = _nearest_year(published, month_no, dom, future or None, weekday_no)
                if year_no is None:
                    year_no = _nearest_year(published, month_no, dom, None)
                elif (not future and weekday_no is None and _safe_date(year_no, month_no, dom) > published
                      and not UNTIL_BEFORE.search(text, max(0, match.start() - 20), match.start() + 1)
                      and _told_in_the_past(text, lang, match.start(), match.end(), analysis)):
                    # "a Jan. 1 fatal shooting" in August, told in the past: this year's, not next; but a span "was
                    # declared until Oct. 9" runs on past the telling, to the nearest Oct. 9
                    year_no -= 1
                if year_no:
                    yield from (Found(f.start, f.end, f.start_date, f.end_date, f.precision, "publication")
                                for f in _safe_day(match.start(), match.end(), year_no, month_no, dom))
            else:
                yield Found(match.start(), match.end(), None, None, "day", "unresolved")


# Holidays of a fixed day, as the press names them: (pattern, month, day). "Christmas market", "sapin de Noël",
# "Noël Le Graët" are not the day.
HOLIDAYS = {
    "fr": [(r"(?:la\s+)?veille\s+de\s+No[eë]l|(?:le\s+)?réveillon\s+de\s+No[eë]l", 12, 24),
           (r"(?:la\s+)?Saint-Sylvestre|(?:le\s+)?réveillon\s+du\s+(?:Nouvel\s+An|jour\s+de\s+l['’]an)", 12, 31),
           (r"(?:le\s+)?jour\s+de\s+l['’]an|(?:le\s+)?Nouvel\s+An", 1, 1), (r"(?:la\s+)?Toussaint", 11, 1),
           (r"(?:la\s+)?Saint-Valentin", 2, 14), (r"(?:l['’])?Épiphanie", 1, 6), (r"(?:le\s+jour\s+de\s+)?No[eë]l", 12, 25)],
    "en": [(r"Christmas\s+Eve", 12, 24), (r"New\s+Year['’]s\s+Eve", 12, 31), (r"New\s+Year['’]s(?:\s+Day)?", 1, 1),
           (r"Christmas(?:\s+Day)?", 12, 25), (r"Boxing\s+Day", 12, 26), (r"Halloween", 10, 31),
           (r"Valentine['’]s\s+Day", 2, 14), (r"Independence\s+Day|the\s+Fourth\s+of\s+July", 7, 4),
           (r"All\s+Saints['’]\s+Day", 11, 1)],
}
NOT_THE_HOLIDAY_BEFORE = re.compile(r"(?:\b(?:marché|marchés|sapin|sapins|fêtes|vacances|période|trêve|chants?|repas|"
                                    r"cadeaux?|illuminations?|conte|messe|père)\s+de\s+|\b[A-ZÀ-Þ][a-zà-ÿ]+\s)$")
NOT_THE_HOLIDAY_AFTER = re.compile(r"^(?:\s+(?:market|markets|tree|trees|shopping|season|holidays?|period|lights|party|"
                                   r"parties|dinner|card|cards|carols?|gifts?|break|truce|special)\b|\s+[A-ZÀ-Þ][a-zà-ÿ]+)")


def _holidays(text, lang, lex, published, analysis) -> Iterator[Found]:
    """"à Noël", "on Christmas Day", "la Saint-Sylvestre", "New Year's Eve": a fixed day, its year by the tense."""
    for pattern, month_no, dom in HOLIDAYS.get(lang, []):
        for match in re.finditer(rf"\b(?:{pattern})(?![\w-])", text):
            if (NOT_THE_HOLIDAY_BEFORE.search(text, max(0, match.start() - 30), match.start())
                    or NOT_THE_HOLIDAY_AFTER.match(text[match.end():match.end() + 30])):
                continue
            if not published:
                yield Found(match.start(), match.end(), None, None, "day", "unresolved")
                continue
            year_after = re.match(r"\s+(?:de\s+l['’]an\s+)?(\d{4})\b", text[match.end():match.end() + 20])
            if year_after:
                yield from _safe_day(match.start(), match.end() + year_after.end(), int(year_after.group(1)), month_no, dom)
                continue
            # the coming one when the clause is future, else the last one: a holiday told of in the news without a
            # future is one just past ("ont célébré Noël", "a fire on New Year's Eve")
            future = _is_future(text, lang, match.start(), match.end(), analysis)
            year_no = published.year
            if future and date(year_no, month_no, dom) < published:
                year_no += 1
            elif not future and date(year_no, month_no, dom) > published:
                year_no -= 1
            yield Found(match.start(), match.end(), *day(date(year_no, month_no, dom)), "publication")


def _english_full(text, lang, lex, published, analysis) -> Iterator[Found]:
    """"October 3, 2020" in a text of another language (a caption, a quoted statement, a wire stamp): an English
    date written in full, with its year and a capital, means the same in any text."""
    if lang == "en":
        return
    english = lexicon("en")
    pattern = rf"\b(?P<month>{english.month_re})\.?\s+{DAYNUM},?\s+(?P<year>\d{{4}})\b"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        if not match["month"][0].isupper():
            continue
        month_no = english.months.get(match["month"].lower().rstrip("."))
        if month_no and 1 <= int(match["dom"]) <= 31:
            yield from _safe_day(match.start(), match.end(), int(match["year"]), month_no, int(match["dom"]))


def _month_year(text, lang, lex, published, analysis) -> Iterator[Found]:
    words = WORDS[lang]
    pattern = rf"\b(?:(?:{words['month_prep']})(?:\s+|(?<=-)))?(?P<month>{lex.month_re})\.?,?\s+(?P<year>\d{{4}})\b"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        month_no = lex.months.get(match["month"].lower().rstrip("."))
        if month_no:
            yield Found(match.start(), match.end(), *month_interval(int(match["year"]), month_no), "absolute")


def _month_alone(text, lang, lex, published, analysis) -> Iterator[Found]:
    # A bare month needs a preposition: "en mars", "in May" (never "May said", "sur Mars").
    words = WORDS[lang]
    pattern = rf"\b(?P<prep>{words['month_prep']})(?:\s+|(?<=-))(?P<month>{lex.month_re})\b(?!\s*\d)"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        name = match["month"]
        month_no = lex.months.get(name.lower())
        if not month_no or (lang == "en" and not name[0].isupper()):
            continue
        if not published:
            yield Found(match.start(), match.end(), None, None, "month", "unresolved")
            continue
        future = _is_future(text, lang, match.start(), match.end(), analysis)
        said = MONTH_THEN_WAY.match(text, match.end())  # "fin juillet prochain", "entre mi-juin et fin juillet prochains"
        if said:
            future = bool(re.match(r"prochain|next|coming", said["way"], re.IGNORECASE))
        year = _nearest_year(published, month_no, 1, future or None) or published.year
        if said and not future and date(year, month_no, 1) > published:
            year -= 1
        part = match["prep"].lower().rstrip("-")
        if future and month_no == published.month and published.day < {"mi": 15, "mid": 15, "fin": 25, "late": 25}.get(part, 0):
            year = published.year  # "la crue est attendue à la mi-mars", written on 13 March: this March's middle
        # A month still to come is last year's only when the clause tells of the past; without a parse, a clause with
        # no verb of the past ("advance to a runoff in November") keeps the nearest November.
        unparsed_present = (analysis is None or not analysis.parsed) and not _clause_tells_the_past(text, match.start(), match.end())
        # A heading or caption with no verb ("Une programmation spirituelle en septembre") has no tense either.
        verbless = analysis is not None and analysis.parsed and not _sentence_has_a_verb(analysis, match.start())
        if not future and not unparsed_present and not verbless and date(year, month_no, 1) > published:
            year -= 1
        yield Found(match.start(), match.end(), *month_interval(year, month_no), "publication")


# A month's direction written after it, or after the last month of its range: "fin juillet prochain", "entre mi-juin
# et fin juillet prochains", "en mars dernier".
MONTH_THEN_WAY = re.compile(r"(?:\s+(?:et|à|ou|au|and|to|or)\s+(?:(?:mi-|fin|début|mid-|late|early)\s*)?[^\W\d]+)?"
                            r"\s+(?P<way>prochaine?s?|dernière?s?|passée?s?)\b", re.IGNORECASE)
YEAR_AFTER_MONTH = re.compile(r"\s+(?:next\s+year|last\s+year|de\s+l['’]année\s+(?:prochaine|dernière|passée)|"
                              r"de\s+l['’]an\s+(?:prochain|dernier|passé))\b", re.IGNORECASE)


def _month_of_another_year(text, lang, lex, published, analysis) -> Iterator[Found]:
    """"in September next year", "en mars de l'année dernière": a month of the year before or after publication."""
    if not published:
        return
    pattern = (rf"\b(?:(?:{WORDS[lang]['month_prep']})(?:\s+|(?<=-)))?(?P<month>{lex.month_re})"
               rf"(?P<shift>{YEAR_AFTER_MONTH.pattern})")
    for match in re.finditer(pattern, text, re.IGNORECASE):
        month_no = lex.months.get(match["month"].lower())
        if not month_no or (lang == "en" and not match["month"][0].isupper()):
            continue
        step = 1 if re.search(r"next|prochain", match["shift"], re.IGNORECASE) else -1
        yield Found(match.start(), match.end(), *month_interval(published.year + step, month_no), "publication")
    if lang != "en":
        return
    # "last September", "this past March", "next June", "this coming May", "this September": English puts the way
    # before the month. Last: the latest one begun before the month of publication; next: the first one after it;
    # this: the publication year's.
    for match in re.finditer(rf"\b(?P<way>last|this\s+past|past|next|this\s+coming|coming|this)\s+(?P<month>{lex.month_re})\b",
                             text, re.IGNORECASE):
        month_no = lex.months.get(match["month"].lower())
        way = match["way"].lower()
        if not month_no or not match["month"][0].isupper() or way == "this" and match["month"].lower() == "may":
            continue  # "This May take…" at a sentence's start: the modal, not the month
        year = published.year
        if way in {"last", "past", "this past"}:
            year -= month_no >= published.month
        elif way in {"next", "coming", "this coming"}:
            year += month_no <= published.month
        yield Found(match.start(), match.end(), *month_interval(year, month_no), "publication")


def _sentence_has_a_verb(analysis: Analysis, offset: int) -> bool:
    token = analysis.token_at(offset)
    if token is None:
        return True
    first, last = analysis.sentence_bounds(offset)
    return any(t.pos_ in {"VERB", "AUX"} and first <= t.idx < last for t in token.doc[max(0, token.i - 40):token.i + 40])


def _years(text, lang, lex, published, analysis) -> Iterator[Found]:
    words = WORDS[lang]
    pattern = rf"(?:\b(?P<prep>{words['year_prep']})\s+)?(?<![\d])(?P<year>1[0-9]\d\d|20\d\d|2100)(?!\d)"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        at = match.start("year")
        if NOT_YEAR_BEFORE.search(text[max(0, at - 4):at]) or NOT_YEAR_AFTER.match(text[match.end():match.end() + 12]):
            continue
        if ROAD_BEFORE.search(text, max(0, at - 12), at):
            continue
        if not match["prep"] and analysis is not None:
            token = analysis.token_at(at)
            if token is not None and token.dep_ == "nummod" and token.i < token.head.i:
                continue  # "2000 soldats": a count (a number after its noun is its label: "l'édition 2022")
        start = match.start() if match["prep"] and match["prep"].lower() in {"en", "in"} else at
        yield Found(start, match.end(), *year_interval(int(match["year"])), "absolute")


SHORT_YEAR_APOSTROPHE = r"(?<![\w'’‘])['’](?P<yy>\d{2})(?![\w'’]|\s*(?:%|per\s*cent|pour\s*cent))"


def _century_of(two_digits: int, published: date | None) -> int:
    """'98 is 1998 and '21 is 2021 for a reader of 2024: the century that puts the year no later than a few years
    past publication (a plan), else the one before."""
    this_year = published.year if published else date.today().year
    year = 2000 + two_digits
    return year if year <= this_year + 5 else year - 100


def _short_years(text, lang, lex, published, analysis) -> Iterator[Found]:
    """A year written with two digits: "in '98", "la coupe du monde ’98", "May '68"; in French after a month,
    "mai 68", "en juin 40". A bare "en 98" stays unread: it is as often a number."""
    month = rf"(?P<month>{lex.month_re})\.?"
    patterns = [rf"\b{month}\s+{SHORT_YEAR_APOSTROPHE}"]
    if lang == "fr":  # "mai 68": a French day comes before its month, so a number after one is its year
        patterns.append(rf"\b{month}\s+(?P<yy>\d{{2}})(?![\d\w'’]|[,.]\d|\s*(?:%|h\b|heures?\b|ans?\b|km\b|m\b))")
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            month_no = lex.months.get(match["month"].lower().rstrip("."))
            if month_no and (lang != "en" or match["month"][0].isupper()):
                yield Found(match.start(), match.end(), *month_interval(_century_of(int(match["yy"]), published), month_no),
                            "absolute")
    for match in re.finditer(SHORT_YEAR_APOSTROPHE, text):
        yield Found(match.start(), match.end(), *year_interval(_century_of(int(match["yy"]), published)), "absolute")


def _decades(text, lang, lex, published, analysis) -> Iterator[Found]:
    for match in re.finditer(WORDS[lang]["decade"], text, re.IGNORECASE):
        value = int(match["decade"])
        if value < 100:
            value += 1900 if value >= 30 or not published else (2000 if 2000 + value <= published.year else 1900)
        if value % 10 == 0 and 1000 <= value <= 2100:
            yield Found(match.start(), match.end(), date(value, 1, 1), date(value + 9, 12, 31), "decade", "absolute")


def _centuries(text, lang, lex, published, analysis) -> Iterator[Found]:
    for match in re.finditer(WORDS[lang]["century"], text, re.IGNORECASE):
        raw = match["century"]
        number = int(raw) if raw.isdigit() else _roman(raw)
        if number and 1 <= number <= 21:
            first = (number - 1) * 100 + 1
            yield Found(match.start(), match.end(), date(first, 1, 1), date(first + 99, 12, 31), "century", "absolute")


def _roman(raw: str) -> int:
    total, previous = 0, 0
    for ch in reversed(raw.lower()):
        value = ROMAN.get(ch, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _seasons(text, lang, lex, published, analysis) -> Iterator[Found]:
    words = WORDS[lang]
    names = "|".join(words["seasons"])
    pattern = (rf"\b(?:(?P<lead>{words['season_lead']})\s*)(?P<season>{names})"
               rf"(?:\s+(?P<after>{words['last']}|{words['next']})\b)?(?:\s+(?:de\s+|of\s+)?(?P<year>\d{{4}}))?\b")
    for match in re.finditer(pattern, text, re.IGNORECASE):
        first_month = words["seasons"][match["season"].lower()]
        if match["year"]:
            yield Found(match.start(), match.end(), *season_interval(int(match["year"]), first_month), "absolute")
            continue
        lead = (match["lead"] or "").lower()
        after = (match["after"] or "").lower()  # "l'été dernier", "l'hiver prochain"
        if after:
            lead = "last" if re.fullmatch(words["last"], after) else "next"
        if not published or lead not in {"cet", "ce", "this", "last", "next"}:
            continue  # "au printemps" alone says when in the year, not which year
        year = published.year
        if lead == "last":  # the last one over by the day of publication ("l'été dernier" in September: this summer)
            while season_interval(year, first_month)[1] >= published:
                year -= 1
        elif lead == "next":  # the next one to begin ("l'hiver prochain" in September: this December's)
            year -= 1
            while season_interval(year, first_month)[0] <= published:
                year += 1
        elif first_month == 12 and published.month <= 2:
            year -= 1
        yield Found(match.start(), match.end(), *season_interval(year, first_month), "publication")


# "en fin d'année", "au début de l'année prochaine", "late this year", "early next year": a part of a year, as a season
PART_OF_YEAR = {
    "fr": re.compile(r"\b(?:en\s+|à\s+la\s+|au\s+|d['’]ici\s+(?:la\s+)?)?(?P<part>fin|début|mi)[\s-]+(?:de\s+l['’]|d['’])année"
                     r"(?:\s+(?P<shift>prochaine|dernière|passée))?\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:(?:by|in|at)\s+)?(?:the\s+)?(?P<part>late|early|mid|end\s+of|beginning\s+of|start\s+of|middle\s+of)"
                     r"[\s-]+(?:the\s+)?(?P<shift>this|next|last)\s+year\b", re.IGNORECASE),
}
PART_MONTHS = {"fin": 10, "late": 10, "end of": 10, "début": 1, "early": 1, "beginning of": 1, "start of": 1,
               "mi": 5, "mid": 5, "middle of": 5}


def _parts_of_year(text, lang, lex, published, analysis) -> Iterator[Found]:
    if not published or lang not in PART_OF_YEAR:
        return
    for match in PART_OF_YEAR[lang].finditer(text):
        shift = (match["shift"] or "").lower()
        year = published.year + (1 if shift in {"next", "prochaine"} else -1 if shift in {"last", "dernière", "passée"} else 0)
        first = PART_MONTHS[" ".join(match["part"].lower().split())]
        last = first + (3 if first == 5 else 2)  # the middle of a year is its summer, May to August
        yield Found(match.start(), match.end(), date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]),
                    "season", "publication")


def _relative(text, lang, lex, published, analysis) -> Iterator[Found]:
    for match in re.finditer(rf"\b(?:{WORDS[lang]['relative']})\b", text, re.IGNORECASE):
        if not published:
            yield Found(match.start(), match.end(), None, None, "", "unresolved")
            continue
        interval = normalise_relative(match.group(), lang, published)
        if interval:
            yield Found(match.start(), match.end(), *interval, "publication")


TODAY_PARTS = re.compile(r"^(?:ce\s+(?:soir|matin)|cet\s+après-midi|cette\s+nuit|this\s+(?:morning|afternoon|evening))$",
                         re.IGNORECASE)
# "ten years ago to the day", "exactly a year ago", "il y a tout juste un an", "il y a dix ans jour pour jour": an
# anniversary's day, not the year
TO_THE_DAY = re.compile(
    r"^exactly\s+(?P<count_exactly>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago"
    r"|(?P<count>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago\s+to\s+the\s+day"
    r"|^il y a\s+(?:tout\s+juste|exactement|précisément|pile)\s+"
    r"(?P<count_juste>\d+|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans?"
    r"|^il y a\s+(?P<count_jour>\d+|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans?,?\s+(?:jour\s+pour\s+jour|pile)",
    re.IGNORECASE)
LAST_NIGHT = re.compile(r"^(?:la\s+nuit\s+dernière|last\s+night)$", re.IGNORECASE)


def normalise_relative(expression: str, language: str, published: date) -> tuple[date, date, str] | None:
    """Last/this/next year, month or week by calendar arithmetic; anything else through dateparser, against the
    publication date, its period becoming our interval."""
    if TODAY_PARTS.match(expression.strip()):
        return day(published)  # "ce soir": the evening of the day the article is dated
    to_the_day = TO_THE_DAY.search(expression)
    if to_the_day:  # "ten years ago to the day": the anniversary's day, not the year
        years = _count(next(c for c in to_the_day.groups() if c))
        if years:
            return day(_safe_date(published.year - years, published.month, published.day))  # 29 February: the 28th
    if LAST_NIGHT.match(expression.strip()):
        return day(published - timedelta(days=1))  # the night before the article's day, dated by its evening
    by_unit = _calendar_relative(expression, language, published)
    if by_unit:
        return by_unit
    data = _relative_parser(language, published).get_date_data(expression.replace("’", "'"))
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "year":
        return year_interval(found.year)
    if data.period == "month":
        return month_interval(found.year, found.month)
    if data.period == "week":
        return week_interval(found)
    return day(found)


UNITS = {"fr": {"an": "year", "année": "year", "mois": "month", "semaine": "week"},
         "en": {"year": "year", "month": "month", "week": "week"}}


def _calendar_relative(expression: str, language: str, published: date) -> tuple[date, date, str] | None:
    """dateparser knows "l'année dernière" but not "l'an dernier"; the arithmetic is the same for every language."""
    words = re.findall(r"\w+", expression.lower())
    units = [UNITS.get(language, {}).get(word) for word in words]
    unit = next((u for u in units if u), None)
    if unit is None or language not in WORDS:
        return None
    step = {word: -1 for word in WORDS[language]["last"].split("|")}
    step |= {word: 1 for word in WORDS[language]["next"].split("|")}
    step |= {word: 0 for word in WORDS[language]["this"].split("|")}
    shifts = [step[word] for word in words if word in step]
    if not shifts:
        return None
    if unit == "year":
        return year_interval(published.year + shifts[0])
    if unit == "month":
        month = published.year * 12 + published.month - 1 + shifts[0]
        return month_interval(month // 12, month % 12 + 1)
    return week_interval(published + timedelta(weeks=shifts[0]))


@lru_cache(maxsize=64)
def _relative_parser(language: str, published: date):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[language], settings={
        "RELATIVE_BASE": datetime(published.year, published.month, published.day, 12),
        "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
    })


LIST_BREAK = re.compile(rf"[.!?;\n]|\b(?:{ENGLISH_PAST}|a|ont|était|étaient|avait|avaient|est|sont)\b", re.IGNORECASE)


def _weekdays(text, lang, lex, published, analysis) -> Iterator[Found]:
    words = WORDS[lang]
    pattern = (
        rf"\b(?:(?P<mod>{words['this']}|{words['last']}|{words['next']})\s+)?(?P<weekday>{lex.weekday_re})"
        rf"(?:\s+(?P<after>{words['last']}|{words['next']}|{words['day_parts']}))?\b"
    )
    ahead_until = -1  # where the last weekday read as ahead stands: the days listed after it share its tense
    last_direction = "past"  # the direction of the last weekday read by its tense
    for match in re.finditer(pattern, text, re.IGNORECASE):
        if lang == "en" and not match["weekday"][0].isupper():
            continue
        if not published:
            yield Found(match.start(), match.end(), None, None, "day", "unresolved")
            continue
        target = lex.weekdays[match["weekday"].lower()]
        untensed = False
        # "will fly on Monday to Nairobi, on Wednesday to Kigali": a later day of the same list, with no verb of
        # its own in between, is ahead too.
        listed_ahead = 0 <= ahead_until < match.start() and not LIST_BREAK.search(text, ahead_until, match.start())
        modifiers = {(match["mod"] or "").lower(), (match["after"] or "").lower()}
        said_next = bool(modifiers & set(words["next"].split("|")))  # "vendredi prochain", "next Friday"
        if said_next:
            direction = "next"
        elif modifiers & set(words["last"].split("|")):
            direction = "last"
        elif listed_ahead or _is_future(text, lang, match.start(), match.end(), analysis):
            direction = "next"
        elif _told_in_the_present(text, lang, match.start(), analysis) or _scheduled_in_english(text, lang, match.start()):
            direction, untensed = "present", True
        elif _tenseless(text, lang, match.start(), match.end(), analysis):
            # "Direction Saint-Barthélemy samedi matin", "from 8pm on Friday until 6am on Monday": no verb of its
            # own; the sentence's future, else the direction of the weekday just before (a programme goes on)
            told = _sentence_direction(text, lang, match.start(), match.end(), analysis)
            direction, untensed = told or last_direction, told is None
        else:
            direction = "past"
        ahead_until = match.end() if direction == "next" else -1
        last_direction = direction if direction in {"next", "past"} else last_direction
        back = (published.weekday() - target) % 7
        if direction == "past":
            found = published - timedelta(days=back)  # same day when the article's own weekday
        elif direction == "last":
            found = published - timedelta(days=back or 7)
        elif direction == "present":
            found = published + timedelta(days=(target - published.weekday()) % 7)  # that day, or the coming one
        else:
            # The article's own weekday, told as ahead ("arrive ce vendredi", "details will be released later
            # Thursday"), is the day of publication; a week later is written "vendredi prochain", "next Friday".
            ahead = (target - published.weekday()) % 7
            found = published + timedelta(days=ahead or (7 if said_next else 0))
        yield Found(match.start(), match.end(), *day(found), "publication", weekday_only=not modifiers - {""},
                    untensed=untensed, ahead=direction in {"next", "present"})


SENTENCE_END = re.compile(r"[.!?\n]")


def _tenseless(text: str, lang: str, start: int, end: int, analysis: Analysis | None) -> bool:
    """Whether a weekday's own clause has no verb to give it a tense: with a parse, a sentence without a verb; without
    one (English), a clause with no verb of the past and no auxiliary of the present (a future was read before:
    `_is_future`)."""
    if analysis is not None and analysis.parsed:
        return not _sentence_has_a_verb(analysis, start)
    if lang != "en":
        return False
    return not (_clause_tells_the_past(text, start, end) or PRESENT_MARK.search(date_clause(text, start, end)))


PRESENT_MARK = re.compile(r"\b(?:is|are|has|have|does|do|says|say)\b", re.IGNORECASE)


def _sentence_direction(text: str, lang: str, start: int, end: int, analysis: Analysis | None) -> str | None:
    """The tense of the sentence a tenseless weekday sits in ("will be closed … from 8pm on Friday"): "next" for
    a future, "past" for a verb of the past (English, without a parse), None when the sentence has no verb either."""
    if analysis is not None:  # the document's own sentences (abbreviations such as "Sept." do not end one)
        first, last = analysis.sentence_bounds(start)
        sentence = text[first:max(last, end)]
    else:
        ends = list(SENTENCE_END.finditer(text, max(0, start - 300), start))
        first = ends[-1].end() if ends else max(0, start - 300)
        stop = SENTENCE_END.search(text, end)
        sentence = text[first:stop.start() if stop else min(len(text), end + 300)]
    words = WORDS.get(lang, WORDS["en"])
    if re.search(words["future"], sentence, re.IGNORECASE):
        return "next"
    if (analysis is None or not analysis.parsed) and lang == "en" and (PAST_MARK.search(sentence) or PRESENT_MARK.search(sentence)):
        return "past"  # "In the win over the Blues on Sunday, Rask was sensational"
    return None


# ---------------------------------------------------------------------------
# For ingest: dates that tell when an article was published


def full_dates_with_weekday(text: str, language: str) -> list[tuple[date, int]]:
    """Absolute day dates whose stated weekday agrees with the calendar ("mercredi 13 septembre 2023")."""
    lex = lexicon(language or "en")
    pattern = rf"\b(?P<weekday>{lex.weekday_re}),?\s+(?:le\s+)?{DAYNUM}\s+(?P<month>{lex.month_re})\.?\s+(?P<year>\d{{4}})\b"
    found = []
    for match in re.finditer(pattern, text, re.IGNORECASE):
        try:
            value = date(int(match["year"]), lex.months[match["month"].lower().rstrip(".")], int(match["dom"]))
        except (ValueError, KeyError):
            continue
        if value.weekday() == lex.weekdays[match["weekday"].lower()]:
            found.append((value, match.start()))
    return found


def timestamp_dates(text: str) -> list[tuple[date, int]]:
    found = []
    for match in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})\s+(?:à|at)\s+\d{1,2}[:h]\d{2}", text):
        try:
            found.append((date(int(match[3]), int(match[2]), int(match[1])), match.start()))
        except ValueError:
            continue
    return found
