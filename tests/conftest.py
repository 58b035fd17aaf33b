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


def places_in(text: str, language: str = "fr") -> dict:
    """The place mentions the place stage finds in one text, by surface (the stage reads no publication date)."""
    from pipeline.gazetteer import shared
    from pipeline.model import Document
    from pipeline.nlp import analyse
    from pipeline.places import find_places

    doc = Document(doc_id="t", path="t", text=text, language=language, published=date(2023, 9, 13))
    return {m.text: m for m in find_places(doc, analyse(text, language), shared())}
