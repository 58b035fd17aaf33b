"""Status: happened, planned, cancelled or postponed, from tense and modality; pinned with written sentences."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_events import events_of

from pipeline.status import CANCELLED, HAPPENED, PLANNED, POSTPONED, combined, of_report


def status_of(sentence: str, date_text: str, date_start: date, published: date = date(2024, 5, 2)) -> str:
    start = sentence.index(date_text)
    return of_report(sentence, start, start + len(date_text), (0, len(sentence)), date_start, published)


@pytest.mark.parametrize("sentence, date_text, day, expected", [
    ("Le président s'est rendu lundi à Dakar pour un sommet.", "lundi", date(2024, 4, 29), HAPPENED),
    ("The minister flew to Nairobi on Monday.", "on Monday", date(2024, 4, 29), HAPPENED),
    ("La réunion est prévue lundi à Lyon, au siège de la région.", "lundi", date(2024, 5, 6), PLANNED),
    # a day before the article's, told in a sentence of plans, is not itself planned
    ("L'investiture, prévue en juin, suit sa réélection du 25 avril.", "25 avril", date(2024, 4, 25), HAPPENED),
    ("Le sommet doit se tenir le 2 mai à Bruxelles.", "le 2 mai", date(2024, 5, 2), PLANNED),
    ("The vote is scheduled to take place on May 2 in Delhi.", "on May 2", date(2024, 5, 2), PLANNED),
    ("Elle se rendra à Rome le 9 mai.", "le 9 mai", date(2024, 5, 9), PLANNED),  # after publication
    ("Le concert du 1er mai à Nantes a été annulé en raison de la tempête.", "1er mai", date(2024, 5, 1), CANCELLED),
    ("The match in Leeds on Wednesday was called off after heavy rain.", "on Wednesday", date(2024, 5, 1), CANCELLED),
    ("Le match prévu mercredi à Lens a été reporté.", "mercredi", date(2024, 5, 1), POSTPONED),
    ("The Geneva talks set for Wednesday were postponed.", "Wednesday", date(2024, 5, 1), POSTPONED),
])
def test_status_from_tense_and_modality(sentence, date_text, day, expected):
    assert status_of(sentence, date_text, day) == expected


def test_a_report_that_it_happened_outweighs_the_announcements():
    assert combined([(date(2024, 4, 1), PLANNED), (date(2024, 5, 3), HAPPENED), (date(2024, 4, 2), PLANNED)]) == HAPPENED
    assert combined([(date(2024, 4, 1), PLANNED), (date(2024, 4, 20), CANCELLED)]) == CANCELLED


def test_a_planned_and_a_happened_report_merge_into_one_happened_event(tmp_path):
    events = events_of(tmp_path, {
        "a.txt": "Le président doit se rendre à Dakar le 12 septembre 2023 pour un sommet régional.",
        "b.txt": "Le président s'est rendu à Dakar le 12 septembre 2023 pour un sommet régional.",
    })
    dakar = [e for e in events if e.place_name == "Dakar"]
    assert len(dakar) == 1 and dakar[0].status == HAPPENED and dakar[0].doc_ids == ["a.txt", "b.txt"]


def test_events_table_has_a_status_column(tmp_path):
    from pipeline.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("La finale est prévue samedi 16 septembre 2023 au Stade de France, à Saint-Denis.\n"
                                  "Le match de Lens, mercredi 13 septembre 2023, a été annulé.", encoding="utf-8")
    build([folder], tmp_path / "out")
    table = pd.read_parquet(tmp_path / "out" / "events.parquet")
    assert "status" in table.columns
    assert set(table["status"]) <= {HAPPENED, PLANNED, CANCELLED, POSTPONED}
    assert PLANNED in set(table["status"]) and CANCELLED in set(table["status"])
