from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """One build of the seeds shared by the tests that read it."""
    from pipeline.build import build

    out = tmp_path_factory.mktemp("builds") / "seeds"
    result = build([SEEDS], out)
    return out, result


def place_mentions(text: str, language: str = "fr") -> list:
    """Every place mention the place stage finds in one text, in order (the stage reads no publication date)."""
    from pipeline.gazetteer import shared
    from pipeline.model import Document
    from pipeline.nlp import analyse
    from pipeline.places import find_places

    doc = Document(doc_id="t", path="t", text=text, language=language, published=date(2023, 9, 13))
    return find_places(doc, analyse(text, language), shared())


def places_in(text: str, language: str = "fr") -> dict:
    """The place mentions of one text by surface (one per surface: see place_mentions for every one)."""
    return {m.text: m for m in place_mentions(text, language)}
