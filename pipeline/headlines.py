"""Headlines: a short who-did-what line for an event, cut from its own sentence.

A reader scanning a timeline wants "Poutine et Kim se sont rencontrés au cosmodrome de Vostotchny", not the first
110 characters of a sentence that opens with a date and a subordinate clause. Where the language has a parser the
headline keeps the clause's subject, its verb group, a short object and the event's place phrase, in the text's
order and words (extractive: nothing is invented or conjugated). Without a parser it keeps the clause that holds
the place, without the leading date or adverbial, cut at the next clause break.
"""

from __future__ import annotations

import re

from .model import Mention
from .nlp import Analysis

MAX_WORDS = 16
MAX_CHARACTERS = 110
SUBJECT_WORDS = 7
OBJECT_WORDS = 6
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "expl:subj", "csubj"}
VERB_GROUP_DEPS = {"aux", "aux:pass", "auxpass", "aux:tense", "expl:pv", "expl:comp", "expl", "neg", "prt", "compound:prt"}
OBJECT_DEPS = {"obj", "dobj", "iobj", "xcomp", "attr", "ccomp"}
# Parts of a noun phrase that a headline drops: clauses, appositions, asides.
TRIMMED_DEPS = {"acl", "acl:relcl", "relcl", "appos", "advcl", "parataxis", "punct", "dep", "cc", "conj:appos"}
LOCUTIONS = {"lors", "d'", "d’", "près", "auprès", "autour", "au-delà", "because", "ahead", "out"}
NEGATION = {"ne", "n'", "n’", "pas", "not", "n't", "never", "jamais", "plus"}
# A clause ends at these when the text cannot be parsed; the place's clause is kept.
CLAUSE_BREAK = re.compile(r"\s*(?:[;:—–]|,\s+(?:which|who|where|while|but|and|after|as|when|qui|où|dont|mais|alors|"
                          r"tandis|après|avant|lorsque|quand|selon|according|\w+ing)\b|\s\((?!\w+\)))", re.IGNORECASE)
LEADING_ASIDE = re.compile(r"^(?:(?:but|and|however|meanwhile|also|then|mais|et|or|puis|ainsi|cependant|"
                           r"pourtant|enfin|d['’]ailleurs|par ailleurs)\b[,\s]*)+", re.IGNORECASE)


def headline(analysis: Analysis, sentence: tuple[int, int], place: Mention, when: Mention) -> str:
    """The event's who-did-what line, in its article's language and words."""
    line = _parsed(analysis, sentence, place, when) if analysis.parsed else ""
    return _finish(line or _clause(analysis.text, sentence, place, when))


def _parsed(analysis: Analysis, sentence: tuple[int, int], place: Mention, when: Mention) -> str:
    verb = _verb_of(analysis, place.start, sentence) or _verb_of(analysis, when.start, sentence)
    if verb is None:
        return ""
    subject = _subject(verb)
    if subject is None:
        return ""  # no one does anything in this clause that the parse can see: the plain clause reads better
    keep: set[int] = set(_phrase(subject, SUBJECT_WORDS))
    # "Poutine et Kim ont été présentés": the parser may make each a subject of the verb, "et" the verb's
    others = [c for c in subject.head.children if c.dep_ in SUBJECT_DEPS and c.i != subject.i]
    for other in others:
        keep.update(_phrase(other, SUBJECT_WORDS))
    if others:
        low, high = min(keep), max(keep)
        keep.update(c.i for c in subject.head.children if c.dep_ == "cc" and low < c.i < high)
    keep.add(verb.i)
    for child in verb.children:
        if child.dep_ in VERB_GROUP_DEPS or child.lower_ in NEGATION:
            keep.add(child.i)
    place_tokens = _place_phrase(analysis, place, sentence)
    keep |= place_tokens | _path_to(verb, place_tokens, analysis)
    for child in verb.children:
        words = {t.i for t in child.subtree}
        if (child.dep_ in OBJECT_DEPS and not words & keep
                and not when.start <= child.idx < when.end):  # "a qualifié mercredi de…": the date is no object
            keep.update(_phrase(child, OBJECT_WORDS))
            break
    # Nothing of the date: the timeline already says when.
    keep = {i for i in keep if not (when.start <= analysis.doc[i].idx < when.end)}
    keep = _without_dangling(analysis.doc, keep)
    tokens = [analysis.doc[i] for i in sorted(keep) if sentence[0] <= analysis.doc[i].idx < sentence[1]]
    return "".join(t.text + (t.whitespace_ if t.i + 1 in keep else " ") for t in tokens).strip()


def _verb_of(analysis: Analysis, offset: int, sentence: tuple[int, int]):
    token = analysis.token_at(offset)
    steps = 0
    while token is not None and steps < 8:
        if token.pos_ in {"VERB", "AUX"} and token.dep_ != "aux":
            return token
        if token.head.i == token.i or not sentence[0] <= token.head.idx < sentence[1]:
            return None
        token = token.head
        steps += 1
    return None


def _subject(verb):
    """The verb's subject; else that of the verb it is coordinated with ("arrivé à Moscou et a rencontré…"); else
    one the parser hung one level down ("Kim, parti de Pyongyang, est arrivé": under the participle); else the
    noun a participle describes ("Kim Jong-un, parti de Pyongyang")."""
    for candidate in (verb, verb.head if verb.dep_ in {"conj", "xcomp"} else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    for child in verb.children:
        for grandchild in child.children:
            if grandchild.dep_ in SUBJECT_DEPS and grandchild.i < verb.i:
                return grandchild
    if verb.dep_.startswith("acl") and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return None


def _path_to(verb, place_tokens: set[int], analysis: Analysis) -> set[int]:
    """The words between the verb and the place in the tree ("a remercié Kim pour son soutien en Ukraine": the
    place hangs from "soutien"), each with its preposition and article, so the place phrase is not left hanging."""
    if not place_tokens:
        return set()
    token = analysis.doc[max(place_tokens)]
    while token.head.i != token.i and token.head.i in place_tokens:
        token = token.head
    path: set[int] = set()
    steps = 0
    while token.head.i != token.i and token.head.i != verb.i and steps < 4:
        token = token.head
        steps += 1
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"acl", "advcl"}:
            break
        path.add(token.i)
        path.update(child.i for child in token.children if child.dep_ in {"case", "det", "fixed"}
                    or child.dep_.startswith("flat"))
        # "lors d'une cérémonie": a preposition the parser hung elsewhere still introduces this word
        left = min(path)
        while left > 0 and (analysis.doc[left - 1].pos_ in {"ADP", "DET"} or analysis.doc[left - 1].lower_ in LOCUTIONS):
            left -= 1
            path.add(left)
    return path


def _without_dangling(doc, keep: set[int]) -> set[int]:
    """Drop prepositions, articles and punctuation whose word was dropped ("a qualifié de" once the date went)."""
    while True:
        dangling = {i for i in keep if doc[i].pos_ in {"ADP", "DET", "PUNCT", "CCONJ"} and doc[i].head.i not in keep}
        if not dangling:
            return keep
        keep = keep - dangling


def _phrase(head, limit: int) -> list[int]:
    """A noun phrase without its clauses and asides, at most `limit` words, its head always kept; coordinated
    heads stay ("Poutine et Kim")."""
    kept = [head.i]
    for token in head.subtree:
        if token.i == head.i:
            continue
        path_ok, walker = True, token
        while walker.i != head.i:
            if (walker.dep_ in TRIMMED_DEPS and not (walker.dep_ == "cc" and walker.head.dep_ == "conj")
                    and not (walker.dep_ == "appos" and walker.pos_ == "PROPN")):  # "le dirigeant Kim Jong-un"
                path_ok = False
                break
            walker = walker.head
        if path_ok:
            kept.append(token.i)
    kept.sort()
    while len(kept) > limit:  # drop from the far end, away from the head
        kept.pop(-1 if kept[-1] != head.i else 0)
    # Words must follow one another: a gap means something in between was dropped; keep the run with the head.
    run = [head.i]
    for i in sorted(k for k in kept if k > head.i):
        if i == run[-1] + 1:
            run.append(i)
        else:
            break
    for i in sorted((k for k in kept if k < head.i), reverse=True):
        if i == run[0] - 1:
            run.insert(0, i)
        else:
            break
    return run


def _place_phrase(analysis: Analysis, place: Mention, sentence: tuple[int, int]) -> set[int]:
    """The place's words with the preposition or article that introduces them ("au cosmodrome de Vostotchny")."""
    tokens = {t.i for t in analysis.doc.char_span(place.start, place.end, alignment_mode="expand") or []}
    if not tokens:
        return set()
    first = min(tokens)
    for i in range(first - 1, max(first - 4, -1), -1):
        token = analysis.doc[i]
        if token.idx < sentence[0] or token.pos_ not in {"ADP", "DET"}:
            break
        tokens.add(i)
    return tokens


def _clause(text: str, sentence: tuple[int, int], place: Mention, when: Mention) -> str:
    """Without a parse: the clause that holds the place, its leading date or adverbial dropped."""
    start, end = sentence
    breaks = [m for m in CLAUSE_BREAK.finditer(text, start, end)]
    before = [m for m in breaks if m.end() <= place.start]
    after = [m for m in breaks if m.start() >= place.end]
    first = before[-1].end() if before else start
    last = after[0].start() if after else end
    clause = text[first:last]
    # "On Tuesday, firefighters…", "Mardi soir, les pompiers…": the date leads, the timeline already says it.
    offset = when.end - first
    if 0 <= when.start - first <= 4 and offset < len(clause):
        clause = clause[offset:].lstrip(" ,")
    elif (lead := re.match(r"^[^,]{0,40},\s+", clause)) and lead.end() <= place.start - first:
        clause = clause[lead.end():]
    else:  # "…struck Herat province on Saturday": the date inside the clause goes, with its preposition
        clause = re.sub(r"(?:\s(?:on|in|at|during|since|le|ce|en|depuis))?\s" + re.escape(when.text) + r"(?=\W|$)",
                        "", clause, count=1)
    return LEADING_ASIDE.sub("", clause.strip())


def _finish(line: str) -> str:
    line = " ".join(line.split()).strip(" ,;:—–-")
    line = re.sub(r"\s+([,.])", r"\1", line).rstrip(".")
    words = line.split()
    if len(words) > MAX_WORDS:
        line = " ".join(words[:MAX_WORDS]).rstrip(",;:") + "…"
    if len(line) > MAX_CHARACTERS:
        line = line[:MAX_CHARACTERS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line[:1].upper() + line[1:] if line else line
