"""PDF packs keep their text in place: a table header never breaks inside a word, and a
headline card grows to hold a long label or note instead of letting it run out. Read back
from the rendered PDF with pypdf: where a word broke, the extracted text has it in pieces."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from reports.document import Column, Figure, Pack, Page, table
from reports.pdf import CARD_HEIGHT, _Document, column_widths, figure_height, render

HEADERS = ["Keskeneräisiä", "Valmistumisaika", "Alueita", "Osatehtävä ja sen nykytilanne"]


def _pack(figures: list[Figure], blocks: list) -> Pack:
    return Pack("Testi", "Kainuu", "Tiedot: 3/2022", "fi", "testi", [Page("Sivu", figures, blocks)])


def _narrow_table():
    # Long Finnish header words in narrow columns: at their relative widths they would break.
    frame = pd.DataFrame([["12", "3/2022", "4", "Tilikartan laatiminen"]], columns=HEADERS)
    return table(
        "Taulukko",
        frame,
        [
            Column(HEADERS[0], HEADERS[0], 0.35),
            Column(HEADERS[1], HEADERS[1], 0.35),
            Column(HEADERS[2], HEADERS[2], 0.3),
            Column(HEADERS[3], HEADERS[3], 9),
        ],
    )


def _words(data: bytes) -> set[str]:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return set(text.replace("\u00a0", " ").split())


def test_table_headers_never_break_inside_a_word():
    shown = _narrow_table()
    words = _words(render(_pack([], [shown])))
    for heading in HEADERS:
        for word in heading.split():
            assert word in words, f"{word!r} broke across lines"
    # The widest column gave up room; all still fill the page's width.
    pdf = _Document(_pack([], []))
    widths = column_widths(pdf, shown)
    assert sum(widths) == pytest.approx(pdf.epw)
    assert widths[3] < pdf.epw * 9 / 10


def test_a_card_grows_to_hold_a_long_label_and_note():
    short = Figure("Mediaani", "63,5 %")
    long = Figure(
        "Kriittisten osatehtävien kansallinen mediaani raportoineista alueista",
        "63,5 %",
        note="Muutos edellisestä raportointikuukaudesta prosenttiyksikköinä; "
        "mukana vain alueet, joilla on sovellettavia kriittisiä osatehtäviä tässä kuussa.",
    )
    pdf = _Document(_pack([], []))
    pdf.add_page()  # fpdf measures lines on a page
    width = (pdf.epw - 9) / 4
    assert figure_height(pdf, short, width) <= CARD_HEIGHT
    assert figure_height(pdf, long, width) > CARD_HEIGHT
    # Rendered, the long card's note is all there and the page still carries on below it.
    words = _words(render(_pack([short, long, short, short], [_narrow_table()])))
    assert {"sovellettavia", "kriittisiä", "kuussa.", "Tilikartan"} <= words
