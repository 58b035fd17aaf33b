"""Chronomap's pipeline: news articles in, places, dates and events out. No Streamlit here."""

__version__ = "0.1.0"
