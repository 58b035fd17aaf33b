"""Events: what happened where and when, assembled from each sentence's dates and places, then merged across
articles.

A date is linked to the place where the action of its clause happens: a place governed by the same verb, after
a locative preposition, preferred over a place that only modifies a noun ("le dirigeant de Pyongyang") or names a
speaker ("Washington a affirmé"). A clause that names where something happened but not when takes its time from
an earlier sentence about the same thing (shared rare words), the way a reader carries time through a story.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .gazetteer import km
from .model import ZONE_BODY, Document, Event, EventSource, Mention
from .nlp import Analysis

SPEECH_VERBS = {
    "affirmer", "déclarer", "dire", "annoncer", "indiquer", "estimer", "assurer", "ajouter", "expliquer", "rapporter",
    "souligner", "préciser", "confirmer", "démentir", "accuser", "avertir", "menacer", "juger", "écrire", "observer",
    "say", "said", "tell", "told", "state", "announce", "claim", "add", "report", "warn", "write",
}
LOCATIVE_PREPS = {"à", "au", "aux", "en", "dans", "sur", "vers", "in", "at", "on", "inside", "near", "de", "du", "from"}
RELATIVE_POSITION = re.compile(r"\b(?:nord|sud|est|ouest|north|south|east|west|près|proche|loin|far|near)\s+(?:de|d['’]|du|des|of)\s*$",
                               re.IGNORECASE)
SPECIFICITY = {"site": 1.0, "city": 0.8, "region": 0.5, "macro": 0.35, "country": 0.3}
MERGE_KM = 50.0
CONTAINS_KM = {"region": 400.0, "macro": 1500.0}


@dataclass
class Link:
    doc: Document
    date: Mention
    place: Mention
    sentence: tuple[int, int]
    score: float
    inherited: bool = False


def assemble(doc: Document, analysis: Analysis, mentions: list[Mention]) -> list[Link]:
    """Date-place links in one document's body text."""
    places = [m for m in mentions if m.kind == "place" and m.zone == ZONE_BODY and m.lat is not None]
    dates = [m for m in mentions if m.kind == "date" and m.zone == ZONE_BODY and m.date_start is not None]
    links: list[Link] = []
    sentences = analysis.sentences()
    weights = _word_weights(doc.text, sentences)
    dated_sentences: list[tuple[tuple[int, int], Mention]] = []
    for sentence in sentences:
        in_sentence = [p for p in places if sentence[0] <= p.start < sentence[1]]
        sentence_dates = [d for d in dates if sentence[0] <= d.start < sentence[1]]
        main_dated = False
        for when in sentence_dates:
            best = _best_place(doc.text, analysis, when, in_sentence)
            if best:
                links.append(Link(doc, when, best[0], sentence, best[1]))
            main_dated = main_dated or _in_main_clause(analysis, when)
            if when.precision == "day":
                dated_sentences.append((sentence, when))
        if not main_dated and in_sentence:
            locus = _main_locus(doc.text, analysis, in_sentence)
            when = _carried_time(doc.text, sentence, dated_sentences, weights)
            if locus and when:
                links.append(Link(doc, when, locus, sentence, 0.5, inherited=True))
    return links


def _governor(analysis: Analysis, offset: int):
    token = analysis.token_at(offset)
    steps = 0
    while token is not None and token.pos_ not in {"VERB", "AUX"} and token.head is not token and steps < 6:
        token = token.head
        steps += 1
    return token if token is not None and token.pos_ in {"VERB", "AUX"} else None


def _in_main_clause(analysis: Analysis, when: Mention) -> bool:
    verb = _governor(analysis, when.start)
    if verb is None:
        return True  # no parser for this language: treat the sentence as one clause
    return verb.dep_ in {"ROOT", "conj"}


def _best_place(text: str, analysis: Analysis, when: Mention, places: list[Mention]) -> tuple[Mention, float] | None:
    verb = _governor(analysis, when.start)
    scored = []
    for place in places:
        score = SPECIFICITY.get(place.place_kind, 0.3) * 2
        place_token = analysis.token_at(place.start)
        place_verb = _governor(analysis, place.start)
        if verb is not None and place_verb is verb:
            score += 1.5
            if place_token is not None and place_token.dep_.startswith("nmod"):
                score -= 1.0  # modifies a noun ("son soutien en Ukraine"), not where the action is
        if _is_speaker(analysis, place):
            continue
        preceding = text[max(0, place.start - 12):place.start].lower().split()
        if preceding and preceding[-1].rstrip("'’").split("'")[-1] in LOCATIVE_PREPS | {"l"}:
            score += 0.7
        if RELATIVE_POSITION.search(text[max(0, place.start - 20):place.start]):
            score -= 1.5  # "à 680 km au nord de Pyongyang" measures from a place, it is not the place
        distance = min(abs(place.start - when.end), abs(when.start - place.end))
        score -= distance / 400.0
        scored.append((score, place))
    if not scored:
        return None
    score, place = max(scored, key=lambda s: s[0])
    return (place, score) if score > 0 else None


def _is_speaker(analysis: Analysis, place: Mention) -> bool:
    token = analysis.token_at(place.start)
    if token is None or not token.dep_.startswith("nsubj"):
        return False
    head = token.head
    return (head.lemma_ or head.text).lower() in SPEECH_VERBS or head.text.lower() in SPEECH_VERBS


def _main_locus(text: str, analysis: Analysis, places: list[Mention]) -> Mention | None:
    """The place where the main clause's action happens: a locative complement of the root verb."""
    best = None
    for place in places:
        verb = _governor(analysis, place.start)
        if verb is None or verb.dep_ != "ROOT" or (verb.lemma_ or "").lower() in SPEECH_VERBS:
            continue
        preceding = text[max(0, place.start - 12):place.start].lower().split()
        if not preceding or preceding[-1].rstrip("'’").split("'")[-1] not in LOCATIVE_PREPS | {"l"}:
            continue
        if best is None or SPECIFICITY.get(place.place_kind, 0) > SPECIFICITY.get(best.place_kind, 0):
            best = place
    return best


WORD = re.compile(r"\w{4,}")


def _stem(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c))
    return re.sub(r"(s|x)$", "", word)


def _word_weights(text: str, sentences: list[tuple[int, int]]) -> dict[str, float]:
    frequency: Counter[str] = Counter()
    for a, b in sentences:
        frequency.update({_stem(w) for w in WORD.findall(text[a:b])})
    total = max(len(sentences), 1)
    return {w: math.log(total / n) for w, n in frequency.items()}


def _carried_time(text: str, sentence: tuple[int, int], dated: list[tuple[tuple[int, int], Mention]],
                  weights: dict[str, float]) -> Mention | None:
    """The date of the earlier sentence that shares the most distinctive words with this one."""
    words = {_stem(w) for w in WORD.findall(text[sentence[0]:sentence[1]])}
    best, best_score = None, 0.0
    for earlier, when in dated[-6:]:
        shared = words & {_stem(w) for w in WORD.findall(text[earlier[0]:earlier[1]])}
        score = sum(weights.get(w, 0.0) for w in shared)
        if score > best_score:
            best, best_score = when, score
    return best if best_score >= 3.0 else None


# ---------------------------------------------------------------------------
# Across documents


def build_events(links: list[Link], analyses: dict[str, Analysis]) -> list[Event]:
    groups: list[list[Link]] = []
    for link in sorted(links, key=lambda lk: (-SPECIFICITY.get(lk.place.place_kind, 0), lk.date.date_start)):
        for group in groups:
            if _same_event(group[0], link):
                group.append(link)
                break
        else:
            groups.append([link])
    events = [_event(group, analyses) for group in groups]
    return sorted(events, key=lambda e: (e.date_start, PRECISION_ORDER.get(e.precision, 9), e.place_name))


PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "century": 6}


def _same_event(anchor: Link, other: Link) -> bool:
    a, b = anchor.date, other.date
    if (a.date_start, a.date_end) != (b.date_start, b.date_end):
        return False
    pa, pb = anchor.place, other.place
    distance = km(pa.lat, pa.lon, pb.lat, pb.lon)
    if distance <= MERGE_KM:
        return True
    # A coarser report of the same day ("en Extrême-Orient russe", "en Russie") joins the precise one it contains.
    coarse = pb.place_kind
    if coarse == "country":
        return pa.country_code == pb.country_code and pa.place_kind != "country"
    return coarse in CONTAINS_KM and distance <= CONTAINS_KM[coarse] and SPECIFICITY.get(pa.place_kind, 0) > SPECIFICITY[coarse]


def _event(group: list[Link], analyses: dict[str, Analysis]) -> Event:
    main = max(group, key=lambda lk: (SPECIFICITY.get(lk.place.place_kind, 0), lk.score))
    place, when = main.place, main.date
    sources, seen = [], set()
    actors: list[str] = []
    for link in group:
        key = (link.doc.doc_id, link.sentence)
        if key in seen:
            continue
        seen.add(key)
        text = link.doc.text[link.sentence[0]:link.sentence[1]].strip()
        sources.append(EventSource(link.doc.doc_id, text, link.sentence[0], link.sentence[1]))
        analysis = analyses.get(link.doc.doc_id)
        if analysis is not None:
            for person in analysis.persons(*link.sentence):
                if person not in actors:
                    actors.append(person)
    doc_ids = sorted({s.doc_id for s in sources})
    identity = f"{when.date_start}|{when.date_end}|{place.place_id}"
    event_id = hashlib.sha1(identity.encode()).hexdigest()[:12]
    confidence = min(1.0, 0.35 * place.confidence + 0.35 * when.confidence + 0.15 * min(len(doc_ids), 3) / 3
                     + 0.15 * (0.5 if main.inherited else 1.0))
    return Event(
        event_id=event_id, title=_title(main), date_start=when.date_start or date.min, date_end=when.date_end or date.min,
        precision=when.precision, place_name=place.name, lat=place.lat, lon=place.lon, country_code=place.country_code,
        place_kind=place.place_kind, doc_ids=doc_ids, sources=sources, actors=actors[:8], confidence=round(confidence, 3),
        date_text=when.text, place_text=place.text,
    )


def _title(link: Link) -> str:
    text = " ".join(link.doc.text[link.sentence[0]:link.sentence[1]].split())
    if len(text) <= 110:
        return text
    cut = text[:110].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
