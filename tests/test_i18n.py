"""Every label the code asks for exists in both languages, and formatting follows them."""

import re
from pathlib import Path

import pytest

from ui.i18n import format_percent, translate, translations

ROOT = Path(__file__).resolve().parents[1]


def test_every_key_has_finnish_and_english_text():
    for key, texts in translations().items():
        assert texts["fi"].strip() and texts["en"].strip(), key


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
        (1.0, "fi", "100,0\u00a0%"),
        (None, "fi", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_percentages_are_written_the_language_s_way(rate, lang, text):
    assert format_percent(rate, lang) == text


def test_placeholders_are_filled():
    assert translate("data_month", "fi", month="3/2022") == "Tiedot: 3/2022"
