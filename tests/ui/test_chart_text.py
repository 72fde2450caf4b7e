"""The sentence a screen reader reads for a chart names its extremes and median in the
language's own number format."""

import pytest

from ui.chart_text import extremes_sentence, listing_sentence

RATES = {"Kainuu": 0.398, "Pirkanmaa": 0.88, "Lappi": 0.617, "Vantaa ja Kerava": None}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("fi", "alhaisin Kainuu 39,8\u00a0%, korkein Pirkanmaa 88,0\u00a0%, mediaani 61,7\u00a0%"),
        ("sv", "lägst Kainuu 39,8\u00a0%, högst Pirkanmaa 88,0\u00a0%, median 61,7\u00a0%"),
        ("en", "lowest Kainuu 39.8%, highest Pirkanmaa 88.0%, median 61.7%"),
    ],
)
def test_the_extremes_and_the_median_are_named_in_the_language(lang, sentence):
    assert extremes_sentence(RATES, lang) == sentence


def test_a_chart_without_figures_says_so():
    assert extremes_sentence({"Kainuu": None}, "sv") == "inga siffror"


def test_a_listing_keeps_the_order_given():
    assert listing_sentence([("Talous", "91 %"), ("ICT", "80 %")]) == "Talous 91 %, ICT 80 %"
