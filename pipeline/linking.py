"""One ranker for date-place links: every date of a document's body against the places near it, scored by weights
fitted on the development corpus.

The event stage's rules (pipeline/events.py) each see one shape of sentence and pick at most one place for a date.
A sentence they do not foresee loses its event even when its date and its place were both found (on the
development corpus, most missed events are of that kind). Here every nearby (date, place) pair is a candidate with
features of the pair (how far apart, in which sentence, after which word, of which kind, in a quotation, acting, chosen
by a rule…); what the rules know a place is not (a speaker, an owner, the origin of a distance, a word of a quoted
title) is no candidate at all, and one logistic model weighs them, the way feature-based geoparsers rank readings
(Mordecai 3). The rules' choice is one feature among the others. The event stage lets the model place the dates no
rule placed (pipeline/events.py, _ranked): weighed against the rules' own links, dropping or adding beside them
gained nothing on the development corpus.

The weights are fitted by `scripts/fit_linker.py` on the tuning part of tests/data/dev (never on its held-out
quarter, never on public benchmarks) and stored in assets/linker.json with the features' names; a missing or
mismatched file leaves the rules' links as they are.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Document, Mention
from .nlp import Analysis

WEIGHTS = Path(__file__).resolve().parent.parent / "assets" / "linker.json"
NEIGHBOUR_SENTENCES = 3  # sentences either side of a date, within its paragraph, whose places are its candidates
SAME_SENTENCE_REACH = 1500  # characters either side of a date within its own sentence (as the rules read)
PLACES_PER_DATE = 12  # the nearest candidates of a date: a long list costs nothing more than its first dozen
KINDS = ("site", "city", "region", "country", "macro")
PRECISIONS = ("day", "week", "month", "year")
HOSTING = re.compile(r"\b(?:étapes?|escales?|accueill\w*|hôtes?|host\w*|stops?|legs?|venues?|stages?)\b", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n[ \t]*[-–—•*]")


@dataclass
class Pair:
    date: Mention
    place: Mention
    sentence: tuple[int, int]  # the date's sentence: the event's source
    features: dict[str, float]


FEATURES = (
    "bias", "rule", "rule_score", "same_sentence", "sentences_apart", "place_first", "distance", "adjacent",
    "locative", "quoted_date", "nearest", "places_in_sentence",
    "dates_in_sentence", "main_clause", "same_verb", "sibling", "subordinator_between", "lead", "published_relative",
    "future", "mentions_of_place", "place_confidence", "english", "parsed", "organisation_seat",
    "closer_date", "place_sentence_dated", "subject", "hosting_subject", "date_sentence_placed", "story_place", "title_place",
    *(f"kind_{k}" for k in KINDS), *(f"precision_{p}" for p in PRECISIONS),
)


@lru_cache(maxsize=1)
def model() -> tuple[dict[str, float], float] | None:
    """The fitted weights and the probability a pair needs, or None when there are none that fit these features."""
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    weights = data.get("weights", {})
    if set(weights) != set(FEATURES):
        return None  # fitted for other features: refit (scripts/fit_linker.py) rather than guess
    return {k: float(v) for k, v in weights.items()}, float(data.get("threshold", 0.5))


def probability(features: dict[str, float], weights: dict[str, float]) -> float:
    z = sum(weights[name] * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass
class _PlaceFacts:
    """What the rules read of one place mention, independent of the date it is paired with."""
    sentence: int
    token: object
    verb: object
    subject: bool
    locative_word: bool
    opens_a_list: bool
    speaker: bool  # an owner or a speaker ("Britain's heatwave", "Moscou a déclaré")
    measured_from: bool
    organisation_seat: bool

    @classmethod
    def of(cls, place: Mention, text: str, analysis: Analysis, rules, sentence: int) -> _PlaceFacts:
        token = analysis.token_at(place.start)
        return cls(sentence=sentence, token=token, verb=rules._governor(analysis, place.start),
                   subject=token is not None and token.dep_.startswith("nsubj"),
                   locative_word=rules._is_locative(text, place, analysis.language),
                   opens_a_list=rules._opens_a_list(text, place),
                   speaker=rules._owner_or_speaker(text, analysis, place),
                   measured_from=rules._measured_from(text, place),
                   organisation_seat=rules.ORGANISATION_SEAT.search(text, max(0, place.start - 60), place.start) is not None)


def candidate_pairs(doc: Document, analysis: Analysis, dates: list[Mention], places: list[Mention],
                    chosen: dict[tuple[int, int], float], titled: set[str] = frozenset(),
                    unplaced_only: bool = False) -> list[Pair]:
    """Every date with the places of its sentence (within reach) and of the sentences around it in the same
    paragraph, nearest first, at most PLACES_PER_DATE of them. `chosen`: the rules' links, (date start, place
    start) -> score; `titled`: the place ids the title names; `unplaced_only`: pairs only for the dates no rule
    placed (every date still counts as context). Linear in the mentions: sentences, places and dates
    are found by bisection over their offsets."""
    from . import events as rules  # the rules' tests of a clause, shared (events imports this module)

    text = doc.text
    sentences = analysis.sentences() or [(0, len(text))]
    sentence_starts = [a for a, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(sentence_starts, offset) - 1)

    paragraph = [0] * len(sentences)  # each sentence's paragraph number
    for index in range(1, len(sentences)):
        broken = PARAGRAPH_BREAK.search(text, sentences[index - 1][1], sentences[index][0] + 1) is not None
        paragraph[index] = paragraph[index - 1] + (1 if broken else 0)
    places = sorted(places, key=lambda p: p.start)
    place_starts = [p.start for p in places]
    date_starts = sorted(d.start for d in dates)
    counts: dict[str, int] = {}
    for place in places:
        counts[place.place_id] = counts.get(place.place_id, 0) + 1
    story = max(counts, key=lambda pid: counts[pid]) if counts else ""
    dated_sentences: dict[int, int] = {}
    for when in dates:
        index = sentence_of(when.start)
        dated_sentences[index] = dated_sentences.get(index, 0) + 1
    # What a place is, whatever the date it is weighed with: read once per place, not once per pair.
    facts = {id(p): _PlaceFacts.of(p, text, analysis, rules, sentence_of(p.start)) for p in places}
    placed_sentences = {f.sentence for f in facts.values() if f.locative_word and not f.speaker}
    body = [i for i, (a, _) in enumerate(sentences) if doc.zone_at(a) == "body"]
    lead_end = sentences[min(len(sentences) - 1, body[0] + 1)][1] if body else 0

    def nearest_date(offset: int) -> int:
        at = bisect.bisect_left(date_starts, offset)
        near = [date_starts[i] for i in (at - 1, at) if 0 <= i < len(date_starts)]
        return min(near, key=lambda d: abs(d - offset)) if near else -1

    pairs: list[Pair] = []
    placed = {start for start, _ in chosen} if unplaced_only else set()
    for when in dates:
        if when.start in placed:
            continue
        index = sentence_of(when.start)
        low, high = sentences[index]
        first = index
        while first > 0 and index - first < NEIGHBOUR_SENTENCES and paragraph[first - 1] == paragraph[index]:
            first -= 1
        last = index
        while last + 1 < len(sentences) and last - index < NEIGHBOUR_SENTENCES and paragraph[last + 1] == paragraph[index]:
            last += 1
        reach_low = max(sentences[first][0], when.start - SAME_SENTENCE_REACH)
        reach_high = min(sentences[last][1], when.end + SAME_SENTENCE_REACH)
        near = places[bisect.bisect_left(place_starts, reach_low):bisect.bisect_left(place_starts, reach_high)]
        in_sentence = [p for p in near if low <= p.start < high]
        scored = sorted(((min(abs(p.start - when.end), abs(when.start - p.end)), p) for p in near), key=lambda s: s[0])
        nearest_in_sentence = next((p for d, p in scored if low <= p.start < high), None)
        verb = rules._governor(analysis, when.start)
        main = rules._in_main_clause(analysis, when)
        quoted = rules._quoted(text, (low, high), when)
        date_token = analysis.token_at(when.start)
        for distance, place in scored[:PLACES_PER_DATE]:
            inside = low <= place.start < high
            fact = facts[id(place)]
            if fact.speaker or fact.measured_from or inside and rules._quoted_apart(text, (low, high), place, when):
                continue  # what the rules know a place is not: a speaker, an owner, a distance's origin, a title's word
            place_sentence = fact.sentence
            place_token, place_verb, subject = fact.token, fact.verb, fact.subject
            same_verb = inside and verb is not None and place_verb is not None and place_verb.i == verb.i
            sibling = inside and place_token is not None and date_token is not None and place_token.head.i == date_token.head.i
            key = (when.start, place.start)
            features = {name: 0.0 for name in FEATURES}
            features.update({
                "bias": 1.0,
                "rule": 1.0 if key in chosen else 0.0,
                "rule_score": max(-2.0, min(4.0, chosen.get(key, 0.0))) / 4.0,
                "same_sentence": 1.0 if inside else 0.0,
                "sentences_apart": abs(place_sentence - index) / NEIGHBOUR_SENTENCES,
                "place_first": 1.0 if place.end <= when.start else 0.0,
                "distance": math.log1p(distance) / math.log(1000.0),
                "adjacent": 1.0 if distance <= 3 else 0.0,
                "locative": 1.0 if fact.locative_word or fact.opens_a_list else 0.0,
                "quoted_date": 1.0 if quoted else 0.0,
                "nearest": 1.0 if place is nearest_in_sentence else 0.0,
                "places_in_sentence": 1.0 / max(1, len(in_sentence)),
                "dates_in_sentence": 1.0 / max(1, dated_sentences.get(index, 1)),
                "main_clause": 1.0 if main else 0.0,
                "same_verb": 1.0 if same_verb else 0.0,
                "sibling": 1.0 if sibling else 0.0,
                "subordinator_between": 1.0 if inside and rules._found_between(rules.SUBORDINATORS, text, when, place) else 0.0,
                "lead": 1.0 if when.start < lead_end else 0.0,
                "published_relative": 1.0 if when.resolved_against == "publication" else 0.0,
                "future": 1.0 if doc.published is not None and when.date_start is not None and when.date_start > doc.published else 0.0,
                "mentions_of_place": min(1.0, math.log1p(counts.get(place.place_id, 1)) / math.log(10.0)),
                "place_confidence": float(place.confidence or 0.0),
                "english": 1.0 if analysis.language == "en" else 0.0,
                "parsed": 1.0 if analysis.parsed else 0.0,
                "organisation_seat": 1.0 if fact.organisation_seat else 0.0,
                # another date stands nearer the place than this one: the place is more likely that date's
                "closer_date": 1.0 if nearest_date(place.start) not in (when.start, -1) else 0.0,
                "place_sentence_dated": 1.0 if not inside and dated_sentences.get(place_sentence) else 0.0,
                "date_sentence_placed": 1.0 if index in placed_sentences else 0.0,
                "story_place": 1.0 if place.place_id == story else 0.0,
                # "Pyongyang a renforcé…", "Washington said": a place that acts is a government more often than where
                "subject": 1.0 if subject else 0.0,
                # "Le Togo sera la première étape", "Lille will host the start": a place that hosts is where
                "hosting_subject": 1.0 if subject and inside and HOSTING.search(text, low, high) else 0.0,
                "title_place": 1.0 if place.place_id in titled else 0.0,
            })
            kind = place.place_kind if place.place_kind in KINDS else "city"
            features[f"kind_{kind}"] = 1.0
            precision = when.precision if when.precision in PRECISIONS else "year"
            features[f"precision_{precision}"] = 1.0
            pairs.append(Pair(when, place, (low, high), features))
    return pairs
