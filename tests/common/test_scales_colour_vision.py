"""Colour is never the only carrier of meaning, and the palettes that carry it pass for the
common colour-vision deficiencies (issue 15): every two categories shown together stay
apart, by CIEDE2000, for protanopia, deuteranopia and tritanopia as Machado et al. (2009)
simulate them at full severity."""

import csv

import pytest

from common.scales import GROUP_COLOURS, OKABE_ITO
from common.settings import DATA_DIR
from tests.colour_vision import ciede2000, closest_pair, seen_difference, simulate
from ui.charts_data import STATE_STYLE
from ui.charts_risks import SEVERITY_COLOURS

DEFICIENCIES = ("normal", "protanopia", "deuteranopia", "tritanopia")
# CIEDE2000 of 10 is a difference seen at a glance between two flat areas, not just side by
# side under study (2.3 is a just noticeable difference).
THRESHOLD = 10.0


def _ratings() -> dict[str, str]:
    with (DATA_DIR / "delivery_ratings.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["colour"] for row in csv.DictReader(handle)}


# Each palette whose colours are shown together and mean different things.
PALETTES = {
    "delivery ratings": _ratings(),
    "preparation groups": GROUP_COLOURS,
    "Okabe-Ito": {colour: colour for colour in OKABE_ITO},
    "submission tracker": {state: colour for state, (_, colour) in STATE_STYLE.items()},
    "risk severity": {str(rank): colour for rank, colour in enumerate(SEVERITY_COLOURS)},
}


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("palette", PALETTES)
def test_every_two_categories_stay_apart(palette, deficiency):
    colours = PALETTES[palette]
    assert len(colours) >= 3
    difference, first, second = closest_pair(colours, deficiency)
    assert difference >= THRESHOLD, (
        f"{palette}: {first} and {second} differ by only {difference:.1f} (CIEDE2000) "
        f"for {deficiency}"
    )


# --- the helper itself: a palette test is only as good as its simulation and its distance ---


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7 and 17
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ],
)
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(second, first) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_simulation_keeps_white_and_black(deficiency):
    assert simulate((1.0, 1.0, 1.0), deficiency) == pytest.approx((1.0, 1.0, 1.0), abs=1e-3)
    assert simulate((0.0, 0.0, 0.0), deficiency) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("first", "second", "deficiency"),
    [  # pairs plain to normal vision (CIEDE2000 over 30) that the deficiency confuses
        ("#ff0000", "#777700", "protanopia"),
        ("#d62728", "#8c6d00", "deuteranopia"),
        ("#bb4400", "#cc1166", "tritanopia"),
    ],
)
def test_the_simulation_confuses_what_the_deficiency_confuses(first, second, deficiency):
    assert seen_difference(first, second, "normal") > 30
    assert seen_difference(first, second, deficiency) < 8
    others = [d for d in DEFICIENCIES if d not in ("normal", deficiency)]
    assert any(seen_difference(first, second, other) > THRESHOLD for other in others)


def test_every_palette_colour_is_a_distinct_hex_colour():
    for palette, colours in PALETTES.items():
        values = [colour.lower() for colour in colours.values()]
        assert all(len(v) == 7 and v.startswith("#") for v in values), palette
        assert len(set(values)) == len(values), palette
