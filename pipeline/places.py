"""Places: find place names in a document and resolve each to one gazetteer entry, using context.

Detection merges a gazetteer matcher that works in any language (accent-, case- and transliteration-insensitive)
with spaCy's part-of-speech and entity labels where the language has a model. Resolution scores each candidate
by kind and size, the feature word around it ("cosmodrome de X", "région de X"), the document's focus countries,
distance to the document's other places, and one sense per discourse.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .compass import with_parts_of_countries
from .datelines import dateline_agency, find_dateline
from .gazetteer import (
    ABBREVIATION_PREFIX,
    FOLD_MIN_LETTERS,
    POSTAL_PREFIX,
    SECOND_LEVEL_SOURCE,
    Gazetteer,
    Place,
    fold_key,
    km,
    name_key,
    region_core_names,
)
from .model import Document, Mention
from .nlp import Analysis, common_word
from .spans import DisjointSpans

MAX_NAME_TOKENS = 7
WORD = re.compile(r"\w+", re.UNICODE)
JOINER = re.compile(r"^[ \t\u00a0\u202f\-'’]{0,2}$")

# Feature words name a kind of place; the name that follows (or precedes, in English) is looked up as that kind.
FEATURES: dict[str, tuple[str, str]] = {}
for _subkind, _kind, _words in (
    ("spaceport", "site", "cosmodrome|centre spatial|base spatiale|base de lancement|spaceport|space center|space centre|"
                          "launch site|cosmódromo|kosmodrom|centro espacial"),
    ("airport", "site", "aéroport|aeroport|airport|aeropuerto|flughafen|aeroporto"),
    ("station", "site", "gare|gare ferroviaire|gare routière|railway station|train station|station|bahnhof|estación"),
    ("square", "site", "place|square|plaza|platz|piazza"),
    ("palace", "site", "palais|palace|palacio|palast"),
    ("plant", "site", "usine|centrale|centrale nucléaire|usine aéronautique|plant|power plant|factory|fabrik"),
    ("university", "site", "université|university|universidad|universität"),
    ("port", "site", "port|harbour|harbor|hafen|puerto"),
    ("base", "site", "base aérienne|base navale|base militaire|air base|air force base|naval base|military base"),
    # Landmarks of general kinds. GeoNames' populated places do not list them: one the gazetteer lacks is placed at
    # its town when its name is one ("gare de Lyon" aside), else at the town the story is in (marked approximate).
    ("stadium", "site", "stade|stadium|arena|aréna|vélodrome|velodrome|circuit|hippodrome|racecourse|cricket ground"),
    ("worship", "site", "cathédrale|cathedral|basilique|basilica|église|church|chapelle|chapel|sanctuaire|shrine|"
                        "mosquée|mosque|synagogue|temple|abbaye|abbey|monastère|monastery|"
                        # the religions' own words: "Wat Phra Kaew", "la pagode Shwedagon", "York Minster"
                        "wat|pagode|pagoda|stupa|mandir|gurdwara|minster"),
    ("park", "site", "parc|park|jardin|gardens|garden|bois|forêt|forest|reservoir|réservoir|lac|lake|cemetery|cimetière"),
    ("hospital", "site", "hôpital|hopital|hospital|clinique|clinic|centre hospitalier|medical center"),
    ("court", "site", "tribunal|palais de justice|cour d'assises|cour d’assises|cour d'appel|cour d’appel|court|"
                      "courthouse|crown court|magistrates' court|magistrates’ court"),
    ("museum", "site", "musée|museum|mémorial|memorial|monument|château|castle"),
    ("bridge", "site", "pont|bridge"),
    # Buildings where public life happens ("Tours de Magenta", "parc des expositions d'Abidjan", "hôtel Ivoire");
    # singular "tour" is left out: "le Tour de France" is a race.
    # (and walls: "le Mur de Huy", "le mur de Berlin", "the Berlin Wall")
    ("building", "site", "mur|wall|tours|towers|tower|centre culturel|centre des congrès|parc des expositions|cultural centre|"
                         "cultural center|convention centre|convention center|hôtel|hotel|"
                         # English order only (FRENCH_ORDER_EXCLUDED): "Arthur Brisbane Child Treatment Center"
                         "center|centre|mall|ashram|seminary|séminaire"),
    ("school", "site", "école|lycée|collège|school|high school|primary school|academy"),
    ("street", "site", "rue|avenue|boulevard|street|road|promenade|quai|rond-point|roundabout|interchange|highway|"
                       "freeway|motorway|crescent|lane|drive|way|esplanade"),
    # Works on water: "Gavins Point Dam", "barrage de Sélingué", "the Grand Canal"
    ("dam", "site", "dam|barrage|canal"),
    # Natural features too small for the physical table: an island in a river, a pass, a valley, a headland.
    ("natural", "site", "île|îlot|island|isle|col|pass|vallée|vallon|combe|ravin|ravine|torrent|valley|pointe|cap|cape|"
                        "plage|beach|gorges|massif|"
                        "glacier|moor|moors|lande|landes|marais|marsh|falls|chutes|cascade|canyon|baie|bay|dune|"
                        "presqu'île|presqu’île|péninsule|peninsula"),
    ("", "city", "ville|city|town|cité|commune|village|stadt|ciudad"),
    ("", "region", "région|region|oblast|province|provincia|kraï|krai|territoire|territory|état|state|district|"
                   "département|préfecture|prefecture|governorate|gouvernorat|comté|county|bundesland"),
):
    for _word in _words.split("|"):
        FEATURES[_word] = (_kind, _subkind)
# English head nouns that French sets nowhere before a name ("au centre de Lyon" is the town's centre, "way" no word)
FRENCH_ORDER_EXCLUDED = {"center", "centre", "mall", "garden", "crescent", "lane", "drive", "way", "interchange",
                         "highway", "freeway", "motorway", "roundabout", "dam", "cemetery", "seminary", "ashram"}
_FEATURE_ALT = "|".join(sorted((re.escape(w) for w in FEATURES if w not in FRENCH_ORDER_EXCLUDED), key=len, reverse=True))
_NOT_ADJECTIVES = r"(?:on|in|at|to|by|for|from|with|and|or|into|near|et|en|à|au|aux|sur|par|pour|dans|vers|près)"
# (spaces and tabs only: a name never runs across a line, "Road closures\n\nFrom Grant Parish" is a heading and a line)
LINKERS = r"(?:[ \t\u00a0]+(?:de\s+la|de\s+l['’]|de|d['’]|du|des|of\s+the|of|von|del|de\s+los|di))?[ \t\u00a0]*"
# "cosmodrome de Vostotchny", "centre spatial russe Vostochny", "gare ferroviaire de Komsomolsk-sur-l'Amour"
FEATURE_BEFORE = re.compile(
    # an adjective may stand between ("stade municipal de X"), never a preposition ("Little Falls on Thursday")
    rf"\b(?P<feature>(?i:{_FEATURE_ALT}))(?P<adj>(?:[ \t\u00a0]+(?!{_NOT_ADJECTIVES}\b)[a-zà-ÿ][\w\-]+){{0,2}}?)(?i:{LINKERS})"
    r"(?=[A-ZÀ-ÖØ-Þ])"
)
# English order takes English feature words only: "Le Stade Toulousain" is not a stadium called "Le".
ENGLISH_FEATURES = {w for w in FEATURES if w.replace("’", "'").isascii() and w not in {  # "magistrates’ court" too
    "gare", "place", "palais", "usine", "centrale", "port", "ville", "cité", "commune", "région", "territoire",
    "préfecture", "gouvernorat", "comté", "stade", "aréna", "vélodrome", "hippodrome", "cathédrale",
    "basilique", "église", "chapelle", "sanctuaire", "mosquée", "abbaye", "monastère", "parc", "jardin", "bois", "forêt",
    "réservoir", "lac", "hôpital", "hopital", "clinique", "tribunal", "musée", "mémorial", "château", "pont", "école",
    "lycée", "collège", "rue", "boulevard", "promenade", "quai", "flughafen", "bahnhof", "platz", "piazza", "palast",
    "fabrik", "hafen", "stadt", "ciudad", "kosmodrom", "aeropuerto", "aeroporto", "aeroport", "universidad", "universität",
    "puerto", "palacio", "provincia", "bundesland", "kraï", "île", "îlot", "col", "vallée", "pointe", "cap", "plage",
    "gorges", "massif", "lande", "landes", "marais", "chutes", "cascade", "baie", "dune", "presqu'île", "presqu’île",
    "péninsule", "tours", "centre culturel", "parc des expositions"}}
ENGLISH_AFTER = re.compile(rf"^\s+(?P<feature>(?i:{'|'.join(sorted((re.escape(w) for w in ENGLISH_FEATURES), key=len, reverse=True))}))\b")
LOCATIVES = {
    "à", "a", "au", "aux", "en", "dans", "vers", "depuis", "près", "sur", "de", "d", "du", "des", "jusqu",
    "direction",  # "Direction Grenoble vendredi matin": where the traveller heads
    "in", "at", "near", "from", "to", "into", "toward", "towards", "outside", "across",
    "nach", "bei", "aus", "im", "cerca", "desde", "hacia",
}
# Verbs of going whose object is a place ("avait fui Homs", "a quitté Kinshasa", "fled Aleppo", "reached Kyiv"):
# the name after them stands where a word of place would
MOTION_VERBS = {
    "fui", "fuir", "fuyant", "fuient", "quitté", "quitter", "quittant", "quitte", "rejoint", "rejoindre", "rejoignant",
    "regagné", "regagner", "atteint", "atteindre", "traversé", "traverser", "visité", "visiter", "survolé",
    "fled", "flee", "fleeing", "left", "leaving", "reached", "reaching", "visited", "visiting", "crossed", "toured",
    "entered", "evacuated",
}
FALLBACK_KINDS = {"city", "region"}
# A postal locality (assets/gazetteer/postal_places.csv) is found by its own name, but a site named like one
# ("Frith Road", "Mount Pleasant Road") is a street of the story's town, not a hamlet of that name elsewhere
LOCALITY = "locality"
TOWN_NAMED_NATURAL = {"plage", "beach"}  # natural features named after the town they lie at
LANDMARK_LIKE_TOWN = 20_000  # inhabitants: below this, a town named "X Park" is no surer a reading than the park
NEARBY = {"nearby", "neighbouring", "neighboring", "neighbour", "neighbor", "downtown", "central", "rural", "suburban"}
WATER = {"river", "lake", "reservoir", "alkaline lake", "lake centerline"}  # named like people and words more often
LOCAL_SUBKINDS = {"stadium", "worship", "park", "hospital", "court", "museum", "bridge", "school", "street", "square", "base",
                  "natural", "building", "dam",
                  "palace", "station"}
GENERIC_SITE_NOUNS = {
    "cosmodrome": "spaceport", "spaceport": "spaceport", "aéroport": "airport", "airport": "airport",
    "usine": "plant", "centrale": "plant", "plant": "plant", "palais": "palace", "palace": "palace",
}


@dataclass
class Candidate:
    start: int
    end: int
    places: list[Place]
    exact: bool
    feature: tuple[str, str] | None = None  # (kind, subkind) required by a feature word
    core: str = ""  # the name part, for one sense per discourse
    capital_of: str = ""
    generic: str = ""  # a bare "the cosmodrome": resolve to the document's named site of that subkind
    local: bool = False  # a landmark the gazetteer lacks ("stade Vélodrome"): placed at the story's town nearby
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    label_doubt: float = 0.0  # what the model's entity label (a person, an organisation) took off the score


def load_demonyms(path: Path | None = None) -> dict[str, str]:
    path = path or Path(__file__).resolve().parent.parent / "assets" / "demonyms.csv"
    forms: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            for form in row["forms"].split("|"):
                forms[name_key(form)] = row["country_code"]
    return forms


_DEMONYMS: dict[str, str] | None = None


def demonyms() -> dict[str, str]:
    global _DEMONYMS
    if _DEMONYMS is None:
        _DEMONYMS = load_demonyms()
    return _DEMONYMS


CAPITAL = re.compile(r"\b(?:la\s+capitale|the\s+capital|die\s+hauptstadt|la\s+capital)\s+(?:(?:de\s+la|de\s+l['’]|du|de|d['’]|of)\s+)?"
                     r"(?P<what>[\w\-]+(?:\s+[\w\-]+){0,3})", re.IGNORECASE)
# A capital qualified as the seat of power is the capital; an economic or cultural "capital" is another city.
THE_CAPITAL = {"politique", "administrative", "fédérale", "officielle"}
OTHER_CAPITALS = {"économique", "culturelle", "historique", "financière", "commerciale", "religieuse", "spirituelle",
                  "touristique", "mondiale", "européenne", "régionale", "provinciale", "départementale"}
ENGLISH_CAPITAL = re.compile(r"\b[Tt]he\s+(?P<what>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)\s+capital\b")


GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])")
LAST_WORD = re.compile(r"\w+\Z")
LAST_WORD_CAPITALISED = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-Þ][\w\-'’]*\Z")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Word offsets; words glued by scraping ("aussiCorée") are split where a capital starts a new word."""
    spans = []
    for match in WORD.finditer(text):
        cuts = [match.start()] + [match.start() + g.start() for g in GLUED.finditer(match.group())] + [match.end()]
        spans += [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    return spans


def find_places(doc: Document, analysis: Analysis, gazetteer: Gazetteer,
                dates: list[tuple[int, int]] | None = None) -> list[Mention]:
    """The place mentions of one document. `dates`: the spans read as dates, which are no places and lend no
    context ("17 March 2017" is not the town of March, and places no street of the story there)."""
    text = doc.text
    words = word_spans(text)
    candidates = _feature_candidates(text, words, gazetteer)
    candidates += _capital_candidates(text, gazetteer)
    candidates += _name_candidates(text, words, gazetteer, analysis.language)
    candidates += _generic_site_candidates(text)
    candidates += _road_candidates(text)
    candidates += _abbreviation_candidates(text, gazetteer)
    agency = dateline_agency(text)  # "CHONGQING, June 27 (Xinhua) --": the agency is no town called Xinhua
    credits = [m.span() for m in CREDIT.finditer(text)]  # "Illustration: Elizabeth Cook/PA": people, not towns
    if dates or agency or credits:
        candidates = _outside(candidates, (dates or []) + ([agency] if agency else []) + credits)
    _mark_routes(candidates, text)
    candidates = _without_sections_of_cities_not_named(candidates, text)
    pinned = {fold_key(c.core) for c in candidates if c.feature and c.feature[0] != "city" and not c.local}
    # What the text is about, from the names not inside a longer name ("Jersey" in "New Jersey" is no island).
    whole = _non_overlapping([c for c in candidates if c.places])
    focus = {p.country_code for c in whole if c.exact for p in c.places if p.kind == "country"}
    focus |= {c.places[0].country_code for c in whole
              if c.places and not c.local and (c.feature or (len(c.places) == 1 and c.places[0].kind != "city"))}
    accepted, doubtful, listable, rejected = [], [], [], []
    filed = find_dateline(text)  # "CIMARRON, Kan. (AP) -": the town a dispatch was filed from is a place, however small
    for c in candidates:
        if c.generic or c.capital_of or ("abbreviation" in c.evidence and not _part_of_organisation(text, c)):
            accepted.append(c)
        elif filed and filed[0] <= c.start < filed[1] and c.exact:
            c.score = max(c.score, 0.8)
            accepted.append(c)
        elif _accept(c, text, analysis, pinned, focus):
            accepted.append(c)
        elif c.exact and c.score >= VOUCHABLE and not c.feature:
            doubtful.append(c)
        elif c.exact and not c.feature and c.score + c.label_doubt >= VOUCHABLE and _written_as_a_name(text, c):
            listable.append(c)  # only the model's label doubts it: a list of towns can still vouch for it
        else:
            rejected.append(c)
    accepted += _named_again_as_where(doubtful + listable + rejected, accepted, text, analysis)
    accepted += _located_by_the_next(doubtful + listable + rejected, accepted, text)
    kept = _in_stated_country(_non_overlapping(accepted), text)
    _mark_coordinated_with_a_country(kept, text)
    _mark_listed_with_divisions(kept, text)
    resolved = _resolve(kept, gazetteer, text)
    resolved += _vouched_for_by_neighbours(doubtful, resolved, text, listable)
    resolved += _misspelt_towns(text, words, analysis, gazetteer, resolved)
    resolved += _acronyms_defined(text, resolved)
    resolved = _without_lone_foreign_towns(resolved, text, filed)
    mentions = []
    for cand, place in resolved:
        if place is None:
            continue
        sent_start, sent_end = analysis.sentence_bounds(cand.start)
        mentions.append(Mention(
            doc_id=doc.doc_id, kind="place", text=text[cand.start:cand.end], start=cand.start, end=cand.end,
            sentence_start=sent_start, sentence_end=sent_end, zone=doc.zone_at(cand.start),
            confidence=round(min(1.0, max(0.05, cand.score)), 3), name=place.name, lat=place.lat, lon=place.lon,
            country_code=place.country_code,
            place_kind=(cand.feature[0] if cand.feature and cand.feature[0] == "site" else place.kind),
            place_id=place.pid, place_source=place.source, admin1=place.admin1,
            approximate=bool(cand.feature and cand.feature[0] == "site" and place.kind != "site"),
        ))
    found = with_parts_of_countries(text, _one_sense_per_name(mentions), gazetteer)
    return _outside(found, dates) if dates else found


def _outside(candidates: list, spans: list[tuple[int, int]]) -> list:
    """The candidates that overlap none of the spans (found by bisection over the sorted spans)."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    # the longest span reaching from before a candidate: a few dates are long ("du 3 au 5 mai 2024")
    reach = max((b - a for a, b in spans), default=0)
    kept = []
    for cand in candidates:
        low = bisect.bisect_left(starts, cand.start - reach)
        high = bisect.bisect_left(starts, cand.end)
        if not any(b > cand.start for _, b in spans[low:high]):
            kept.append(cand)
    return kept


DIVISION_DOUBT_MENTIONS = 3
CHIEF_TOWN = 20_000  # inhabitants of a town a division is named after, for the name alone to be the town
CHIEF_TOWN_PULL = 1.5
CHIEF_TOWN_SHARE = 10  # the town holds at least a tenth of its division's people
LONE_TOWN_KM = 1000  # from every other place of the document: Maastricht in a Belgian story is a neighbour
LONE_TOWN_POPULATION = 1_000_000  # a town this large, or a capital, is named for itself (or its government) anywhere


def _far_from_the_rest(anchors: Anchors, mentions: Counter[str], place: Place) -> bool:
    """Whether a reading lies farther than LONE_TOWN_KM from every other place the document settled (its own
    mentions left out of the summary)."""
    nearest = anchors.nearest_km(place.lat, place.lon, exclude=place.pid, excluded=mentions[place.pid])
    return nearest is None or nearest > LONE_TOWN_KM


def _without_lone_foreign_towns(resolved: list[tuple[Candidate, Place | None]], text: str,
                                filed: tuple[int, int] | None) -> list[tuple[Candidate, Place | None]]:
    """A name read as a town, written without a word that says where ("à", "in", "near") and without a feature
    word, in a country where no other place of the document lies and far from all of them, is a company, a team,
    a person or a misreading more often than a place the story goes to: "ahead of Toyota teammate Henk Lategan",
    "Kevin Benavides (Honda)" in a rally across Saudi Arabia, "Mayor London Breed" (Breda), "la Roya" (a river of
    the Alpes-Maritimes read as a Ukrainian town). Each mention is judged alone: the name's other mentions are no
    places near it. Capitals and big cities stay (a government, a market: "Tokyo said"), as do items of a list of
    places and the town a dispatch is filed from."""
    settled = [(c, p) for c, p in resolved if p is not None]
    countries = Counter(p.country_code for _, p in settled)
    if len(countries) < 2:
        return resolved
    names = Counter(fold_key(text[c.start:c.end]) for c, _ in settled)
    mentions_of = Counter(p.pid for _, p in settled)
    anchors = Anchors([p for _, p in settled])  # the spatial summary the ranker uses: no distance to every place
    far: dict[str, bool] = {}

    def far_from_the_rest(place: Place) -> bool:
        if place.pid not in far:
            far[place.pid] = _far_from_the_rest(anchors, mentions_of, place)
        return far[place.pid]

    spans = sorted((c.start, c.end) for c, _ in settled)
    starts = [a for a, _ in spans]

    def listed(cand: Candidate) -> bool:  # "The Hague and Kansas City voted": an item of a list of places
        i = bisect.bisect_left(starts, cand.start)
        before = spans[i - 1] if i > 0 else None
        after = spans[i + 1] if i + 1 < len(spans) else None
        return bool((before and LIST_JOINER.fullmatch(text[before[1]:cand.start]))
                    or (after and LIST_JOINER.fullmatch(text[cand.end:after[0]])))

    # A division is doubted only in a story clearly told of another country (three places or more there): "North
    # Carolina" and "Wales" in a sentence about two storms are both places.
    about_elsewhere = countries.most_common(1)[0][1] >= DIVISION_DOUBT_MENTIONS

    def weak(cand: Candidate, place: Place) -> bool:
        """A town (or a division, in a story told elsewhere) that nothing but its name makes a place."""
        # (a site the data lacks, read at the town its name holds, says no more than that town's name)
        return ((not cand.feature or cand.feature[0] == "site" and place.kind != "site") and not cand.capital_of
                and (place.kind == "city" or place.kind == "region" and about_elsewhere)
                and place.subkind != "capital" and (place.kind == "region" or place.population < LONE_TOWN_POPULATION)
                and not (filed and filed[0] <= cand.start < filed[1])
                and _word_before(text, cand.start)[0].lower() not in WHERE_WORDS
                and not listed(cand))

    # A country that only such names stand for ("la cité de Concordia" and "des Îles du Nord", two Colombian
    # villages in a story of the French Antilles): its names are judged together, far from every place elsewhere.
    # (a landmark the data lacks, placed at such a town, is no more support: it only follows its town)
    weak_count = Counter(p.country_code for c, p in settled if weak(c, p) or c.local)
    weak_countries = {cc for cc, n in weak_count.items() if n == countries[cc] and n > 1}
    elsewhere = {cc: Anchors([p for _, p in settled if p.country_code != cc]) for cc in weak_countries}
    kept = []
    for cand, place in resolved:
        is_weak = place is not None and weak(cand, place)
        if place is not None and (
                is_weak and countries[place.country_code] == names[fold_key(text[cand.start:cand.end])]
                and far_from_the_rest(place)
                or (is_weak or cand.local) and place.country_code in weak_countries
                and _far_from_the_rest(elsewhere[place.country_code], Counter(), place)):
            continue
        kept.append((cand, place))
    return kept


# Words that set a town as where something is; "de" also names what a thing is ("la cité judiciaire de
# Concordia", "des Îles du Nord"), too little to carry a lone town abroad.
WHERE_WORDS = LOCATIVES - {"de", "d", "du", "des"}


MISSPELT_MIN = 7  # letters: a shorter name one slip from a town is as often another word
MISSPELT_LOOKUPS = 50  # distinct unknown names looked up for slips, per document
MISSPELT_DWARFS = 10  # times the population of every other town the slip could stand for
# Where a town stands: "à Dikodogou", "in Matzatlan" (not "de", which also names what a thing is: "le Bouclier de
# Brennus").
SPELLING_PREPOSITIONS = {"à", "a", "au", "aux", "vers", "près", "in", "at", "near", "toward", "towards"}


def _misspelt_towns(text: str, words: list[tuple[int, int]], analysis: Analysis, gazetteer: Gazetteer,
                    resolved: list[tuple[Candidate, Place | None]]) -> list[tuple[Candidate, Place]]:
    """A name the gazetteer does not know, written where a place stands (after "à" or "in", or in a list of the
    document's towns), and not taken for a person by the model, that is one slip from exactly one town or division of
    the countries the document's places lie in: "se rendra à Boron, Farakoro et Dikodogou" (Dikodougou),
    "spectators in Matzatlan" (Mazatlán). Press copy misspells foreign names; the document's countries keep the
    search to where the story is."""
    settled = [(c, p) for c, p in resolved if p is not None]
    countries = Counter(p.country_code for _, p in settled if p.country_code)
    if not countries:
        return []
    focus = {code for code, _ in countries.most_common(3)}
    taken = DisjointSpans((cand.start, cand.end) for cand, _ in resolved)
    towns = sorted((c.start, c.end) for c, p in settled if p.kind == "city")
    town_starts = [a for a, _ in towns]
    found: list[tuple[Candidate, Place]] = []
    tried: dict[str, Place | None] = {}
    for index, (start, end) in enumerate(words):
        word = text[start:end]
        if (len(word) < MISSPELT_MIN or not word[0].isupper() or word.isupper() or taken.overlaps(start, end)
                or _starts_sentence(text, start) or common_word(word.lower(), analysis.language, 3.0)):
            continue
        if index + 1 < len(words) and text[words[index + 1][0]].isupper() and not text[end:words[index + 1][0]].strip(" "):
            continue  # part of a longer name ("Matzatlan Beach Resort", "Dikodogou Jean")
        before, _ = _word_before(text, start)
        label = analysis.entity_label(start, end)
        # the towns just before and just after it, found by bisection (a long list stays linear)
        after = bisect.bisect_left(town_starts, end)
        neighbours = towns[max(0, after - 2):after + 1]
        listed = any(LIST_JOINER.fullmatch(text[b:start]) if b <= start else LIST_JOINER.fullmatch(text[end:a])
                     for a, b in neighbours if b <= start <= b + 12 or end <= a <= end + 12)
        if label == "PER" or not (before.lower() in SPELLING_PREPOSITIONS or listed):
            continue
        if word not in tried:
            if len(tried) >= MISSPELT_LOOKUPS:
                break  # each lookup reads a range of the index: a text of unknown names costs a bounded number
            # a name the gazetteer knows was weighed, and turned down, as itself
            tried[word] = None if gazetteer.lookup(word) else _the_town_misspelt(gazetteer, word, focus)
        town = tried[word]
        if town is not None:
            found.append((Candidate(start, end, [town], False, core=word, score=0.4, evidence=["spelling"]), town))
    return found


def _the_town_misspelt(gazetteer: Gazetteer, word: str, countries: set[str]) -> Place | None:
    """The one town a slip can stand for, or one that dwarfs the others ("Matzatlan": Mazatlán, not Matatlán)."""
    by_name: dict[str, Place] = {}
    for place in gazetteer.spelled_alike(word, countries):
        key = name_key(place.name)
        # of a city and its division of one name, the city: a slip is a reporter's, on a town's name
        rank = (place.kind == "city", place.population)
        if key not in by_name or rank > (by_name[key].kind == "city", by_name[key].population):
            by_name[key] = place
    ranked = sorted(by_name.values(), key=lambda p: -p.population)
    if ranked and (len(ranked) == 1 or ranked[0].population >= MISSPELT_DWARFS * max(1, ranked[1].population)):
        return ranked[0]
    return None


ARTICLES = {"the", "a", "an", "this", "that", "its", "their", "our", "la", "le", "les", "l'", "l’", "ce", "cette", "sa",
            "son", "leur", "notre"}
def _article_phrase(text: str, cand: Candidate) -> bool:
    """An article then a lower-case word ("The city", "La ville"), unlike "The Hague", "Le Havre", "La Paz"."""
    words = text[cand.start:cand.end].split()
    return len(words) >= 2 and words[0].lower() in ARTICLES and words[1][:1].islower()


NAME_CONNECTORS = {"upon", "sous", "près", "lès", "über", "unter", "della", "delle", "dello", "degli", "sobre", "under"}


def _written_as_a_name(text: str, cand: Candidate) -> bool:
    """Every longer word capitalised: "The river" or "The city" at the head of a sentence is not the alternate
    name GeoNames gives a town; "Bound Brook", "Isle of Wight", "Newcastle upon Tyne" and hyphenated names
    ("Saint-Jean-de-Luz", "Stratford-upon-Avon") are names."""
    words = text[cand.start:cand.end].split()
    return all(word[0].isupper() or not word[0].isalpha() or len(word) <= 3 or "-" in word
               or word.lower() in NAME_CONNECTORS for word in words)


BIG_CITY = 100_000
REPEATED_AS_WHERE = 2  # uses of a name, one of them after "in", "at", "à"…, that make a small town the story's


def _named_again_as_where(turned_down: list[Candidate], accepted: list[Candidate], text: str,
                          analysis: Analysis) -> list[Candidate]:
    """A local story names its town again and again ("in Manville", "Manville's mayor", "Manville and Bound Brook")
    where a reader knows it is a place, however small: a name turned down only for want of size (no penalty for a
    common word, a person or an organisation brought its score below zero) that the document writes capitalised
    at least twice, once after a preposition of place, is a place. Counted per name, once per document."""
    taken = {(c.start, c.end) for c in accepted}
    uses: dict[str, list[Candidate]] = {}
    for cand in turned_down:
        # (a name doubted only by the model's label is counted too: it may be settled elsewhere, "GOLFECH" / "À Golfech")
        if (cand.exact and not cand.feature and cand.score + cand.label_doubt >= 0.0 and (cand.start, cand.end) not in taken
                and _written_as_a_name(text, cand) and not _part_of_organisation(text, cand) and not _is_demonym(cand)
                and text[cand.start:cand.end].lower() not in FEATURES):  # "au Stade municipal": a kind, not a town
            uses.setdefault(fold_key(cand.core or text[cand.start:cand.end]), []).append(cand)
    # One sense per discourse: a name the document already reads as a place ("à Thuin") is that place where it is
    # written again without a word of place ("entre Stavelot et Thuin", "Chièvres > Thuin").
    settled = {fold_key(c.core or text[c.start:c.end]) for c in accepted if c.exact and not c.feature and c.places}
    found = []
    for key, group in uses.items():
        mid_sentence = [c for c in group if not _starts_sentence(text, c.start)]  # capitalised as a name, not a first word
        if key in settled and mid_sentence:
            # not where it is part of another name ("FC Nantes", "the Dakar Rally")
            for cand in [c for c in mid_sentence if not _inside_longer_name(text, c, analysis)]:
                cand.score = max(cand.score, 0.55)
                found.append(cand)
            continue
        solid = [c for c in mid_sentence if c.score >= 0.0]  # not doubted by the model's label alone
        if (len({(c.start, c.end) for c in group}) >= REPEATED_AS_WHERE and solid
                and any(_word_before(text, c.start)[0].lower() in LOCATIVES for c in solid)):
            for cand in group:
                cand.score = max(cand.score, 0.55)
                found.append(cand)
    return found


def _one_sense_per_name(mentions: list[Mention]) -> list[Mention]:
    """A name means one place throughout a document: "Richland County" settled by its feature word, then "Morrow
    and Richland counties" is the same county, not a namesake two states away. The most confident reading of a
    name stands for its less confident ones."""
    best: dict[tuple[str, str], Mention] = {}
    for mention in mentions:
        key = (name_key(mention.name), mention.place_kind)
        if key not in best or mention.confidence > best[key].confidence:
            best[key] = mention
    for mention in mentions:
        chosen = best[(name_key(mention.name), mention.place_kind)]
        if chosen.place_id != mention.place_id and chosen.confidence > mention.confidence:
            mention.lat, mention.lon, mention.country_code = chosen.lat, chosen.lon, chosen.country_code
            mention.place_id, mention.place_source, mention.admin1 = chosen.place_id, chosen.place_source, chosen.admin1
    return mentions


# What may stand between a place and the country the writer adds to it: "Bali, en Indonésie", "Moscou, Russie",
# "Springfield (États-Unis)", "Gdansk, in Poland".
STATED_COUNTRY = re.compile(r"\s*(?:,\s*(?:(?:en|au|aux|in)\s+)?(?:l['’]|la\s+|le\s+|les\s+|the\s+)?|\(\s*)")


COUNTY_KM = 60.0  # a town this near a second-level division's point may lie in it (a county, a district)


def _lies_in(town: Place, division: Place) -> bool:
    """Whether a town lies in a division or a country: its first-level code, or near a second-level division's point
    (GeoNames gives towns no second-level code)."""
    if division.kind == "country":
        return town.country_code == division.country_code
    if _is_second_level(division):
        return km(town.lat, town.lon, division.lat, division.lon) <= COUNTY_KM
    return division.kind == "region" and bool(division.admin1) and (town.country_code, town.admin1) == (
        division.country_code, division.admin1)


def _inside_the_division(towns: list[Place], readings: list[Place]) -> list[Place]:
    """The town readings that lie in one of the division's readings."""
    return [t for t in towns if any(_lies_in(t, d) for d in readings)]


def _located_by_the_next(turned_down: list[Candidate], accepted: list[Candidate], text: str) -> list[Candidate]:
    """"in Clare, Suffolk", "Woodbridge, Kent", "Hornick, Iowa": a name turned down for want of size (no title, no
    organisation, no demonym) that the writer locates in a division or a country just after it is a town there,
    when the gazetteer has one there. The division vouches for the town, and the town for a division turned down
    too ("Suffolk" is also a common noun): two names that agree on the map in that shape are both places."""
    def eligible(cand: Candidate) -> bool:
        return (cand.exact and not cand.feature and bool(cand.places)
                and not TITLE_BEFORE.search(text, max(0, cand.start - 20), cand.start)
                and not _part_of_organisation(text, cand) and not _is_demonym(cand) and _written_as_a_name(text, cand))

    taken = {(c.start, c.end) for c in accepted}
    pool = sorted([c for c in accepted if c.places] + [c for c in turned_down if (c.start, c.end) not in taken and eligible(c)],
                  key=lambda c: c.start)
    starts = [c.start for c in pool]
    found = []
    for cand in pool:
        at = bisect.bisect_left(starts, cand.end)
        if at == len(pool) or not STATED_COUNTRY.fullmatch(text[cand.end:pool[at].start]):
            continue
        division = pool[at]
        if ((cand.start, cand.end) in taken and (division.start, division.end) in taken
                or not any(p.kind in {"region", "country"} for p in division.places)):
            continue  # two accepted names are located by _in_stated_country
        own = name_key(text[division.start:division.end])
        named = [p for p in division.places if name_key(p.name) == own] or division.places
        inside = _inside_the_division([p for p in cand.places if p.kind == "city"], named)
        if not inside:
            continue
        cand.places = inside
        if (cand.start, cand.end) not in taken:
            cand.score = max(cand.score, 0.6)
            taken.add((cand.start, cand.end))
            found.append(cand)
        if (division.start, division.end) not in taken:
            division.places = [d for d in division.places if any(_lies_in(t, d) for t in inside)]
            division.score = max(division.score, 0.6)
            taken.add((division.start, division.end))
            found.append(division)
    return found


POSSESSIVE_GAP = re.compile(r"['’]s[ \t\u00a0]+")


def _possessed_by_a_division(text: str, owner: Candidate | None, cand: Candidate) -> set[tuple[str, str]] | None:
    """The (country, first-level division) pairs of a division or a country written as the possessor of a town or
    a county ("Florida's Panhandle", "Kenya's Rift Valley"), or None. A country stands as (country, "")."""
    if owner is None or not POSSESSIVE_GAP.fullmatch(text, owner.end, cand.start):
        return None
    if not cand.places or not all(p.kind == "city" or _is_second_level(p) for p in cand.places):
        return None
    own = name_key(text[owner.start:owner.end])
    countries = {(p.country_code, "") for p in owner.places if p.kind == "country"}
    divisions = {(p.country_code, p.admin1) for p in owner.places
                 if p.kind == "region" and p.admin1 and not _is_second_level(p) and own in _own_names(p)}
    return (countries or divisions) or None


def _in_stated_country(cands: list[Candidate], text: str) -> list[Candidate]:
    """A place the writer locates in a country is in that country: readings elsewhere are dropped, and a name
    with no reading there is left to the country beside it rather than put on another continent. A place
    located in a first-level division ("Chesterville, Ohio", "Wall, N.J.") keeps its readings in that division."""
    out = []
    for index, cand in enumerate(cands):
        following = cands[index + 1] if index + 1 < len(cands) else None
        countries = {p.country_code for p in following.places if p.kind == "country"} if following else set()
        # "Chesterville, Ohio" locates a town in a state; "Ahmedabad, Agra and New Delhi" is a list of cities, even
        # though a district is also called Agra: a big city reading of the next name means it is not a division.
        regions = ([p for p in following.places if p.kind == "region" and p.admin1 and not _is_second_level(p)]
                   if following and not countries and not any(
                       p.kind == "city" and p.population >= BIG_CITY for p in following.places) else [])
        # "Ohio" is also an alternate name of three Ohio Counties: the division named exactly is the one meant.
        named = [p for p in regions if name_key(p.name) == name_key(text[following.start:following.end])]
        divisions = {(p.country_code, p.admin1) for p in named or regions}
        own_key = name_key(text[cand.start:cand.end])
        beside = (following is not None and not cand.generic and not cand.capital_of
                  # a region across borders is never "in" one (an island, a lake is: "Newfoundland, Canada")
                  and not any(p.kind == "country" or (p.kind == "macro" and not p.country_code) for p in cand.places)
                  # a state in a list of states ("Alabama, Georgia and Florida") is not a town located in a country
                  and not any(p.kind == "region" and not _is_second_level(p) and own_key in _own_names(p)
                              for p in cand.places)
                  and STATED_COUNTRY.fullmatch(text[cand.end:following.start]))
        # "originaires de Dubaï, Corée du Sud, Chine et Hong Kong": a country that the list goes on after is one
        # more item, not where the name before it lies.
        after = cands[index + 2] if index + 2 < len(cands) else None
        listed = (after is not None and LIST_JOINER.fullmatch(text[following.end:after.start])
                  and any(p.kind == "country" for p in after.places)) if beside and countries else False
        if beside and countries and not listed:
            inside = [p for p in cand.places if p.country_code in countries]
            if not inside:
                continue
            cand.places = inside
        elif beside and len(divisions) == 1 and all(p.kind == "city" for p in cand.places):
            inside = [p for p in cand.places if (p.country_code, p.admin1) in divisions]
            if not inside:
                continue  # a town the gazetteer lacks is not moved to another state's homonym
            cand.places = inside
        elif (owner := _possessed_by_a_division(text, cands[index - 1] if index else None, cand)) is not None:
            # "Florida's Panhandle", "Ohio's Franklin County": a division's possessive locates what follows in it; a
            # name with no reading there is a part of it the gazetteer lacks, not a namesake in Texas
            inside = [p for p in cand.places if (p.country_code, p.admin1) in owner or (p.country_code, "") in owner]
            if not inside:
                continue
            cand.places = inside
        elif beside and not countries and all(p.kind == "city" for p in cand.places):
            # "Woodbridge, Suffolk": a county beside a town is the county around it, and the town is the one there
            own = name_key(text[following.start:following.end])
            second = [p for p in following.places if _is_second_level(p) and name_key(p.name) == own]
            inside = _inside_the_division(cand.places, second)
            if inside:
                cand.places = inside
                following.places = [d for d in second if any(_lies_in(t, d) for t in inside)]
        out.append(cand)
    return out


# ---------------------------------------------------------------------------
# Candidates


def _name_spans(text: str, words: list[tuple[int, int]], first: int) -> list[tuple[int, int]]:
    """Spans of 1..MAX_NAME_TOKENS words from words[first], joined only by spaces, hyphens or apostrophes."""
    spans = []
    start = words[first][0]
    for j in range(first, min(first + MAX_NAME_TOKENS, len(words))):
        if j > first and not JOINER.match(text[words[j - 1][1]:words[j][0]]) and not _abbreviation_dot(text, words[j - 1], words[j]):
            break
        spans.append((start, words[j][1]))
    return spans


ABBREVIATIONS = {"st", "ste", "mt", "ft", "pt", "s", "sta", "sto", "sv"}  # St. Paul, Mt. Vernon, Ft. Worth, S. Paulo


def _abbreviation_dot(text: str, word: tuple[int, int], following: tuple[int, int]) -> bool:
    return text[word[1]:following[0]] in {". ", "."} and text[word[0]:word[1]].lower() in ABBREVIATIONS


def _name_candidates(text: str, words: list[tuple[int, int]], gazetteer: Gazetteer, language: str = "") -> list[Candidate]:
    spans = []
    for i, (start, _) in enumerate(words):
        if text[start].isupper():
            spans += _name_spans(text, words, i)
    keys = {name_key(text[a:b]) for a, b in spans}
    exact = gazetteer.lookup_keys(keys)
    # Transliteration variants: only single capitalised words or short names the exact index did not know.
    # A name of a few letters folds onto anything ("NJ" onto "Ni", "Nu" onto "Nou"): it is matched as written.
    # Nor is a common word of the text's language ("Room" folds onto "Rom", Rome): a transliteration is a rare word.
    fold_spans = [(a, b) for a, b in spans if name_key(text[a:b]) not in exact and len(text[a:b].split()) <= 2
                  and sum(ch.isalpha() for ch in text[a:b]) >= FOLD_MIN_LETTERS
                  and not all(common_word(word, language) for word in text[a:b].split())]
    folded = gazetteer.lookup_keys({fold_key(text[a:b]) for a, b in fold_spans}, "fold")
    candidates = []
    for a, b in spans:
        key = name_key(text[a:b])
        if key in exact:
            candidates.append(Candidate(a, b, exact[key], True, core=text[a:b]))
        elif fold_key(text[a:b]) in folded:
            # Transliteration variants are for names of settlements and divisions ("Vostotchny"), not for a river
            # that a common word or a first name resembles ("Mass" is not the Maas).
            settled = [p for p in folded[fold_key(text[a:b])] if p.subkind not in WATER]
            if settled:
                candidates.append(Candidate(a, b, settled, False, core=text[a:b]))
    return candidates


NAME_BEFORE = re.compile(r"(?<![\w\-'’.])(?P<word>[A-ZÀ-ÖØ-Þ][\w\-'’.]*)[ \t\u00a0]$")
FUNCTION_WORDS = {"le", "la", "les", "l", "un", "une", "the", "a", "an", "à", "au", "aux", "du", "des", "de", "en",
                  "dans", "sur", "vers", "in", "at", "on", "to", "from", "near", "by", "and", "et"}


def _ends_a_name(text: str, start: int) -> bool:
    """A capitalised feature word after a capitalised word ends that name ("Mexico City resident Martha", "Kansas
    City"): it does not open a name of its own. After an article or preposition it does ("Le Stade de France")."""
    if not text[start].isupper():
        return False
    before = NAME_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group("word").lower().rstrip(".") not in FUNCTION_WORDS


# A club is named after its town's adjective ("Stade Toulousain", "Stade Rennais", "Racing Club Lensois").
CLUB_ADJECTIVE = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ]+(?:ais|ois|ain|in|ien|éen)$")


def _not_localities(places: list[Place]) -> list[Place]:
    """The readings of a site's name that are no postal locality: a locality named after its landmark ("London
    Bridge", "Buckingham Palace") is the landmark's neighbourhood, not a village that shares its name, and a street
    named like a hamlet ("Frith Road") does not fall back to the hamlet."""
    return [p for p in places if p.subkind != LOCALITY]


def _where_a_named_site_is(text: str, match: re.Match, name: str) -> bool:
    """"au Stade Roi Baudouin", "devant le Palais Garnier", "at the Stade Pierre Mauroy": a capitalised feature word
    after a word of place names a site, as its lower-case form would; a club stays a club ("au Stade Rennais"). Not
    with a linking word: "au Stade de France", "au Bois du Cazier" are named after a country or a place far from
    the story's town."""
    if re.search(r"(?:^|\s)(?:de|du|des|d['’]|of)\b", match.group()[len(match.group("feature")):], re.IGNORECASE):
        return False
    start = match.start()
    word = _word_before(text, start)[0].lower()
    if word in {"le", "la", "l", "the"}:
        word = _word_before(text, _word_before(text, start)[1])[0].lower()
    return word in WHERE_WORDS | {"au", "aux", "devant", "outside"} and not CLUB_ADJECTIVE.match(name)


def _feature_candidates(text: str, words: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Candidate]:
    found = []
    starts = {a: i for i, (a, _) in enumerate(words)}
    for match in FEATURE_BEFORE.finditer(text):
        name_at = match.end()
        if name_at not in starts or _ends_a_name(text, match.start()):
            continue
        kind, subkind = FEATURES[match.group("feature").lower()]
        linked = bool(LINKED.search(match.group()[len(match.group("feature")):]))  # "gare de …", not "gare Saint-…"
        name_end = _capitalised_end(text, words, starts[name_at])
        spans = [(a, b) for a, b in _name_spans(text, words, starts[name_at]) if b <= name_end]
        for a, b in reversed(spans):
            name = text[a:b]
            if _continues_name(text, b):
                continue  # never cut a proper name short: "usine Youri Gagarine" is not "Youri"
            whole = _not_localities(gazetteer.lookup_keys([name_key(text[match.start():b])]).get(name_key(text[match.start():b]), []))
            places = [p for p in whole if _fits(p, kind, subkind)] or [p for p in gazetteer.lookup(name) if _fits(p, kind, subkind)]
            if not places and kind == "region" and match.group("feature").lower() in CHIEF_TOWN_DIVISIONS:
                places = _chief_towns(gazetteer, name)
            if not places and any(p.kind in {"city", "region", "country"} for p in whole):
                break  # "Port Moresby", "Fort-de-France": the feature word opens a town's own name
            national = _national_site(gazetteer, name, subkind) if not places and kind == "site" and linked else []
            if national:
                found.append(Candidate(match.start(), b, national, True, feature=(kind, subkind), core=name,
                                       evidence=[f"feature:{match.group('feature').lower()}", "national"]))
                break
            local = not places and kind == "site" and subkind in LOCAL_SUBKINDS
            town_tail = False
            if not places and kind == "site":
                # A site the gazetteer does not know falls back to its town (or region), marked approximate; a
                # natural feature to the larger one it names ("l'île de Bornéo" is Borneo).
                fallback = FALLBACK_KINDS | ({"macro"} if subkind == "natural" else set())
                places = [p for p in _not_localities(gazetteer.lookup(name)) if p.kind in fallback]
                # "gare de Komsomolsk", "cathédrale de Reims": after "de" the name is the town itself.
                # A natural feature's name is its own ("col de Brouis", "l'Île de la Cité"), unless it is the larger
                # feature itself ("l'île de Bornéo").
                if subkind == "natural" and match.group("feature").lower() in TOWN_NAMED_NATURAL and linked:
                    # "la plage de Grand-Bassam": a beach is named after its town (the town, approximate)
                    local = local and not places
                elif subkind == "natural":
                    local = local and not any(p.kind == "macro" for p in places)
                    places = [p for p in places if p.kind == "macro"]
                else:
                    local = local and not (places and linked)
                tail = TOWN_TAIL.search(name)
                if local and not places and tail:
                    # "cathédrale Notre-Dame de Paris": a name that ends on its town's name says where it is
                    places = [p for p in gazetteer.lookup(tail.group("town")) if p.kind == "city"]
                    # the town is named, as in "cathédrale de Reims": read like it, not as the story's town
                    town_tail = bool(places)
                    local = not town_tail
            # A landmark the gazetteer lacks is written "stade Vélodrome", "église Sainte-Agnès": a capitalised
            # "Stade Toulousain" mid-sentence is a club, "Court Philippe-Chatrier" a name the data must carry.
            # Islands, passes and capes keep a capital in their names ("l'Île de la Cité", "Cap Fréhel"), and a
            # capitalised name that ends on its town ("Palais des Congrès de Paris", "Palais des Sports de
            # Lyon") says where it stands whatever its capitals.
            generic_word = (match.group("feature")[0].islower() or _starts_sentence(text, match.start())
                            or subkind == "natural"
                            or _where_a_named_site_is(text, match, name))
            if local and not ((generic_word or town_tail) and (places or b == name_end)):
                if not generic_word and not places and LAST_WORD_CAPITALISED.search(name):
                    break  # a proper name the data lacks: none of its pieces is a place ("Congrès" is not Congress)
                continue
            if places or local:
                found.append(Candidate(match.start(), b, places, True, feature=(kind, subkind), core=name,
                                       local=local, evidence=[f"feature:{match.group('feature').lower()}"]))
                break
    found += _listed_division_candidates(text, gazetteer)
    # English order: "Vostochny Cosmodrome", "Amur Oblast", "Heathrow Airport".
    for i, (start, _) in enumerate(words):
        if not text[start].isupper():
            continue
        for a, b in _name_spans(text, words, i)[:3]:
            if not all(w[0].isupper() or w[0].isdigit() or w == "s" for w in WORD.findall(text[a:b])):  # "St. Matthew's"
                break  # "Maidstone to Woodlands Park": the name before the feature word is capitalised throughout
            after = ENGLISH_AFTER.match(text[b:b + 40])
            if not after:
                continue
            kind, subkind = FEATURES[after.group("feature").lower()]
            end = b + after.end()
            whole = _not_localities(gazetteer.lookup_keys([name_key(text[a:end])]).get(name_key(text[a:end]), []))
            places = [p for p in whole if _fits(p, kind, subkind)]
            places = places or [p for p in gazetteer.lookup(text[a:b]) if _fits(p, kind, subkind)]
            if not places and kind == "region" and after.group("feature").lower() in CHIEF_TOWN_DIVISIONS:
                places = _chief_towns(gazetteer, text[a:b])
            if not places and whole:
                # "Pinellas Park" is a town: the name candidate of the same extent will say so. But a village that
                # shares a landmark's name ("Victoria Park", "Woodlands Park") is only that village near the story;
                # elsewhere it is the park of the story's town.
                villages = [p for p in whole if p.kind == "city" or _is_second_level(p)]
                if (kind == "site" and subkind in LOCAL_SUBKINDS and villages and len(villages) == len(whole)
                        and max(p.population for p in villages) < LANDMARK_LIKE_TOWN):
                    found.append(Candidate(a, end, villages, True, feature=(kind, subkind), core=text[a:b], local=True,
                                           evidence=[f"feature:{after.group('feature').lower()}", "named-like-a-village"]))
                continue
            local = not places and kind == "site" and subkind in LOCAL_SUBKINDS
            of_country = OF_A_COUNTRY.match(text, end) if local and not places else None
            national = _national_after(gazetteer, of_country, subkind) if of_country else None
            if national:
                # "the Supreme Court of Kenya": the name runs on to its country, and the site is its capital's
                found.append(Candidate(a, national[0], national[1], True, feature=(kind, subkind), core=text[a:b],
                                       evidence=[f"feature:{after.group('feature').lower()}", "national"]))
                continue
            if not places and kind == "site":
                places = [p for p in _not_localities(gazetteer.lookup(text[a:b])) if p.kind in FALLBACK_KINDS]  # approximate
            leading = _leading_town(gazetteer, text[a:b]) if local and not places else []
            if places or local:
                found.append(Candidate(a, end, places or leading, True, feature=(kind, subkind), core=text[a:b], local=local,
                                       evidence=[f"feature:{after.group('feature').lower()}"] + (["leading-town"] if leading else [])))
    return found


# "Franklin, Fulton and Cumberland counties", "Grant and Rapides parishes": one word of divisions after a list of
# names makes each of them a division of that kind ("Franklin" the county, not the Massachusetts town)
PLURAL_DIVISIONS = {"counties": "County", "parishes": "Parish", "provinces": "Province", "districts": "District",
                    "oblasts": "Oblast", "regions": "Region"}
PLURAL_DIVISION = re.compile(rf"[ \t\u00a0]+(?P<feature>(?i:{'|'.join(PLURAL_DIVISIONS)}))\b")
_LISTED_NAME = r"[A-Z][\w'’.\-]*(?:[ \t\u00a0]+[A-Z][\w'’.\-]*){0,2}"
NAMES_BEFORE_PLURAL = re.compile(
    rf"(?:{_LISTED_NAME}(?:,[ \t\u00a0]+and[ \t\u00a0]+|,[ \t\u00a0]+|[ \t\u00a0]+(?:and|&)[ \t\u00a0]+))+{_LISTED_NAME}$")
LISTED_NAME = re.compile(_LISTED_NAME)


def _listed_division_candidates(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Each name of a list that a plural word of divisions closes, as a division of that kind."""
    found = []
    for match in PLURAL_DIVISION.finditer(text):
        window_start = max(0, match.start() - 160)
        listed = NAMES_BEFORE_PLURAL.search(text, window_start, match.start())
        if listed is None:
            continue
        singular = PLURAL_DIVISIONS[match.group("feature").lower()]
        for name in LISTED_NAME.finditer(text, listed.start(), listed.end()):
            whole = f"{name.group()} {singular}"
            places = [p for p in gazetteer.lookup_keys([name_key(whole)]).get(name_key(whole), []) if p.kind == "region"]
            places = places or [p for p in gazetteer.lookup(name.group()) if p.kind == "region"]
            if places:
                found.append(Candidate(name.start(), name.end(), places, True, feature=("region", ""), core=name.group(),
                                       evidence=[f"feature:{match.group('feature').lower()}"]))
    return found


OF_A_COUNTRY = re.compile(r"[ \t\u00a0]+of[ \t\u00a0]+(?:the[ \t\u00a0]+)?(?P<name>[A-Z][\w'’\-]*(?:[ \t\u00a0][A-Z][\w'’\-]*){0,3})")


def _national_after(gazetteer: Gazetteer, match: re.Match, subkind: str) -> tuple[int, list[Place]] | None:
    """The end and the capital of "… of <country>" after an English site's name, its longest reading first."""
    words = match.group("name").split()
    for n in range(len(words), 0, -1):
        capital = _national_site(gazetteer, " ".join(words[:n]), subkind)
        if capital:
            return match.start("name") + len(" ".join(words[:n])), capital
    return None


def _national_site(gazetteer: Gazetteer, name: str, subkind: str) -> list[Place]:
    """"Stade de France", "Supreme Court of Kenya": a site of a national kind named after a country is at that
    country's capital (approximate: the data lacks the site itself)."""
    if subkind not in SERVES_ITS_COUNTRY:
        return []
    countries = [p for p in gazetteer.lookup(name) if p.kind == "country"]
    capital = gazetteer.capital_of(countries[0].country_code) if countries else None
    return [capital] if capital is not None else []


# Divisions commonly named after their chief town ("Yen Bai Province", "Balasore district", "la préfecture de
# Tahoua"): when the data lacks the division (or lists it under a newer name), the town stands for it.
CHIEF_TOWN_DIVISIONS = {"province", "provincia", "district", "préfecture", "prefecture", "governorate", "gouvernorat"}


def _chief_towns(gazetteer: Gazetteer, name: str) -> list[Place]:
    return [p for p in gazetteer.lookup(name) if p.kind == "city" and p.population >= CHIEF_TOWN]


def _leading_town(gazetteer: Gazetteer, name: str) -> list[Place]:
    """The towns a landmark's name opens with ("Olean General Hospital", "Chongqing East Railway Station": the town,
    then a word of the landmark's own): where it may stand, as its story's other places decide."""
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        if words[size].lower() in DIVISION_WORDS:
            continue  # "Woodbury County District Court": the county's, not a town called Woodbury
        towns = [p for p in gazetteer.lookup(" ".join(words[:size])) if p.kind == "city"]
        if towns:
            return towns
    return []


DIVISION_WORDS = {"county", "parish"}  # (a "District Hospital" is its district's seat town's: "Uttarkashi District")


NAME_LINKS = {"de", "du", "des", "la", "le", "les", "l", "d", "of", "the", "y", "di", "del", "da", "van", "von", "al", "el"}


def _capitalised_end(text: str, words: list[tuple[int, int]], first: int) -> int:
    """Where a proper name that starts at words[first] ends: capitalised words, and the small linking words between
    them ("Notre-Dame de la Garde", "Shrine of Our Lady"), never the verb after it."""
    end = words[first][1]
    j = first + 1
    linked = False  # the word before is a small linking word
    while j < len(words) and JOINER.match(text[words[j - 1][1]:words[j][0]]):
        word = text[words[j][0]:words[j][1]]
        compound = text[words[j - 1][1]:words[j][0]].strip(" \t\u00a0") != ""  # "Komsomolsk-sur-l'Amour"
        if word[0].isdigit() and linked and not compound:
            break  # "au Stade Roi Baudouin le 22 juillet": a number after "le" is a date, not the name's
        if word[0].isupper() or word[0].isdigit() or compound:
            end = words[j][1]
            linked = False
        elif word.lower() not in NAME_LINKS:
            break
        else:
            linked = True
        j += 1
    return end


def _starts_sentence(text: str, start: int, ends: str = ".!?:\n") -> bool:
    """Whether the word at `start` opens a sentence (or the text), past spaces, quotes and brackets. Reads backwards a
    few characters at a time: called for every candidate, it must not copy the text before it."""
    low = start
    while low > 0:
        low = max(0, low - 80)
        ahead = text[low:start].rstrip(" \t\u00a0\"«“(")
        if ahead:
            return ahead[-1] in ends
    return True


def _continues_name(text: str, end: int) -> bool:
    return bool(re.match(r"[ \t\u00a0\u202f\-'’]{1,2}[A-ZÀ-ÖØ-Þ]", text[end:end + 3]))


def _fits(place: Place, kind: str, subkind: str) -> bool:
    if kind == "region":
        return place.kind in {"region", "macro"}
    if kind == "city":
        return place.kind == "city"
    # A World Heritage site is a landmark of every kind its feature words name: "l'abbaye du Mont-Saint-Michel".
    return place.kind == "site" and (not subkind or place.subkind in {subkind, "heritage"})


def _capital_candidates(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    found = []
    forms = demonyms()
    for pattern in (CAPITAL, ENGLISH_CAPITAL):
        for match in pattern.finditer(text):
            words = match.group("what").split()
            what_start = match.start("what")
            if pattern is CAPITAL and words and words[0].lower() in OTHER_CAPITALS:
                continue  # "la capitale économique ivoirienne" is Abidjan, not the capital
            if pattern is CAPITAL and len(words) > 1 and words[0].lower() in THE_CAPITAL:
                what_start = text.index(words[1], what_start + len(words[0]))  # "la capitale politique ivoirienne"
                words = words[1:]
            for n in range(len(words), 0, -1):
                phrase = " ".join(words[:n])
                code = forms.get(name_key(phrase))
                if not code:
                    country = [p for p in gazetteer.lookup(phrase) if p.kind == "country"]
                    code = country[0].country_code if country else ""
                if code:
                    capital = gazetteer.capital_of(code)
                    if capital:
                        end = what_start + len(" ".join(words[:n]))
                        if pattern is ENGLISH_CAPITAL:
                            # "the Afghan capital": the place is the capital; "Afghan" stays an adjective
                            found.append(Candidate(match.end() - len("capital"), match.end(), [capital], True,
                                                   capital_of=code, score=0.8, evidence=["capital"]))
                            break
                        found.append(Candidate(match.start(), end, [capital], True, capital_of=code,
                                               score=0.8, evidence=["capital"]))
                    break
    return found


# "U.S.", "N.J.", "É.-U.", "W.Va.", "Calif.", "RDC", "UK": matched as printed against the gazetteer's abbreviations.
ABBREVIATION = re.compile(r"(?<![\w.])(?:(?:[A-ZÀ-Þ]\.[-\u2011]?){2,4}|[A-Z]\.[A-Z][a-z]\.|[A-Z][a-z]{1,4}\.|[A-Z]{2,5}(?!\w|\.\w))")
POSTAL = re.compile(r"(?<=[A-Za-zÀ-ÿ]), (?P<code>[A-Z]{2})\b(?![.\-'’]\w)")


# "Vic fire alert", "in Qld": a few divisions are shortened without a dot (assets/division_abbreviations.csv); only a
# registered form matches, and not before a capitalised word ("Vic Reeves" is a man)
SHORT_WITHOUT_DOT = re.compile(r"(?<![\w.'’\-])[A-Z][a-z]{2}(?![\w.'’\-])(?![ \t\u00a0]+[A-Z])")


def _abbreviation_candidates(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    spans = [(m.start(), m.end(), ABBREVIATION_PREFIX + m.group()) for m in ABBREVIATION.finditer(text)]
    spans += [(m.start(), m.end(), ABBREVIATION_PREFIX + m.group()) for m in SHORT_WITHOUT_DOT.finditer(text)]
    spans += [(m.start("code"), m.end("code"), POSTAL_PREFIX + m.group("code")) for m in POSTAL.finditer(text)]
    found = gazetteer.lookup_keys({key for _, _, key in spans})
    return [Candidate(a, b, found[key], True, core=text[a:b], score=0.8, evidence=["abbreviation"])
            for a, b, key in spans if key in found]


GENERIC = re.compile(
    rf"\b(?:le|du|au|un|une|la|the|a|at|this)\s+(?P<noun>{'|'.join(GENERIC_SITE_NOUNS)})\b", re.IGNORECASE
)


# A road by its number ("the A30", "US 71", "I-49", "Interstate 80", "la RN15", "Route 16"): where the story is,
# as a street of the story's town is (a numbered road runs far, but the story is at its stretch in the story's area).
# Only with a word of roads or traffic in its sentence: "A380" and "B52" are aircraft, "M5" a car.
ROAD_NUMBER = re.compile(
    r"\b(?:(?:A|M|B|N|RN|RD|D)\s?\d{1,4}|I-\s?\d{1,3}|(?:Interstate|Route|Highway|US|SR|LA|State\s+Route)\s\d{1,4})\b"
    r"(?![-/.]\d|\s?(?:%|km|kg|ans|years))")
ROAD_CONTEXT = re.compile(
    r"\b(?:road|roads|motorway|highway|closed|closure|closures|lanes?|westbound|eastbound|northbound|southbound|"
    r"junction|exit|traffic|crash|collision|detour(?:ed)?|carriageway|route|routes|autoroute|nationale|"
    r"départementale|circulation|fermée?s?|bouchons?|carrefour|axe|tronçon|sortie|bretelle|accident|percuté)\b",
    re.IGNORECASE)


ON_THE_ROAD = re.compile(r"\b(?:sur|par|via|on|along|onto|off)\s+(?:la|l['’]|le|the)\s*$", re.IGNORECASE)  # "sur la RN15"
ROAD_SENTENCE_REACH = 400  # characters read either way for the road's sentence (a text without stops stays linear)


def _road_candidates(text: str) -> list[Candidate]:
    found = []
    for match in ROAD_NUMBER.finditer(text):
        low, high = max(0, match.start() - ROAD_SENTENCE_REACH), min(len(text), match.end() + ROAD_SENTENCE_REACH)
        sentence_start = max(text.rfind(".", low, match.start()), text.rfind("\n", low, match.start()), low - 1) + 1
        ends = [i for i in (text.find(".", match.end(), high), text.find("\n", match.end(), high)) if i >= 0]
        sentence = text[sentence_start:min(ends) if ends else high]
        if ROAD_CONTEXT.search(sentence) or ON_THE_ROAD.search(text, max(0, match.start() - 12), match.start()):
            found.append(Candidate(match.start(), match.end(), [], True, feature=("site", "street"), core=match.group(),
                                   local=True, evidence=["road-number"]))
    return found


def _generic_site_candidates(text: str) -> list[Candidate]:
    return [Candidate(m.start("noun"), m.end("noun"), [], True, generic=GENERIC_SITE_NOUNS[m.group("noun").lower()])
            for m in GENERIC.finditer(text)]


def _non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first; a feature phrase or an abbreviation beats a bare name of the same extent."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.feature is None, "abbreviation" not in c.evidence, c.start))
    spans = DisjointSpans()
    taken: list[Candidate] = []
    for cand in ordered:
        if spans.overlaps(cand.start, cand.end):
            continue
        spans.add(cand.start, cand.end)
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


# ---------------------------------------------------------------------------
# Is it a place at all?


def _size_prior(place: Place) -> float:
    if place.kind in {"country", "macro"}:
        return 0.75
    if place.kind in {"region", "site"}:
        return 0.6
    pop = max(place.population, 1)
    base = 0.15 + 0.1 * math.log10(pop)  # 1k -> 0.45, 100k -> 0.65, 1M -> 0.75
    return base + (0.1 if place.subkind == "capital" else 0.0)


# Words of time that stand before a place's name without naming it ("visitera jeudi Nouméa", "arrives Monday
# Nairobi"): unlike "fusées Angara", the noun is not the thing the name is given to.
TIME_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "midi", "nuit",
              "après-midi", "hier", "demain", "aujourd'hui", "prochain", "prochaine", "dernier", "dernière",
              "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "morning", "evening", "night", "afternoon", "today", "yesterday", "tomorrow"}
PLACE_NOUNS = {"capitale", "ville", "village", "région", "port", "pays", "capital", "city", "town", "region"}


# What names an organisation, a medium or a competition when it follows a place's name ("New Jersey State Police",
# "Pinellas Park Police Task Force", "Washington Post"). Courts, halls and stadiums are buildings: not here.
ORGANISATION_HEAD_WORDS = (
    r"(?:Police|Prosecutor['’]?s?|Sheriff['’]?s?|Office|Department|Council|Railway|Railroad|Airlines?|Airways|Bank|"
    r"Party|Times|Post|Herald|Gazette|Tribune|Chronicle|Journal|News|Radio|Television|TV|Commission|Authority|"
    r"Agency|Corporation|Company|Inc|Ltd|Club|FC|Fire Rescue|Fire Department|Schools|School District|Board|Bureau|"
    r"Institute|Foundation|Association|Federation|Union|Group|Service|Survey|Army|Navy|Air Force|Coast Guard|"
    r"Embassy|Consulate|Senate|Congress|Open|Cup|Championships?|Grand Prix|Games|Marathon|Masters|Express|Standard|"
    r"Telegraph|Independent|Guardian|Observer|Media|Press|Network|Broadcasting)")
ORGANISATION_HEADS = re.compile(r"^[ \t\u00a0](?:[A-Z][\w'’]*[ \t\u00a0]){0,3}?" + ORGANISATION_HEAD_WORDS + r"\b")
# "Montreal, Maine and Atlantic Railway", "Chicago, Burlington & Quincy Railroad": places listed in a company's name
ORGANISATION_LIST = re.compile(r"^(?:,[ \t\u00a0][A-Z][\w'’]*)*,?[ \t\u00a0](?:and|&|et)[ \t\u00a0](?:[A-Z][\w'’]*[ \t\u00a0]){1,3}?"
                               + ORGANISATION_HEAD_WORDS + r"\b")
# A name that runs on from a capitalised word joined by a hyphen ("Météo-France", "Air-Inter") or followed by a
# channel number ("France 2", "France 24") is a brand; after a capitalised word and "de" ("Tour de France",
# "Banque de France", "Open d'Australie") it names an institution or a competition, unless that word is a feature
# word (those make sites: "Stade de France") or a compass word ("Nord de la France"). English "of" phrases are
# left alone: "the Assemblies of Assam" and "the Government of India" still say where.
BRAND_BEFORE = re.compile(r"[A-ZÀ-Þ][\w’']*-$")
COMPOUND_AFTER = re.compile(r"-[A-ZÀ-Þ][a-zà-ÿ]{2,}")
CHANNEL_AFTER = re.compile(r"^[ \t\u00a0]\d{1,3}\b")
INSTITUTION_BEFORE = re.compile(r"(?:(?<=\bl’)|(?<=\bl')|(?<![\w’']))(?P<compound>(?:[A-ZÀ-Þ][a-zà-ÿ]+-)?)(?P<head>[A-ZÀ-Þ][a-zà-ÿ]+)\s+"
                                r"(?:de\s+la|de\s+l['’]|de|d['’]|du|des)\s*$")
# "Air Sénégal", "Météo France", "Radio Canada": a brand's word before a country's name makes a company of it.
BRAND_WORD_BEFORE = re.compile(r"(?:(?<=\b[dl]’)|(?<=\b[dl]')|(?<![\w’']))(?:Air|Météo|Radio|Télé|Canal)[ \t\u00a0]+$")
# A broadcaster's local edition is named after its area: "Chérie FM Vallée du Rhône", "France Bleu Isère", "France 3
# Bretagne", "BFM TV Lyon" are stations, whatever the place word (a network's name then an area's).
STATION_BEFORE = re.compile(r"(?:\b(?:FM|TV)|\bFrance[ \t\u00a0]+(?:Bleu|\d{1,2}))[ \t\u00a0]+"
                            r"(?:[A-ZÀ-Þ][\w’'\-]*[ \t\u00a0]+(?:(?:du|de\s+la|des|de)[ \t\u00a0]+|d['’]|l['’])?)?$")
# The words that say who holds an office, or which court sits, in a place ("l'Evêque de Kaolack", "le Tribunal de
# Grande Instance de Saint-Louis"): the place is named, not an institution.
SEATS = {"évêque", "evêque", "archevêque", "imam", "maire", "préfet", "gouverneur", "émir", "sultan", "cardinal",
         "bourgmestre", "consul", "procureur", "tribunal", "instance", "cour", "recteur", "curé", "pasteur", "rabbin", "mufti"}
# A competition is named after its country ("Tour de France", "Coupe de France", "l'Open d'Australie") even when
# its name opens the sentence, where every first word has its capital.
WORD_BEFORE_HEAD = re.compile(r"(\w+)\s+$")
COMPETITIONS = {"tour", "coupe", "open", "championnat", "championnats", "tournoi", "trophée", "rallye", "bouclier"}
SAINTLY = {"notre-", "saint-", "sainte-", "san-", "santa-"}  # "Notre-Dame de Paris" is a cathedral in Paris
COMPASS = {"nord", "sud", "est", "ouest", "centre", "north", "south", "east", "west", "center", "coeur", "cœur",
           "capitale", "ville", "région", "province", "état", "republic", "république", "royaume", "kingdom"}


# "a 13-time Dakar winner", "his previous Dakar victories", "a Tour stage win": a name that qualifies a title
# won is the name of the competition, which may long have left the town ("the Dakar" rally runs in Saudi Arabia).
TITLE_AFTER = re.compile(r"^[ \t\u00a0]+(?:winners?|victory|victories|titles?|champions?|stage[ \t\u00a0]+wins?|"
                         r"crowns?|trophy|trophies)\b")


COMPETITION_OF = re.compile(r"[ \t\u00a0]+(?:de[ \t\u00a0]+la[ \t\u00a0]+|de[ \t\u00a0]+l['’]|de[ \t\u00a0]+|du[ \t\u00a0]+|"
                            r"des[ \t\u00a0]+|d['’]|of[ \t\u00a0]+(?:the[ \t\u00a0]+)?)[A-ZÀ-Þ]")


@lru_cache(maxsize=8)
def _named_in_full(text: str, head: str) -> bool:
    """Whether the text names a competition in full with this capitalised head ("Tour de France" for "le Tour").
    Read once per text and head (a string keeps its hash): a text of many "Tour" stays linear. A worker reads one
    document at a time, so a few entries suffice and no more texts than that are held."""
    return re.search(rf"(?<!\w){re.escape(head)}{COMPETITION_OF.pattern}", text) is not None


def _piece_of_a_hyphenated_name(text: str, cand: Candidate) -> bool:
    """"Météo-France", "Belle" of "Belle-Ile": a name joined by a hyphen to a capitalised word (a route's ends,
    "Ziguinchor-Dakar", are two places)."""
    return "route" not in cand.evidence and (
        BRAND_BEFORE.search(text, max(0, cand.start - 30), cand.start) is not None
        or not cand.feature and COMPOUND_AFTER.match(text, cand.end) is not None)


def _part_of_organisation(text: str, cand: Candidate) -> bool:
    after = text[cand.end:cand.end + 80]
    surface = text[cand.start:cand.end]
    if surface.lower() in COMPETITIONS and (COMPETITION_OF.match(after) or _named_in_full(text, surface)):
        # "le Tour de Wallonie", "la Coupe de France": a competition's name, not the town of Tours; and "ce Tour
        # 2025", "le parcours du Tour" in a text that names the Tour de France: the same competition, shortened
        return True
    head = FEATURE_BEFORE.match(text, cand.start)
    if head is not None and head.start("feature") == cand.start and head.end() > cand.end and not cand.feature:
        return True  # "le Centre culturel Tjibaou", "aux Tours de Magenta": the head word of a landmark's name
    if (ORGANISATION_HEADS.match(after) or ORGANISATION_LIST.match(after) or CHANNEL_AFTER.match(after[:5])
            or TITLE_AFTER.match(after)):
        return True
    before = text[max(0, cand.start - 30):cand.start]
    if BRAND_WORD_BEFORE.search(before) and any(p.kind == "country" for p in cand.places):
        return True
    if STATION_BEFORE.search(before):
        return True
    if _piece_of_a_hyphenated_name(text, cand):
        return True  # "Météo-France", "Musi-Café": part of a hyphenated name the gazetteer does not know
    institution = INSTITUTION_BEFORE.search(before)
    if institution:
        if institution.group("compound").lower() in SAINTLY:
            return False
        head = institution.group("head").lower()
        if head in COMPETITIONS and not institution.group("compound"):
            return True
        previous = WORD_BEFORE_HEAD.search(before, 0, institution.start("head"))
        if head in SEATS or previous is not None and previous.group(1).lower() in SEATS:
            return False  # "l'Evêque de Ziguinchor", "l'Imam Ratib de Kaolack" (a title of two words): an office's seat
        first_word = _starts_sentence(text, cand.start - len(institution.group()), ".!?\n")  # capitalised anyway
        return head not in FEATURES and head not in COMPASS and not first_word
    return False


# A picture's credit names its photographer and agency: "Photograph: Peter Byrne/PA", "(Photo by Jane Doe/Getty
# Images)", "Crédit photo : Jean Martin / AFP".
CREDIT_LABEL = r"(?:Photograph|Photo|Illustration|Picture|Image|Credit|Photo\s+credit|Crédits?(?:\s+photos?)?)s?"
CREDIT = re.compile(rf"(?:^|(?<=[.!?”\"»)]\s)){CREDIT_LABEL}(?:[ \t\u00a0]*:|[ \t\u00a0]+by\b)[ \t\u00a0]*[^\n]{{1,80}}?(?=$|\n)"
                    r"|\((?:Photos?|Photograph|Image|Picture)(?:[ \t\u00a0]+by\b|[ \t\u00a0]*:)[^)\n]{1,80}\)", re.MULTILINE)
GIVEN_NAME_BEFORE = re.compile(r"(?<![\w.’'])(?P<name>[A-Z][a-z]{2,})[ \u00a0]$")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """English given names: the US Census 1990 lists (public domain) that the `names` package installs, less the
    words of US states', countries' and months' names ("Georgia", "Carolina", "India", "May")."""
    import calendar
    from importlib import resources

    import pycountry
    import us

    found = set()
    for listing in ("dist.male.first", "dist.female.first"):
        for line in (resources.files("names") / listing).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.add(line.split()[0].title())
    placed = [s.name for s in us.states.STATES_AND_TERRITORIES] + [c.name for c in pycountry.countries]
    taken = {word for name in placed for word in re.findall(r"[A-Za-z]+", name)}
    taken |= set(calendar.month_name[1:]) | set(calendar.day_name) | {"Asia", "Africa", "Europe", "America", "Oceania"}
    return frozenset(found - taken)


def _after_a_given_name(text: str, start: int) -> bool:
    """"Goalie Tom Dunn", "Sam Miller said": a name right after a given name is a surname."""
    before = GIVEN_NAME_BEFORE.search(text, max(0, start - 30), start)
    return before is not None and before.group("name") in given_names()


ROUTE_JOINER = {"-", "–", "—", "‑"}
ROUTE_TOWN = 50_000  # inhabitants of a town at either end of a route written "Ziguinchor-Dakar"


def _route_end(place: Place) -> bool:
    return place.kind in {"country", "region"} or place.kind == "city" and place.population >= ROUTE_TOWN


def _mark_routes(candidates: list[Candidate], text: str) -> None:
    """"la liaison Ziguinchor-Dakar", "the Chongqing-Xiamen railway", "Paris–Roubaix": two places joined by a hyphen,
    the whole no place of its own, are the two ends of a route, not a brand's name ("Météo-France"): both towns (or
    divisions, or countries) of some size, one of them a major place. Marked so the hyphen does not turn them down."""
    by_start = {c.start: c for c in candidates if c.places and not c.feature}
    for first in candidates:
        if not first.places or first.feature or text[first.end:first.end + 1] not in ROUTE_JOINER:
            continue
        second = by_start.get(first.end + 1)
        if second is None or (first.end + 1 < len(text) and not text[first.end + 1].isupper()):
            continue
        ends = [[p for p in c.places if _route_end(p)] for c in (first, second)]
        if all(ends) and any(_important(p) for end in ends for p in end):
            first.evidence.append("route")
            second.evidence.append("route")


def _is_demonym(cand: Candidate) -> bool:
    """"Afghan", "Indian": an adjective of nationality is not the country, even where GeoNames lists it as a name."""
    key = name_key(cand.core)
    return key in demonyms() and not any(name_key(p.name) == key for p in cand.places)


def _accept(cand: Candidate, text: str, analysis: Analysis, pinned: set[str], focus: set[str]) -> bool:
    if _part_of_organisation(text, cand) or (not cand.feature and _is_demonym(cand)):
        return False
    if not cand.feature and _article_phrase(text, cand):
        return False  # "The city", "The river": a common phrase that GeoNames lists as some town's alternate name
    if (cand.feature and not cand.local and cand.core.strip().lower() in ARTICLES
            and not NEXT_CAPITALISED.match(text, cand.end)):
        return False  # "The city has…": an article before a feature word names nothing ("Le Court Philippe-Chatrier")
    if cand.feature:
        cand.score = 0.9
        return True
    if fold_key(cand.core) in pinned:
        cand.score = 0.8  # the document names it with a feature word elsewhere
        return True
    surface = text[cand.start:cand.end]
    if surface.isupper() and len(surface) <= ACRONYM_LETTERS and _word_before(text, cand.start)[0][:1].islower():
        return False  # "the SUV", "an NBA game": an acronym in running text (a dateline's "ROME" stands alone)
    # An important place called by this name before one that merely lists it among its alternate names ("Missouri"
    # the state, not a town GeoNames also files under it).
    surface_key = name_key(surface)
    own = [p for p in cand.places if (name_key(p.name) == surface_key or p.kind == "country")  # "Equateur" is Ecuador's
           and _important(p) and not _is_second_level(p)]
    best = max(own or cand.places, key=_size_prior)
    score = _size_prior(best)
    if not cand.exact:
        score -= 0.15
    label = analysis.entity_label(cand.start, cand.end)
    strong = (best.kind == "country" or best.kind == "macro" and best.subkind not in WATER
              or best.subkind == "capital" or best.kind == "city" and best.population >= 1_000_000)
    if label in {"LOC", "GPE"}:
        score += 0.3
    elif label == "PER":
        # "À Golfech, un homme…": after a preposition of place the model's person is a place more often than not
        after_where = _word_before(text, cand.start)[0].lower() in {"à", "a", "au", "aux", "in", "at", "near", "près"}
        cand.label_doubt = 0.25 if strong or after_where else 0.7
    elif label in {"ORG", "MISC"}:
        cand.label_doubt = 0.1 if strong else 0.3
    score -= cand.label_doubt
    pos = analysis.pos(cand.start)
    if pos and pos not in {"PROPN", "X"} and label not in {"LOC", "GPE"} and not (
            _important(best) and not _starts_sentence(text, cand.start)):
        score -= 0.4  # "Une", "Lire", "Je": a capitalised common word (a big city mid-sentence is not one)
    if analysis.is_stop(cand.start, cand.end) or all(analysis.is_stop(a, b) for a, b in _words_in(text, cand)):
        score -= 0.5
    if common_word(text[cand.start:cand.end], analysis.language) and not _proper_use(cand, best, text, analysis, focus):
        score -= 0.5  # "Monument", "Libération", "Reading the file": a common word that some place is also called
    if best.kind == "city" and best.population < 50_000 and focus and best.country_code not in focus:
        score -= 0.3  # a small town in a country the story never mentions
    elif best.kind == "city" and focus and all(p.country_code in focus for p in cand.places if p.kind == "city"):
        score += 0.1  # every town of that name lies in a country the story is about
    if text[max(0, cand.start - 2):cand.start].strip() in {"«", '"', "“"} and text[cand.end:cand.end + 2].strip() in {"»", '"', "”"}:
        score -= 0.4  # « Grad »: a quoted name is a title or a nickname
    if TITLE_BEFORE.search(text, max(0, cand.start - 20), cand.start):
        score -= 1.0  # "Queen Elizabeth", "President Lincoln", "Mme Florence": a title makes a person
    elif analysis.language == "en" and ARTICLE_A_BEFORE.search(text, max(0, cand.start - 4), cand.start) and not _important(best):
        score -= 0.8  # "driving a Silverado", "an Airbus": a thing of that make, not a town
    elif best.kind in {"city", "site"} or _is_second_level(best) or best.subkind in WATER:
        if _after_a_given_name(text, cand.start):
            score -= 0.8  # "Tom Dunn", "Andrew Jackson": a surname (a country or a state after a name stays one)
    if _inside_longer_name(text, cand, analysis):
        score -= 0.8  # "Vladimir Putin", "Recep Tayyip Erdogan", "Chatham House": part of a longer name
    if best.kind == "city" and best.population < BIG_CITY and OWNED_BY.match(text, cand.end):
        score -= 0.8  # "the Murdoch-owned media", "a Musk-run firm": an owner, not a town (Murdoch, Western Australia)
    before, before_at = _word_before(text, cand.start)
    if before.lower() in NEARBY and before_at > 0:  # "in nearby Avebury", "dans la commune voisine de…"
        before, before_at = _word_before(text, before_at)
    if before.lower() in LOCATIVES or before.lower() in MOTION_VERBS or _alone_on_its_line(text, cand):
        score += 0.15  # (a name alone on its line heads a roundup's section: "Mons", "Sherbrooke")
    elif (best.kind == "city" and before and before[0].islower() and before.lower() not in PLACE_NOUNS
          and "route" not in cand.evidence  # "la liaison maritime Ziguinchor-Dakar" names a route's ends
          and before.lower() not in TIME_WORDS and analysis.pos(before_at) in {"NOUN", "ADJ"}
          and not text[before_at + len(before):cand.start].strip()
          # "la capitale haïtienne Port-au-Prince", "la ville française de": a place noun and its country's adjective;
          # "en particulier Annonay", "en tête Lyon": an adverbial phrase, not a thing's noun before its name
          and _word_before(text, before_at)[0].lower() not in PLACE_NOUNS | {"en"}):
        score -= 1.0  # "fusées Angara", "chasseur Su-35": a name given to a thing, not a place
    cand.score = score
    return score >= 0.5


def _alone_on_its_line(text: str, cand: Candidate) -> bool:
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    return (not text[line_start:cand.start].strip() and text[cand.end:line_end].strip() in {"", ":"}
            and line_start > 0 and text[max(0, line_start - 2):line_start] == "\n\n")


def _important(place: Place) -> bool:
    """Places whose names are frequent words because they are places: countries, divisions, big cities."""
    return (place.kind in {"country", "macro", "region"} and place.subkind not in WATER or place.subkind == "capital"
            or place.kind == "city" and place.population >= 100_000)


def _lower_case_words(analysis: Analysis) -> set[str]:
    """The words a document writes in lower case (read once per document, not once per name)."""
    memo = analysis.memo
    if "lower_case_words" not in memo:
        memo["lower_case_words"] = {w for w in WORD.findall(analysis.text) if w[0].islower()}
    return memo["lower_case_words"]


def _proper_use(cand: Candidate, best: Place, text: str, analysis: Analysis, focus: set[str] = frozenset()) -> bool:
    """A frequent word names an important place ("Vendée", "Kerala", "Nice") unless the same document also
    writes it in lower case, as a word ("le nord", "nice weather"); a country's name always does."""
    if best.kind in {"country", "macro"}:
        return True  # "Turkey's minister ... a turkey": a country's capitalised name is the country
    # A town's name is frequent because it is a town's ("Quimper", "Vire"): the model reading it as a place, mid-
    # sentence where a capital means a name ("Lire aussi :" opens a line), in the country the story is about (a
    # surname read as a town abroad is not: "Dupont" in Washington), is the support a smaller town needs, unless the
    # document also writes it as a word.
    located = (analysis.entity_label(cand.start, cand.end) in {"LOC", "GPE"} and best.kind == "city"
               and best.country_code in focus and not _starts_sentence(text, cand.start))
    surface = text[cand.start:cand.end].lower()
    # "la Maison Blanche": a landmark's name of common words, each capitalised, is the landmark unless the text also
    # writes the phrase in lower case.
    landmark = any(p.kind == "site" for p in cand.places) and (" " in surface or "-" in surface)
    if not _important(best) and not located and not landmark:
        return False
    lower = _lower_case_words(analysis)
    if " " in surface or "-" in surface:
        if not all(word in lower for word in WORD.findall(surface)):
            return True  # one of its words never appears in lower case: neither can the phrase
        written = analysis.memo.setdefault("lower_case_phrases", {})
        if surface not in written:
            written[surface] = bool(re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text))
        return not written[surface]
    return surface not in lower


ACRONYM_LETTERS = 4  # an all-capital word this short after a lower-case word is an acronym, not a town's name
OWNED_BY = re.compile(r"[-‑](?:owned|run|led|backed|funded|financed|controlled|sponsored|founded|affiliated)\b",
                      re.IGNORECASE)
TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lady|Lord|Queen|King|Prince|Princess|Pope|Saint|President|Senator|Governor|"
    r"Judge|Justice|Rev|Reverend|Father|Sister|Brother|General|Colonel|Captain|Sergeant|Officer|Detective|"
    r"M|Mme|Mlle|Me|Mgr|Pr|président|présidente|reine|roi|prince|princesse|pape|sœur|frère|père|juge|"
    r"général|colonel|capitaine|sergent|docteur|"
    # a patronymic's particle: "Tamim ben Hamad al-Thani", "Mohammed bin Salman", "Ould Abdel Aziz"
    r"ben|bin|ibn|bint|ould|Ould|"
    # a storm is named like a person or a town: "Tropical Storm Ida", "la tempête Alex", "cyclone Idai"
    r"[Ss]torm|[Hh]urricane|[Tt]yphoon|[Cc]yclone|tempête|Tempête|ouragan|Ouragan|typhon|Typhon|dépression|Dépression)\.?\s+$")


MIDDLE_INITIAL = re.compile(r"[ \t\u00a0]+[A-Z]\.[ \t\u00a0]+[A-Z][a-z]")
ARTICLE_A_BEFORE = re.compile(r"(?<![\w'’])(?:a|an)[ \t\u00a0]+$")
NEXT_CAPITALISED = re.compile(r"[ \t\u00a0]+([A-ZÀ-ÖØ-Þ][\w\-]*)")
PREVIOUS_CAPITALISED = re.compile(r"([A-ZÀ-ÖØ-Þ][\w\-]*)[ \t\u00a0]+$")


def _title_case_sentence(analysis: Analysis, bounds: tuple[int, int]) -> bool:
    """Whether a sentence has no lower-case word of five letters or more; remembered per sentence of the analysis,
    so that a sentence of 8,000 names is read once, not once per name."""
    memo = analysis.memo.setdefault("title_case", {})
    if bounds not in memo:
        memo[bounds] = not LONG_LOWER_WORD.search(analysis.text, *bounds)
    return memo[bounds]


LONG_LOWER_WORD = re.compile(r"(?<!\w)[a-zà-ÿ]\w{4,}")


GENERIC_GEOGRAPHY = {"coast", "valley", "basin", "delta", "plains", "plain", "highlands", "lowlands", "hills", "mountains",
                     "desert", "bay", "gulf", "sea", "strait", "peninsula", "islands", "lakes", "river", "region",
                     "côte", "vallée", "bassin", "plaine", "plateau", "golfe", "mer", "baie", "détroit", "région"}


# "l'émir du Qatar Tamim ben Hamad al-Thani", "le maire de Nice Christian Estrosi", "Kenya's President William Ruto":
# after an office held of a place, the capitalised words that follow the place are its holder's name.
OFFICE_OF = re.compile(
    r"\b(?:émir|roi|reine|président|présidente|prince|princesse|héritier|ministre|maire|gouverneur|sultan|cheikh|"
    r"dirigeant|dirigeante|chef|king|queen|emir|president|prince|minister|governor|mayor|sultan|sheikh|leader|ruler)"
    r"\s+(?:du|de\s+la|de|d['’]|des|of(?:\s+the)?)\s*$", re.IGNORECASE)


def _inside_longer_name(text: str, cand: Candidate, analysis: Analysis) -> bool:
    """A name glued to capitalised words the gazetteer did not take along is part of another name.

    A neighbour that is a stop word ("In London") or a common capitalised word ("President Erdogan") does not
    count, nor does a title-case headline where every word is capitalised.
    """
    if _title_case_sentence(analysis, analysis.sentence_bounds(cand.start)):
        return False  # a title-case headline: capitals say nothing there
    if MIDDLE_INITIAL.match(text, cand.end):
        return True  # "David L. Barnacastle", "Fredric J. Ammerman": a first name, a middle initial, a surname
    after = NEXT_CAPITALISED.match(text, cand.end, min(len(text), cand.end + 40))
    if (after and not analysis.is_stop(after.start(1), after.end(1)) and not after.group(1).isupper()
            and not _starts_another_person(analysis, cand, after.start(1))
            and not OFFICE_OF.search(text, max(0, cand.start - 40), cand.start)):
        return True
    before = PREVIOUS_CAPITALISED.search(text, max(0, cand.start - 40), cand.start)
    if before:
        word = before.group(1)
        if not analysis.is_stop(before.start(1), before.end(1)) and not common_word(word, analysis.language, 4.0):
            return True
        if word.isupper() and 2 <= len(word) <= 4 and text[before.end(1):cand.start].strip() == "":
            return True  # "le FC Nantes", "l'OGC Nice", "AS Monaco": a club's initials open its name
        # A generic word of geography that ends a capitalised phrase ends another name, however common its first
        # word: "the Pacific Coast", "the Central Valley" are not the Coast region of Tanzania or a town called Valley.
        if not analysis.is_stop(before.start(1), before.end(1)) and text[cand.start:cand.end].lower() in GENERIC_GEOGRAPHY:
            return True
    return False


def _starts_another_person(analysis: Analysis, cand: Candidate, at: int) -> bool:
    """"le maire de Nice Christian Estrosi": the capitalised word after the place begins a person's name that does
    not take the place in."""
    return (analysis.entity_label(at, at + 1) == "PER"
            and analysis.entity_label(cand.start, cand.end) != "PER")


def _word_before(text: str, start: int) -> tuple[str, int]:
    low = max(0, start - 40)
    window = low + len(text[low:start].rstrip(" \t'’\u00a0"))  # where the gap before the name starts
    last = LAST_WORD.search(text, max(0, window - 40), window)
    if last is None:
        return "", -1
    spans = word_spans(last.group())  # a glued word ("aussiCorée") ends with its last part
    a, b = spans[-1]
    return last.group()[a:b], last.start() + a


def _words_in(text: str, cand: Candidate) -> list[tuple[int, int]]:
    return [(cand.start + m.start(), cand.start + m.end()) for m in WORD.finditer(text[cand.start:cand.end])]


# ---------------------------------------------------------------------------
# Which place is meant?


TOWN_PREPOSITIONS = {"à"}  # French sets towns after "à" and regions and countries after "en", "dans le"


def _named_as_towns(cands: list[Candidate], text: str) -> set[str]:
    """Names the document sets after "à" anywhere ("à Saint-Louis"): a town, not the region of the same name;
    the name keeps that reading in its other uses ("le tribunal de Saint-Louis")."""
    towns = set()
    for cand in cands:
        word, _ = _word_before(text, cand.start)
        if word in TOWN_PREPOSITIONS or word == "A" and CAPITAL_A.search(text, max(0, cand.start - 4), cand.start):
            towns.add(fold_key(cand.core or text[cand.start:cand.end]))
    return towns


# French sets capitals without accents: "A Marseille, la candidate…" opens a sentence with "À".
CAPITAL_A = re.compile(r"(?:^|[.!?;:»\n]\s*)A\s+$")


def _resolve(cands: list[Candidate], gazetteer: Gazetteer, text: str) -> list[tuple[Candidate, Place | None]]:
    towns = _named_as_towns(cands, text)  # one pass over the names, not one per town: a long list stays linear
    for cand in cands:
        if towns and fold_key(cand.core or text[cand.start:cand.end]) in towns:
            cand.evidence.append("town")
    # Pass 1: what the document is about: countries named, and places with a single reading.
    focus: Counter[str] = Counter()
    anchors = Anchors()
    for cand in cands:
        if cand.local:
            continue  # a landmark placed by its story's towns says nothing of the story yet
        if len(cand.places) == 1 or cand.feature or cand.capital_of:
            place = max(cand.places, key=_size_prior) if cand.places else None
            if place:
                focus[place.country_code] += 2 if place.kind == "country" else 1
                if place.kind in {"city", "site"}:
                    anchors.add(place)
        else:
            countries = [p for p in cand.places if p.kind == "country"]
            # "Georgia" is a country and a state: the name alone says nothing of what the story is about.
            shared_with_a_division = any(p.kind == "region" and not _is_second_level(p) for p in cand.places)
            if countries and not shared_with_a_division:
                focus[countries[0].country_code] += 2
            elif not countries:
                # "Alabama", "Florida": a first-level division called by its own name (a few towns share it) says
                # which country the story is in, as a town with one reading does; not when a big city shares it
                # ("Gaza" is a Mozambican province and the Palestinian city).
                key = name_key(cand.core or "")
                divisions = {p.country_code for p in cand.places
                             if p.kind == "region" and not _is_second_level(p) and key in _own_names(p)}
                big_city = any(p.kind == "city" and p.population >= BIG_CITY for p in cand.places)
                if len(divisions) == 1 and not big_city:
                    focus[divisions.pop()] += 1

    # One sense per discourse: a name pinned by a feature word keeps that sense elsewhere in the document.
    pinned: dict[str, Place] = {}
    named_sites: dict[str, set[str]] = defaultdict(set)
    by_pid: dict[str, Place] = {}
    for cand in cands:
        if cand.feature and cand.places and cand.feature[0] != "city" and not cand.local:
            best = _best(cand, focus, anchors)
            if cand.feature[0] == "site" and best.kind != "site":
                continue  # an unknown site placed at its town says nothing about the town's other mentions
            if best.subkind == "airport":
                continue  # "l'aéroport de Ziguinchor" is named after the town it serves: "Ziguinchor" stays the town
            pinned[fold_key(cand.core)] = best
            if best.kind == "site":
                named_sites[best.subkind].add(best.pid)
                by_pid[best.pid] = best

    for cand in cands:
        # "au Luxembourg et en Belgique" settles "Luxembourg" for "une visite au Luxembourg" two paragraphs on
        if "coordinated-with-a-country" in cand.evidence and cand.places and fold_key(cand.core) not in pinned:
            best = _best(cand, focus, anchors)
            if best.kind == "country":
                pinned[fold_key(cand.core)] = best

    out: list[tuple[Candidate, Place | None]] = []
    for cand in cands:
        if cand.local:
            out.append((cand, None))  # placed below, once the towns of the story are settled
            continue
        if cand.generic:
            pids = named_sites.get(cand.generic, set())
            out.append((cand, by_pid[next(iter(pids))] if len(pids) == 1 else None))
            cand.score = 0.6
            continue
        if not cand.feature and fold_key(cand.core) in pinned:
            out.append((cand, pinned[fold_key(cand.core)]))
            cand.score = max(cand.score, 0.8)
            cand.evidence.append("pinned")
            continue
        out.append((cand, _best(cand, focus, anchors)))
    return _place_local_landmarks(_settle_again(out, focus), text)


def _doubtful(cand: Candidate) -> bool:
    """A name with several readings that nothing pinned. A feature word says what kind of place ("Knox County") but
    not which of its namesakes: that is doubtful too."""
    return len(cand.places) > 1 and not (cand.capital_of or cand.generic or cand.local or "pinned" in cand.evidence)


def _settle_again(resolved: list[tuple[Candidate, Place | None]], focus: Counter[str]) -> list[tuple[Candidate, Place | None]]:
    """Pass 2: what the whole document now says decides the names still in doubt. The first pass knew only the
    names with one reading; now every settled name votes for its country and lends its point ("Kent, England":
    England and the county of Kent make Gravesend the Kentish town, not the Brooklyn one), and so does the state or
    region they lie in (Morrow County and Mount Gilead make Knox and Richland Counties Ohio's)."""
    votes = Counter(focus)
    divisions: Counter[tuple[str, str]] = Counter()  # first-level divisions (states, regions) the places lie in
    anchors = Anchors()
    voted: set[tuple[str, str]] = set()
    for cand, place in resolved:
        if place is None or cand.local or cand.generic:
            continue
        # A name still in doubt votes once however often it is written: "Hillsborough" five times, read as the
        # largest of its twenty namesakes (New Jersey's), must not carry "Liverpool" off to Liverpool, New York.
        if not _doubtful(cand) or (fold_key(cand.core), place.pid) not in voted:
            votes[place.country_code] += 2 if place.kind == "country" else 1
            if _doubtful(cand):
                voted.add((fold_key(cand.core), place.pid))
        if place.kind in {"city", "site", "region"}:
            anchors.add(place)
            if place.admin1:
                divisions[(place.country_code, place.admin1)] += 1
    # A name does not vote for its own first reading, however often it is written: two mentions of "Chesterville"
    # read as the Maine town do not make each other Maine's.
    same_name = Counter((fold_key(cand.core), place.pid) for cand, place in resolved
                        if place is not None and not (cand.local or cand.generic))
    out = []
    for cand, place in resolved:
        if place is not None and _doubtful(cand):
            mentions = same_name[(fold_key(cand.core), place.pid)] or 1
            others = votes.copy()
            others[place.country_code] -= 2 if place.kind == "country" else 1  # its own (single) vote
            place = _best(cand, others, anchors, exclude=place.pid, divisions=divisions, current=place, excluded=mentions)
        out.append((cand, place))
    return out


TOWN_TAIL = re.compile(r"\s(?:de|du|d['’]|of)\s*(?P<town>[A-ZÀ-Þ][\w\-'’]+(?:[ \-][A-ZÀ-Þ][\w\-'’]+){0,2})$")
LINKED = re.compile(r"\b(?:de|du|des|d['’]|of)\s*$", re.IGNORECASE)
STATED_DIVISION = re.compile(r"\s*(?:,|\s(?:in|à|en|au|dans)\s)\s*(?:the\s+|la\s+|le\s+|l['’])?")
STATED_DIVISION_KM = 400.0  # farther than this from the division's point, the story's town is not in it
LOCAL_REACH = 1500  # characters: how far back a landmark looks for the town the story is in
# Sites named after the town they serve ("Liverpool Crown Court", "Ballarat Base Hospital"), unlike a
# road or a park named after a town far off ("London Road" in Leeds, "Victoria Park" in Kent)
SERVES_ITS_TOWN = {"court", "hospital", "airport", "university", "school", "worship"}
# Sites named after their country ("le Stade de France", "the Supreme Court of Kenya", "le Musée du Mali") are its
# national ones, in or beside its capital; a street or a square named after a country is in any town ("rue de France")
SERVES_ITS_COUNTRY = {"stadium", "court", "museum", "university"}
NEAR_KM = 50.0  # a landmark named after a town this near the story's town is in it ("Buckingham Palace" in a London story is not)


# (its quarter may stand between: "le collège Océan du quartier des Cocotiers, à Cotonou", "the school in the Old Town
# district, in Riga")
TOWN_BESIDE = re.compile(r"(?:\s+(?:du|de\s+la|de\s+l['’]|des|dans\s+le|in\s+the|of\s+the)\s+(?:quartier|district|"
                         r"neighbou?rhood|area|cité|zone|secteur|faubourg)\s+[^,;.\n]{1,40}(?=,))?"
                         r"\s*,?\s*(?:\(|in|at|near|à|a|au|en|de|du|d['’]|près de)?\s*(?:the\s+|la\s+|le\s+|l['’])?",
                         re.IGNORECASE)


VOUCHABLE = 0.0  # a name turned down only by doubts a neighbour can lift (a common word, a small town abroad)
NEIGHBOUR_KM = 40.0
NEIGHBOURS = 2


RE_READ_SHARE = 10  # the population a list's reading of a settled name must keep: a tenth of the settled town's
# "Stavelot > Marchin", "Chièvres – Thuin", "Paris → Lyon": a route's start and finish are a list of towns too
LIST_JOINER = re.compile(r"\s*(?:,|;|\bet\b|\band\b|\bpuis\b|\bthen\b|\bou\b|\bor\b|>|→|–|—)\s*(?:(?:à|in)\s+)?",
                         re.IGNORECASE)


def _listed_with_settled(doubtful: list[Candidate], resolved: list[tuple[Candidate, Place | None]], text: str
                         ) -> dict[int, Place]:
    """Doubtful names in one list with a settled town ("Brest, Quimper puis Lorient") are towns of its country, and
    with a settled division ("Lincolnshire, Nottinghamshire and Suffolk") divisions of its country: the items of a
    list are things of one kind. Chains along the list in both directions."""
    items = sorted([(cand, place) for cand, place in resolved if place is not None and place.kind in {"city", "region"}]
                   + [(cand, None) for cand in doubtful], key=lambda item: item[0].start)
    found: dict[int, Place] = {}
    for _ in range(2):  # forwards, then backwards along each list
        for i in range(len(items) - 1):
            for a, b in ((items[i], items[i + 1]), (items[i + 1], items[i])):
                (cand, place), (other, other_place) = a, b
                settled = found.get(id(cand)) or place
                if settled is None or other_place is not None or id(other) in found:
                    continue
                first, second = sorted((cand, other), key=lambda c: c.start)
                if not LIST_JOINER.fullmatch(text[first.end:second.start]):
                    continue
                same = [p for p in other.places if p.kind == settled.kind and p.country_code == settled.country_code]
                if not same and settled.kind != "city":
                    continue
                if not same:
                    # "Brest, Quimper puis Lorient": the list's country is the one its items share, so the settled
                    # item is read again there (Brest in Brittany, not in Belarus).
                    shared_countries = ({p.country_code for p in cand.places if p.kind == "city"}
                                        & {p.country_code for p in other.places if p.kind == "city"})
                    if not shared_countries:
                        continue
                    same = [p for p in other.places if p.kind == "city" and p.country_code in shared_countries]
                    country = max(same, key=_size_prior).country_code
                    again = max((p for p in cand.places if p.kind == "city" and p.country_code == country), key=_size_prior)
                    if again.pid != settled.pid and again.population * RE_READ_SHARE < settled.population:
                        continue  # a list moves a name between comparable towns, never Lyon to a hamlet of that name
                    found[id(cand)] = again
                    same = [p for p in same if p.country_code == country]
                found[id(other)] = max(same, key=_size_prior)
    return found


def _vouched_for_by_neighbours(doubtful: list[Candidate], resolved: list[tuple[Candidate, Place | None]],
                               text: str, listable: list[Candidate] = ()) -> list[tuple[Candidate, Place | None]]:
    """A name turned down as a common word or an obscure town ("in Bury", "Carrbrook") is a place after all when
    one of its readings lies among the towns the document has settled: two of them within 40 km. Spatial coherence,
    as geoparsers weigh it; a lone "Bury" in a story about elsewhere stays a verb. Returns the names it adds; a
    settled name that a list reads again in another country ("Brest, Quimper puis Lorient") is changed in `resolved`.
    A name that only the model's entity label turned down (`listable`: "…, Nessonvaux, Tilff et Embourg", Tilff
    taken for a person) is vouched for by its list alone: the items of a list are things of one kind, and one
    label is weaker evidence than the list around it."""
    towns = [place for cand, place in resolved if place is not None and not cand.local and place.kind in {"city", "site"}]
    if not (doubtful or listable) or not any(place is not None for _, place in resolved):
        return []
    doubtful = sorted([*doubtful, *listable], key=lambda c: c.start)
    label_only = {id(c) for c in listable}
    listed = _listed_with_settled(doubtful, resolved, text)
    for index, (cand, place) in enumerate(resolved):
        if place is not None and id(cand) in listed:
            resolved[index] = (cand, listed[id(cand)])  # a settled item read again in its list's country
    taken = DisjointSpans((cand.start, cand.end) for cand, place in resolved if place is not None)
    divisions = Counter((t.country_code, t.admin1) for t in {t.pid: t for t in towns}.values() if t.admin1)
    # A division the story names outright ("la Côte-Nord", "Lancaster County") says the story is in its state or
    # province as surely as two of its towns do: "à Baie-Comeau" is the Côte-Nord's town
    for named in {p.pid: p for c, p in resolved if p is not None and p.kind == "region" and p.admin1}.values():
        divisions[(named.country_code, named.admin1)] += NEIGHBOURS
    cells: dict[tuple[int, int], dict[str, Place]] = defaultdict(dict)  # half-degree cells: a few towns to compare
    for town in towns:
        cells[(int(math.floor(town.lat * 2)), int(math.floor(town.lon * 2)))][town.pid] = town
    out = []
    for cand in _non_overlapping(doubtful):
        if (taken.overlaps(cand.start, cand.end) or not _written_as_a_name(text, cand)
                or _piece_of_a_hyphenated_name(text, cand)):
            continue  # (nor a piece of a hyphenated name: "Belle" of "Belle-Ile" is no Bailleul, whatever its neighbours)
        if id(cand) in listed:
            cand.score = 0.55
            cand.evidence.append("listed")
            out.append((cand, listed[id(cand)]))
            taken.add(cand.start, cand.end)
            continue
        if id(cand) in label_only:
            continue
        # "a collision in Dover" in a story of Aylesham: after a word of place, one settled town nearby suffices
        after_where = _word_before(text, cand.start)[0].lower() in WHERE_WORDS
        needed = 1 if _word_before(text, cand.start)[0].lower() in LOCATIVES else NEIGHBOURS
        for place in sorted(cand.places, key=_size_prior, reverse=True):
            if place.kind != "city":
                continue
            row, col = int(math.floor(place.lat * 2)), int(math.floor(place.lon * 2))
            around = [t for r in range(row - 1, row + 2) for c in range(col - 2, col + 3) for t in cells.get((r, c), {}).values()]
            near = {t.pid for t in around if t.pid != place.pid and km(place.lat, place.lon, t.lat, t.lon) <= NEIGHBOUR_KM}
            # "a tornado touched down in Hazlet" in a story of other New Jersey towns: after a word that sets it as
            # where, a town of the state (first-level division) where the story's towns are is one of them
            same_division = after_where and place.admin1 and divisions[(place.country_code, place.admin1)] >= NEIGHBOURS
            if len(near) >= needed or same_division:
                cand.score = 0.55
                cand.evidence.append("neighbours")
                out.append((cand, place))
                taken.add(cand.start, cand.end)
                break
    return out


# GeoNames files the arrondissements of Paris, Lyon and Marseille as towns ("Paris 09 Opéra", "Paris 04
# Hôtel-de-Ville") whose alternate names are a landmark's: "l'Opéra", "l'Hôtel de Ville" of another town's story
CITY_SECTION = re.compile(r"^(?P<city>[^\d]+?) \d{2}(?: |$)")


def _without_sections_of_cities_not_named(candidates: list[Candidate], text: str) -> list[Candidate]:
    """A section of a city called by a landmark's name, in a story that never names that city, is no reading: "l'Opéra"
    and "l'Hôtel de Ville" of a Lyon story are not Paris's arrondissements. A site left with no reading is placed in
    the story's town, as any landmark the gazetteer lacks."""
    lowered = text.lower()
    named: dict[str, bool] = {}  # one search of the text per city, however many of its sections are read

    def not_named(city: str) -> bool:
        if city not in named:
            named[city] = city.lower() in lowered
        return not named[city]

    out = []
    for cand in candidates:
        keep = [p for p in cand.places if not ((section := CITY_SECTION.match(p.name)) and not_named(section.group("city")))]
        if keep and all(p.kind == "site" for p in keep):
            keep = cand.places  # "l'Élysée": the palace, which its arrondissement's size still vouches for
        if len(keep) < len(cand.places):
            cand.places = keep
            if not keep:
                # "l'Opéra", "l'Hôtel de Ville", "la gare Saint-Paul": a landmark of the story's town
                cand.local, cand.feature = True, cand.feature or ("site", "building")
        out.append(cand)
    return out


def _place_local_landmarks(resolved: list[tuple[Candidate, Place | None]], text: str) -> list[tuple[Candidate, Place | None]]:
    """A landmark the gazetteer lacks stands in the town the story is in at that point: the town written right
    beside it ("Woodlands Park, Gravesend"), else the nearest town named before it (in the same passage), else the
    first named soon after it, else the town the document names most. Mordecai and the like do the same with a document's settled places."""
    filed = find_dateline(text)  # where the reporter filed from is not where the story's landmarks are
    settled = [p for c, p in resolved if p is not None and not c.local]
    anchors = Anchors(settled)
    readings = Counter(p.pid for p in settled)
    countries = Counter(p.country_code for p in settled)

    def far_from_the_rest(place: Place) -> bool:
        return place.population < LONE_TOWN_POPULATION and _far_from_the_rest(anchors, readings, place)

    def namesake_abroad(place: Place) -> bool:
        """Far from the other places the text names, when it names any (a lone town is no namesake of anything)."""
        others = any(pid != place.pid for pid in readings)  # nearest_km's None is "none within reach" too
        return others and far_from_the_rest(place)

    # towns the text writes after a word of place at least once ("à Marseille"): where the story goes
    written_as_where = {place.pid for cand, place in resolved
                        if place is not None and _word_before(text, cand.start)[0].lower() in LOCATIVES}

    def lone_abroad(place: Place) -> bool:
        """The only place of its country in a story told elsewhere, never written after a word of place ("Morales
        said…" read as the Colombian town): no town to put the story's landmarks in."""
        return (len(countries) > 1 and countries[place.country_code] <= readings[place.pid]
                and place.pid not in written_as_where)

    # An unknown site read as a far town ("the Regis Hotel" as Regis, Washington) is no town of the story.
    towns = [(cand.start, place) for cand, place in resolved
             if place is not None and not cand.local and place.kind == "city"
             and not (filed and filed[0] <= cand.start < filed[1])
             and not ((cand.feature and cand.feature[0] == "site" or lone_abroad(place)) and far_from_the_rest(place))]
    # A landmark that names its town ("cathédrale Notre-Dame de Paris") places its neighbours too.
    # Not a namesake far from every other place ("Alphington Interchange" in Devon is not by Alphington, Victoria).
    towns += [(cand.start, town) for cand, _ in resolved
              if cand.local and "leading-town" not in cand.evidence
              for cities in [[p for p in cand.places if p.kind == "city"]] if cities
              for town in [max(cities, key=_size_prior)] if not namesake_abroad(town)]
    towns.sort(key=lambda t: t[0])
    counts = Counter(place.pid for _, place in towns)
    commonest = next((place for _, place in sorted(towns, key=lambda t: -counts[t[1].pid])), None)
    # "Andrews Air Force Base, Maryland": a division written right after a landmark says where it is, when the
    # story's town lies elsewhere (a visit to India does not put the base that the plane left in Ahmedabad).
    divisions = {cand.start: place for cand, place in resolved
                 if place is not None and not cand.local and place.kind in {"region", "country"}}
    named_divisions = {(p.country_code, p.admin1) for p in divisions.values()
                       if p.kind == "region" and p.admin1 and not _is_second_level(p)}
    # Found by bisection, not by a scan per landmark: a long list of sites and towns stays linear.
    town_starts = [start for start, _ in towns]
    division_starts = sorted(divisions)

    def towns_in(low: int, high: int) -> list[tuple[int, Place]]:
        return towns[bisect.bisect_left(town_starts, low):bisect.bisect_left(town_starts, high)]

    def abroad(place: Place) -> bool:
        """Read in a country nothing else of the text is in, or far from every other place it names ("the former
        Regis Hotel" in a Mexico City story is not in Regis, Washington, though the story mentions New York)."""
        return (countries[place.country_code] <= 1 and commonest.country_code != place.country_code
                or far_from_the_rest(place))

    out = []
    for cand, place in resolved:
        if (place is not None and not cand.local and cand.feature and cand.feature[0] == "site" and place.kind != "site"
                and commonest is not None and abroad(place)):
            # "le palais du Pharo" in a Marseille story: an unknown site's name read as a town abroad (Faro) that
            # nothing else in the text visits is the site of the story's town, not a trip to Portugal.
            place = commonest  # the town the story names most, not a town named in passing just before
        if cand.local:
            before = [town for _, town in towns_in(cand.start - LOCAL_REACH, cand.start)]
            after = towns_in(cand.end, cand.end + 200)
            beside = after and TOWN_BESIDE.fullmatch(text[cand.end:after[0][0]])
            story_town = after[0][1] if beside else before[-1] if before else after[0][1] if after else commonest
            if (not beside and "leading-town" not in cand.evidence and commonest is not None
                    and any(p.kind == "city" for p in cand.places)
                    and all(namesake_abroad(p) for p in cand.places if p.kind == "city")):
                # "the former Regis Hotel" named like a far namesake town (Regis, Washington), as for a known site
                # read abroad below: the town the story names most, not a town named in passing just before
                story_town = commonest
            nearest = bisect.bisect_left(division_starts, cand.end)
            stated = None
            if nearest < len(division_starts) and division_starts[nearest] < cand.end + 40 and STATED_DIVISION.fullmatch(
                    text[cand.end:division_starts[nearest]]):
                stated = divisions[division_starts[nearest]]
            if stated is not None and not beside and (
                    story_town is None or km(story_town.lat, story_town.lon, stated.lat, stated.lon) > STATED_DIVISION_KM):
                story_town = stated
            # Its name may be its town's ("Liverpool Crown Court", "cathédrale de Reims"): that town, if the story
            # is there or nowhere yet; "Victoria Park" in a Kent story is not in Hong Kong. A name that opens with a
            # town ("Chongqing East Railway Station") is in that town only when the text settles it elsewhere.
            if "leading-town" in cand.evidence:
                named = [p for p in cand.places if p.pid in readings]
                if not named and cand.feature[1] in SERVES_ITS_TOWN and story_town is not None:
                    # "Ballarat Magistrates Court" in a story of Horsham, Victoria: a court, a hospital, a school is
                    # named after the town it serves, in the story's country
                    named = [p for p in cand.places if p.kind == "city" and p.country_code == story_town.country_code]
            else:
                # (or a town of that name in a division the text names: "near Mexico Beach" in a story of Florida's
                # Panhandle is the town, not a beach of the town named before it)
                named = [p for p in cand.places if story_town is None or p.population >= LONE_TOWN_POPULATION
                         or km(p.lat, p.lon, story_town.lat, story_town.lon) <= NEAR_KM
                         or "named-like-a-village" in cand.evidence and p.population > 0
                         and (p.country_code, p.admin1) in named_divisions]
            place = max(named, key=_size_prior) if named else story_town
            cand.score = 0.6
            if place is None:
                continue
        out.append((cand, place))
    return out


# "au Luxembourg et en Belgique", "between Georgia and Armenia", "la France, l'Allemagne ou le Luxembourg": a
# conjunction, with the articles and prepositions of place names around it
_PLACE_LINK = r"(?:en|au|aux|à|in|to|the|la|le|l['’]|les|du|de|des|d['’])"
COORDINATION = re.compile(rf"\s*,?\s*(?:{_PLACE_LINK}\s*)?(?:et|and|ou|or|&)\s+(?:{_PLACE_LINK}\s*)?")


LIST_COMMA = re.compile(r"\s*,\s*")


def _mark_listed_with_divisions(candidates: list[Candidate], text: str) -> None:
    """A name listed with first-level divisions of one country is read as that country's division when it can be
    one: "Kerala, Tamil Nadu and Puducherry" names the territory, not the city. A list is three names or more
    joined by commas, or names joined by a conjunction: "Jackson, Mississippi" is a town and its state."""
    ordered = sorted((c for c in candidates if c.places), key=lambda c: c.start)
    runs: list[list[Candidate]] = []
    conjoined: list[bool] = []
    for cand in ordered:
        if runs and runs[-1][-1].end <= cand.start:
            gap_at, gap_to = runs[-1][-1].end, cand.start
            if COORDINATION.fullmatch(text, gap_at, gap_to):
                runs[-1].append(cand)
                conjoined[-1] = True
                continue
            if LIST_COMMA.fullmatch(text, gap_at, gap_to):
                runs[-1].append(cand)
                continue
        runs.append([cand])
        conjoined.append(False)
    for run, joined_by_a_conjunction in zip(runs, conjoined, strict=True):
        if len(run) < 2 or not joined_by_a_conjunction and len(run) < 3:
            continue
        countries = Counter(c.places[0].country_code for c in run
                            if all(p.kind == "region" and not _is_second_level(p) for p in c.places)
                            and len({p.country_code for p in c.places}) == 1)
        if not countries:
            continue
        country = countries.most_common(1)[0][0]
        for cand in run:
            if (any(p.kind != "region" for p in cand.places)
                    and any(p.kind == "region" and not _is_second_level(p) and p.country_code == country
                            for p in cand.places)):
                cand.evidence.append(f"listed-with-divisions:{country}")


def _mark_coordinated_with_a_country(candidates: list[Candidate], text: str) -> None:
    """A name that could be a country, joined by a conjunction to a name that can only be a country, is one too:
    "le voyage du pape au Luxembourg et en Belgique" is the Grand Duchy, not the Belgian province of Luxembourg
    that a Belgian story would otherwise favour. (A comma alone joins a town to its country: "Atlanta, Georgia".)"""
    ordered = sorted(candidates, key=lambda c: c.start)

    def only_a_country(cand: Candidate) -> bool:
        return bool(cand.places) and all(p.kind == "country" for p in cand.places)

    for first, second in itertools.pairwise(ordered):
        if not COORDINATION.fullmatch(text, first.end, second.start):
            continue
        for cand, peer in ((first, second), (second, first)):
            if only_a_country(peer) and not only_a_country(cand) and any(p.kind == "country" for p in cand.places):
                cand.evidence.append("coordinated-with-a-country")


ACRONYM_DEFINED = re.compile(r"[ \t\u00a0]*\((?P<acronym>[A-Z][A-Z0-9&]{1,7})\)")


def _initials_of(acronym: str, name: str) -> bool:
    """"AIBD" of "aéroport international Blaise Diagne", "TSN" of "l'aéroport de Tan Son Nhat" (the name's last
    words); not "APM" of the "Montréal" that ends "l'Administration portuaire de Montréal (APM)"."""
    words = re.findall(r"[^\W\d_]+", name)
    letters = "".join(ch for ch in acronym if ch.isalpha())
    for kept in (words, [w for w in words if w.lower() not in NAME_LINKS]):
        initials = "".join(w[0] for w in kept).upper()
        if len(letters) >= 2 and initials.endswith(letters):
            return True
    return False


def _acronyms_defined(text: str, resolved: list[tuple[Candidate, Place | None]]) -> list[tuple[Candidate, Place | None]]:
    """"l'aéroport international Blaise Diagne (AIBD)", "Ho Chi Minh City (HCMC)": an acronym the text defines in
    brackets after a place names that place wherever else the text writes it."""
    defined: dict[str, tuple[Candidate, Place]] = {}
    for cand, place in resolved:
        # (a landmark placed at its story's town is a guess, and often an organisation: no acronym of it is placed)
        found = ACRONYM_DEFINED.match(text, cand.end) if place is not None and not cand.local else None
        if found and found.group("acronym") not in defined and _initials_of(found.group("acronym"), text[cand.start:cand.end]):
            defined[found.group("acronym")] = (cand, place)
    if not defined:
        return []
    taken = DisjointSpans()
    for cand, _ in resolved:
        taken.add(cand.start, cand.end)
    out = []
    pattern = re.compile(rf"(?<![\w&])(?:{'|'.join(re.escape(a) for a in defined)})(?![\w&])")
    for match in pattern.finditer(text):
        if taken.overlaps(match.start(), match.end()):
            continue
        cand, place = defined[match.group()]
        taken.add(match.start(), match.end())
        out.append((Candidate(match.start(), match.end(), [place], True, feature=cand.feature, core=match.group(),
                              score=cand.score, evidence=["acronym"]), place))
    return out


def _own_names(place: Place) -> set[str]:
    names = {name_key(place.name)}
    if place.kind == "region":
        names |= {name_key(core) for core in region_core_names([place.name])}
    elif place.kind == "city" and place.name.endswith(" City") and len(place.name) > 5:
        names.add(name_key(place.name[:-5]))  # "New York City" is called "New York" (a country of that name still wins)
    return names


def _is_second_level(place: Place) -> bool:
    return place.kind == "region" and place.source.startswith(SECOND_LEVEL_SOURCE)


def _towns_stand_for_their_municipalities(places: list[Place]) -> list[Place]:
    """A municipality (GeoNames admin2) named like the town at its centre is that town: keep the town, so that
    Brazil's municipality of Lourdes does not outrank Lourdes in France on the strength of being a division."""
    towns = [p for p in places if p.kind == "city"]
    kept = [p for p in places if not (_is_second_level(p) and any(
        t.country_code == p.country_code and km(t.lat, t.lon, p.lat, p.lon) <= 50 for t in towns))]
    return kept or places


ANCHOR_CELL_DEGREES = 2.0
ANCHOR_DETAIL_DEGREES = 0.5  # one representative anchor per half-degree cell: the pull of 40 km either way is the same
BRUTE_FORCE_ANCHORS = 64  # a few anchors are cheaper to compare with than to search a grid for
ANCHOR_REACH_KM = 2400.0  # beyond this an anchor's pull (exp(-d/800)) is under 5%: not worth a lookup


class Anchors:
    """A summary of the document's settled places: one per half-degree cell, in a grid of 2° cells searched in rings
    outward from the point until no nearer one can remain. "The nearest settled place" then costs a few cells and
    at most a few dozen distances, not one per mention, so a list of 8,000 communes stays linear."""

    def __init__(self, places: list[Place] | None = None):
        self._cells: dict[tuple[int, int], dict[str, Place]] = defaultdict(dict)
        self._counts: Counter[str] = Counter()
        self._represented: dict[tuple[int, int], str] = {}
        for place in places or []:
            self.add(place)

    def add(self, place: Place) -> None:
        self._counts[place.pid] += 1
        detail = (int(math.floor(place.lat / ANCHOR_DETAIL_DEGREES)), int(math.floor(place.lon / ANCHOR_DETAIL_DEGREES)))
        if self._represented.setdefault(detail, place.pid) == place.pid:
            self._cells[self._cell(place.lat, place.lon)][place.pid] = place

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / ANCHOR_CELL_DEGREES)), int(math.floor(lon / ANCHOR_CELL_DEGREES))

    def nearest_km(self, lat: float, lon: float, exclude: str = "", excluded: int = 1) -> float | None:
        """Distance to the nearest anchor within reach; `exclude` leaves out `excluded` mentions of that place."""
        if not self._counts:
            return None
        if len(self._represented) <= BRUTE_FORCE_ANCHORS:
            distances = [km(lat, lon, a.lat, a.lon) for cell in self._cells.values() for pid, a in cell.items()
                         if not (pid == exclude and self._counts[pid] <= excluded)]
            best = min(distances, default=None)
            return best if best is not None and best <= ANCHOR_REACH_KM else None
        row, col = self._cell(lat, lon)
        columns = int(360 / ANCHOR_CELL_DEGREES)
        best = None
        for ring in range(0, int(ANCHOR_REACH_KM / 111.0 / ANCHOR_CELL_DEGREES) + 2):
            if best is not None:
                # No cell of this ring is nearer than ring - 1 cells, at their narrowest (towards the pole).
                widest_lat = min(abs(lat) + ring * ANCHOR_CELL_DEGREES, 89.0)
                if (ring - 1) * ANCHOR_CELL_DEGREES * 111.0 * math.cos(math.radians(widest_lat)) > best:
                    break
            for r in range(row - ring, row + ring + 1):
                step = 1 if r in (row - ring, row + ring) else 2 * ring or 1
                for c in range(col - ring, col + ring + 1, step):
                    cell = self._cells.get((r, (c + columns // 2) % columns - columns // 2))
                    if not cell:
                        continue
                    for pid, anchor in cell.items():
                        if pid == exclude and self._counts[pid] <= excluded:
                            continue
                        d = km(lat, lon, anchor.lat, anchor.lon)
                        if best is None or d < best:
                            best = d
        return best if best is not None and best <= ANCHOR_REACH_KM else None


def _best(cand: Candidate, focus: Counter[str], anchors: Anchors, exclude: str = "",
          divisions: Counter[tuple[str, str]] | None = None, current: Place | None = None, excluded: int = 1) -> Place:
    surface = name_key(cand.core)

    def score(place: Place) -> float:
        # A curated site is a deliberate entry: it outranks a town that happens to share its name.
        # Importance: a country, then a division, outranks a town of the same name unless the town is large
        # ("Kent" the county, not Kent, Washington; "New York" the city).
        value = {"country": 3.5, "macro": 2.0, "region": 3.0, "site": 2.5}.get(place.kind, 0.0)
        if _is_second_level(place):
            value = 2.75
        elif place.kind == "region" and place.population:
            value += 0.1 * math.log10(place.population) - 0.6  # a state of 5 million people, a county of 50,000
        if place.kind == "city":
            value = 0.5 * math.log10(max(place.population, 10)) + (0.5 if place.subkind == "capital" else 0.0)
            if "town" in cand.evidence:
                value += 1.0  # "à Saint-Louis": the town, not its region
        if surface in _own_names(place) or place.kind == "country":
            # its own name, not one of GeoNames' many alternate spellings; a country's names in the languages
            # the gazetteer carries are all its own ("l'Equateur" is Ecuador, not the Congolese province)
            value += 1.0
        if (place.kind == "region" and not _is_second_level(place)
                and f"listed-with-divisions:{place.country_code}" in cand.evidence):
            value += 2.0  # "Kerala, Tamil Nadu and Puducherry": a division among divisions
        if place.kind == "country" and "coordinated-with-a-country" in cand.evidence:
            value += 2.5  # "au Luxembourg et en Belgique": a country among countries, whatever the story's focus
        if cand.feature and place.kind == "site" and place.subkind == cand.feature[1]:
            value += 3.0
        town = capitals_of.get((place.country_code, place.admin1), 0)
        # (not where the division dwarfs its town: "Québec" the province of 8.5 million, its capital of 0.5)
        if place.kind == "region" and not cand.feature and town and town * CHIEF_TOWN_SHARE >= place.population:
            value -= CHIEF_TOWN_PULL
        if place.country_code in focus:
            value += 1.0 + 0.2 * min(focus[place.country_code], 5)
        # Places the document already names without doubt pull their neighbours, and themselves most of all:
        # "la capitale indienne" (New Delhi) makes "New Delhi" that city, not the Delhi it belongs to.
        if divisions and place.admin1:
            # The mentions of this very name voted for the division its current reading lies in: not a vote for
            # any reading there ("Istanbul" the city does not make "İstanbul" the province likelier).
            own = current is not None and (current.country_code, current.admin1) == (place.country_code, place.admin1)
            others = divisions[(place.country_code, place.admin1)] - (excluded if own else 0)
            if others > 0:
                value += 0.5 + 0.1 * min(others, 5)
        near = anchors.nearest_km(place.lat, place.lon, exclude, excluded)
        if near is not None:
            value += 1.5 * math.exp(-near / 800.0)
        return value

    readings = _towns_stand_for_their_municipalities(cand.places)
    # A division named after its chief town ("Thiès", "Ziguinchor", "Kaolack"): the name alone is the town, as a
    # reader takes it; "la région de Thiès" (a feature word) still names the division.
    capitals_of = {(p.country_code, p.admin1): p.population for p in readings
                   if p.kind == "city" and p.admin1 and p.population >= CHIEF_TOWN and surface in _own_names(p)}
    # A country named by its own name is that country, never a town or a river that shares the spelling ("Mexico"
    # in a story about the United States is not Mexico, Missouri; "du Sénégal" is not the river); a division of
    # the same name still competes ("Georgia").
    if any(p.kind == "country" and surface in _own_names(p) for p in readings):
        readings = [p for p in readings if p.kind in {"country", "region"}]
    return max(readings, key=score)
