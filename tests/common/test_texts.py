"""Every label the code asks for exists in Finnish, Swedish and English, and formatting
follows the language."""

import csv
import re
import string
from pathlib import Path

import pytest

from common.settings import DATA_DIR
from common.texts import LANGUAGES, format_number, format_percent, translate, translations

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_has_finnish_and_english_text():
    for key, texts in translations().items():
        assert texts["fi"].strip() and texts["en"].strip(), key


def test_every_key_has_a_swedish_text():
    missing = [key for key, texts in translations().items() if not (texts.get("sv") or "").strip()]
    assert not missing, f"UI texts without Swedish: {missing}"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_translation_fills_the_same_placeholders_as_the_finnish(lang):
    wrong = {
        key: (sorted(_placeholders(texts["fi"])), sorted(_placeholders(texts[lang])))
        for key, texts in translations().items()
        if _placeholders(texts["fi"]) != _placeholders(texts[lang])
    }
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        ("delivery_ratings.csv", ("sv", "definition_sv")),
        ("vocabulary/theme_names.csv", ("name_sv", "description_sv")),
        ("vocabulary/prevalence.csv", ("label_sv",)),
        ("roadmap/groups.csv", ("name_sv",)),
        ("regions.csv", ("name_sv", "short_sv")),
    ],
)
def test_the_words_pages_show_from_data_files_exist_in_swedish(path, columns):
    with (DATA_DIR / path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        for column in columns:
            assert (row.get(column) or "").strip(), (path, column, row)


MESSAGE_FILES = ("messages.csv", "vocabulary/problems.csv")


def _message_rows(path: str) -> list[dict[str, str]]:
    with (DATA_DIR / path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("path", MESSAGE_FILES)
def test_every_loader_message_has_a_swedish_text(path):
    rows = _message_rows(path)
    assert rows
    missing = [row["key"] for row in rows if not (row.get("sv") or "").strip()]
    assert not missing, f"{path}: loader messages without Swedish: {missing}"


@pytest.mark.parametrize("path", MESSAGE_FILES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_loader_message_fills_the_same_placeholders_as_the_finnish(path, lang):
    # A list of allowed words comes in each language's own words: {allowed_fi} -> {allowed_sv}.
    def names(text: str, suffix: str) -> set[str]:
        return {name.removesuffix(suffix) for name in _placeholders(text)}

    wrong = {
        row["key"]: (sorted(_placeholders(row["fi"])), sorted(_placeholders(row[lang])))
        for row in _message_rows(path)
        if names(row["fi"], "_fi") != names(row[lang], f"_{lang}")
    }
    assert not wrong, wrong


def test_every_key_used_in_the_code_is_defined():
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8")))
    assert used, "no labels found: the pattern is broken"
    assert used <= translations().keys(), sorted(used - translations().keys())


@pytest.mark.parametrize(
    ("rate", "lang", "text"),
    [
        (0.635, "fi", "63,5\u00a0%"),
        (0.635, "en", "63.5%"),
        (0.635, "sv", "63,5\u00a0%"),
        (1.0, "fi", "100,0\u00a0%"),
        (None, "fi", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_percentages_are_written_the_language_s_way(rate, lang, text):
    assert format_percent(rate, lang) == text


def test_placeholders_are_filled():
    assert translate("data_month", "fi", month="3/2022") == "Tiedot: 3/2022"


def test_swedish_numbers_use_a_decimal_comma_and_a_space_between_thousands():
    assert format_number(1234.5, "sv") == "1\u00a0234,5"
    assert LANGUAGES == ("fi", "sv", "en")
