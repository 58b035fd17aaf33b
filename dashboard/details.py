"""The details of the selected event and the article view: every source with its sentence, in plain words.

Pure builders (no Streamlit). Article text is untrusted: every HTML fragment built here escapes what it shows.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from .queries import known_to, reported_by

STATUS_WORDS = {"happened": "happened", "planned": "planned (announced, scheduled or expected)",
                "cancelled": "cancelled", "postponed": "postponed"}


def details_html(event: pd.Series) -> str:
    """The selected event: its headline, when and where in plain words, then every source with its sentence."""
    status = str(event.get("status") or "happened")
    status_line = escape(STATUS_WORDS.get(status, status))
    if status in {"cancelled", "postponed"}:
        status_line = f"<s>{status_line}</s> ({escape(status)})"
    place_kind = escape(str(event.get("place_kind") or ""))
    parts = [
        f"<h3 style='margin:0'>{escape(str(event['place_name']))} · {escape(str(event['date_label']))}</h3>",
        f"<p style='margin:.3em 0'><b>{escape(str(event.get('headline') or event['title']))}</b></p>",
        f"<p style='color:#555;margin:.2em 0'>Date {escape(known_to(str(event['precision'])))}"
        f"{said_when(event)} · {status_line} · "
        f"{escape(reported_by(int(event['source_count'])))}<br>"
        f"Place: {place_kind}, {float(event['lat']):.3f}, {float(event['lon']):.3f} ({escape(str(event['country_code']))})"
        f" · story: {escape(str(event.get('thread_title') or ''))}</p>",
    ]
    for source in event["sources_list"]:
        sentence = escape(source["sentence"])
        for needle in (event.get("place_text"), event.get("date_text")):
            if needle:
                sentence = sentence.replace(escape(str(needle)), f"<mark>{escape(str(needle))}</mark>", 1)
        name = escape(str(source.get("source") or source["doc_id"]))
        link = f"?doc={escape(source['doc_id'], quote=True)}&event={escape(str(event['event_id']), quote=True)}"
        parts.append(f"<blockquote style='margin:.4em 0;border-left:3px solid #4a6fb5;padding-left:.6em'>{sentence}"
                     f"<br><small>{name} · <a href='{link}' target='_self'>read the article</a></small></blockquote>")
    return "\n".join(parts)


def article_html(text: str, mentions: pd.DataFrame) -> str:
    """The whole article with its place and date mentions marked; the text is escaped piece by piece."""
    out, at = [], 0
    for row in mentions.sort_values("start").itertuples():
        if row.start < at:
            continue
        colour = "#dbe7ff" if row.kind == "place" else "#ffe8cc"
        title = row.name if row.kind == "place" else f"{row.date_start} – {row.date_end} ({known_to(row.precision)})"
        out.append(escape(text[at:row.start]))
        out.append(f"<mark style='background:{colour}' title='{escape(str(title), quote=True)}'>{escape(text[row.start:row.end])}</mark>")
        at = row.end
    out.append(escape(text[at:]))
    return "<div style='white-space:pre-wrap;line-height:1.6'>" + "".join(out) + "</div>"


def legend_html(threads: pd.DataFrame, limit: int = 12) -> str:
    """The threads, largest first: a colour swatch, the title, the count. Titles come from article text: escaped."""
    rows = []
    for row in threads.head(limit).itertuples():
        rows.append(f"<div style='margin:.15em 0;font-size:.85em'><span style='display:inline-block;width:.8em;"
                    f"height:.8em;border-radius:50%;background:{escape(row.thread_colour, quote=True)};margin-right:.4em'>"
                    f"</span>{escape(str(row.thread_title))} <span style='color:#777'>({row.events})</span></div>")
    if len(threads) > limit:
        rows.append(f"<div style='font-size:.8em;color:#777'>and {len(threads) - limit} smaller stories (grey)</div>")
    return "".join(rows)


def said_when(event) -> str:
    """The words that date the event, or that none do: a lead that tells today's news without a date
    (pipeline/events.py, `_lead_of_the_day`) is dated by the day the article was published."""
    words = str(event.get("date_text") or "")
    return f" (“{escape(words)}”)" if words else " (no date in the text: the day it was published)"
