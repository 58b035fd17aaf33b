"""Chronomap dashboard: the events of a build. Layout, state and wiring only; the pipeline does the work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.build import build
from pipeline.store import read_build

ROOT = Path(__file__).resolve().parent
BUILD_DIR = Path(os.environ.get("CHRONOMAP_BUILD", ROOT / "build" / "seeds"))
SEEDS = ROOT / "seeds"


@st.cache_resource(show_spinner=False)
def ensure_build(build_dir: str) -> str:
    """Build the seeds on first start when no build exists."""
    if not (Path(build_dir) / "events.parquet").exists():
        with st.spinner("Building the seed articles (first start only)…"):
            build([SEEDS], Path(build_dir))
    return build_dir


@st.cache_data(show_spinner=False)
def load_events(build_dir: str) -> pd.DataFrame:
    events = read_build(Path(build_dir))["events"]
    events["sources_list"] = events["sources"].map(json.loads)
    return events


def events_view(events: pd.DataFrame) -> None:
    st.subheader(f"{len(events)} events")
    table = events[["date_start", "date_end", "precision", "place_name", "country_code", "source_count", "title"]]
    st.dataframe(table, hide_index=True, use_container_width=True)


def main() -> None:
    st.set_page_config(page_title="Chronomap", layout="wide")
    st.title("Chronomap")
    events = load_events(ensure_build(str(BUILD_DIR)))
    events_view(events)


main()
