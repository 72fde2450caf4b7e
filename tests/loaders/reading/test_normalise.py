"""Cell-value normalisers: every form DOMAIN.md and the vocabulary accept, every rejection with
its message quoting the value, and the Python types python-calamine really hands over."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from loaders.reading import workbook_format
from loaders.reading.normalise import (
    VOCABULARY_DIR,
    ValueProblem,
    is_blank,
    kind_labels,
    parse_date,
    parse_kind,
    parse_period,
    parse_severity,
    parse_status,
    parse_yes_no,
    severity_labels,
    status_labels,
)

NBSP, ZWSP, NNBSP = "\u00a0", "\u200b", "\u202f"

# ---------------------------------------------------------------- blanks


@pytest.mark.parametrize(
    "value, blank",
    [
        (None, True),
        ("", True),
        ("   ", True),
        (NBSP, True),
        (ZWSP, True),
        (f" {NBSP}{ZWSP}\t\n", True),
        ("\ufeff", True),
        (float("nan"), True),
        ("0", False),
        (0, False),
        (0.0, False),
        (False, False),
        ("-", False),
        (date(2022, 3, 1), False),
        (time(0, 0), False),
    ],
)
def test_is_blank(value, blank):
    assert is_blank(value) is blank


# ---------------------------------------------------------------- status

STATUS_CASES = [
    # the five labels, any case and spacing
    ("Ei aloitettu", "not_started"),
    ("Aloitettu", "started"),
    ("Pitkällä", "advanced"),
    ("Valmis", "done"),
    ("Ei koske aluetta", "not_applicable"),
    ("VALMIS", "done"),
    ("valmis.", "done"),
    ("  ei   ALOITETTU ", "not_started"),
    (f"Ei{NBSP}koske{NBSP}aluetta", "not_applicable"),
    (f"Pit{ZWSP}källä", "advanced"),
    (f"{ZWSP}Valmis{NBSP}", "done"),
    ("PITKÄLLÄ", "advanced"),
    # Finnish synonyms
    ("kesken", "started"),
    ("Käynnissä", "started"),
    ("työn alla", "started"),
    ("edennyt", "advanced"),
    ("lähes valmis", "advanced"),
    ("Loppusuoralla", "advanced"),
    ("tehty", "done"),
    ("valmistunut", "done"),
    ("ei relevantti", "not_applicable"),
    # Swedish
    ("inte påbörjad", "not_started"),
    ("Påbörjad", "started"),
    ("långt framskriden", "advanced"),
    ("klar", "done"),
    ("ej tillämplig", "not_applicable"),
    # English
    ("not started", "not_started"),
    ("in progress", "started"),
    ("Advanced", "advanced"),
    ("done", "done"),
    ("not applicable", "not_applicable"),
    ("N/A", "not_applicable"),
    # percentages as text: always percent points
    ("0 %", "not_started"),
    ("0%", "not_started"),
    ("0,5 %", "started"),
    ("1 %", "started"),
    ("45%", "started"),
    ("49 %", "started"),
    ("49,5 %", "started"),
    ("49,99 %", "started"),
    ("50 %", "advanced"),
    ("50,5 %", "advanced"),
    ("99 %", "advanced"),
    ("99,9 %", "advanced"),
    ("100 %", "done"),
    ("100%", "done"),
    (f"45{NBSP}%", "started"),
    (f"75{NNBSP}%", "advanced"),
    # numbers stored as text follow the number rule
    ("0,45", "started"),
    ("0.5", "advanced"),
    ("75", "advanced"),
    # numeric cells: 0..1 is a fraction (percent format), above 1 is percent points
    (0, "not_started"),
    (0.0, "not_started"),
    (0.005, "started"),
    (0.01, "started"),
    (0.29, "started"),
    (0.495, "started"),
    (0.5, "advanced"),
    (0.999, "advanced"),
    (1, "done"),
    (1.0, "done"),
    (1.0000000000000002, "done"),
    (1.5, "started"),
    (2, "started"),
    (49.5, "started"),
    (50, "advanced"),
    (99.99, "advanced"),
    (100, "done"),
    (100.0, "done"),
    # blank means not reported
    (None, None),
    ("", None),
    (f" {NBSP}{ZWSP}", None),
]


@pytest.mark.parametrize("value, code", STATUS_CASES)
def test_parse_status(value, code):
    assert parse_status(value) == code


STATUS_PROBLEMS = [
    ("puolivalmis", "puolivalmis"),
    ("valmis?", "valmis?"),
    ("50-60 %", "50-60 %"),
    ("101 %", "101 %"),
    ("150 %", "150 %"),
    ("-5 %", "-5 %"),
    (101, "101"),
    (250.0, "250"),
    (-0.1, "-0.1"),
    (-1, "-1"),
    (True, "True"),
    (date(2022, 3, 1), "2022-03-01"),
]


@pytest.mark.parametrize("value, shown", STATUS_PROBLEMS)
def test_parse_status_problems_quote_the_value(value, shown):
    with pytest.raises(ValueProblem) as caught:
        parse_status(value)
    assert f"'{shown}'" in caught.value.message_fi
    assert f"'{shown}'" in caught.value.message_en


def test_unknown_status_message_lists_the_scale_in_both_languages():
    with pytest.raises(ValueProblem) as caught:
        parse_status("puolivalmis")
    assert caught.value.message_fi == (
        "Tuntematon tila 'puolivalmis'. Sallitut: Ei aloitettu, Aloitettu, Pitkällä, Valmis, "
        "Ei koske aluetta."
    )
    assert caught.value.message_en == (
        "Unknown status 'puolivalmis'. Allowed: not started, started, advanced, done, "
        "not applicable."
    )
    assert str(caught.value) == caught.value.message_en


def test_percentage_out_of_range_says_so():
    with pytest.raises(ValueProblem) as caught:
        parse_status("150 %")
    assert caught.value.message_en == "The percentage '150 %' is not between 0 and 100 %."


# ---------------------------------------------------------------- yes / no


@pytest.mark.parametrize(
    "value, answer",
    [
        ("Kyllä", True),
        ("kyllä", True),
        ("KYLLÄ", True),
        (f" Kyllä{NBSP}", True),
        (f"Kyl{ZWSP}lä", True),
        ("K", True),
        ("k", True),
        ("X", True),
        ("x", True),
        ("Yes", True),
        ("Ja", True),
        ("True", True),
        ("TOSI", True),
        ("1", True),
        (1, True),
        (1.0, True),
        (True, True),
        ("Ei", False),
        ("ei", False),
        ("E", False),
        ("No", False),
        ("Nej", False),
        ("False", False),
        ("EPÄTOSI", False),
        ("0", False),
        (0, False),
        (0.0, False),
        (False, False),
        (None, None),
        ("", None),
        (NBSP, None),
    ],
)
def test_parse_yes_no(value, answer):
    assert parse_yes_no(value) is answer


@pytest.mark.parametrize(
    "value, shown", [("ehkä", "ehkä"), ("-", "-"), (2, "2"), (0.5, "0.5"), ("kyllä/ei", "kyllä/ei")]
)
def test_parse_yes_no_problems(value, shown):
    with pytest.raises(ValueProblem) as caught:
        parse_yes_no(value)
    assert caught.value.message_fi == f"Tuntematon arvo '{shown}'. Sallitut: Kyllä, Ei."
    assert caught.value.message_en == f"Unknown value '{shown}'. Allowed: yes, no."


# ---------------------------------------------------------------- kind and severity


@pytest.mark.parametrize(
    "value, code",
    [
        ("Huomio", "huomio"),
        ("huomiot", "huomio"),
        ("HUOMIO", "huomio"),
        (f"Huomio{NBSP}", "huomio"),
        ("observation", "huomio"),
        ("Observation", "huomio"),
        ("Toive", "toive"),
        ("toiveet", "toive"),
        ("wish", "toive"),
        ("önskemål", "toive"),
        ("Riski", "riski"),
        ("riskit", "riski"),
        (f"Ris{ZWSP}ki", "riski"),
        ("risk", "riski"),
        ("Risk", "riski"),
    ],
)
def test_parse_kind(value, code):
    assert parse_kind(value) == code


@pytest.mark.parametrize(
    "value, expected_fi",
    [
        ("kysymys", "Tuntematon tyyppi 'kysymys'. Sallitut: Huomio, Toive, Riski."),
        (3, "Tuntematon tyyppi '3'. Sallitut: Huomio, Toive, Riski."),
        (None, "Huomion tyyppi puuttuu. Sallitut: Huomio, Toive, Riski."),
        (f" {ZWSP}", "Huomion tyyppi puuttuu. Sallitut: Huomio, Toive, Riski."),
    ],
)
def test_parse_kind_problems(value, expected_fi):
    with pytest.raises(ValueProblem) as caught:
        parse_kind(value)
    assert caught.value.message_fi == expected_fi
    assert caught.value.message_en.endswith("Allowed: observation, wish, risk.")


@pytest.mark.parametrize(
    "value, code",
    [
        ("Matala", "matala"),
        ("matala", "matala"),
        ("low", "matala"),
        ("Låg", "matala"),
        ("1", "matala"),
        (1, "matala"),
        (1.0, "matala"),
        ("Kohtalainen", "kohtalainen"),
        (f"KOHTALAINEN{NBSP}", "kohtalainen"),
        ("medium", "kohtalainen"),
        ("medel", "kohtalainen"),
        (2, "kohtalainen"),
        ("Korkea", "korkea"),
        (f"Kor{ZWSP}kea", "korkea"),
        ("high", "korkea"),
        ("HÖG", "korkea"),
        ("3", "korkea"),
        (3, "korkea"),
        (None, None),
        ("", None),
        (NBSP, None),
    ],
)
def test_parse_severity(value, code):
    assert parse_severity(value) == code


@pytest.mark.parametrize(
    "value, shown", [("erittäin korkea", "erittäin korkea"), (4, "4"), (0, "0"), (1.5, "1.5")]
)
def test_parse_severity_problems(value, shown):
    with pytest.raises(ValueProblem) as caught:
        parse_severity(value)
    assert caught.value.message_fi == (
        f"Tuntematon vakavuus '{shown}'. Sallitut: Matala, Kohtalainen, Korkea."
    )
    assert caught.value.message_en == f"Unknown severity '{shown}'. Allowed: low, medium, high."


# ---------------------------------------------------------------- expected-completion dates

DATE_CASES = [
    # Excel dates keep their day
    (date(2022, 3, 1), date(2022, 3, 1)),
    (datetime(2022, 3, 5, 14, 30), date(2022, 3, 5)),
    # Excel serial days; whole numbers 2019-2030 are years
    (44621.0, date(2022, 3, 1)),
    (44621, date(2022, 3, 1)),
    (44621.75, date(2022, 3, 1)),
    (44926, date(2022, 12, 31)),
    (43466, date(2019, 1, 1)),
    (2022, date(2022, 12, 31)),
    (2023.0, date(2023, 12, 31)),
    # a day, day first
    ("1.3.2022", date(2022, 3, 1)),
    ("01.03.2022", date(2022, 3, 1)),
    ("1.3.2022.", date(2022, 3, 1)),
    ("1. 3. 2022", date(2022, 3, 1)),
    ("31.12.2022", date(2022, 12, 31)),
    ("1/3/2022", date(2022, 3, 1)),
    ("12.3.2022", date(2022, 3, 12)),
    ("1.3.22", date(2022, 3, 1)),
    ("29.2.2024", date(2024, 2, 29)),
    ("1.3.2022 12:00", date(2022, 3, 1)),
    ("1.3.2022 klo 12.00", date(2022, 3, 1)),
    ("2022-03-01", date(2022, 3, 1)),
    ("2022-3-1", date(2022, 3, 1)),
    ("2022-03-01 00:00:00", date(2022, 3, 1)),
    ("2022-03-01T08:30", date(2022, 3, 1)),
    # a month means its last day
    ("3/2022", date(2022, 3, 31)),
    ("03/2022", date(2022, 3, 31)),
    ("3.2022", date(2022, 3, 31)),
    ("3-2022", date(2022, 3, 31)),
    ("3 / 2022", date(2022, 3, 31)),
    ("2/2024", date(2024, 2, 29)),
    ("2/2022", date(2022, 2, 28)),
    ("12/2022", date(2022, 12, 31)),
    ("2022-03", date(2022, 3, 31)),
    ("2022/3", date(2022, 3, 31)),
    ("maaliskuu 2022", date(2022, 3, 31)),
    ("Maaliskuu 2022", date(2022, 3, 31)),
    ("maaliskuun 2022", date(2022, 3, 31)),
    ("maaliskuussa 2022", date(2022, 3, 31)),
    ("maaliskuuhun 2022", date(2022, 3, 31)),
    ("maalisk. 2022", date(2022, 3, 31)),
    ("maalis 2022", date(2022, 3, 31)),
    (f"kesäkuu{NBSP}2022", date(2022, 6, 30)),
    ("kesäkuussa 2022", date(2022, 6, 30)),
    ("joulukuu 2022", date(2022, 12, 31)),
    ("helmikuu 2024", date(2024, 2, 29)),
    ("mars 2022", date(2022, 3, 31)),
    ("maj 2022", date(2022, 5, 31)),
    ("oktober 2022", date(2022, 10, 31)),
    ("March 2022", date(2022, 3, 31)),
    ("MAY 2022", date(2022, 5, 31)),
    ("Sept 2022", date(2022, 9, 30)),
    ("mar-2022", date(2022, 3, 31)),
    ("2022 maaliskuu", date(2022, 3, 31)),
    # a quarter
    ("Q1/2022", date(2022, 3, 31)),
    ("Q2/2022", date(2022, 6, 30)),
    ("q2/2022", date(2022, 6, 30)),
    ("Q2 2022", date(2022, 6, 30)),
    ("Q2-2022", date(2022, 6, 30)),
    ("Q3/2022", date(2022, 9, 30)),
    ("Q4 2022", date(2022, 12, 31)),
    ("2Q 2022", date(2022, 6, 30)),
    ("2022 Q2", date(2022, 6, 30)),
    ("2022/Q4", date(2022, 12, 31)),
    ("2. kvartaali 2022", date(2022, 6, 30)),
    ("2.kvartaali 2022", date(2022, 6, 30)),
    ("3. neljännes 2022", date(2022, 9, 30)),
    ("4. vuosineljänneksellä 2022", date(2022, 12, 31)),
    ("kvartal 2 2022", date(2022, 6, 30)),
    # a half-year
    ("H1/2022", date(2022, 6, 30)),
    ("H2/2022", date(2022, 12, 31)),
    ("h2 2022", date(2022, 12, 31)),
    ("1. vuosipuolisko 2022", date(2022, 6, 30)),
    ("2. vuosipuoliskolla 2022", date(2022, 12, 31)),
    # a season: kevät Mar-May, kesä Jun-Aug, syksy Sep-Nov, talvi Dec-Feb ending in the year
    ("kevät 2022", date(2022, 5, 31)),
    ("Kevät 2022", date(2022, 5, 31)),
    (f"kevät{NBSP}2022", date(2022, 5, 31)),
    ("keväällä 2022", date(2022, 5, 31)),
    ("kevään 2022", date(2022, 5, 31)),
    ("kesä 2022", date(2022, 8, 31)),
    ("kesällä 2022", date(2022, 8, 31)),
    ("syksy 2022", date(2022, 11, 30)),
    ("syksyllä 2022", date(2022, 11, 30)),
    ("syksyn 2022 aikana", date(2022, 11, 30)),
    ("talvi 2022", date(2022, 2, 28)),
    ("talvella 2024", date(2024, 2, 29)),
    ("talvi 2022-2023", date(2023, 2, 28)),
    ("talvi 2022–2023", date(2023, 2, 28)),
    ("talvi 2022/23", date(2023, 2, 28)),
    ("våren 2022", date(2022, 5, 31)),
    ("hösten 2022", date(2022, 11, 30)),
    ("spring 2022", date(2022, 5, 31)),
    ("autumn 2022", date(2022, 11, 30)),
    ("alkuvuosi 2023", date(2023, 6, 30)),
    ("loppuvuodesta 2022", date(2022, 12, 31)),
    # a year, with words that do not change the date
    ("2022", date(2022, 12, 31)),
    (" 2022 ", date(2022, 12, 31)),
    ("vuoden 2022 loppuun mennessä", date(2022, 12, 31)),
    ("vuoden 2022 aikana", date(2022, 12, 31)),
    ("2022 loppuun", date(2022, 12, 31)),
    ("31.12.2022 mennessä", date(2022, 12, 31)),
    ("maaliskuun 2022 loppuun mennessä", date(2022, 3, 31)),
    ("viimeistään 6/2022", date(2022, 6, 30)),
    ("noin Q3/2022", date(2022, 9, 30)),
    ("by end of 2022", date(2022, 12, 31)),
    ("i slutet av 2022", date(2022, 12, 31)),
    # blank or no date given
    (None, None),
    ("", None),
    (f"{NBSP}{ZWSP} ", None),
    ("-", None),
    ("–", None),
    ("?", None),
    ("ei tiedossa", None),
    ("Ei tiedossa", None),
    ("jatkuva", None),
]


@pytest.mark.parametrize("value, expected", DATE_CASES)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


DATE_PROBLEMS = [
    # impossible dates name the date
    (
        "31.2.2022",
        "Päivämäärää '31.2.2022' ei ole olemassa.",
        "The date '31.2.2022' does not exist.",
    ),
    (
        "29.2.2022",
        "Päivämäärää '29.2.2022' ei ole olemassa.",
        "The date '29.2.2022' does not exist.",
    ),
    (
        "32.1.2022",
        "Päivämäärää '32.1.2022' ei ole olemassa.",
        "The date '32.1.2022' does not exist.",
    ),
    (
        "1.13.2022",
        "Päivämäärää '1.13.2022' ei ole olemassa.",
        "The date '1.13.2022' does not exist.",
    ),
    (
        "2022-02-30",
        "Päivämäärää '2022-02-30' ei ole olemassa.",
        "The date '2022-02-30' does not exist.",
    ),
    ("13/2022", "Päivämäärää '13/2022' ei ole olemassa.", "The date '13/2022' does not exist."),
    ("0/2022", "Päivämäärää '0/2022' ei ole olemassa.", "The date '0/2022' does not exist."),
    ("H3/2022", "Päivämäärää 'H3/2022' ei ole olemassa.", "The date 'H3/2022' does not exist."),
    # years outside 2019-2030 are typos
    (
        "1.3.2035",
        "Vuosi 2035 arvossa '1.3.2035' ei ole välillä 2019–2030.",
        "The year 2035 in '1.3.2035' is not between 2019 and 2030.",
    ),
    (
        "1.3.2202",
        "Vuosi 2202 arvossa '1.3.2202' ei ole välillä 2019–2030.",
        "The year 2202 in '1.3.2202' is not between 2019 and 2030.",
    ),
    (
        "3/2018",
        "Vuosi 2018 arvossa '3/2018' ei ole välillä 2019–2030.",
        "The year 2018 in '3/2018' is not between 2019 and 2030.",
    ),
    (
        "Q2/2031",
        "Vuosi 2031 arvossa 'Q2/2031' ei ole välillä 2019–2030.",
        "The year 2031 in 'Q2/2031' is not between 2019 and 2030.",
    ),
    (
        "1.3.12",
        "Vuosi 2012 arvossa '1.3.12' ei ole välillä 2019–2030.",
        "The year 2012 in '1.3.12' is not between 2019 and 2030.",
    ),
    (
        date(2032, 1, 1),
        "Vuosi 2032 arvossa '2032-01-01' ei ole välillä 2019–2030.",
        "The year 2032 in '2032-01-01' is not between 2019 and 2030.",
    ),
    (
        "kevät 2040",
        "Vuosi 2040 arvossa 'kevät 2040' ei ole välillä 2019–2030.",
        "The year 2040 in 'kevät 2040' is not between 2019 and 2030.",
    ),
    # numbers that are neither a year nor a serial day of 2019-2030
    (5.0, "Lukua '5' ei voi tulkita päivämääräksi.", "The number '5' cannot be read as a date."),
    (
        3.2022,
        "Lukua '3.2022' ei voi tulkita päivämääräksi.",
        "The number '3.2022' cannot be read as a date.",
    ),
    (-1, "Lukua '-1' ei voi tulkita päivämääräksi.", "The number '-1' cannot be read as a date."),
    (
        1e12,
        "Lukua '1000000000000' ei voi tulkita päivämääräksi.",
        "The number '1000000000000' cannot be read as a date.",
    ),
]


@pytest.mark.parametrize("value, message_fi, message_en", DATE_PROBLEMS)
def test_parse_date_problems(value, message_fi, message_en):
    with pytest.raises(ValueProblem) as caught:
        parse_date(value)
    assert (caught.value.message_fi, caught.value.message_en) == (message_fi, message_en)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("pian", "pian"),
        ("maaliskuu", "maaliskuu"),
        ("3/22", "3/22"),
        ("1.3.", "1.3."),
        ("Q5/2022", "Q5/2022"),
        ("kesä-heinäkuu 2022", "kesä-heinäkuu 2022"),
        ("syksy 2022-2023", "syksy 2022-2023"),
        ("talvi 2022-2024", "talvi 2022-2024"),
        ("maaliskuu 2022-2023", "maaliskuu 2022-2023"),
        ("vuoden 2023 alussa", "vuoden 2023 alussa"),
        ("mennessä", "mennessä"),
        ("2022-03-01 jotain", "2022-03-01 jotain"),
        (True, "True"),
        (time(12, 0), "12:00:00"),
    ],
)
def test_unknown_dates_quote_the_value(value, shown):
    with pytest.raises(ValueProblem) as caught:
        parse_date(value)
    assert caught.value.message_fi.startswith(f"Tuntematon päivämäärä '{shown}'.")
    assert caught.value.message_en.startswith(f"Unknown date '{shown}'.")


# ---------------------------------------------------------------- reporting month

PERIOD_CASES = [
    ("2022-03", date(2022, 3, 1)),
    ("3/2022", date(2022, 3, 1)),
    ("03/2022", date(2022, 3, 1)),
    ("3.2022", date(2022, 3, 1)),
    ("maaliskuu 2022", date(2022, 3, 1)),
    ("Maaliskuu 2022", date(2022, 3, 1)),
    (f"maaliskuu{NBSP}2022", date(2022, 3, 1)),
    (f"{ZWSP}maaliskuu 2022 ", date(2022, 3, 1)),
    ("maaliskuun 2022", date(2022, 3, 1)),
    ("mars 2022", date(2022, 3, 1)),
    ("March 2022", date(2022, 3, 1)),
    ("december 2021", date(2021, 12, 1)),
    ("elokuu 2021", date(2021, 8, 1)),
    ("1.3.2022", date(2022, 3, 1)),
    ("15.3.2022", date(2022, 3, 1)),
    ("31.3.2022", date(2022, 3, 1)),
    ("2022-03-15", date(2022, 3, 1)),
    (date(2022, 3, 1), date(2022, 3, 1)),
    (date(2022, 3, 31), date(2022, 3, 1)),
    (datetime(2022, 3, 15, 9, 0), date(2022, 3, 1)),
    (44621.0, date(2022, 3, 1)),
    (44635, date(2022, 3, 1)),
]


@pytest.mark.parametrize("value, expected", PERIOD_CASES)
def test_parse_period(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize(
    "value, message_fi",
    [
        (None, "Raportointikuukausi puuttuu."),
        ("", "Raportointikuukausi puuttuu."),
        (f" {NBSP}", "Raportointikuukausi puuttuu."),
        ("-", "Raportointikuukausi puuttuu."),
        ("Q1/2022", "Raportointikuukausi 'Q1/2022' ei ole yksi kuukausi."),
        ("kevät 2022", "Raportointikuukausi 'kevät 2022' ei ole yksi kuukausi."),
        ("2022", "Raportointikuukausi '2022' ei ole yksi kuukausi."),
        (2022, "Raportointikuukausi '2022' ei ole yksi kuukausi."),
        ("maaliskuu", "Tuntematon raportointikuukausi 'maaliskuu'."),
        ("viime kuu", "Tuntematon raportointikuukausi 'viime kuu'."),
        ("13/2022", "Päivämäärää '13/2022' ei ole olemassa."),
        ("31.2.2022", "Päivämäärää '31.2.2022' ei ole olemassa."),
        ("3/2035", "Vuosi 2035 arvossa '3/2035' ei ole välillä 2019–2030."),
        (12.0, "Lukua '12' ei voi tulkita päivämääräksi."),
    ],
)
def test_parse_period_problems(value, message_fi):
    with pytest.raises(ValueProblem) as caught:
        parse_period(value)
    assert caught.value.message_fi.startswith(message_fi)
    assert caught.value.message_en


# ---------------------------------------------------------------- labels and vocabulary


@pytest.mark.parametrize(
    "labels, lang, expected",
    [
        (
            status_labels,
            "fi",
            ["Ei aloitettu", "Aloitettu", "Pitkällä", "Valmis", "Ei koske aluetta"],
        ),
        (
            status_labels,
            "sv",
            ["Inte påbörjad", "Påbörjad", "Långt framskriden", "Klar", "Ej tillämplig"],
        ),
        (status_labels, "en", ["Not started", "Started", "Advanced", "Done", "Not applicable"]),
        (kind_labels, "fi", ["Huomio", "Toive", "Riski"]),
        (kind_labels, "en", ["Observation", "Wish", "Risk"]),
        (kind_labels, "sv", ["Observation", "Önskemål", "Risk"]),
        (severity_labels, "fi", ["Matala", "Kohtalainen", "Korkea"]),
        (severity_labels, "sv", ["Låg", "Medel", "Hög"]),
        (severity_labels, "en", ["Low", "Medium", "High"]),
    ],
)
def test_labels_in_scale_order(labels, lang, expected):
    assert list(labels(lang).values()) == expected


def test_label_codes_are_the_stored_codes():
    assert list(status_labels()) == [
        "not_started",
        "started",
        "advanced",
        "done",
        "not_applicable",
    ]
    assert list(kind_labels()) == ["huomio", "toive", "riski"]
    assert list(severity_labels()) == ["matala", "kohtalainen", "korkea"]


def test_labels_in_an_unknown_language_are_an_error():
    with pytest.raises(ValueError):
        status_labels("de")


@pytest.mark.parametrize(
    "choices, parse",
    [
        (workbook_format.STATUS_CHOICES, parse_status),
        (workbook_format.KIND_CHOICES, parse_kind),
        (workbook_format.SEVERITY_CHOICES, parse_severity),
        (workbook_format.YES_NO_CHOICES, parse_yes_no),
    ],
)
def test_every_template_choice_is_understood(choices, parse):
    assert all(parse(choice) is not None for choice in choices)


def test_template_status_choices_are_the_finnish_labels():
    assert tuple(status_labels("fi").values()) == workbook_format.STATUS_CHOICES


def _words(name: str) -> list[dict[str, str]]:
    with (VOCABULARY_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "words, scale, parse",
    [
        ("status_words", "statuses", parse_status),
        ("kind_words", "kinds", parse_kind),
        ("severity_words", "severities", parse_severity),
    ],
)
def test_every_listed_word_parses_to_its_code(words, scale, parse):
    codes = {row["code"] for row in _words(scale)}
    for row in _words(words):
        assert row["code"] in codes, row
        assert parse(row["word"]) == row["code"], row


def test_every_yes_no_word_parses():
    for row in _words("yes_no_words"):
        assert parse_yes_no(row["word"]) is (row["code"] == "yes"), row


def test_month_and_season_words_do_not_overlap():
    months = {row["word"] for row in _words("months")}
    seasons = {row["word"] for row in _words("seasons")}
    assert months.isdisjoint(seasons)
    assert len(months) == len(_words("months"))
    assert {int(row["month"]) for row in _words("months")} == set(range(1, 13))


def test_every_month_word_names_its_month():
    for row in _words("months"):
        assert parse_period(f"{row['word']} 2022") == date(2022, int(row["month"]), 1), row


# ---------------------------------------------------------------- through a real workbook


def test_values_as_calamine_reads_them_from_a_real_workbook(tmp_path: Path):
    """What Excel stores (a percent-formatted fraction, a date cell, a number typed as text,
    a boolean) arrives through python-calamine in types the normalisers understand."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "HTT"
    sheet.append(["Tila", "Arvioitu valmistumisaika", "Kriittinen", "Raportointikuukausi"])
    sheet.append([0.45, datetime(2022, 6, 30), True, datetime(2022, 3, 1)])
    sheet.append(["50 %", "Q3/2022", "Kyllä", "maaliskuu 2022"])
    sheet.append([1, 44926, "x", 44621])
    sheet.append([None, f"kevät{NBSP}2022", "EI", "2022-03"])
    sheet["A2"].number_format = "0 %"
    sheet["B2"].number_format = "d.m.yyyy"
    sheet["D2"].number_format = "m/yyyy"
    path = tmp_path / "tilannekuva.xlsx"
    book.save(path)

    rows = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("HTT").to_python()
    parsed = [
        (parse_status(status), parse_date(when), parse_yes_no(critical), parse_period(month))
        for status, when, critical, month in rows[1:]
    ]
    assert parsed == [
        ("started", date(2022, 6, 30), True, date(2022, 3, 1)),
        ("advanced", date(2022, 9, 30), True, date(2022, 3, 1)),
        ("done", date(2022, 12, 31), True, date(2022, 3, 1)),
        (None, date(2022, 5, 31), False, date(2022, 3, 1)),
    ]
