"""Events: what happened where and when, assembled from each sentence's dates and places, then merged across
articles.

A date is linked to the place where the action of its clause happens: a place governed by the same verb, after
a locative preposition, preferred over a place that only modifies a noun ("le dirigeant de Pyongyang") or names a
speaker ("Washington a affirmé"). A clause that names where something happened but not when takes its time from
an earlier sentence about the same thing (shared rare words), the way a reader carries time through a story.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from . import linking
from .corrections import anchor_of
from .datelines import dateline_head, find_dateline
from .dates import CLAUSE_BREAK, date_clause, lexicon
from .gazetteer import SECOND_LEVEL_SOURCE, km
from .headlines import headline
from .model import ZONE_BODY, ZONE_TITLE, Document, Event, EventSource, Mention
from .nlp import Analysis, common_word
from .places import CAPITAL_A, COUNTY_KM, ORGANISATION_HEAD_WORDS, STATED_COUNTRY
from .status import HAPPENED, PLANNED_WORDS, combined, of_report

SPEECH_VERBS = {
    "affirmer", "déclarer", "dire", "annoncer", "indiquer", "estimer", "assurer", "ajouter", "expliquer", "rapporter",
    "souligner", "préciser", "confirmer", "démentir", "accuser", "avertir", "menacer", "juger", "écrire", "observer",
    "say", "said", "tell", "told", "state", "announce", "claim", "add", "report", "warn", "write",
}
# A preposition of place, or (for languages we cannot parse) a verb whose object is where it happened: "visited
# Nairobi", "the storm hit Florida", "a frappé Marseille".
LOCATIVE = re.compile(
    r"(?:^|\W)(?:à|au|aux|en|dans|sur|vers|chez|in|at|on|inside|near|outside|"
    # "the wrong way down Frith Road", "swept across Texas", "marched through Paris", "off the coast of Java"
    r"across|through|throughout|along|down|around|off|à\s+travers|le\s+long\s+d[eu']|"
    # "to attend Folkestone Magistrates' Court on Thursday"
    r"attend|attends|attended|attending|"
    # examples of the places a clause names: "dans des localités stratégiques comme Dakar", "in cities such as Lyon"
    r"(?:villes?|localités?|communes?|régions?|départements?|provinces?|pays|quartiers?|cities|towns|areas|regions|"
    r"states|provinces|countries|districts|counties)(?:\s+[\w\-]+){0,2}?,?\s+(?:comme|notamment|such\s+as|including|like)|"
    r"visit|visited|visits|visiting|toured|tours|reach|reached|reaches|hit|hits|struck|strikes|battered|batters|"
    r"swept|sweeps|rocked|rocks|flooded|floods|evacuated|enter|entered|enters|arrives|arrived|leaves|left|"
    # where someone was taken or went is where that happened: "extradited to New Jersey", "flew back to Kyiv"
    r"(?:extradited|deported|flew|flown|travell?ed|returned|moved|transferred|taken|brought|sent|headed|went|"
    r"evacuated|airlifted|rushed)\s+(?:back\s+)?to|"
    r"a\s+visité|a\s+frappé|ont\s+frappé|a\s+touché|"
    # where someone goes is where it happens: "avant de rejoindre le Qatar", "il regagnera Kinshasa", "rallier Dakar"
    r"rejoindre|rejoindra|rejoint|rejoignent|regagner|regagnera|regagné|rallier|ralliera|rallié|"
    r"visiter|visitera|visite|atteindre|atteindra|atteint|"
    # a heading for: "Direction Saint-Barthélemy samedi matin", "cap sur Dakar", "heading for Kyiv", "bound for Oslo"
    r"direction|cap\s+sur|heading\s+for|headed\s+for|bound\s+for|en\s+route\s+(?:pour|vers|to|for)|"
    # a start is where it is made: "la course partira de Nantes le 5 juillet", "the race departs from Leeds"
    r"(?:partir|part|partent|partira|partiront|s['’]élancer|s['’]élance|s['’]élancera|s['’]élanceront|décolle|"
    r"décollera|décolleront|departs|depart|departed|will\s+depart)"
    # … with its day between: "la course partira mercredi de Scherpenheuvel", "departs on Friday from Leeds"
    r"(?:\s+(?:ce\s+|on\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|tomorrow)(?:\s+(?:matin|soir|après-midi|morning|afternoon|evening))?)?"
    r"\s+(?:de|du|des|from)|"
    # "begin its Italian trip from Rome", "the relay starts from Athens"
    r"(?:begins?|began|beginning|starts?|started|starting)\s+(?:[\w'’]+\s+){0,3}?from)\s+"
    r"(?:(?:la|le|les|l['’]|un|une|the|a)\s*)?"
    # "sur le site de Kourou", "dans la banlieue de Dakar", "on the outskirts of Kabul": a part of a place is in it
    r"(?:(?:ville|city|town|(?:nord|sud)(?:-est|-ouest)?|est|ouest|centre|north|south|east|west|center|"
    r"site|quartier|banlieue|périphérie|abords|environs|large|outskirts|suburbs|edge|heart|coast|côte|banks?|shores?|"
    # "in the northwestern districts of Rajshahi and Chapainawabganj", "dans les communes rurales de…"
    r"(?:[\w\-]+\s+)?(?:districts?|provinces?|regions?|states?|county|counties|villages?|towns?|"
    r"départements?|régions?|communes?(?:\s+[\w\-]+)?|villes?))\s+"
    r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+(?:the\s+)?))?$",
    re.IGNORECASE,
)
# "à 680 km au nord de Pyongyang", "40 miles west of Kabul", "loin de Paris" measure from a place outside it; "l'ouest
# de la Bretagne", "dans le nord du pays", "près de Lyon" are in or at it.
RELATIVE_POSITION = re.compile(
    r"(?:(?P<number>\d[\d\s.,]*)|quelques|plusieurs|a\s+few|several)\s*(?P<unit>km|kilomètres?|kilometres?|kilometers?|"
    r"miles?|mi)\s+(?:(?:(?:au|à\s+l['’]|to\s+the)\s*)?(?:nord|sud|est|ouest|north|south|east|west)"
    r"(?:[\s\-](?:est|ouest|east|west))?\s+)?(?:de|d['’]|du|des|of|from)\s*(?:la\s+|l['’]|the\s+)?"
    r"(?:(?:grand|grande|big|major|main|petit|petite|small)\s+)?$"  # "à 140 km au sud du grand port de Guayaquil"
    r"|\b(?:loin|far\s+from|far\s+away\s+from)\s*(?:de|d['’]|du|des)?\s*$",
    re.IGNORECASE)
NEAR_ENOUGH_KM = 30.0  # "à 20 km au sud de Lyon" is Lyon on a map of a country


def _measured_from(text: str, place: Mention) -> bool:
    """Whether the place is only where a distance is measured from, far enough that it is not where it happened."""
    found = RELATIVE_POSITION.search(text[max(0, place.start - 40):place.start])
    if found is None:
        return False
    if not found.group("number"):
        return True
    try:
        distance = float(re.sub(r"\s", "", found.group("number")).replace(",", "."))
    except ValueError:
        return True
    return distance * (1.609 if found.group("unit").lower().startswith("mi") else 1.0) > NEAR_ENOUGH_KM


# Nouns that name an event: where the summit or the visit is, is where the action is.
MEETING_NOUNS = {
    "sommet", "rencontre", "visite", "voyage", "réunion", "cérémonie", "entretien", "entretiens", "conférence", "séjour",
    "arrivée", "départ", "accueil", "lancement", "tir", "essai", "attaque", "frappe", "explosion", "manifestation",
    "summit", "meeting", "visit", "trip", "ceremony", "talks", "conference", "arrival", "departure", "launch", "test",
    "attack", "strike", "protest", "welcome",
}
# What strikes a place or takes place there: "un séisme … en Iran", "the 2011 earthquake in Japan", "la crue de 1910 à
# Paris" (words shared by both languages are written once)
HAPPENING_NOUNS = {
    "séisme", "tremblement", "secousse", "inondation", "inondations", "crue", "crues", "incendie", "incendies", "tempête",
    "ouragan", "cyclone", "typhon", "tornade", "éruption", "glissement", "avalanche", "accident", "collision", "naufrage",
    "attentat", "fusillade", "émeute", "émeutes", "élection", "élections", "scrutin", "référendum", "match", "finale",
    "course", "étape", "concert", "festival", "procès", "audience",
    "earthquake", "quake", "tremor", "flood", "floods", "flooding", "fire", "wildfire", "blaze", "storm", "hurricane",
    "typhoon", "tornado", "eruption", "landslide", "mudslide", "crash", "derailment", "sinking", "shooting", "bombing",
    "riot", "riots", "election", "elections", "vote", "referendum", "final", "race", "stage", "trial", "hearing",
}
EVENT_NOUNS = MEETING_NOUNS | HAPPENING_NOUNS
EVENT_NOUN_REACH = 50  # characters: "un séisme d'une magnitude de 7,4 en Iran" (the parser hangs Iran on "magnitude")


def _event_noun_before(text: str, place: Mention) -> bool:
    """Whether a noun of an event stands just before the place, in its clause: the place is where it struck."""
    before = re.split(r"[.;:!?()\n]|,\s", text[max(0, place.start - EVENT_NOUN_REACH):place.start])[-1]
    return any(word.lower() in EVENT_NOUNS for word in re.findall(r"[^\W\d_]+", before))


SPECIFICITY = {"site": 1.0, "city": 0.8, "region": 0.5, "macro": 0.35, "country": 0.3}
MERGE_KM = 50.0
SAME_SPOT_KM = 25.0  # two towns of one article this near are one area told twice (a stadium and its town, a suburb)
NARRATIVE_SENTENCES = 4  # how far a date carries to later sentences that name a place but no time
CONTAINS_KM = {"region": 400.0, "macro": 1500.0}
TOO_COARSE_FOR_AN_EVENT = {"decade", "century"}


@dataclass
class Link:
    doc: Document
    date: Mention
    place: Mention
    sentence: tuple[int, int]
    score: float
    inherited: bool = False
    actors: list[str] = field(default_factory=list)  # people named in the sentence
    status: str = HAPPENED  # what this report says of it: happened, planned, cancelled, postponed
    headline: str = ""  # who did what, from this sentence (pipeline/headlines.py)


def assemble(doc: Document, analysis: Analysis, mentions: list[Mention], rank: bool = True) -> list[Link]:
    """Date-place links in one document's body text: the rules' links, then weighed with every other nearby pair by
    the fitted ranker (pipeline/linking.py) unless `rank` is off (as when the ranker is fitted)."""
    dates, places = link_inputs(doc, mentions)
    links: list[Link] = []
    sentences = analysis.sentences()
    distinctive = _distinctive_words(doc.text, sentences, doc.language)
    by_sentence = list(zip(sentences, _per_sentence(places, sentences), _per_sentence(dates, sentences), strict=True))
    words_of: dict[int, set[str]] = {}  # each sentence's content words, read once (_same_event_nearby)
    narrative: Mention | None = None  # the time the story is at: the last main-clause date, for a few sentences
    narrative_at = 0
    story_day: Mention | None = None  # the last day the story was told at (a month told in between leaves it)
    for index, (sentence, in_sentence, sentence_dates) in enumerate(by_sentence):
        if narrative is not None and narrative.precision == "day":
            story_day = narrative
        elif narrative is None:
            story_day = None
        main_dates = [d for d in sentence_dates if _in_main_clause(analysis, d) and not _in_relative_unparsed(analysis, d)]
        if main_dates:
            # "…, organizers said on Monday": the day of a statement is not the time the story is told at, nor is
            # the day a count runs from ("rising by 13 since the last update on September 10")
            days = [d for d in main_dates if _sets_the_story_day(doc.text, d)]
            # "En avril 2013, le pays avait subi deux séismes. Ils avaient fait 40 morts en Iran et au Pakistan": a
            # month or a year told as the time of a past happening carries to the very next sentence only
            told = [d for d in main_dates if d.precision in {"month", "year"} and not _dates_the_saying(doc.text, d)
                    and not COUNTED_FROM.search(doc.text, max(0, d.start - 40), d.start)
                    and not _compared_with(doc.text, d) and doc.published is not None and d.date_end < doc.published]
            if days or told:
                narrative, narrative_at = (days[-1] if days else told[-1]), index
            elif not any(COUNTED_FROM.search(doc.text, max(0, d.start - 40), d.start) for d in main_dates):
                narrative = None
            # ("Depuis 2017, elle est conseillère municipale": the year a state runs from leaves the story's time)
        elif any(d.precision == "day" and not COUNTED_FROM.search(doc.text, max(0, d.start - 40), d.start)
                 for d in sentence_dates):
            # "La tempête, qui s'est abattue dans la nuit de mercredi à jeudi, …": a day told in a relative clause
            # still sets the story's time for what follows; not the day a state runs from ("Dhaka, which has
            # remained cut off since Sunday": what follows is still told at the story's day)
            narrative, narrative_at = [d for d in sentence_dates if d.precision == "day"
                                       and not COUNTED_FROM.search(doc.text, max(0, d.start - 40), d.start)][-1], index
        elif story_day is not None and _section_heading(doc.text, sentence, in_sentence):
            # "Sherbrooke\n\nLe maire sortant a terminé troisième…": a roundup's section headed by a town tells of
            # the story's day there, however many sections (and background months) came before
            links.append(Link(doc, story_day, in_sentence[0], sentence, 0.4, inherited=True))
            narrative, narrative_at = story_day, index
        elif (narrative is not None and in_sentence
              and index - narrative_at <= (NARRATIVE_SENTENCES if narrative.precision == "day" else 1)):
            # "Dimanche, les écologistes ont gagné plusieurs villes. À Lyon, Doucet l'a emporté": the place of this
            # sentence, the time of the story.
            ahead = doc.published is not None and narrative.date_start >= doc.published
            locus = _narrated_locus(doc.text, analysis, sentence, in_sentence, ahead=ahead)
            if locus is not None:
                for place in _itinerary_with(doc.text, locus, in_sentence):
                    links.append(Link(doc, narrative, place, sentence, 0.4, inherited=True,
                                      actors=analysis.persons(*sentence)))
                if narrative.precision == "day":
                    narrative_at = index  # the day's narration goes on: the next sentences are told at that day too
        # "ce vendredi 3 mars : l'Angola, le Congo-Brazzaville puis la RDC, après le Gabon jeudi": the places a date's
        # colon opens are that date's; another date of the sentence looks among the others.
        opened = {id(d): found for d in sentence_dates if (found := _listed_after(doc.text, d, in_sentence))}
        opened.update(_days_then_stops(doc.text, sentence_dates, in_sentence))
        reserved = {id(p) for first, _ in opened.values() for p in _itinerary_with(doc.text, first, in_sentence)}
        starts = [p.start for p in in_sentence]  # in text order: a date's reach is found by bisection
        for when in sentence_dates:
            if _dates_the_saying(doc.text, when) and id(when) not in opened and _tells_what_is_to_come(doc.text, sentence, doc.language):
                # "the torch will cross Italy, organizers said on Monday": what is announced is still to come; the
                # day it was said is no day of it ("Moscou a déclaré mardi qu'ils s'étaient rencontrés à
                # Vladivostok" still dates the meeting it reports)
                continue
            # the places within reach of the date: a long text the splitter left whole is not one clause (and
            # reading every place for every date of it would be quadratic)
            near = in_sentence[bisect.bisect_left(starts, when.start - PLACE_REACH):
                               bisect.bisect_right(starts, when.end + PLACE_REACH)]
            candidates = near if id(when) in opened else [p for p in near if id(p) not in reserved]
            candidates = [p for p in candidates if not _quoted_apart(doc.text, sentence, p, when)]
            if _compared_with(doc.text, when):
                if _compared_without_figure(doc.text, when):
                    continue  # "la participation est supérieure à celle du 19 janvier": nothing told of the 19th
                # "14.000 à Rouen (contre 13.000 le 19) ou 28.000 à Nantes": the figure compared is the place's before it
                candidates = [p for p in candidates if p.end <= when.start]
            best = (opened.get(id(when)) or _best_place(doc.text, analysis, when, candidates)
                    or _antecedent(doc.text, when, candidates))
            if best:
                for place in _itinerary_with(doc.text, best[0], candidates):
                    links.append(Link(doc, when, place, sentence, best[1], actors=analysis.persons(*sentence)))
            elif _in_main_clause(analysis, when):
                carried = _same_event_nearby(doc.text, analysis, index, by_sentence, distinctive, words_of)
                if carried:
                    links.append(Link(doc, when, carried, sentence, 0.5, inherited=True, actors=analysis.persons(*sentence)))
    links += _there(doc, analysis, by_sentence, links)
    links += _listed_on_the_story_day(doc, by_sentence, links)
    links += _filed_from_dateline(doc, analysis, places, by_sentence, links)
    headed = [m for m in mentions if m.kind == "place" and m.zone in (ZONE_TITLE, ZONE_BODY) and m.lat is not None]
    links += _at_the_story_place(doc, analysis, places, by_sentence, links, headed)
    links += _live_entries(doc, analysis, by_sentence, links)
    links += _placed_before(doc, analysis, by_sentence, links)
    # (a dated happening told again is its own day's before an undated lead is publication day's)
    links += _the_happening_again(doc, analysis, by_sentence, links)
    links += _lead_of_the_day(doc, analysis, by_sentence, links)
    links += _tolls_of_the_day(doc, analysis, by_sentence, links)
    if rank:
        # (a date compared without a figure of its own dates nothing, for the ranker either)
        links = _ranked(doc, analysis, [d for d in dates if not _compared_without_figure(doc.text, d)], places, links,
                        titled(mentions))
    # A sentence that tells of a release tells of no happening on the day it stands for either ("Le ministère a
    # publié mardi le bilan des inondations à Nice": no event at Nice on the day of publication)
    releases = {analysis.sentence_bounds(m.start) for m in mentions if m.kind == "date" and m.zone == ZONE_BODY
                and m.date_start is not None and _dates_a_publication(doc.text, m)}
    if releases:
        links = [link for link in links if not (link.inherited and link.sentence in releases)]
    for link in links:
        link.status = of_report(doc.text, link.date.start, link.date.end, _own_clause(analysis, link.date, link.sentence),
                                link.date.date_start, doc.published, future_tense=_future_verb(analysis, link.date))
        link.headline = headline(analysis, link.sentence, link.place, link.date)
    return links


def link_inputs(doc: Document, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The dates and the places of the body that can make an event."""
    places = [m for m in mentions if m.kind == "place" and m.zone == ZONE_BODY and m.lat is not None]
    dates = [m for m in mentions if m.kind == "date" and m.zone == ZONE_BODY and m.date_start is not None]
    filed = dateline_head(doc.text)
    if filed is not None:  # "Libreville, 20 novembre 2023 (AGP) –": when the dispatch was filed, not an event
        dates = [d for d in dates if not filed[0] <= d.start < filed[1]]
    headings = [d for d in dates if _alone_on_its_line(doc.text, d)]
    # "April 18\n\n…\n\nApril 19\n\n…": a series of days alone on their lines is a programme's headings, not the
    # page's stamp, wherever they stand (a stamp is one line, or says it is one: "Publié le …")
    series = {id(d) for d in headings} if len({d.date_start for d in headings}) >= 2 else set()
    dates = [d for d in dates if id(d) in series and not _stamp(doc.text, d, words_only=True) or
             id(d) not in series and not _stamp(doc.text, d)]
    # "The palace on Thursday laid out the timeline": the day a document was released is no event of the map
    dates = [d for d in dates if not _dates_a_publication(doc.text, d) and not _dates_a_sale(doc.text, d)]
    # A decade or a century is history told as background ("au XIXe siècle, l'abbaye fut une prison", "in the
    # 1990s"): the date stays a mention, but a point on a news map and timeline needs a year at least.
    dates = [d for d in dates if d.precision not in TOO_COARSE_FOR_AN_EVENT]
    return dates, places


def titled(mentions: list[Mention]) -> set[str]:
    """The places the title names."""
    return {m.place_id for m in mentions if m.kind == "place" and m.zone == ZONE_TITLE}


def _ranked(doc: Document, analysis: Analysis, dates: list[Mention], places: list[Mention],
            links: list[Link], title_places: set[str]) -> list[Link]:
    """A date that no rule placed takes its likeliest place among the pairs the fitted ranker weighs (its
    sentence's places and those of the sentences around it in the paragraph), when the ranker is sure enough.
    The rules' own links stay: weighed against them, the ranker gained nothing on the development corpus."""
    fitted = linking.model()
    if fitted is None:
        return links
    weights, threshold = fitted
    chosen: dict[tuple[int, int], float] = {}
    for link in links:
        key = (link.date.start, link.place.start)
        chosen[key] = max(chosen.get(key, -10.0), link.score)
    best: dict[int, tuple[float, linking.Pair]] = {}
    for pair in linking.candidate_pairs(doc, analysis, dates, places, chosen, title_places, unplaced_only=True):
        chance = linking.probability(pair.features, weights)
        if chance >= threshold and chance > best.get(pair.date.start, (0.0, None))[0]:
            best[pair.date.start] = (chance, pair)
    return links + [Link(doc, pair.date, pair.place, pair.sentence, round(chance, 3), inherited=not pair.features["same_sentence"],
                         actors=analysis.persons(*pair.sentence)) for chance, pair in best.values()]


# "un cessez-le-feu dans la Bande de Gaza, qui entrera en vigueur dimanche", "the road to Lyon, which will close on
# Monday": a relative clause that dates what was just placed.
RELATIVE_AFTER_PLACE = re.compile(r"\s*,?\s*(?:qui|où|which|where)\b[^.;:!?()\n]{0,80}$", re.IGNORECASE)


def _antecedent(text: str, when: Mention, places: list[Mention]) -> tuple[Mention, float] | None:
    """For a date of a relative clause that names no place of its own: the place the clause follows."""
    before = [p for p in places if p.end <= when.start]
    if not before:
        return None
    place = max(before, key=lambda p: p.end)
    if RELATIVE_AFTER_PLACE.fullmatch(text[place.end:when.start]) and not SPEECH_WORDS.match(text[place.end:place.end + 40].lstrip()):
        return place, 0.4  # a place that speaks ("Moscou a déclaré … qui …") is no antecedent of a dated happening
    return None


def _per_sentence(mentions: list[Mention], sentences: list[tuple[int, int]]) -> list[list[Mention]]:
    """The mentions that start in each sentence, in text order, found by bisection (not a scan per sentence)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    return [ordered[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)] for a, b in sentences]


def _own_clause(analysis: Analysis, when: Mention, sentence: tuple[int, int]) -> tuple[int, int]:
    """The sentence, or the relative clause the date is told in ("La tempête, qui s'est abattue mercredi, va
    glisser vers l'est": what is planned in the main clause is not the relative clause's news)."""
    verb = _governor(analysis, when.start, sentence)
    if verb is None or not verb.dep_.startswith("acl"):
        return sentence
    left, right = verb.left_edge, verb.right_edge
    return max(sentence[0], left.idx), min(sentence[1], right.idx + len(right.text))


# "December 16, 2021" alone on its line above a press release, "Published September 18, 2015 at 3:36 PM",
# "Par X · Publié le 28 juin 2020 à 22h24", "Mis à jour le": when the text was issued, not what happened.
STAMP_WORDS = re.compile(r"\b(?:(?:published|updated|posted|last\s+modified|publié|mis\s+à\s+jour|modifié|actualisé)\b"
                         r"(?:\s+(?:on|le|the))?"
                         # "Rédigé par leral.net le Dimanche 10 Septembre 2023", "Posted by Jane Doe on"
                         r"|(?:rédigé|écrit|publié|posted|written|published)\s+(?:par|by)\s+[^\n]{1,40}?(?:\s+(?:le|on))?)\s*$",
                         re.IGNORECASE)
HEAD_CHARS = 300  # the title, byline and date lines above an article's first paragraph
STAMP_REACH = 120
WORD_OR_COLON = re.compile(r"\w|:")


BYLINE_BEFORE_DATE = re.compile(r"(?:(?:By|Par)\s+)?[A-ZÀ-Þ][\w.'’\-]*(?:\s+[A-ZÀ-Þ(][\w.'’()\-]*){0,3}\s*[,|·•]")


def _alone_on_its_line(text: str, when: Mention) -> bool:
    line_start = text.rfind("\n", 0, when.start) + 1
    line_end = text.find("\n", when.end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:when.start].strip(" \t-–—|·•") and not text[when.end:line_end].strip(" \t:.-–—")


def _stamp(text: str, when: Mention, words_only: bool = False) -> bool:
    # The date's line, read no further than a stamp reaches either way (a text without line breaks is one line).
    low = max(0, when.start - STAMP_REACH)
    line_start = text.rfind("\n", low, when.start) + 1 or low
    line_end = text.find("\n", when.end, when.end + STAMP_REACH)
    line_end = min(len(text), when.end + STAMP_REACH) if line_end < 0 else line_end
    before, after = text[line_start:when.start], text[when.end:line_end]
    if STAMP_WORDS.search(before):
        return True
    if words_only:
        return False
    # A date that is its whole line in the head of the text; further down, or with a colon, a date alone on its
    # line is a heading that sets the time of what follows ("Mardi 7 novembre", "Saturday, Sept. 19:").
    if when.start < HEAD_CHARS and not WORD_OR_COLON.search(after):
        head = before.strip(" \t-–—|·•")
        # alone on its line, or after an agency's or a byline's name: "Xinhua, September 20, 2016", "By Jane Doe, May 3"
        return not head or bool(BYLINE_BEFORE_DATE.fullmatch(head))
    return False


def _future_verb(analysis: Analysis, when: Mention) -> bool:
    verb = _governor(analysis, when.start)
    return verb is not None and "Fut" in verb.morph.get("Tense")


THERE = re.compile(r"\b(?:sur\s+place|sur\s+les\s+lieux|là-bas|on\s+the\s+spot|on\s+site|at\s+the\s+scene|there)\b",
                   re.IGNORECASE)
THERE_REACH = 3  # sentences back to the place "sur place" points to


def _there(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """"Lundi 13 mars, le président se rendra sur place": the place "sur place" / "there" points back to is the last
    place named where something happened, a few sentences before."""
    linked = {id(link.date) for link in links}
    out = []
    for index, (sentence, in_sentence, sentence_dates) in enumerate(by_sentence):
        if in_sentence or not THERE.search(doc.text[sentence[0]:sentence[1]]):
            continue
        earlier = [places for _, places, _ in by_sentence[max(0, index - THERE_REACH):index] if places]
        if not earlier:
            continue
        target = max(earlier[-1], key=lambda p: SPECIFICITY.get(p.place_kind, 0))  # "à Grand-Bassam, en Côte d'Ivoire"
        for when in sentence_dates:
            if id(when) not in linked and _in_main_clause(analysis, when):
                out.append(Link(doc, when, target, sentence, 0.4, inherited=True, actors=analysis.persons(*sentence)))
    return out


LIST_REACH = 8  # sentences around a verbless list of places in which its story's day is looked for
LIST_PLACES = 3
CONNECTORS = {"et", "ou", "encore", "puis", "and", "or", "then", "as", "well", "y", "e"}


def _verbless_list(text: str, sentence: tuple[int, int], places: list[Mention]) -> bool:
    """"Lyon, Strasbourg, Bordeaux ou encore Besançon et Poitiers…": nothing but places and connectors."""
    if len({p.place_id for p in places}) < LIST_PLACES:
        return False
    rest, at = [], sentence[0]
    for place in sorted(places, key=lambda p: p.start):
        rest.append(text[at:place.start])
        at = max(at, place.end)
    rest.append(text[at:sentence[1]])
    return all(word.lower() in CONNECTORS for word in re.findall(r"\w+", " ".join(rest)))


def _listed_on_the_story_day(doc: Document, by_sentence: list, links: list[Link]) -> list[Link]:
    """A standfirst that lists places without a verb or a date ("Lyon, Strasbourg, Bordeaux ou encore Besançon et
    Poitiers…") is about the day of the nearby sentence that tells what happened at one of them ("Ce dimanche 28
    juin, … Bordeaux"): the list's other places take that day too, the way a reader reads a lead."""
    days: dict[str, list[tuple[int, Link]]] = defaultdict(list)
    by_range = {sentence: index for index, (sentence, _, _) in enumerate(by_sentence)}
    for link in links:
        if link.date.precision == "day" and not link.inherited and link.sentence in by_range:
            days[link.place.place_id].append((by_range[link.sentence], link))
    out = []
    for index, (sentence, in_sentence, sentence_dates) in enumerate(by_sentence):
        if sentence_dates or not in_sentence or not _verbless_list(doc.text, sentence, in_sentence):
            continue
        told = [(abs(at - index), link) for place in in_sentence for at, link in days.get(place.place_id, ())
                if abs(at - index) <= LIST_REACH]
        if not told:
            continue
        _, anchor = min(told, key=lambda item: item[0])
        for place in in_sentence:
            out.append(Link(doc, anchor.date, place, sentence, 0.4, inherited=True))
    return out


FOCUS_SHARE = 0.5  # of a document's town and site mentions, for one town to be where its story happens
FOCUS_MENTIONS = 4
# A day of the story's own, in a story that names one town more than all others together, happened there even if
# the town is named only twice ("Dimanche, … ils avaient été des milliers à marcher" in a Lourdes report); a
# year or a month is background, and needs the town to be the story beyond doubt.
FOCUS_MENTIONS_FOR_A_DAY = 2
DIVISION_FOCUS_MENTIONS = 3  # a division is named more often than a town before a story is told of it alone


def _story_place(places: list[Mention], mentions: int = FOCUS_MENTIONS, divisions: bool = False) -> Mention | None:
    """The town a local story is about: named at least four times (or `mentions`) and in at least half of its town
    and site mentions (Lac-Mégantic in an anniversary piece, not Paris in a world round-up). A story told of a
    division rather than a town (a fire "dans l'Aude", floods "in Kerala") is about that division when it is named
    as often and most of the places are in it (`divisions`: for a day's news; a year is not placed so loosely)."""
    local = [p for p in places if p.place_kind in {"city", "site"} and not p.approximate]
    if local:
        counts = Counter(p.place_id for p in local)
        pid, count = counts.most_common(1)[0]
        if count >= mentions and count >= FOCUS_SHARE * len(local):
            return next(p for p in local if p.place_id == pid)
    named = [p for p in places if p.place_kind == "region"] if divisions else []
    if not named:
        return None
    counts = Counter(p.place_id for p in named)
    pid, count = counts.most_common(1)[0]
    division = next(p for p in named if p.place_id == pid)
    inside = sum(1 for p in places if p.place_id == pid or (p.admin1 and p.admin1 == division.admin1
                                                            and p.country_code == division.country_code))
    if count >= max(mentions, DIVISION_FOCUS_MENTIONS) and inside >= FOCUS_SHARE * len(places):
        return division
    return None


def _owner_or_speaker(text: str, analysis: Analysis, place: Mention) -> bool:
    """"Britain's heatwave", "Moscou a déclaré": a place named as an owner or a speaker, not as where."""
    after = text[place.end:place.end + 3]
    return after[:2] in {"'s", "’s"} or _is_speaker(analysis, place) or bool(SPEECH_WORDS.match(text[place.end:place.end + 40].lstrip()))


def _headline_place(doc: Document, places: list[Mention]) -> Mention | None:
    """Where the headline says the story is, when its first paragraph says so again: "Homes evacuated as fires rage
    on Saddleworth Moor" / "…as fires on Saddleworth Moor continue to spread". Both must name the same town, site
    or division, the headline after a word that says where (a team named in a headline is not where: "Toulouse
    atomise Nantes")."""
    text = doc.text
    title_end = text.find("\n")
    if title_end <= 0:
        return None
    lead_start = title_end
    while lead_start < len(text) and text[lead_start] in "\n\r \t":
        lead_start += 1
    lead_end = text.find("\n", lead_start)
    lead_end = len(text) if lead_end < 0 else lead_end
    in_lead = {p.place_id for p in places if lead_start <= p.start < lead_end}
    for place in places:
        if place.start >= title_end:
            break
        if (place.place_kind in {"city", "site", "region"} and place.place_id in in_lead
                and _is_locative(text, place, doc.language)):
            return place
    return None


def _at_the_story_place(doc: Document, analysis: Analysis, places: list[Mention], by_sentence: list,
                        links: list[Link], headed: list[Mention] | None = None) -> list[Link]:
    """A dated sentence that names no place, in a story about one town, happened in that town ("le train a déraillé
    en plein centre-ville, dans la nuit du 6 juillet 2013" in a piece about Lac-Mégantic)."""
    focus, focus_of_a_day = _story_place(places), _story_place(places, FOCUS_MENTIONS_FOR_A_DAY, divisions=True)
    if focus_of_a_day is None:
        focus_of_a_day = _headline_place(doc, headed if headed is not None else places)
    if focus_of_a_day is None:
        return []
    linked = {id(link.date) for link in links}
    out = []
    for sentence, in_sentence, sentence_dates in by_sentence:
        # A sentence that names places only as owners or speakers ("amid Britain's heatwave") says no other where.
        if any(_is_locative(doc.text, p, doc.language) or not _owner_or_speaker(doc.text, analysis, p) for p in in_sentence):
            continue
        for when in sentence_dates:
            if _quoted(doc.text, sentence, when):
                continue  # « Nous irons lundi », a dit le maire: what someone says will happen is not told here
            town = focus_of_a_day if when.precision == "day" else focus
            if (town is not None and id(when) not in linked and _in_main_clause(analysis, when)
                    and not _dates_the_saying(doc.text, when)):
                out.append(Link(doc, when, town, sentence, 0.35, inherited=True, actors=analysis.persons(*sentence)))
    return out


# A news lead tells what has just happened, without a date: "More than 30 homes have been evacuated as fires on
# Saddleworth Moor continue to spread", "la marche silencieuse s'est ébranlée de l'église vers le centre". Its verb
# is in the present perfect (the French passé composé), which tells the recent past, and what it tells happened on
# the day the article was published (the document's creation time, which TimeML and HeidelTime anchor such a lead
# to). Only a place that follows the verb in its own clause is where (not "a man who crashed in Dover has been
# jailed", whose place belongs to a relative clause before the verb).
LEAD_SENTENCES = 2  # the first sentences of the body: a lead, not the background told further down
PERFECT_VERB = {
    "en": re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|also\s+|already\s+|now\s+)?(?:been\s+)?"
                     r"[a-z]+(?:ed|en|wn|ne|ng|ght|lt|pt|ld|ck|un|ut)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:a|ont|est|sont)\s+(?:\w+ment\s+|déjà\s+|aussi\s+|toutefois\s+)?(?:été\s+)?"
                     r"\w+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites|ert|erte|erts|ertes)\b", re.IGNORECASE),
}
RELATIVE_WORD = re.compile(r"\b(?:who|which|that|whose|qui|que|qu['’]|dont|où)\b", re.IGNORECASE)
LEAD_KINDS = {"city", "site", "region"}  # a country in a lead is its government more often than where


def _lead_of_the_day(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """The places where an undated lead says something has just happened, on the day of publication."""
    perfect = PERFECT_VERB.get(doc.language)
    if doc.published is None or perfect is None:
        return []
    body = doc.text.find("\n")  # the title is the first line
    linked = {link.sentence for link in links}
    out: list[Link] = []
    for sentence, in_sentence, sentence_dates in [item for item in by_sentence if item[0][0] > body][:LEAD_SENTENCES]:
        clause = doc.text[sentence[0]:sentence[1]]
        verb = perfect.search(clause)
        if sentence_dates or sentence in linked or verb is None or PLANNED_WORDS.search(clause) or _quoted_sentence(clause):
            continue
        after = sentence[0] + verb.end()
        where = [p for p in in_sentence if p.start >= after and p.place_kind in LEAD_KINDS
                 and not RELATIVE_WORD.search(doc.text[after:p.start])
                 and _is_locative(doc.text, p, doc.language) and not _owner_or_speaker(doc.text, analysis, p)]
        if not where:
            continue
        today = _publication_day(doc, sentence)
        for place in where:
            out.append(Link(doc, today, place, sentence, 0.35, inherited=True, actors=analysis.persons(*sentence)))
    return out


# "Le séisme s'est produit …, avec pour épicentre la ville de Balao": the happening the text has dated, named again
# with a definite article in a sentence of no date of its own, happened on that day at the places that sentence sets
HAPPENING_DATE_REACH = 40  # characters between a day and the happening it dates
HAPPENING_AGAIN = re.compile(r"\b(?:le|la|l['’]|ce|cette|the|this)\s*(?:[^\W\d_]+\s+){0,2}?(?P<noun>[^\W\d_]+)\b",
                             re.IGNORECASE)


def _the_happening_again(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """Places of undated sentences that tell again of a happening the text dated to a day ("un séisme … samedi", then
    "le séisme … avec pour épicentre la ville de Balao"; "an earthquake struck on Thursday", then "the quake's
    epicentre was off Ambon"): that happening's day, at the places the sentence sets (a word of place before them,
    no speaker). The last day-dated sentence before it that names the happening dates it (a report of three
    tornadoes tells of "the tornado" just dated)."""
    text = doc.text
    dated: dict[str, Mention] = {}  # each happening's day as the reading reaches it
    linked = {link.sentence for link in links}
    out: list[Link] = []
    for sentence, in_sentence, sentence_dates in by_sentence:
        clause = text[sentence[0]:sentence[1]]
        days = [d for d in sentence_dates if d.precision == "day"]
        if len(days) == 1:
            # the happening the date is told with ("samedi lors d'un séisme"), not any noun of its sentence
            # ("Wednesday the weather service conducted surveys of tornado events": the survey's day)
            near = text[max(sentence[0], days[0].start - HAPPENING_DATE_REACH):min(sentence[1], days[0].end + HAPPENING_DATE_REACH)]
            for word in re.findall(r"[^\W\d_]+", near):
                if word.lower() in HAPPENING_NOUNS:
                    dated[word.lower()] = days[0]
        if sentence_dates or sentence in linked or _quoted_sentence(clause):
            continue
        again = [m for m in HAPPENING_AGAIN.finditer(clause) if m.group("noun").lower() in dated]
        if not again:
            continue
        when = dated[again[0].group("noun").lower()]
        for place in in_sentence:  # a town or a site: "felt as far away as Bali" is no place of the quake's own
            if (place.place_kind in {"city", "site"} and _is_locative(text, place, doc.language)
                    and not _owner_or_speaker(text, analysis, place) and not _measured_from(text, place)):
                out.append(Link(doc, when, place, sentence, 0.35, inherited=True, actors=analysis.persons(*sentence)))
    return out


# A toll or damage told in the present perfect, with no date of its own: "In Lao Cai Province, 53 people have been
# confirmed dead", "À Trèbes, six personnes ont été tuées". Disaster reports list them by place; the count stands as
# of the day of publication (a reader's map puts it there, as ACLED and ReliefWeb date a reported toll).
TOLL = {
    "en": re.compile(r"\b(?:(?:have|has)\s+(?:now\s+|so\s+far\s+|also\s+)?(?:been\s+(?:confirmed\s+|reported\s+)?"
                     r"(?:dead|killed|injured|hurt|missing|evacuated|displaced|damaged|destroyed|flooded|swept\s+away)"
                     r"|died|perished|lost\s+their\s+lives)|(?:has|have)\s+(?:reported|recorded|confirmed)\s+[\d,.]+\s+"
                     r"(?:deaths|dead|fatalities|casualties))\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:(?:ont|a)\s+été\s+(?:tué|blessé|évacué|endommagé|détruit|sinistré|inondé|emporté|"
                     r"retrouvé\s+mort)e?s?|(?:sont|est)\s+(?:mort|décédé)e?s?|(?:ont|a)\s+(?:péri|perdu\s+la\s+vie)|"
                     r"(?:on\s+)?(?:dénombre|compte|déplore)\s+[\d\s]+\s*(?:morts|décès|victimes|blessés))\b", re.IGNORECASE),
}


# A turnout counted by place, as a day of protest is reported ("ils étaient 14.000 à Rouen", "500.000 manifestants
# à Paris", "thousands of people marched in Lyon"): like a toll, it stands on the day the story is at.
CROWD = {
    "en": re.compile(r"\b(?:\d[\d,.]*|thousands|hundreds|dozens|tens\s+of\s+thousands)\s+(?:of\s+)?(?:people|protesters|"
                     r"demonstrators|marchers|strikers)\s+(?:have\s+|had\s+)?(?:marched|rallied|protested|gathered|"
                     r"demonstrated|took\s+to\s+the\s+streets|turned\s+out)\b|\bturnout\s+(?:was|is|has\s+been|remained)\b",
                     re.IGNORECASE),
    "fr": re.compile(r"\b\d[\d\s.,]*\s*(?:manifestants|grévistes)\b|\bils\s+étaient\s+(?:\w+\s+){0,3}?\d|"
                     r"\b(?:participation|mobilisation|affluence)\s+(?:est|était|a\s+été|reste|restait)\b", re.IGNORECASE),
}
# A date a figure is compared with, not the time of the sentence ("14.000 à Rouen (contre 13.000 le 19)", "supérieure
# à celle du 19 janvier", "up from 2,000 on Monday", "compared with 2019"): what the sentence reports is still of the
# story's day.
_FIGURE_WORDS = r"(?:[^,;.()\n]|(?<=\d)[.,](?=\d)){0,30}"
COMPARED_WITH = re.compile(rf"(?:\bcontre\b{_FIGURE_WORDS}|\bpar\s+rapport\s+(?:au|aux|à\s+la|à\s+l['’]|à)\s*|"
                           rf"\b(?:celles?|celui|ceux)\s+(?:du|de\s+la|de\s+l['’]|des)\s*|\bcompared\s+(?:with|to)\b"
                           rf"{_FIGURE_WORDS}|\b(?:up|down)\s+from\b{_FIGURE_WORDS}|\bversus\b{_FIGURE_WORDS}|"
                           rf"(?<!later )(?<!earlier )(?<!sooner )\bthan\s+(?:(?:on|in)\s+)?|"
                           rf"\b(?:plus|moins|davantage)\b{_FIGURE_WORDS}\bqu(?:e\s+(?:le|lors\s+du)\s+|['’]en\s+|['’]au\s+))$",
                           re.IGNORECASE)


def _compared_with(text: str, when: Mention) -> bool:
    return COMPARED_WITH.search(text, max(0, when.start - 60), when.start) is not None


FIGURE = re.compile(r"\d")
FIGURE_REACH = 50  # "Orléans (8.500 contre 12.000) par rapport au 19": the figure of the compared day is this close


def _compared_without_figure(text: str, when: Mention) -> bool:
    """"contre 13.000 le 19" tells the 19th's figure (an event of that day); "supérieure à celle du 19 janvier",
    "higher than on January 19" tell nothing of that day, only today's comparison with it."""
    if not _compared_with(text, when):
        return False
    before = re.split(r"[.!?]\s", text[max(0, when.start - FIGURE_REACH):when.start])[-1]
    return FIGURE.search(before) is None


# A vote's result at a place: "arrive en tête avec 49,85%", "a été élue mairesse", "s'est taillé … 74,89% des
# suffrages", "won 62% of the vote", "was elected mayor": told of the day of the vote, however far down the roundup.
RESULT = {
    "fr": re.compile(r"\b\d{1,2}[,.]\d{1,2}\s?%|\b(?:a\s+été|est|sont|ont\s+été)\s+élue?s?\b|\barrive\s+en\s+tête\b|"
                     r"\bl['’]a\s+emporté\b|\bremporte\b", re.IGNORECASE),
    "en": re.compile(r"\b\d{1,2}(?:\.\d{1,2})?\s?(?:%|per\s?cent)\s+of\s+the\s+(?:vote|votes|ballots)\b|"
                     r"\b(?:was|were|is|has\s+been)\s+(?:re-?)?elected\b|\bwon\s+(?:the\s+)?(?:race|seat|election)\b",
                     re.IGNORECASE),
}
VOTE_NOUNS = re.compile(r"\b(?:élections?|scrutin|premier\s+tour|second\s+tour|référendum|municipales|législatives|"
                        r"présidentielle|elections?|vote|ballot|primary|referendum|runoff|polls?)\b", re.IGNORECASE)


def _tolls_of_the_day(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """The places of the body's undated tolls and turnouts, on the day of publication (or the story's day); a
    vote's results by place, on the day of the vote."""
    toll, crowd, result = TOLL.get(doc.language), CROWD.get(doc.language), RESULT.get(doc.language)
    if doc.published is None or toll is None:
        return []
    voted = VOTE_NOUNS.search(doc.text) is not None
    vote_day: Mention | None = None  # the last day told in a sentence about the vote
    linked = {link.sentence for link in links if not _compared_with(doc.text, link.date)}
    out: list[Link] = []
    story_day: tuple[int, Mention] | None = None  # the last day the story told, and in which sentence
    for index, (sentence, in_sentence, sentence_dates) in enumerate(by_sentence):
        own_dates = [d for d in sentence_dates if not _compared_with(doc.text, d)]
        days = [d for d in own_dates if _sets_the_story_day(doc.text, d)]
        if days:
            story_day = (index, days[-1])
        clause = doc.text[sentence[0]:sentence[1]]
        if voted:
            past_days = [d for d in sentence_dates if d.precision == "day" and d.date_start <= doc.published]
            if past_days and VOTE_NOUNS.search(clause):
                vote_day = past_days[-1]
        if own_dates or sentence in linked or doc.zone_at(sentence[0]) != ZONE_BODY:
            continue
        told = toll.search(clause) or (crowd.search(clause) if crowd else None)
        score = None if told or vote_day is None or result is None else result.search(clause)
        counted = score is not None
        if not (told or counted) or PLANNED_WORDS.search(clause) or _quoted_sentence(clause):
            continue
        # where: after a word of place ("In Lao Cai Province, …"), or the toll's own subject ("Cao Bang has
        # reported 29 deaths"); a result's place is any place before the score ("La région de la Marahoué redonne
        # du souffle au candidat avec 45,39%", "Pour la région de l'Agneby, le candidat … 74,89%")
        subject_end = sentence[0] + (told or score).start()
        where = [p for p in in_sentence if p.place_kind in LEAD_KINDS
                 and (_is_locative(doc.text, p, doc.language) or not doc.text[p.end:subject_end].strip()
                      or counted and p.end <= subject_end)
                 and not _owner_or_speaker(doc.text, analysis, p) and not _measured_from(doc.text, p)]
        if not where:
            continue
        # the day the story is at ("après le vote du dimanche 21 février … Dans la matinée, sept agents ont été
        # tués"), else the day of publication
        if counted:
            when = vote_day
        elif story_day is not None and index - story_day[0] <= NARRATIVE_SENTENCES and story_day[1].date_start <= doc.published:
            when = story_day[1]
        else:
            when = _publication_day(doc, sentence)
        # "comme Limoges, Poitiers ou Tours, la participation est supérieure": each town listed with the first
        listed = {id(p): p for place in where for p in _itinerary_with(doc.text, place, in_sentence)}
        for place in listed.values():
            out.append(Link(doc, when, place, sentence, 0.35, inherited=True, actors=analysis.persons(*sentence)))
    return out


def _publication_day(doc: Document, sentence: tuple[int, int]) -> Mention:
    """The day of publication as the date of an undated sentence (a lead, a toll): a mention of no text."""
    return Mention(doc.doc_id, "date", "", sentence[0], sentence[0], sentence[0], sentence[1], ZONE_BODY, 0.5,
                   date_start=doc.published, date_end=doc.published, precision="day", resolved_against="publication")


def _quoted_sentence(clause: str) -> bool:
    """A lead that is someone's words ("« Nous avons gagné à Lyon », a dit…") tells no news of its own."""
    return clause.lstrip()[:1] in {"«", '"', "“", "'"}


# "- 21h37 : Evacuations dans la commune de Maasmechelen", "9:05 p.m." on its own line, "10:45 BST – Rescuers…": a
# live blog's entries, each stamped with a clock time (of the day a heading above names, else of the day it is
# published). Clock times are no dates of their own (the reference lists them nowhere), but they date their entry.
CLOCK_ENTRY = re.compile(
    r"^[ \t]*(?:[-–—•*][ \t]*)?(?P<clock>(?:[01]?\d|2[0-3])(?:[hH:.][0-5]\d|[hH](?![a-zà-ÿ]))"
    r"(?:[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b))?|(?:1[0-2]|0?\d)[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b))"
    r"(?:[ \t]*(?:BST|GMT|CET|CEST|UTC|ET|EST|EDT|PT|PST|PDT|HNE|HAE)\b)?[ \t]*(?:[:\-–—|][ \t]*|$)",
    re.MULTILINE | re.IGNORECASE)
LIVE_ENTRIES = 3  # stamped lines before a text reads as a live blog (a single "14h30 :" is a quote or a schedule)
HEADING_CHARS = 40  # a line this short that holds a day is a day heading ("Saturday, Sept. 19:", "Jeudi 15 juillet")


def _live_entries(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """The places of a live blog's entries that no date of their own placed, on the entry's day."""
    stamps = list(CLOCK_ENTRY.finditer(doc.text))
    if len(stamps) < LIVE_ENTRIES or doc.published is None:
        return []
    headings = [d for _, _, dates in by_sentence for d in dates if d.precision == "day" and _on_a_heading(doc.text, d)]
    heading_starts = [d.start for d in headings]
    linked = {link.sentence for link in links}
    sentence_starts = [sentence[0] for sentence, _, _ in by_sentence]
    out = []
    for number, stamp in enumerate(stamps):
        entry_end = stamps[number + 1].start() if number + 1 < len(stamps) else len(doc.text)
        above = bisect.bisect_left(heading_starts, stamp.start())
        day = headings[above - 1].date_start if above else doc.published
        own_sentence = analysis.sentence_bounds(stamp.start("clock"))
        clock = Mention(doc_id=doc.doc_id, kind="date", text=stamp.group("clock"), start=stamp.start("clock"),
                        end=stamp.end("clock"), sentence_start=own_sentence[0], sentence_end=own_sentence[1],
                        zone=ZONE_BODY, date_start=day, date_end=day, precision="day",
                        resolved_against="previous mention" if above else "publication")
        first = bisect.bisect_left(sentence_starts, stamp.start("clock"))
        if first and by_sentence[first - 1][0][1] > stamp.start("clock"):
            first -= 1  # the stamp opens the sentence it is part of
        for sentence, in_sentence, sentence_dates in by_sentence[first:]:
            if sentence[0] >= entry_end:
                break
            if sentence in linked or sentence_dates or not in_sentence:
                continue
            locus = _narrated_locus(doc.text, analysis, sentence, in_sentence)
            if locus is not None:
                out += [Link(doc, clock, place, sentence, 0.4, inherited=True, actors=analysis.persons(*sentence))
                        for place in _itinerary_with(doc.text, locus, in_sentence)]
    return out


def _on_a_heading(text: str, when: Mention) -> bool:
    line_start = text.rfind("\n", 0, when.start) + 1
    line_end = text.find("\n", when.end)
    return (len(text) if line_end < 0 else line_end) - line_start <= HEADING_CHARS


DATELINE_DAYS = 7  # how far from the publication date a dispatch's own news lies


def _filed_from_dateline(doc: Document, analysis: Analysis, places: list[Mention], by_sentence: list,
                         links: list[Link]) -> list[Link]:
    """Dated sentences of the dispatch's own days that found no place take the dateline's ("KABUL (AP) — Rescuers
    reached the valley on Tuesday")."""
    span = find_dateline(doc.text)
    if span is None or doc.published is None:
        return []
    filed = [p for p in places if span[0] <= p.start < span[1]]
    if not filed:
        return []
    anchor = max(filed, key=lambda p: SPECIFICITY.get(p.place_kind, 0))
    linked = {id(link.date) for link in links}
    out = []
    for sentence, _, sentence_dates in by_sentence:
        for when in sentence_dates:
            # "an official said Tuesday that...": what is reported may be anywhere; but "... derailed early Monday,
            # authorities said" happened where the reporter files from.
            if (id(when) in linked or when.precision != "day" or _dates_the_saying(doc.text, when)
                    or not _in_main_clause(analysis, when)
                    or abs((when.date_start - doc.published).days) > DATELINE_DAYS):
                continue
            out.append(Link(doc, when, anchor, sentence, 0.4, inherited=True, actors=analysis.persons(*sentence)))
    return out


# Between two stops of an itinerary: commas, "et", "and", "puis", "then", and the article or preposition each stop
# takes ("l'Angola, le Congo-Brazzaville puis la RDC", "Havana, then Holguín and Santiago").
LIST_GAP = re.compile(
    r"\s*(?:,|;|\bet\b|\band\b|\bpuis\b|\bthen\b|\bavant\s+de\s+(?:rejoindre|gagner|se\s+rendre\s+(?:à|en|au))|"
    r"\bbefore\s+(?:heading|travelling|traveling|flying|going)\s+(?:on\s+)?to)\s*"
    r"(?:,?\s*(?:puis|then|enfin|finally)\s+)?"
    r"(?:(?:à|au|aux|en|de|du|des|d['’]|in|to|on)\s+)?(?:(?:la|le|les|l['’]|the)\s*)?"
    # "Pakistan and neighboring Afghanistan", "Islamabad and the Indian capital of New Delhi"
    r"(?:(?:neighbou?ring|nearby|voisine?s?|(?-i:[A-Z][a-zà-ÿ]+))\s+)?", re.IGNORECASE)
# A stop's own time, between it and the next: "le Finistère à minuit, les Côtes-d'Armor à 2h, puis la Manche".
STOP_TIME = re.compile(r"\s+(?:à|vers|dès|at|from|by)\s+(?:minuit|midi|midnight|noon|\d{1,2}\s*h(?:\s*\d{2})?|"
                       r"\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm))", re.IGNORECASE)


# A list item described before its name: "to the coastal city of Mombasa, in the capital Nairobi", "la petite ville de
# Pietermaritzburg et la capitale Pretoria". A few lowercase words, then a noun that says what kind of place follows,
# here or at the head of the next mention ("the inland town of X" is found as "town of X").
KIND_OF_PLACE = (r"(?:capitale|ville|village|bourg|commune|localité|cité|port|région|province|préfecture|département|"
                 r"district|capital|city|town|hamlet|suburb|borough|township|county|state|region)\b")
DESCRIBED_ITEM = re.compile(rf"(?P<words>(?:[a-zà-ÿ][a-zà-ÿ'’-]*\s+){{0,2}}?)(?:{KIND_OF_PLACE}"
                            rf"(?:\s+(?:of|de|du|d['’]))?\s*)?")
JOINT = re.compile(r"[,;]|\b(?:et|and|puis|then)\b", re.IGNORECASE)


def _list_gap(gap: str, following: str = "") -> bool:
    """Whether `gap`, the text between two places, joins them in one list; `following` is the text of the second."""
    time = STOP_TIME.match(gap)
    gap = gap[time.end():] if time else gap
    if LIST_GAP.fullmatch(gap):
        return True
    # the same list with its items described: what follows the list's joint describes the next item
    joint = LIST_GAP.match(gap)
    if joint is None or not JOINT.search(gap, 0, joint.end()):
        return False
    described = DESCRIBED_ITEM.fullmatch(gap, joint.end())
    # bare lowercase words ("and the police of X") describe nothing unless a kind of place ends them or opens X
    return described is not None and (described.end("words") < len(gap)
                                      or re.match(KIND_OF_PLACE, following) is not None)


CONJUNCTION = re.compile(r"\b(?:et|ou|and|or)\b", re.IGNORECASE)
OR_GAP = re.compile(r"\s*,?\s*(?:ou|or)\s+", re.IGNORECASE)


def _last_of_an_enumeration(text: str, before: Mention, gap: str) -> bool:
    """"comme Nantes, Rennes ou Marseille", "such as Leeds, York or Hull": an enumeration's last item after "or"
    (two places with "or" alone are alternatives: "à Genève ou à Vienne")."""
    return bool(OR_GAP.fullmatch(gap)) and text[max(0, before.start - 2):before.start].strip() == ","
SEQUENCE = re.compile(r"\b(?:puis|then|avant de|before)\b", re.IGNORECASE)
KIND_GROUP = {"site": "local", "city": "local", "region": "region", "country": "country", "macro": "macro"}


# A colon that opens a list of places, and the article or preposition of its first item.
_COLON_LIST = r":\s*(?:(?:la|le|les|l['’]|the|à|au|aux|en|in|at)\s*)?"
AFTER_COLON = re.compile(rf"\s*{_COLON_LIST}", re.IGNORECASE)  # between a date and the list it introduces
LIST_AFTER_COLON = re.compile(rf"{_COLON_LIST}$", re.IGNORECASE)  # just before a listed place


def _listed_after(text: str, when: Mention, places: list[Mention]) -> tuple[Mention, float] | None:
    """"ce vendredi 3 mars : l'Angola, le Congo-Brazzaville puis la RDC": a date that introduces a list of places."""
    following = [p for p in places if p.start >= when.end]
    if following and AFTER_COLON.fullmatch(text[when.end:following[0].start]):
        return following[0], 1.0
    return None


# "se rendra, mardi, successivement à Boron, Farakoro et Dikodougou, mercredi à Olléo, et vendredi, à Sinématiali",
# "will fly on Monday to Nairobi and Kampala, on Wednesday to Kigali": each day opens the stops that follow it.
DAY_THEN_STOPS = re.compile(r"[\s,]*(?:(?:successivement|ensuite|puis|then|first|d['’]abord|respectivement)[\s,]*)?"
                            r"(?:à|au|aux|en|dans|vers|pour|to|in|at|for)\s+(?:(?:la|le|les|l['’]|the)\s*)?",
                            re.IGNORECASE)


def _days_then_stops(text: str, dates: list[Mention], places: list[Mention]) -> dict[int, tuple[Mention, float]]:
    """Dates that each open the stops after them, in a sentence with two days or more that all do."""
    days = sorted((d for d in dates if d.precision == "day"), key=lambda d: d.start)
    if len(days) < 2:
        return {}
    opened = {}
    for when in days:
        following = [p for p in places if p.start >= when.end]
        if not following or not DAY_THEN_STOPS.fullmatch(text[when.end:following[0].start]):
            return {}  # one day that does not open its stops: the sentence is not an itinerary by days
        opened[id(when)] = (following[0], 1.0)
    return opened


TOLL_GAP = re.compile(
    r"(?:\s*[,;]\s*(?:et\s+|and\s+)?|\s+(?:et|and)\s+)(?:\d[\d\s.,]*|un|une|deux|trois|one|two|three)\s+[^,;.:()]{0,40}?"
    r"(?:à|au|aux|en|dans|in|at)\s+(?:la\s+|le\s+|l['’]|les\s+|the\s+)?"
    r"(?:(?:province|préfecture|région|district|state|county|département|ville|commune|city|town|region)\s+"
    r"(?:de\s+la\s+|de\s+l['’]|de\s+|d['’]|du\s+|des\s+|of\s+(?:the\s+)?)?)?", re.IGNORECASE)


# A journey that goes on to its next stop, of whatever kind: "arrivera à Dubaï vendredi avant de rejoindre le Qatar",
# "will land in Dubai on Friday, then travel to Doha", "visited Nairobi before heading to Uganda". The day the first
# stop is told with may stand between the two: the next stop follows on it.
_WEEKDAY = (rf"(?:{lexicon('fr').weekday_re}|{lexicon('en').weekday_re})"
            r"(?:\s+(?:matin|soir|après-midi|morning|afternoon|evening|night))?")
ONWARD = re.compile(
    rf"\s*(?:,\s*)?(?:(?:on\s+|ce\s+)?{_WEEKDAY}\s*,?\s*)?(?:(?:and|et)\s+)?"
    r"(?:puis|ensuite|avant\s+de|then|before|after\s+which)\s+"
    r"(?:(?:se\s+|s['’])?(?:rejoin\w*|gagn\w*|rend\w*|part\w*|repart\w*|envol\w*|dirig\w*|continu\w*|poursuiv\w*)|"
    r"travel\w*|head\w*|fl(?:y|ies|ew|ying)|go(?:es|ing)?|went|mov\w*\s+on|continu\w*|leav\w*\s+for|depart\w*(?:\s+for)?|"
    r"proceed\w*)\s+(?:(?:à|au|aux|en|vers|pour|dans|on\s+to|to|for|in)\s+)?(?:(?:la|le|les|l['’]|the)\s*)?",
    re.IGNORECASE)


def _itinerary_with(text: str, place: Mention, places: list[Mention]) -> list[Mention]:
    """The place, and the places listed with it: the stops of an itinerary ("l'Angola, le Congo-Brazzaville puis la
    RDC"), or the towns and regions one event touched ("le Finistère, les Côtes-d'Armor et la Manche en vigilance
    rouge"), one event each, as ACLED codes each location. A list of countries without a word of sequence is a
    list of parties ("la France et l'Allemagne ont signé"): the best of them stands."""
    town_starts = {m.start for m in places}
    ordered = sorted((m for m in places if m is place or not _area_of_the_next(text, m, town_starts)),
                     key=lambda m: m.start)
    index = next(i for i, m in enumerate(ordered) if m is place)
    group = KIND_GROUP.get(place.place_kind, "")
    first = last = index
    def joined(a: Mention, b: Mention) -> bool:
        # "in the capital Nairobi and the Rift Valley town of Eldoret": the area named before a town is no gap
        gap = AREA_IN_GAP.sub("", text[a.end:b.start])
        # a toll by place lists places of mixed kinds: "1.293 morts dans la province d'Al Haouz, 452 morts dans la
        # province de Taroudant … et 15 morts à la préfecture de Marrakech"
        return (KIND_GROUP.get(a.place_kind) == KIND_GROUP.get(b.place_kind) == group
                and (_list_gap(gap, b.text) or _last_of_an_enumeration(text, a, gap))
                or bool(TOLL_GAP.fullmatch(gap)) or bool(ONWARD.fullmatch(gap)))

    while first > 0 and joined(ordered[first - 1], ordered[first]):
        first -= 1
    while last + 1 < len(ordered) and joined(ordered[last], ordered[last + 1]):
        last += 1
    if last == first or not (SEQUENCE.search(text[ordered[first].end:ordered[last].start]) or group in {"local", "region"}
                             or LOCATIVE.search(text[max(0, ordered[first].start - 30):ordered[first].start])
                             and CONJUNCTION.search(text[ordered[first].end:ordered[last].start])):
        return [place]  # "in Pakistan and Afghanistan" are where; "Pakistan and Afghanistan agreed" are parties
    return ordered[first:last + 1]


QUOTES = "«»“”\"„"
# A sourced figure ("selon les estimations", "according to police") still narrates; someone speaking does not.
SPEECH_WORDS = re.compile(r"\b(?:said|says|told|tells|a déclaré|a dit|a affirmé|a indiqué|a annoncé|a estimé|"
                          r"a expliqué|a ajouté|a souligné|a précisé|a assuré)\b", re.IGNORECASE)
# What a sentence says is still to come (reported plans and forecasts), in the languages the press here writes. Wider
# than the dates stage's future words (pipeline/dates.py WORDS): "would" of reported speech, "tomorrow", "demain".
FUTURE_WORDS = {
    "en": re.compile(r"\b(?:will|shall|would|going\s+to|is\s+due\s+to|are\s+due\s+to|tomorrow|next)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:va|vont|sera|seront|devrait|devraient|prochain|prochaine|prochains|demain)\b"
                     r"|\b\w{2,}(?:era|eront|ira|iront)\b", re.IGNORECASE),  # "partira", "se tiendra", "visiteront"
}
# "since the last update on September 10", "depuis le 3 mars": the day a count or a state runs from
COUNTED_FROM = re.compile(r"\b(?:since|depuis)\b[^,.;:!?\n]{0,30}$", re.IGNORECASE)
# A date that dates the saying, not the news: "officials said Tuesday", "said in a statement on Monday", "a-t-on
# annoncé mardi", "a indiqué ce jeudi la préfecture". The speech verb just before the date, nothing but a few
# words between (no comma, no clause).
SPEECH_BEFORE_DATE = re.compile(
    r"\b(?:said|says|told|announced|stated|declared|confirmed|reported|déclaré|dit|affirmé|indiqué|annoncé|estimé|"
    r"expliqué|ajouté|souligné|précisé|assuré|confirmé|fait\s+savoir)\b[^,.;:!?\n]{0,30}$", re.IGNORECASE)


def _quoted(text: str, sentence: tuple[int, int], when: Mention) -> bool:
    """Whether the date lies inside a quotation of its sentence (a quoted prayer's title elsewhere in the sentence,
    « je vous salue Marie », leaves a narrated date narrated)."""
    return _inside_quotation(text, sentence, when.start)


def _inside_quotation(text: str, sentence: tuple[int, int], at: int) -> bool:
    before = text[max(sentence[0], at - QUOTE_REACH):at]  # bounded: a giant "sentence" stays linear
    opened = before.count("«") - before.count("»") + before.count("“") - before.count("”") + before.count("„")
    return opened > 0 or before.count('"') % 2 == 1


def _quoted_apart(text: str, sentence: tuple[int, int], place: Mention, when: Mention) -> bool:
    """A place inside a quotation that the date is not in: a title's or someone's words, not where the dated thing
    happened (« Le Mont-Saint-Michel en Normandie et en Europe », a colloquium's title, "du 31 mai au 4 juin")."""
    return _inside_quotation(text, sentence, place.start) and not _inside_quotation(text, sentence, when.start)


def _tells_what_is_to_come(text: str, sentence: tuple[int, int], language: str) -> bool:
    future = FUTURE_WORDS.get(language)
    return bool(future and future.search(text, sentence[0], sentence[1]))


def _sets_the_story_day(text: str, when: Mention) -> bool:
    """A day the story is told at: not the day of a statement ("organizers said on Monday"), nor the day a count
    runs from ("rising by 13 since the last update on September 10")."""
    return (when.precision == "day" and when.date_start is not None and not _dates_the_saying(text, when)
            and not COUNTED_FROM.search(text, max(0, when.start - 40), when.start))


# Publishing a document is not the event it tells of (issue 12): "the palace on Thursday laid out the timeline",
# "the agency released its report on Monday", "la CEI a livré hier les premières tendances des résultats", "le
# ministère a publié mardi le bilan". The verb, a few words from the date, and the document's noun after it.
PUBLISHING_VERB = (r"(?:released|published|unveiled|laid\s+out|issued|posted|made\s+public|a\s+publié|ont\s+publié|"
                   r"a\s+dévoilé|ont\s+dévoilé|a\s+livré|ont\s+livré|a\s+rendu\s+public|a\s+diffusé|ont\s+diffusé)")
DOCUMENT_NOUN = (r"(?:report|schedule|timeline|programme|program|figures|data|list|results|statement|tally|map|"
                 r"rapport|calendrier|programme|chiffres|données|liste|résultats|tendances|bilan|communiqué)")
PUBLISHED_NEAR = re.compile(rf"\b{PUBLISHING_VERB}\b(?P<gap>[^.;:!?\n]{{0,60}}?)\b(?:the|its|their|a|an|le|la|les|l['’]|"
                            rf"un|une|des|ses|leurs?)\s+(?:\w+\s+){{0,3}}?{DOCUMENT_NOUN}s?\b", re.IGNORECASE)
PUBLISHING_REACH = 40  # characters between the date and the verb of publishing


def _dates_a_publication(text: str, when: Mention) -> bool:
    """Whether the date is the day a document was published: next to a verb of publishing with its document."""
    for match in PUBLISHED_NEAR.finditer(text, max(0, when.start - PUBLISHING_REACH - 20), min(len(text), when.end + 200)):
        verb_start, verb_end = match.start(), match.start("gap")
        if (0 <= verb_start - when.end <= PUBLISHING_REACH and not re.search(r"[,;.!?\n]", text[when.end:verb_start])
                or verb_end <= when.start <= match.end()
                or 0 <= when.start - verb_end <= PUBLISHING_REACH and not re.search(r"[.!?\n]", text[verb_end:when.start])):
            return True
    return False


# Tickets going on sale is no happening at the venue, as announcing is not (issue 12): "les billets seront mis en
# vente à partir du vendredi 17 mars", "des places mises en vente dès le 1er octobre", "tickets go on sale Friday".
ON_SALE = re.compile(r"\b(?:mis(?:es?)?\s+en\s+vente|en\s+prévente|préventes?|ouverture\s+de\s+la\s+billetterie|"
                     r"(?:go|goes|went|going|be|are|were)\s+on\s+sale|on\s+general\s+sale|pre-?sales?|ticket\s+sales?)\b",
                     re.IGNORECASE)


def _dates_a_sale(text: str, when: Mention) -> bool:
    """Whether the date is the day tickets go on sale: a word of selling in the date's own clause."""
    return ON_SALE.search(date_clause(text, when.start, when.end)) is not None


def _dates_the_saying(text: str, when: Mention) -> bool:
    return bool(SPEECH_BEFORE_DATE.search(text, max(0, when.start - 60), when.start))


TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:(?:a|ont)\s+)?(?:déclaré|dit|affirmé|indiqué|annoncé|estimé|expliqué|ajouté|souligné|précisé|assuré|"
    r"rapporté|confirmé|fait\s+savoir)\s+(?:(?:le|la|les|l['’]|un|une)\s*)?[^,;:«»\"“”]{0,80}[.!]?\s*$"
    # (", said Aminul Haque, a leader of the party's local unit.": the speaker's apposition is attribution too)
    r"|,\s*(?:[\w'’.\-]+\s+){0,5}(?:said|says|told\s+\w+|reported|added|confirmed|stated)(?:\s+\w+){0,3}"
    r"(?:,\s*(?:a|an|the)\s+[^,;:\"“”]{0,80})?[.!]?\s*$",
    re.IGNORECASE)


# "the Rift Valley town of Eldoret", "the West Bank city of Hebron", "the Kent village of Bluebell Hill": the area
# before the word of settlement only says where the town is
TOWN_OF = re.compile(r"[ \t\u00a0]+(?:town|city|village|hamlet|port|resort|suburb|township)[ \t\u00a0]+of[ \t\u00a0]+",
                     re.IGNORECASE)
AREA_IN_GAP = re.compile(r"(?:the[ \t\u00a0]+)?[A-Z][\w'’\-]*(?:[ \t\u00a0]+[A-Z][\w'’\-]*){0,3}" + TOWN_OF.pattern + r"$")


TOWN_OF_BEFORE = re.compile(TOWN_OF.pattern + r"$", re.IGNORECASE)


def _after_an_area(text: str, place: Mention, places: list[Mention]) -> bool:
    """The town after "the Rift Valley town of": where the area before it stands, as its preposition says."""
    words = TOWN_OF_BEFORE.search(text, max(0, place.start - 40), place.start)
    if words is None:
        return False
    area = next((other for other in places if other.end == words.start()), None)
    return area is not None and _is_locative(text, area)


def _area_of_the_next(text: str, place: Mention, starts: set[int]) -> bool:
    """The place names the area of the town named right after it ("the Rift Valley town of Eldoret"); `starts`:
    where the sentence's places start."""
    found = TOWN_OF.match(text, place.end)
    return found is not None and found.end() in starts


def _section_heading(text: str, sentence: tuple[int, int], places: list[Mention]) -> bool:
    """A line that is a place's name and nothing else, between blank lines: the heading of a roundup's section
    ("Montréal", "LONGUEUIL")."""
    line = text[sentence[0]:sentence[1]].strip().rstrip(":").strip()
    return (len(places) == 1 and places[0].text == line
            and text[max(0, sentence[0] - 2):sentence[0]].endswith("\n")
            and text[sentence[1]:sentence[1] + 2].lstrip(" \t").startswith("\n"))


# Verbs whose infinitive complement is the clause's action ("devaient voter à Cotonou", "ont pu rejoindre Goma")
MODAL_LEMMAS = {"devoir", "pouvoir", "aller", "vouloir", "venir", "commencer", "continuer", "tenter", "réussir",
                "parvenir", "falloir", "can", "could", "must", "be", "have", "begin", "start", "continue", "try",
                "manage", "need"}


def _narrated_locus(text: str, analysis: Analysis, sentence: tuple[int, int], places: list[Mention],
                    ahead: bool = False) -> Mention | None:
    """Where a sentence without a date says something happened, if it narrates: its main verb in the past, the
    place a complement of that verb, nobody quoted or reported speaking (speech moves time elsewhere). When the
    story's time lies ahead (`ahead`: a programme, "ce matin débute la visite… il se rendra ensuite à X"), a verb
    in the future tells the same day's plan."""
    # A figure attributed at the end ("1.293 morts dans la province d'Al Haouz, a précisé le ministère", "…, police
    # said") still narrates: only the attribution is speech.
    body = TRAILING_ATTRIBUTION.sub("", text[sentence[0]:sentence[1]])
    if any(q in body for q in QUOTES) or SPEECH_WORDS.search(body):
        return None
    # The most specific place of the main clause: "À Dakar, la police a tiré … pour disperser ceux qui se
    # rassemblaient près de la place de la Nation" happened in Dakar, the square belongs to a subordinate clause.
    starts = {p.start for p in places}
    loci = sorted((p for p in places if not _is_speaker(analysis, p) and not _area_of_the_next(text, p, starts)
                   and (_is_locative(text, p, analysis.language) or _opens_a_list(text, p)
                        or _after_an_area(text, p, places))),
                  key=lambda p: (_precision_of(p), -p.start), reverse=True)
    if not loci or not analysis.parsed:
        return loci[0] if loci else None
    for locus in loci:
        verb = _governor(analysis, locus.start, sentence)
        if verb is None:
            return locus  # a verbless sentence: "Autre ville, autres chiffres à Lyon"
        inside = sentence[0] <= verb.head.idx < sentence[1]
        if (inside and verb.dep_.split(":")[0] == "xcomp" and verb.head.i != verb.i
                and analysis.lemma(verb.head).lower() in MODAL_LEMMAS):
            verb = verb.head  # "devaient voter dans la matinée à Cotonou", "were due to land in Oslo": the modal's clause
        if inside and verb.head.i != verb.i and verb.dep_.split(":")[0] in {"acl", "advcl", "ccomp", "xcomp", "csubj"}:
            continue  # the place belongs to a subordinate clause ("soupçonnent la Russie de vouloir acheter à X")
        tenses = set(verb.morph.get("Tense")) | {t for c in verb.children if c.pos_ == "AUX" for t in c.morph.get("Tense")}
        return None if "Fut" in tenses and not ahead else locus  # what will happen is not a past day's news
    return None


PLACED_BEFORE_SENTENCES = 2  # how far back, within the paragraph, a dated sentence with no place looks for one


def _placed_before(doc: Document, analysis: Analysis, by_sentence: list, links: list[Link]) -> list[Link]:
    """The dates no other reading placed, in main clauses of sentences that name no place: placed where the
    sentences just before them were (`_placed_just_before`)."""
    linked = {id(link.date) for link in links}
    out = []
    for index, (sentence, in_sentence, sentence_dates) in enumerate(by_sentence):
        if any(_is_locative(doc.text, p, doc.language) for p in in_sentence):
            continue  # a sentence that says where is placed by its own reading, or deliberately not at all
        for when in sentence_dates:
            if id(when) in linked or when.precision != "day" or not _in_main_clause(analysis, when):
                continue  # a year or a month carried from the sentence before is background, not that place's news
            placed = _placed_just_before(doc.text, analysis, index, by_sentence, when)
            if placed is not None:
                out.append(Link(doc, when, placed, sentence, 0.35, inherited=True, actors=analysis.persons(*sentence)))
    return out


def _placed_just_before(text: str, analysis: Analysis, index: int, by_sentence: list, when: Mention) -> Mention | None:
    """For a dated sentence that names no place: where the sentences just before it, in the same paragraph, placed
    the story ("Early returns show San Francisco's Breed leading. Breed had 36 percent … Tuesday night"; "Fires
    spread on Saddleworth Moor. The blaze started on Sunday"). A sentence between with a date of its own tells
    another moment, and a paragraph break another matter."""
    sentence = by_sentence[index][0]
    around = max(sentence[0], when.start - QUOTE_REACH), min(sentence[1], when.end + QUOTE_REACH)
    if _dates_the_saying(text, when) or SPEECH_WORDS.search(text, *around) or _quoted(text, sentence, when):
        return None  # "En retrouvant Poutine mercredi, Kim a déclaré…": a saying is placed by its own words, or not
    start = sentence[0]
    for other in range(index - 1, max(-1, index - 1 - PLACED_BEFORE_SENTENCES), -1):
        other_sentence, other_places, other_dates = by_sentence[other]
        if "\n" in text[other_sentence[1]:start] or any(_in_main_clause(analysis, d) for d in other_dates):
            return None
        locus = _main_locus(text, analysis, other_places)
        towns = {p.place_id for p in other_places if p.place_kind in {"city", "site"} and not _is_speaker(analysis, p)}
        if locus is None and len(towns) == 1:
            # one town named, however ("Early returns show San Francisco's Breed leading"): the story is there
            locus = next(p for p in other_places if p.place_id in towns)
        if locus is not None:
            return locus
        start = other_sentence[0]
    return None


def _same_event_nearby(text: str, analysis: Analysis, index: int, by_sentence: list, distinctive: set[str],
                       words_of: dict[int, set[str]] | None = None) -> Mention | None:
    """For a dated sentence with no place: the place of a nearby undated sentence that tells the same event,
    recognised by the distinctive words both share ("a visité des usines aéronautiques" ... "s'est rendu dans
    l'usine aéronautique ... de Komsomolsk"). `words_of` keeps each sentence's words once: a sentence of many dates
    (a long text the splitter left whole) is read once, not once per date."""
    words_of = {} if words_of is None else words_of

    def words(i: int) -> set[str]:
        if i not in words_of:
            bounds = by_sentence[i][0]
            words_of[i] = _content_words(text[bounds[0]:bounds[1]])
        return words_of[i]

    for other in range(index + 1, min(index + 5, len(by_sentence))):
        other_sentence, other_places, other_dates = by_sentence[other]
        if any(_in_main_clause(analysis, d) for d in other_dates):
            continue  # a flashback between the two tellings carries its own time
        shared = words(index) & words(other) & distinctive
        locus = _main_locus(text, analysis, other_places)
        if len(shared) >= 2 and locus is not None:
            return locus
    return None


def _governor(analysis: Analysis, offset: int, sentence: tuple[int, int] | None = None):
    """The verb a token depends on, within its sentence (the parser joins paragraphs: a head in another sentence
    is no head)."""
    token = analysis.token_at(offset)
    sentence = sentence or analysis.sentence_bounds(offset)
    steps = 0
    while (token is not None and token.pos_ not in {"VERB", "AUX"} and token.head.i != token.i and steps < 6
           and sentence[0] <= token.head.idx < sentence[1]):
        token = token.head
        steps += 1
    return token if token is not None and token.pos_ in {"VERB", "AUX"} else None


UNPARSED_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose|qui|dont|lequel|laquelle)\b", re.IGNORECASE)
SAID_BEFORE = re.compile(r"\b(?:said|says|say|told|tells|announced|reported|confirmed|warned|added|stated|believe[sd]?|"
                         r"thinks?|knows?|noted|explained|show(?:s|ed)?|means?)\s+(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)


CLAUSE_REACH = 300  # characters a clause-level test reads back from a date or a place
PLACE_REACH = 1500  # characters either side of a date within which its sentence's places are its candidates
QUOTE_REACH = 2000  # characters around a date that a quotation or a saying is looked for in

SCHEDULING_VERBS = {"prévoir", "programmer", "fixer", "planifier", "reporter", "repousser", "avancer", "décaler",
                    "schedule", "plan", "set", "postpone"}


def _in_relative_unparsed(analysis: Analysis, when: Mention) -> bool:
    """Without a parser: whether a relative pronoun stands between the sentence's start and the date ("the quake
    that destroyed downtown on Sept. 19, 1985"), a "that" after a verb of saying excepted ("officials said that the
    road reopened on Monday"). Such a date is still an event of its own, but not the time the story is at."""
    if analysis.parsed:
        return False
    # (a clause's reach: a sentence the splitter left whole over a long unpunctuated text is not read from its start)
    start = max(analysis.sentence_bounds(when.start)[0], when.start - CLAUSE_REACH)
    return any(relative.group().lower() != "that"
               or not SAID_BEFORE.search(analysis.text, max(start, relative.start() - 25), relative.start())
               for relative in UNPARSED_RELATIVE.finditer(analysis.text, start, when.start))


def _in_main_clause(analysis: Analysis, when: Mention) -> bool:
    """False for a date inside a relative clause ("l'usine qu'avait visitée en 2002 son père")."""
    verb = _governor(analysis, when.start)
    if verb is None:
        return True  # no parser for this language: treat the sentence as one clause
    if verb.dep_.startswith("acl"):
        # "la cérémonie d'investiture, prévue le 8 décembre": a participle that schedules its noun dates that event
        return analysis.lemma(verb).lower() in SCHEDULING_VERBS
    relative = {"qu'", "qu’", "que", "qui", "où", "dont", "lequel", "laquelle", "which", "who", "whom", "where"}
    return not any(child.i < verb.i and child.text.lower() in relative for child in verb.children)


# "in Afghanistan's sparsely populated Badakhshan province": the place after the possessive is where.
POSSESSIVE_LOCATIVE = re.compile(r"(?:^|\W)(?:in|at|near|inside|across)\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}"
                                 r"['’]s?\s+(?:[\w\-]+\s+){0,3}$")


# French sets capitals without accents: "A Marseille, la candidate…" opens a sentence with "À".
# CAPITAL_A (pipeline/places.py): French sets capitals without accents, "A Marseille" opens a sentence with "À".
# "in Australia's proud story": a preposition before a possessive governs what is possessed, which is a place only
# when it is a part of the owner's land ("in Afghanistan's Badakhshan province", "in Russia's far east") or a named
# site ("Havana's Revolution Square").
POSSESSIVE = re.compile(r"['’]s?\s+(?:(?:[\w\-]+)\s+){0,3}?"
                        r"(?:province|provinces|state|region|county|district|capital|city|town|village|coast|border|"
                        r"borders|north|south|east|west|north-east|north-west|south-east|south-west|northeast|"
                        r"northwest|southeast|southwest|far|interior|island|islands|mountains|desert|valley|area|"
                        r"outskirts|suburbs|heartland|territory|countryside|port|oblast|prefecture|department)\b",
                        re.IGNORECASE)
NAMED_POSSESSION = re.compile(r"['’]s?\s+[A-Z]")


LOCATIVE_REACH = 45  # characters read before a place for its preposition ("in the northwestern districts of X")


def _is_locative(text: str, place: Mention, language: str = "") -> bool:
    before = text[max(0, place.start - 80):place.start]
    after = text[place.end:place.end + 60]
    if after[:2] in {"'s", "’s"} or after[:1] in {"'", "’"} and place.text.endswith("s"):
        if not (POSSESSIVE.match(after) or NAMED_POSSESSION.match(after)):
            return False
    return (place.text[:1].islower() or bool(LOCATIVE.search(before[-LOCATIVE_REACH:]) or POSSESSIVE_LOCATIVE.search(before))
            or language == "fr" and bool(CAPITAL_A.search(before[-30:])))


# "the National Weather Service in Cleveland", "the U.S. Embassy in Kabul": where an organisation sits, which is where
# the action happens only when the sentence names no other place.
ORGANISATION_SEAT = re.compile(ORGANISATION_HEAD_WORDS + r"\s+(?:in|at)\s+(?:the\s+)?$")


# English verbs of saying, any tense: a town that says, announces or warns is its government, not where it happens
SAYING = (r"(?:said|says|say|told|tell|announc\w*|warn\w*|deni\w*|deny|claim\w*|accus\w*|urg\w*|call\w*|demand\w*|"
          r"reject\w*|condemn\w*|insist\w*|stated|respond\w*|repl\w*)")
SPEECH_AFTER = re.compile(rf"\s*{SAYING}\b", re.IGNORECASE)


def _town_acting_on_a_day(text: str, analysis: Analysis, place: Mention, when: Mention) -> bool:
    """Without a parse: a town that opens its sentence and is dated right after ("Mexico City on Monday marked the
    anniversary…") does the action where it is; a town that speaks ("Moscow on Monday said") does not."""
    if analysis.parsed or place.place_kind not in {"city", "site"} or place.end > when.start:
        return False
    first = analysis.sentence_bounds(place.start)[0]
    if place.start - first > CLAUSE_REACH:
        return False
    between = text[place.end:when.start]
    # "Melbourne is expected to reach 43C on Monday": the town's own predicate, no other name, clause or saying between
    predicate = (len(between) <= PREDICATE_REACH and STATE_PREDICATE.match(between) is not None
                 and not re.search(r"[,;:()—–]|\s[A-Z]|\b(?:that|which|who|and|but)\b", between)
                 and not SPEECH_BETWEEN.search(between))
    return (not text[first:place.start].strip(" \t\n\"'“‘—–-") and (bool(DATE_AFTER_PLACE.fullmatch(between)) or predicate)
            and not SPEECH_AFTER.match(text, when.end))


PREDICATE_REACH = 60  # characters of a town's own predicate before its date
STATE_PREDICATE = re.compile(r"\s+(?:is|was|are|were|will|could|may|might)\s", re.IGNORECASE)
SPEECH_BETWEEN = re.compile(rf"\b{SAYING}\b", re.IGNORECASE)


# "à Lyon, où …", "in Ambon, where …", and the place as the relative clause's subject: "Dhaka, which has remained cut
# off since Sunday", "la Bretagne, qui a été frappée mardi"
WHERE_OPENS = re.compile(r"\s*,?\s*(?:où|where|which|qui)\b", re.IGNORECASE)


def _dated_in_its_where_clause(text: str, place: Mention, when: Mention, places: list[Mention]) -> bool:
    """The date stands in the relative clause the place opens ("à Lyon, où il a été arrêté mardi", "in Ambon, where
    the quake struck on Monday", "Dhaka, which has remained cut off since Sunday"), before any other place and any
    break of the sentence."""
    opener = WHERE_OPENS.match(text, place.end)
    if opener is None or opener.end() > when.start or re.search(r"[.;:!?\n]", text[opener.end():when.start]):
        return False
    return not any(opener.end() <= other.start < when.start for other in places)


def _best_place(text: str, analysis: Analysis, when: Mention, places: list[Mention]) -> tuple[Mention, float] | None:
    """The place where the dated action happens: after a locative preposition, or a complement of its verb."""
    verb = _governor(analysis, when.start)
    starts = {p.start for p in places}
    scored = []
    for index, place in enumerate(places):  # the sentence's places, in text order
        if (_is_speaker(analysis, place) or index and _locates(text, places[index - 1], place)
                or _area_of_the_next(text, place, starts)):
            continue
        place_token = analysis.token_at(place.start)
        date_token = analysis.token_at(when.start)
        place_verb = _governor(analysis, place.start)
        same_verb = verb is not None and place_verb is not None and place_verb.i == verb.i
        sibling = place_token is not None and date_token is not None and (
            place_token.head.i == date_token.head.i
            # "partira mercredi de Scherpenheuvel": the parser hangs the place on the day it follows
            or place_token.head.i == date_token.i and place.start > when.end)
        complement = (sibling or same_verb and place_token is not None and place_token.dep_.split(":")[0] in {"obl", "obj"})
        if complement and _non_locative_case(place_token):
            complement = False  # "coopération avec la Corée du Nord", "sanctions contre Moscou": a partner, not a place
        locative = _is_locative(text, place, analysis.language) or _opens_a_list(text, place)
        # A building that does the action is where it happens: "la cour d'assises de Paris a rendu son verdict mardi",
        # "the stadium hosted the final on Sunday".
        acting_site = (place.place_kind == "site" and same_verb and place_token is not None
                       and place_token.dep_.startswith("nsubj"))
        # "Wimbledon en 2023, Roland-Garros en 2024", "London in 2012": a date written right after a place, with
        # nothing between, dates that place's happening
        dated_right_after = (place.end <= when.start and not text[place.end:when.start].strip()
                             and bool(YEAR_ONLY.fullmatch(when.text)))
        locative = (locative or acting_site or dated_right_after or _town_acting_on_a_day(text, analysis, place, when)
                    or _in_a_stated_state(text, place))
        where = _dated_in_its_where_clause(text, place, when, places)
        if not (locative or complement or where):
            continue  # "soutien en Ukraine" is about Ukraine; "le dirigeant de Pyongyang" is not where he is
        score = (SPECIFICITY.get(place.place_kind, 0.3) * 2 + (1.5 if same_verb else 0.0) + (1.5 if sibling else 0.0)
                 + (0.7 if locative else 0.0))
        if (not complement and place_token is not None and place_token.dep_.startswith("nmod")
                and analysis.lemma(place_token.head).lower() not in EVENT_NOUNS
                and not (locative and _event_noun_before(text, place))):
            score -= 1.5  # modifies a noun ("son soutien en Ukraine", "le dirigeant de Pyongyang")
        if _measured_from(text, place) and not where:
            continue  # "à 680 km au nord de Pyongyang" measures from a place, it is not the place
        if not analysis.parsed and _found_between(CLAUSE_BREAK, text, when, place):
            score -= 1.0  # no parse: a place in another clause ("signed in X on <date> and let grain leave Y")
        elif analysis.parsed and not (same_verb or sibling) and _found_between(SUBORDINATORS, text, when, place):
            score -= 1.5  # "en mars, X a ..., alors qu'il achetait des armes pour les utiliser en Ukraine"
        if (verb is not None and verb.dep_.startswith("acl") and place_verb is not None and place_verb.i != verb.i
                and not sibling):
            score -= 1.5  # "La tempête, qui s'est abattue sur la Bretagne mercredi, va glisser vers la Normandie"
        if place.end <= when.start and DATE_AFTER_PLACE.fullmatch(text[place.end:when.start]):
            score += 1.5  # "en Guyane, puis au Brésil à partir de mardi soir": the day belongs to the place it follows
        if where:
            score += 3.0  # "une visite au Luxembourg, où le pape arrivera le 26 septembre, … pour rejoindre Bruxelles"
        if len(places) > 1 and ORGANISATION_SEAT.search(text, max(0, place.start - 60), place.start):
            score -= 1.5
        distance = min(abs(place.start - when.end), abs(when.start - place.end))
        score -= distance / 400.0
        scored.append((score, place))
    if not scored:
        return None
    score, place = max(scored, key=lambda s: s[0])
    return (place, score) if score > 0 else None


# "La Seine-Maritime et l'Eure sont samedi soir en vigilance rouge", "Le Togo sera la première étape", "the county
# remains under a flood warning": a place that is the subject of a state its clause says it is in is where.
STATED_STATE = re.compile(
    r"\s*(?:,?\s*(?:et|and)\s+(?:de\s+)?(?:l['’]|la\s+|le\s+|les\s+|the\s+)?[A-ZÀ-Þ][\w'’\-]*(?:\s+[A-ZÀ-Þ][\w'’\-]*)*)?"
    r"\s+(?:est|sont|sera|seront|était|étaient|reste|restent|restera|resteront|demeure|demeurent|passe|passent|bascule|"
    r"basculent|is|are|was|were|will\s+be|remains?|remained)\b[^.;:!?\n]{0,80}?\b(?:vigilance|alerte|état\s+d['’]urgence|"
    r"sous\s+les\s+eaux|(?:première|dernière|prochaine)\s+étape|escale|hôte|warning|watch|alert|state\s+of\s+emergency|"
    r"under\s+water|host|(?:first|last|next)\s+stop)\b", re.IGNORECASE)


def _in_a_stated_state(text: str, place: Mention) -> bool:
    """The place opens its clause (nothing but an article before it) and the clause says it is in a state."""
    before = text[max(0, place.start - 40):place.start]
    opens = re.search(r"(?:^|[.!?:;\n]|,\s)\s*(?:(?:la|le|les|l['’]|the)\s*)?$", before, re.IGNORECASE) is not None
    return opens and STATED_STATE.match(text, place.end) is not None


def _locates(text: str, previous: Mention, place: Mention) -> bool:
    """Whether `place` only says where the place written just before it is ("à Luanda, en Angola", "in Pinellas
    Park, Florida"): the first is where. The gap is the one the place stage reads a stated country in."""
    if not (STATED_COUNTRY.fullmatch(text[previous.end:place.start])
            and SPECIFICITY.get(previous.place_kind, 0) > SPECIFICITY.get(place.place_kind, 0)):
        return False
    if place.place_kind == "country":
        return previous.country_code == place.country_code
    reach = CONTAINS_KM.get(place.place_kind, 25.0)
    return km(previous.lat, previous.lon, place.lat, place.lon) <= reach  # "à Lyon, en Bretagne" lists two places


YEAR_ONLY = re.compile(r"(?:(?:en|in)\s+)?\d{4}", re.IGNORECASE)
DATE_AFTER_PLACE = re.compile(r"\s*,?\s*(?:(?:à\s+partir\s+de|à\s+compter\s+de|dès|depuis|jusqu['’]à|from|on|until|since)\s+)?",
                              re.IGNORECASE)
NON_LOCATIVE_CASES = {"avec", "contre", "pour", "sans", "entre", "par", "with", "against", "for", "without", "between", "by"}
SUBORDINATORS = re.compile(r"\b(?:que|qu['’]|qui|dont|lorsque|alors|afin|that|which|who|while|whereas|because)\b",
                           re.IGNORECASE)


def _non_locative_case(token) -> bool:
    return any(child.dep_ == "case" and child.text.lower() in NON_LOCATIVE_CASES for child in token.children)


def _found_between(pattern: re.Pattern, text: str, when: Mention, place: Mention) -> bool:
    return bool(pattern.search(text[min(when.end, place.end):max(when.start, place.start)]))


def _is_speaker(analysis: Analysis, place: Mention) -> bool:
    token = analysis.token_at(place.start)
    if token is None or not token.dep_.startswith("nsubj"):
        return False
    head = token.head
    return analysis.lemma(head).lower() in SPEECH_VERBS or head.text.lower() in SPEECH_VERBS




def _opens_a_list(text: str, place: Mention) -> bool:
    """"Trois départements sont en vigilance rouge : le Finistère, les Côtes-d'Armor puis la Manche": the places a
    colon lists are where the clause before it happens."""
    return bool(LIST_AFTER_COLON.search(text[max(0, place.start - 12):place.start]))


def _main_locus(text: str, analysis: Analysis, places: list[Mention]) -> Mention | None:
    """Where the sentence's action happens: its most specific place after a locative preposition."""
    best = None
    for place in places:
        if _is_speaker(analysis, place) or not (_is_locative(text, place, analysis.language) or _opens_a_list(text, place)):
            continue
        if best is None or _precision_of(place) > _precision_of(best):
            best = place
    return best


def _precision_of(place: Mention) -> tuple[float, bool]:
    """How precisely a mention places: its kind, then a named place before a side of a country ("le nord-ouest")."""
    return SPECIFICITY.get(place.place_kind, 0), not place.place_id.startswith("part:")


WORD = re.compile(r"\w{4,}")


def _stem(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c))
    return re.sub(r"(s|x)$", "", word)


def _content_words(text: str) -> set[str]:
    # Lowercase words only: names of people recur across every sentence of a story and tell nothing of the event.
    return {_stem(w) for w in WORD.findall(text) if w[0].islower()}


def _distinctive_words(text: str, sentences: list[tuple[int, int]], language: str) -> set[str]:
    """Words that can tie two sentences to one event: rare in the document (a few sentences at most, so not
    the story's running theme) and not among the language's most common words ("le", "était"; not "train")."""
    frequency: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for a, b in sentences:
        stems = {}
        for word in WORD.findall(text[a:b]):
            if word[0].islower():
                stems.setdefault(_stem(word), word.lower())
        frequency.update(stems.keys())
        for stem, word in stems.items():
            surfaces.setdefault(stem, word)
    most = max(2, len(sentences) // 6)
    return {stem for stem, n in frequency.items() if n <= most and not common_word(surfaces[stem], language, 5.5)}


# ---------------------------------------------------------------------------
# Across documents


def build_events(links: list[Link]) -> list[Event]:
    """The cross-document reduce. Only reports of the same interval can be one event, so each report is compared
    with the events of its own interval (an index by interval), never with every event of the corpus."""
    groups: list[list[Link]] = []
    by_interval: dict[tuple, list[list[Link]]] = defaultdict(list)
    for link in sorted(links, key=lambda lk: (-SPECIFICITY.get(lk.place.place_kind, 0), lk.date.date_start)):
        same_interval = by_interval[(link.date.date_start, link.date.date_end)]
        for group in same_interval:
            if _same_event(group[0], link):
                group.append(link)
                break
        else:
            groups.append([link])
            same_interval.append(groups[-1])
    groups = _coarse_into_fine(groups)
    events = [_event(group) for group in groups]
    return sorted(events, key=lambda e: (e.date_start, PRECISION_ORDER.get(e.precision, 9), e.place_name))


COARSE = {"week", "month", "season", "year"}


def _coarse_into_fine(groups: list[list[Link]]) -> list[list[Link]]:
    """A report told by its year, month or week at a place ("le Tour partira de Lille en 2025") joins a report of the
    same place whose day lies within ("partira de Lille le 5 juillet"): compatible dates, one place, one event,
    dated by the finer report. Groups are indexed by place: no group is compared with every other."""
    by_place: dict[str, list[list[Link]]] = defaultdict(list)
    for group in groups:
        if group[0].date.precision not in COARSE:
            by_place[group[0].place.place_id].append(group)
    kept = []
    for group in groups:
        when = group[0].date
        if when.precision in COARSE and when.date_start is not None:
            finer = [g for g in by_place.get(group[0].place.place_id, [])
                     if g[0].date.date_start is not None and when.date_start <= g[0].date.date_start
                     and (g[0].date.date_end or g[0].date.date_start) <= (when.date_end or when.date_start)]
            if finer:
                min(finer, key=lambda g: g[0].date.date_start).extend(group)
                continue
        kept.append(group)
    return kept


PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "century": 6}


def _same_event(anchor: Link, other: Link) -> bool:
    a, b = anchor.date, other.date
    if (a.date_start, a.date_end) != (b.date_start, b.date_end):
        return False
    pa, pb = anchor.place, other.place
    distance = km(pa.lat, pa.lon, pb.lat, pb.lon)
    if (anchor.doc.doc_id == other.doc.doc_id and pa.place_id != pb.place_id and distance > SAME_SPOT_KM
            and pa.place_kind in {"city", "site"} and pb.place_kind in {"city", "site"}):
        # One article that tells of two towns on one day tells two happenings ("evacuations in Maasmechelen",
        # "Maastricht asks 10,000 people to leave"); the 50 km of a merge are for other articles' reports.
        return False
    if pa.place_id == pb.place_id or distance <= MERGE_KM and "country" not in {pa.place_kind, pb.place_kind}:
        return True  # (a country's point is anywhere in it: it contains, it is not near)
    if anchor.doc.doc_id != other.doc.doc_id and a.precision in COARSE:
        # Two articles' years (or months) in one country are two stories more often than one: "en 2004" in a piece on
        # a cycling race and in one on a gas explosion. Only a coarse date's place near the other's joins them.
        return False
    # A coarser report of the same day ("en Extrême-Orient russe", "en Russie") joins the precise one it contains.
    coarse = pb.place_kind
    if coarse == "country":
        return pa.country_code == pb.country_code and pa.place_kind != "country"
    if pa.admin1 and pb.admin1 and (pa.country_code, pa.admin1) != (pb.country_code, pb.admin1):
        return False  # Kabul is not in Badakhshan province, however near: the divisions say so
    reach = COUNTY_KM if _second_level(pb) else CONTAINS_KM.get(coarse, 0.0)
    return coarse in CONTAINS_KM and distance <= reach and SPECIFICITY.get(pa.place_kind, 0) > SPECIFICITY[coarse]


def _second_level(place: Mention) -> bool:
    """A county, a parish, a district (GeoNames admin2): a few tens of km across, not a state's few hundred."""
    return place.place_kind == "region" and place.place_source.startswith(SECOND_LEVEL_SOURCE)


def _event(group: list[Link]) -> Event:
    main = max(group, key=lambda lk: (SPECIFICITY.get(lk.place.place_kind, 0), lk.date.precision not in COARSE, lk.score))
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
        for person in link.actors:
            if person not in actors:
                actors.append(person)
    doc_ids = sorted({s.doc_id for s in sources})
    anchors = sorted({anchor_of(link.doc.doc_id, (link.date.start, link.date.end), (link.place.start, link.place.end))
                      for link in group})
    identity = f"{when.date_start}|{when.date_end}|{place.place_id}"
    event_id = hashlib.sha1(identity.encode()).hexdigest()[:12]
    confidence = min(1.0, 0.35 * place.confidence + 0.35 * when.confidence + 0.15 * min(len(doc_ids), 3) / 3
                     + 0.15 * (0.5 if main.inherited else 1.0))
    return Event(
        event_id=event_id, title=_title(main), date_start=when.date_start or date.min, date_end=when.date_end or date.min,
        precision=when.precision, place_name=place.name, lat=place.lat, lon=place.lon, country_code=place.country_code,
        place_kind=place.place_kind, doc_ids=doc_ids, sources=sources, actors=actors[:8], confidence=round(confidence, 3),
        date_text=when.text, place_text=place.text, headline=main.headline or _title(main),
        status=combined([(link.doc.published, link.status) for link in group]), anchors=anchors,
    )


def _title(link: Link) -> str:
    text = " ".join(link.doc.text[link.sentence[0]:link.sentence[1]].split())
    if len(text) <= 110:
        return text
    cut = text[:110].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
