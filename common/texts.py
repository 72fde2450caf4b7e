"""UI translations from data/i18n/*.csv and number formatting per language. Pure Python:
the Streamlit part (which language is chosen) lives in ui.context.

The table is split into one file per page area so that pages can grow apart; a key may
appear in only one file (tests/common/test_texts.py checks)."""

from __future__ import annotations

import csv
from functools import cache

import pandas as pd

from common.settings import DATA_DIR

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
# Finnish and Finland-Swedish write 1 234,5 and 63,5 %; English 1,234.5 and 63.5%.
DECIMAL_COMMA = ("fi", "sv")


def decimal_comma(lang: str) -> bool:
    """True when `lang` writes a decimal comma, a space between thousands and '63,5 %'."""
    return lang in DECIMAL_COMMA


@cache
def translations() -> dict[str, dict[str, str]]:
    """key -> {language: text} for every UI string."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted((DATA_DIR / "i18n").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["key"] in table:
                    raise ValueError(f"{path.name}: key {row['key']!r} is defined twice")
                table[row["key"]] = {lang: row[lang] for lang in LANGUAGES}
    return table


def translate(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled. A missing key raises KeyError:
    a label that is not in the table is a bug, not something to paper over."""
    text = translations()[key][lang]
    return text.format(**values) if values else text


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number the way the language writes it: 1 234,5 in Finnish and Swedish, 1,234.5 in
    English."""
    text = f"{value:,.{decimals}f}"
    if decimal_comma(lang):
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def format_signed(value: float, lang: str, decimals: int = 1) -> str:
    """A change with its sign, in the language's number format ('+3,2')."""
    text = format_number(value, lang, decimals)
    return text if text.startswith("-") else f"+{text}"


def format_percent(rate: float | None, lang: str, decimals: int = 1) -> str:
    """A 0–1 rate as a percentage: 63,5 % in Finnish and Swedish, 63.5% in English; '–' when
    unknown."""
    if rate is None or rate != rate:
        return "–"
    number = format_number(rate * 100, lang, decimals)
    return f"{number}\u00a0%" if decimal_comma(lang) else f"{number}%"


def format_month(value: object) -> str:
    """A month as m/yyyy (6/2022), the way the month filter writes it; '–' when there is none."""
    if value is None or pd.isna(value):
        return "–"
    day = pd.Timestamp(value)
    return f"{day.month}/{day.year}"


def format_day(value: object) -> str:
    """A date as d.m.yyyy (14.11.2022); '–' when there is none."""
    if value is None or pd.isna(value):
        return "–"
    day = pd.Timestamp(value)
    return f"{day.day}.{day.month}.{day.year}"
