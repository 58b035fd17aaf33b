"""The Streamlit dashboard's pure parts: views built from the events table."""
