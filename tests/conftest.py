from __future__ import annotations

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
