from datetime import date

import pytest

from pipeline.dates import tag
from pipeline.nlp import analyse

WED = date(2023, 9, 13)  # a Wednesday


def dates_in(text: str, published=WED, language="fr"):
    return {text[f.start:f.end]: (f.start_date, f.end_date, f.precision) for f in tag(text, language, published, analyse(text, language))}


@pytest.mark.parametrize("text, surface, expected", [
    ("Poutine et Kim se sont rencontrés mercredi à Vostotchny.", "mercredi", (WED, WED, "day")),
    ("Kim est arrivé en Russie mardi.", "mardi", (date(2023, 9, 12), date(2023, 9, 12), "day")),
    ("Kim rencontrera Poutine vendredi à Moscou.", "vendredi", (date(2023, 9, 15), date(2023, 9, 15), "day")),
    ("Ils se sont vus pour la dernière fois en 2019.", "en 2019", (date(2019, 1, 1), date(2019, 12, 31), "year")),
    ("Un incident similaire s'est produit le 9 juin.", "le 9 juin", (date(2023, 6, 9), date(2023, 6, 9), "day")),
    ("En mars, un veto russe a mis fin à la surveillance.", "En mars", (date(2023, 3, 1), date(2023, 3, 31), "month")),
    ("L'accord s'est effondré l'année dernière.", "l'année dernière", (date(2022, 1, 1), date(2022, 12, 31), "year")),
    ("Le ministre est arrivé hier.", "hier", (date(2023, 9, 12), date(2023, 9, 12), "day")),
    ("Une étude publiée la semaine dernière.", "la semaine dernière", (date(2023, 9, 4), date(2023, 9, 10), "week")),
    ("Ils se sont rencontrés en septembre 2023.", "en septembre 2023", (date(2023, 9, 1), date(2023, 9, 30), "month")),
    ("Le pays a changé dans les années 1990.", "les années 1990", (date(1990, 1, 1), date(1999, 12, 31), "decade")),
    ("Une ville fondée au XIXe siècle.", "au XIXe siècle", (date(1801, 1, 1), date(1900, 12, 31), "century")),
    ("Les travaux reprendront cet été.", "cet été", (date(2023, 6, 1), date(2023, 8, 31), "season")),
])
def test_french_expressions_normalise_against_publication(text, surface, expected):
    assert dates_in(text)[surface] == expected


@pytest.mark.parametrize("text", [
    "Il a serré la main de Kim pendant 40 secondes.",
    "Les discussions ont duré deux heures.",
    "Je suis heureux de vous voir, a dit sa délégation. Une première.",
    "Une démonstration en vol d'un chasseur Su-35 a suivi.",
    "Des roquettes de calibre 122 mm pour les BM-21, à 680 km de là.",
    "La base compte 2000 soldats.",
    "La RD 1085 est coupée à hauteur du pont.",
    "Une date impossible : le 31 février.",
    "Une légende de l'an 40000.",
])
def test_not_dates(text):
    assert dates_in(text) == {}


def test_a_year_after_its_noun_is_a_year_and_a_road_number_is_none():
    found = dates_in("L'étape reprendra le modèle de celle de l'édition 2022, avec de nombreuses ascensions.")
    assert found["2022"] == (date(2022, 1, 1), date(2022, 12, 31), "year")
    found = dates_in("Crews closed LA 1241 and FM 1960 near the levee; the 2019 flood hit the same roads.", language="en")
    assert list(found) == ["2019"]


def test_english_traps():
    found = dates_in("May said the Sun reported it. In May, the talks resumed in Turkey on Tuesday.", language="en")
    assert "May" not in found and "Sun" not in found
    assert found["In May"] == (date(2023, 5, 1), date(2023, 5, 31), "month")
    assert found["Tuesday"] == (date(2023, 9, 12), date(2023, 9, 12), "day")


def test_without_publication_date_relative_dates_stay_unresolved():
    found = tag("Kim est arrivé mardi, en 2019 déjà.", "fr", None)
    by_text = {"mardi": None, "en 2019": date(2019, 1, 1)}
    for f in found:
        surface = "Kim est arrivé mardi, en 2019 déjà."[f.start:f.end]
        assert f.start_date == by_text[surface]


def test_a_verb_of_another_sentence_says_nothing_of_the_tense():
    # The parser joins the paragraphs and hangs "Lundi" on "aura" (future) of the sentence before.
    text = ("Le prochain sommet aura lieu en 2024 au Brésil, à Rio de Janeiro.\n\n"
            "Lundi, le ministre russe, qui représente Moscou, a dénoncé à Moscou une tentative de manipulation.")
    assert dates_in(text, published=date(2023, 9, 9))["Lundi"] == (date(2023, 9, 4), date(2023, 9, 4), "day")


@pytest.mark.parametrize("text, surface, expected", [
    ("L'an dernier, le sommet s'était tenu à Bali.", "L'an dernier", (date(2022, 1, 1), date(2022, 12, 31), "year")),
    ("Il reviendra l'an prochain.", "l'an prochain", (date(2024, 1, 1), date(2024, 12, 31), "year")),
    ("Le mois dernier, les prix ont baissé.", "Le mois dernier", (date(2023, 8, 1), date(2023, 8, 31), "month")),
])
def test_last_and_next_year_month_week_by_the_calendar(text, surface, expected):
    assert dates_in(text, published=date(2023, 9, 9))[surface] == expected


def one_day(y, m, d):
    return (date(y, m, d), date(y, m, d), "day")


@pytest.mark.parametrize("text, surface, expected, language", [
    ("Le 3 mai 2023, la crue a atteint le village. Le lendemain, elle a reculé.", "Le lendemain", one_day(2023, 5, 4), "fr"),
    ("Le 3 mai 2023, la crue a atteint le village. Le lendemain, elle a reculé. Deux jours plus tard, tout était sec.",
     "Deux jours plus tard", one_day(2023, 5, 6), "fr"),
    ("La finale aura lieu le 8 juin 2023. La veille, les joueuses s'entraîneront.", "La veille", one_day(2023, 6, 7), "fr"),
    ("The river rose on May 3, 2023. The next day it fell.", "The next day", one_day(2023, 5, 4), "en"),
    ("The river rose on May 3, 2023. Three days later it was dry.", "Three days later", one_day(2023, 5, 6), "en"),
    ("Ce soir, les résultats tomberont.", "Ce soir", one_day(2023, 9, 13), "fr"),
])
def test_anaphoric_days_count_from_the_date_just_before(text, surface, expected, language):
    assert dates_in(text, language=language)[surface] == expected


def test_a_bare_weekday_is_the_day_of_that_name_the_text_already_dated():
    text = ("Le pape arrive dès ce vendredi 15 septembre. Programme.\nVendredi\nAccueil à l'aéroport.\n"
            "Samedi\nMesse au stade.")
    found = dates_in(text, published=date(2023, 9, 12))  # a Tuesday: "vendredi" alone, in the present, reads as past
    assert found["Vendredi"] == one_day(2023, 9, 15)
    assert found["ce vendredi 15 septembre"] == one_day(2023, 9, 15)


def test_a_typed_year_a_millennium_away_is_not_a_date():
    assert not any(v[0] and v[0].year > 2500 for v in dates_in("La campagne a démarré dimanche 19 novembre 2923.").values())


@pytest.mark.parametrize("text, surface, expected, language", [
    ("Le 6 juillet 2013, un train a déraillé. Ce soir-là, le café était plein.", "Ce soir-là", one_day(2013, 7, 6), "fr"),
    ("On May 3, 2023 the river rose. That night the town flooded.", "That night", one_day(2023, 5, 3), "en"),
    ("La nuit dernière, des centaines de personnes ont marché.", "La nuit dernière", one_day(2023, 9, 12), "fr"),
    ("Last night, hundreds of people marched.", "Last night", one_day(2023, 9, 12), "en"),
])
def test_that_day_and_last_night(text, surface, expected, language):
    assert dates_in(text, language=language)[surface] == expected


@pytest.mark.parametrize("text, surface, language", [
    ("Samedi 9 septembre 2023, un gala a eu lieu, à l'avant-veille d'une grande cérémonie.", "l'avant-veille", "fr"),
    ("On September 9, 2023 a gala was held. The day before the vote, calm returned.", "The day before", "en"),
])
def test_the_eve_of_an_event_is_not_counted_from_the_last_date(text, surface, language):
    assert surface not in dates_in(text, language=language)


def test_a_list_of_years_and_an_anniversary_to_the_day():
    text = "Australia joined the teams of 1987, 1999, 2003 and 2007. It happened ten years ago to the day."
    found = dates_in(text, published=date(2024, 7, 17), language="en")
    assert {"1999", "2003", "2007"} <= set(found)
    assert found["ten years ago to the day"] == one_day(2014, 7, 17)
    assert "1,999" not in dates_in("Some 1,999 people came.", language="en")


@pytest.mark.parametrize("text, surface, expected, language", [
    ("La digue a cédé il y a tout juste un an.", "il y a tout juste un an", one_day(2023, 7, 17), "fr"),
    ("Il y a cinq ans jour pour jour, le pont s'effondrait.", "Il y a cinq ans jour pour jour", one_day(2019, 7, 17), "fr"),
    ("Il y a un an, la ville était inondée.", "Il y a un an", (date(2023, 1, 1), date(2023, 12, 31), "year"), "fr"),
    ("Exactly a year ago the river burst its banks.", "Exactly a year ago", one_day(2023, 7, 17), "en"),
    ("Two years ago the dam broke.", "Two years ago", (date(2022, 1, 1), date(2022, 12, 31), "year"), "en"),
])
def test_a_year_ago_and_an_anniversary_to_the_day(text, surface, expected, language):
    assert dates_in(text, published=date(2024, 7, 17), language=language)[surface] == expected


@pytest.mark.parametrize("text, surface, start, end, language", [
    ("Les chefs d'État se sont retrouvés les 7 et 8 décembre 2024 à Paris.", "les 7 et 8 décembre 2024",
     date(2024, 12, 7), date(2024, 12, 8), "fr"),
    ("Une tournée du 1er au 5 mars 2023 en Afrique.", "du 1er au 5 mars 2023", date(2023, 3, 1), date(2023, 3, 5), "fr"),
    ("The summit runs March 4-6, 2024 in Geneva.", "March 4-6, 2024", date(2024, 3, 4), date(2024, 3, 6), "en"),
    ("The fair opens from May 3 to 5, 2024.", "from May 3 to 5, 2024", date(2024, 5, 3), date(2024, 5, 5), "en"),
])
def test_ranges_of_days_are_one_interval(text, surface, start, end, language):
    assert dates_in(text, language=language)[surface] == (start, end, "day")


def test_a_programme_reads_its_weekday_headings_against_the_day_it_dated():
    text = ("La visite commence ce vendredi 15 septembre 2023.\n\nVendredi\nAccueil à l'aéroport à 16h.\n\n"
            "Samedi\nMesse au stade à 16h.\n\nDimanche\nDépart.")
    found = dates_in(text, published=date(2023, 9, 12))
    assert found["Vendredi"] == one_day(2023, 9, 15)
    assert found["Samedi"] == one_day(2023, 9, 16)
    assert found["Dimanche"] == one_day(2023, 9, 17)


@pytest.mark.parametrize("text, surface, expected, language", [
    ("La réunion est prévue jeudi à Lyon.", "jeudi", date(2023, 9, 14), "fr"),
    ("Le président est attendu vendredi à Dakar.", "vendredi", date(2023, 9, 15), "fr"),
    ("Le sommet doit se tenir lundi à Paris.", "lundi", date(2023, 9, 18), "fr"),
    ("Le sommet s'est tenu lundi à Paris.", "lundi", date(2023, 9, 11), "fr"),
    ("La route de Lyon, qui sera fermée lundi, reste ouverte.", "lundi", date(2023, 9, 18), "fr"),
    ("The rally in Denver is scheduled for Friday.", "Friday", date(2023, 9, 15), "en"),
    ("The minister is expected to land in Lagos on Monday.", "Monday", date(2023, 9, 18), "en"),
    ("The minister landed in Lagos on Monday.", "Monday", date(2023, 9, 11), "en"),
])
def test_a_planned_weekday_lies_ahead_whatever_the_tense(text, surface, expected, language):
    assert dates_in(text, language=language)[surface][0] == expected


@pytest.mark.parametrize("text, surface, expected, language", [
    ("Le report de l'élection au 15 juillet a provoqué des manifestations.", "15 juillet", date(2024, 7, 15), "fr"),
    ("Le match a été reporté samedi, faute d'arbitre.", "samedi", date(2023, 9, 9), "fr"),
    ("The vote was postponed to August 20 after the storm.", "August 20", date(2024, 8, 20), "en"),
    ("The game was postponed on Saturday.", "Saturday", date(2023, 9, 9), "en"),
])
def test_the_day_something_is_put_off_to_lies_ahead(text, surface, expected, language):
    assert dates_in(text, language=language)[surface][0] == expected


def test_an_english_date_written_in_full_inside_a_french_text():
    found = tag("Crédit photo : October 3, 2020. La vallée reste coupée.", "fr", date(2023, 7, 6))
    assert [(f.start_date, f.precision) for f in found] == [(date(2020, 10, 3), "day")]
    # without its capital it is no English month name ("march" is a verb)
    assert all(f.start_date != date(2020, 3, 3) for f in tag("Ils march 3, 2020 fois.", "fr", date(2023, 7, 6)))


@pytest.mark.parametrize("text, expected", [
    ("Il a précisé que la date serait officiellement fixée en mai.", date(2024, 5, 1)),  # conditional: still to come
    ("Le vol devrait avoir lieu en juin.", date(2024, 6, 1)),
    ("L'accident aurait eu lieu en mai.", date(2023, 5, 1)),  # a perfect conditional tells of the past
    ("Une programmation spirituelle en septembre", date(2024, 9, 1)),  # a heading has no tense: the nearest
    ("Le gouvernement a annoncé en mai un plan.", date(2023, 5, 1)),
])
def test_a_month_alone_takes_its_direction_from_mood_and_tense(text, expected):
    found = tag(text, "fr", date(2024, 3, 26), analyse(text, "fr"))
    assert [(f.start_date, f.precision) for f in found] == [(expected, "month")]


def test_a_number_with_thousands_is_read_whole_or_not_at_all():
    found = dates_in("The stones were raised about 5,000 years ago, and the site drew 12,000 people two years ago.",
                     language="en")
    assert "000 years ago" not in found and found["two years ago"][0].year == 2021


@pytest.mark.parametrize("text, surface, expected", [
    # published on Thursday 23 July 2020
    ("La route a été rouverte jeudi soir. Elle devrait être fermée lundi pour des travaux.", "lundi", one_day(2020, 7, 27)),
    ("La place sera survolée par les deux avions arrivés dimanche à l'aéroport.", "dimanche", one_day(2020, 7, 19)),
])
def test_a_planned_day_after_a_dated_one_stays_ahead_and_a_participle_tells_the_past(text, surface, expected):
    assert dates_in(text, published=date(2020, 7, 23))[surface] == expected


@pytest.mark.parametrize("text, surface, expected", [
    # published on Thursday 2 December 2021
    ("Le président effectue vendredi son retour dans le Golfe.", "vendredi", one_day(2021, 12, 3)),
    ("Le président se rend mardi à Dakar.", "mardi", one_day(2021, 12, 7)),
    ("Jeudi, la ville pleure ses morts.", "Jeudi", one_day(2021, 12, 2)),
    ("Le président a effectué vendredi une visite à Dakar.", "vendredi", one_day(2021, 11, 26)),
    ("Les pompiers luttent depuis mardi contre le feu.", "mardi", one_day(2021, 11, 30)),
    # the weekday closes a clause of the past nearer to it than the present verb it hangs on
    ("Les dégâts s'avèrent considérables au lendemain des rafales qui ont balayé le Gers, mardi soir.", "mardi soir",
     one_day(2021, 11, 30)),
    ("Les secours restent mobilisés après l'incendie qui a détruit l'usine, lundi.", "lundi", one_day(2021, 11, 29)),
])
def test_a_weekday_told_in_the_french_present_is_that_day_or_the_coming_one(text, surface, expected):
    assert dates_in(text, published=date(2021, 12, 2))[surface] == expected


@pytest.mark.parametrize("text, language, surface, expected", [
    # a season with its direction after it
    ("L'été dernier, la sécheresse a frappé la région.", "fr", "L'été dernier", (date(2023, 6, 1), date(2023, 8, 31), "season")),
    ("Last winter, snow closed the pass.", "en", "Last winter", (date(2022, 12, 1), date(2023, 2, 28), "season")),
    ("L'hiver prochain sera plus doux.", "fr", "L'hiver prochain", (date(2023, 12, 1), date(2024, 2, 29), "season")),
    ("Next summer the festival returns.", "en", "Next summer", (date(2024, 6, 1), date(2024, 8, 31), "season")),
    # a part of a year
    ("Les travaux seront achevés en fin d'année.", "fr", "en fin d'année", (date(2023, 10, 1), date(2023, 12, 31), "season")),
    ("The plant will open early next year.", "en", "early next year", (date(2024, 1, 1), date(2024, 3, 31), "season")),
    # a month with its prefix glued on, and its direction written after it or after its range
    ("Mi-février, les eaux ont envahi la ville.", "fr", "Mi-février", (date(2023, 2, 1), date(2023, 2, 28), "month")),
    ("Le vol, annoncé entre mi-juin et fin juillet prochains, est reporté.", "fr", "mi-juin",
     (date(2024, 6, 1), date(2024, 6, 30), "month")),
    ("The school will open to pupils in September next year.", "en", "in September next year",
     (date(2024, 9, 1), date(2024, 9, 30), "month")),
    # parts of the day of publication
    ("This afternoon the governor visited Tulsa.", "en", "This afternoon", (WED, WED, "day")),
])
def test_seasons_parts_of_years_and_months_with_their_direction(text, language, surface, expected):
    assert dates_in(text, language=language).get(surface) == expected


@pytest.mark.parametrize("text, language, surface, expected", [
    ("The torch will be in Naples for Christmas.", "en", "Christmas", date(2023, 12, 25)),
    ("Shots were fired into a house where two dozen people celebrated New Year's Eve.", "en", "New Year's Eve", date(2022, 12, 31)),
    ("Les familles se réuniront à Noël.", "fr", "Noël", date(2023, 12, 25)),
    ("Un incendie a éclaté la nuit de la Saint-Sylvestre à Strasbourg.", "fr", "la Saint-Sylvestre", date(2022, 12, 31)),
])
def test_a_holiday_is_its_day_in_the_year_its_tense_says(text, language, surface, expected):
    assert dates_in(text, language=language).get(surface) == (expected, expected, "day")


@pytest.mark.parametrize("text, language", [
    ("Le marché de Noël ouvre vendredi.", "fr"),
    ("Noël Le Graët a quitté la fédération.", "fr"),
    ("The Christmas market opens on Friday.", "en"),
])
def test_a_holidays_name_in_another_name_is_no_date(text, language):
    assert not any(surface.startswith(("Noël", "Christmas")) for surface in dates_in(text, language=language))


def test_the_french_simple_future_sends_a_day_ahead_even_when_the_model_tags_it_past():
    # the small model tags "partira" as a past tense
    assert dates_in("Le Tour partira de Lille le 5 juillet.", published=date(2024, 10, 26))["le 5 juillet"][0] == date(2025, 7, 5)
    assert dates_in("Il entra dans la ville le 5 juillet.", published=date(2024, 10, 26))["le 5 juillet"][0] == date(2024, 7, 5)


def test_the_verb_just_before_a_date_in_its_clause_gives_its_tense_whatever_the_tree():
    # the small parser hangs "le 4 juillet" on "Tour", a noun of the past clause ("sont parties")
    for text in ("Les dernières éditions sont parties de Lyon, mais ce Tour 2026 partira de Nantes le 4 juillet.",
                 "Alors que les trois dernières éditions sont parties de l'étranger, à Oslo (Norvège), Madrid (Espagne) "
                 "et Turin (Italie), ce Tour 2026 partira de Nantes le 4 juillet et se terminera donc à Paris."):
        assert dates_in(text, published=date(2025, 10, 26))["le 4 juillet"][0] == date(2026, 7, 4)


MAY_FRIDAY = date(2024, 5, 10)


@pytest.mark.parametrize("text, language, surface, expected", [
    # a day or a month without its year, set before its clause: the clause's tense says which year
    ("Le 5 septembre, le jury a rendu son verdict à Lyon.", "fr", "Le 5 septembre", one_day(2023, 9, 5)),
    ("Le 18 octobre, la tempête avait arraché les toitures.", "fr", "Le 18 octobre", one_day(2023, 10, 18)),
    ("Le 3 février, le sommet s'ouvrira à Addis-Abeba.", "fr", "Le 3 février", one_day(2025, 2, 3)),
    ("On Sept. 5, the jury in Boston returned a verdict.", "en", "On Sept. 5", one_day(2023, 9, 5)),
    ("In September, the jury in Boston returned a verdict.", "en", "In September",
     (date(2023, 9, 1), date(2023, 9, 30), "month")),
    ("In February, the summit will open in Addis Ababa.", "en", "In February",
     (date(2025, 2, 1), date(2025, 2, 28), "month")),
    # a plan keeps the nearest one ahead
    ("La réunion prévue le 5 septembre aura lieu à Lyon.", "fr", "le 5 septembre", one_day(2024, 9, 5)),
])
def test_a_date_without_its_year_takes_the_year_its_clauses_tense_says(text, language, surface, expected):
    assert dates_in(text, MAY_FRIDAY, language)[surface] == expected


@pytest.mark.parametrize("text, language, surface, expected", [
    ("The bridge opened in '98 in Portland.", "en", "'98", (date(1998, 1, 1), date(1998, 12, 31), "year")),
    ("In May '68, students occupied the Sorbonne.", "en", "May '68", (date(1968, 5, 1), date(1968, 5, 31), "month")),
    ("Les barricades de mai 68 à Paris.", "fr", "mai 68", (date(1968, 5, 1), date(1968, 5, 31), "month")),
    ("La promotion ’21 a été diplômée à Lille.", "fr", "’21", (date(2021, 1, 1), date(2021, 12, 31), "year")),
])
def test_a_year_written_with_two_digits_is_of_the_century_that_keeps_it_behind_publication(text, language, surface, expected):
    assert dates_in(text, MAY_FRIDAY, language)[surface] == expected


@pytest.mark.parametrize("text", [
    "Il y a eu 12 morts en mars 22 blessés à Lyon.",  # a month, then a count: French sets its day before the month
    "He scored 98% of his shots, 'I was 25' he said.",
])
def test_numbers_beside_a_month_or_a_quote_are_no_years_or_days(text):
    found = dates_in(text, MAY_FRIDAY, "fr" if "morts" in text else "en")
    assert not any(start and start.day == 22 for start, _, _ in found.values())
    assert not any(start and start.year in (1925, 2025, 1998) for start, _, _ in found.values())


@pytest.mark.parametrize("text, language, published, surface, expected", [
    # the article's own weekday is the day of publication, whatever the tense
    ("La cour a condamné mercredi l'accusé à Lyon. Le 21 décembre, le procureur avait requis la perpétuité.", "fr",
     date(2022, 12, 28), "mercredi", one_day(2022, 12, 28)),
    ("La ministre arrive à Cayenne ce vendredi.", "fr", date(2025, 3, 14), "ce vendredi", one_day(2025, 3, 14)),
    ("More details will be released later Thursday.", "en", date(2022, 6, 9), "Thursday", one_day(2022, 6, 9)),
    ("The council will meet next Thursday in Leeds.", "en", date(2022, 6, 9), "next Thursday", one_day(2022, 6, 16)),
    # a weekday without a verb of its own takes the sentence's tense, else the programme's
    ("The M6 will be shut near Stafford, from 10pm on Friday until 5am on Monday.", "en", date(2015, 1, 28),
     "Monday", one_day(2015, 2, 2)),
    ("In the win over the Blues on Sunday, the goalie was sensational.", "en", date(2019, 6, 10), "Sunday",
     one_day(2019, 6, 9)),
    ("La ministre visitera Cayenne jeudi. Direction Kourou samedi matin pour la ministre.", "fr", date(2025, 3, 11),
     "samedi matin", one_day(2025, 3, 15)),
])
def test_a_weekday_reads_the_day_of_publication_and_the_tense_of_its_sentence(text, language, published, surface, expected):
    assert dates_in(text, published, language)[surface] == expected


def test_a_day_of_the_month_told_again_without_its_month_is_that_day():
    french = dates_in("Le 4 septembre, 2.000 personnes ont défilé à Lille. Elles étaient 3.000 mardi (contre 2.000 le "
                      "4) et la foule a grossi par rapport au 4.")
    assert french["le 4"] == (date(2023, 9, 4), date(2023, 9, 4), "day")
    assert french["au 4"] == (date(2023, 9, 4), date(2023, 9, 4), "day")
    english = dates_in("On September 4, 2,000 people marched. Since the 4th, the crowds have grown.", language="en")
    assert english["Since the 4th"] == (date(2023, 9, 4), date(2023, 9, 4), "day")
    # a number the text never dated as a day is no day: a score, a rank, a count
    assert dates_in("Lille a gagné le 4 à 1 contre Lens. Il est arrivé au 3 de la rue.") == {}
    assert "le 5" not in dates_in("Le 4 septembre, Lens était le 5 du classement.")


def test_weekdays_with_no_tense_of_their_own_fall_in_the_span_a_programme_dates():
    published = date(2023, 10, 2)  # a Monday, ten days before
    french = dates_in("Le salon du livre se tient du 12 au 15 octobre à Brive. Rendez-vous de 10 à 19 heures jeudi et "
                      "samedi. Le maire a visité le chantier mardi.", published=published)
    assert french["jeudi"] == (date(2023, 10, 12), date(2023, 10, 12), "day")
    assert french["samedi"] == (date(2023, 10, 14), date(2023, 10, 14), "day")
    assert french["mardi"] == (date(2023, 9, 26), date(2023, 9, 26), "day")  # told in the past: not the programme's
    english = dates_in("The book fair runs from October 12 to 15 in Hay. Doors open at 10am Thursday and Saturday.",
                       published=published, language="en")
    assert english["Thursday"] == (date(2023, 10, 12), date(2023, 10, 12), "day")


def test_a_weekday_told_ahead_falls_in_the_span_of_days_announced_just_before_however_far():
    published = date(2024, 6, 2)  # a Sunday, months before the visit
    french = dates_in("Le président effectuera une visite d'État au Japon du 9 au 12 octobre. Il prononcera un discours "
                      "jeudi à Kyoto puis rencontrera l'empereur samedi à Tokyo.", published=published)
    assert french["jeudi"] == (date(2024, 10, 10), date(2024, 10, 10), "day")
    assert french["samedi"] == (date(2024, 10, 12), date(2024, 10, 12), "day")
    english = dates_in("The band will tour Ireland from September 18 to 22. They will play Galway on Friday.",
                       published=published, language="en")
    assert english["Friday"] == (date(2024, 9, 20), date(2024, 9, 20), "day")
    # another paragraph, or a weekday told in the past, keeps the day its tense gives
    apart = dates_in("Le festival aura lieu du 9 au 12 octobre.\n\nLe maire présentera le programme jeudi.",
                     published=published)
    assert apart["jeudi"] == (date(2024, 6, 6), date(2024, 6, 6), "day")
    past = dates_in("La visite aura lieu du 9 au 12 octobre. Le ministre l'a annoncé jeudi.", published=published)
    assert past["jeudi"] == (date(2024, 5, 30), date(2024, 5, 30), "day")


def test_a_day_of_the_month_takes_the_year_its_noun_phrase_gives_after_it():
    published = date(2019, 3, 4)
    english = dates_in("The March 1 vote last year was marred by violence.", published=published, language="en")
    assert english["The March 1"] == (date(2018, 3, 1), date(2018, 3, 1), "day")
    french = dates_in("Le référendum du 1er mars de l'année dernière avait été annulé.", published=published)
    assert french["1er mars"] == (date(2018, 3, 1), date(2018, 3, 1), "day")
    # a year said in another sentence leaves the day alone
    apart = dates_in("On March 1, turnout was low. Last year it was higher.", published=published, language="en")
    assert apart["On March 1"] == (date(2019, 3, 1), date(2019, 3, 1), "day")


def test_the_day_after_a_happening_told_before_counts_from_its_day():
    published = date(2023, 7, 14)
    french = dates_in("La grêle s'est abattue sur Agen mercredi 12 juillet. Au lendemain de l'orage, les vignerons "
                      "comptent leurs pertes.", published=published)
    assert french["Au lendemain"] == (date(2023, 7, 13), date(2023, 7, 13), "day")
    # its own sentence's day is that day; with no day told before, the happening's day is unknown
    same = dates_in("Les habitants sont rentrés ce jeudi matin, au lendemain de la crue.", published=published)
    assert same["au lendemain"] == (date(2023, 7, 13), date(2023, 7, 13), "day")
    assert "Au lendemain" not in dates_in("Au lendemain du sommet, rien n'a changé.", published=published)


def test_that_year_is_the_year_of_the_date_just_before():
    english = dates_in("The plant leaked gas in December 1984. That year, thousands died.", language="en")
    assert english["That year"] == (date(1984, 1, 1), date(1984, 12, 31), "year")
    french = dates_in("La crue de janvier 1910 a noyé Paris. La même année, la Seine est encore sortie de son lit.")
    assert french["La même année"] == (date(1910, 1, 1), date(1910, 12, 31), "year")
    assert "That year" not in dates_in("That year was hard.", language="en")


def test_due_to_a_cause_is_no_schedule():
    published = date(2025, 11, 8)  # a Saturday
    cause = dates_in("The governor declared an emergency on Thursday due to the floods.", published=published,
                     language="en")
    assert cause["Thursday"] == (date(2025, 11, 6), date(2025, 11, 6), "day")
    plan = dates_in("The ferry is due to dock in Oslo on Thursday.", published=published, language="en")
    assert plan["Thursday"] == (date(2025, 11, 13), date(2025, 11, 13), "day")


def test_the_same_day_is_the_day_dated_just_before():
    french = dates_in("Le 23 janvier 2021, un car s'est renversé près de Mopti. Le même jour, un camion a pris feu.")
    assert french["Le même jour"] == (date(2021, 1, 23), date(2021, 1, 23), "day")
    english = dates_in("On January 23, 2021, a coach overturned. The same day, a lorry caught fire.", language="en")
    assert english["The same day"] == (date(2021, 1, 23), date(2021, 1, 23), "day")


@pytest.mark.parametrize("text, surface, expected", [
    # published on Wednesday 13 September 2023
    ("The race departs on Friday from Leeds and finishes on Sunday in York.", "Friday", date(2023, 9, 15)),
    ("The race departs on Friday from Leeds and finishes on Sunday in York.", "Sunday", date(2023, 9, 17)),
    ("The exhibition opens Saturday at the city museum.", "Saturday", date(2023, 9, 16)),
    ("The exhibition opened Saturday at the city museum.", "Saturday", date(2023, 9, 9)),
])
def test_an_english_timetable_in_the_simple_present_is_ahead(text, surface, expected):
    assert dates_in(text, language="en")[surface][0] == expected


@pytest.mark.parametrize("text, surface, expected", [
    # published on Saturday 1 October 2022
    ("The museum closed last September for repairs.", "last September", (2022, 9)),
    ("The museum closed last November for repairs.", "last November", (2021, 11)),
    ("The museum will reopen next September.", "next September", (2023, 9)),
    ("The museum will reopen next December.", "next December", (2022, 12)),
    ("The bridge opened this March after delays.", "this March", (2022, 3)),
    ("Last May the town flooded again.", "Last May", (2022, 5)),
])
def test_an_english_month_with_its_way_before_it(text, surface, expected):
    start, end, precision = dates_in(text, published=date(2022, 10, 1), language="en")[surface]
    assert (start.year, start.month, precision) == (*expected, "month")


def test_this_may_at_a_sentences_start_is_the_modal():
    assert dates_in("This May take a while, officials warned.", published=date(2022, 10, 1), language="en") == {}


@pytest.mark.parametrize("text, surface, expected", [
    # published on Tuesday 26 February 2019
    ("She faces ten years in prison when she is sentenced April 12.", "April 12", date(2019, 4, 12)),
    ("She was sentenced April 12 to ten years in prison.", "April 12", date(2018, 4, 12)),
    ("The bridge is expected to be reopened Friday.", "Friday", date(2019, 3, 1)),
])
def test_a_participle_after_a_present_be_is_no_past(text, surface, expected):
    assert dates_in(text, published=date(2019, 2, 26), language="en")[surface][0] == expected


@pytest.mark.parametrize("text, published, surface, expected, language", [
    ("La tournée débutera le 27 février 2024 à Narbonne et s'achèvera à Lille le 9 juin suivant.", date(2023, 3, 15),
     "le 9 juin suivant", one_day(2024, 6, 9), "fr"),
    ("Il a été arrêté le 3 novembre 2019, puis jugé le 12 février suivant.", date(2021, 5, 4),
     "le 12 février suivant", one_day(2020, 2, 12), "fr"),
    ("He was arrested on Nov. 3, 2019, and tried on Feb. 12 the following year.", date(2021, 5, 4),
     "on Feb. 12 the following year", one_day(2020, 2, 12), "en"),
])
def test_a_day_called_the_following_one_comes_after_the_date_just_before(text, published, surface, expected, language):
    assert dates_in(text, published, language)[surface] == expected


def test_a_weekday_of_a_past_verb_is_past_whatever_the_elided_clause_after_it_tells():
    # "qu'il sera" is "que il sera": the future there is the announced thing's, not the announcement's
    found = dates_in("Le chanteur a annoncé mardi qu’il sera de retour sur scène.", date(2023, 3, 15))
    assert found["mardi"] == one_day(2023, 3, 14)
    found = dates_in("La mairie a indiqué lundi qu'elle rouvrira l'école.", date(2023, 3, 15))
    assert found["lundi"] == one_day(2023, 3, 13)


@pytest.mark.parametrize("text, published, surface, expected", [
    # irregular pasts mark a past clause where there is no parse
    ("He pled guilty in February to one count of dangerous driving.", date(2021, 11, 11), "in February",
     (date(2021, 2, 1), date(2021, 2, 28), "month")),
    ("The council sold the land in March to a developer.", date(2021, 11, 11), "in March",
     (date(2021, 3, 1), date(2021, 3, 31), "month")),
    # a span declared in the past runs on to the nearest day it ends
    ("A state of emergency was declared in the region until Oct. 9.", date(2019, 10, 3), "Oct. 9", one_day(2019, 10, 9)),
])
def test_english_past_clauses_without_a_parse(text, published, surface, expected):
    assert dates_in(text, published, "en")[surface] == expected
