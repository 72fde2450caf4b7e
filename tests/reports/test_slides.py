"""Slides never run text into the footer: a long agenda continues on the next slide."""

import io

from pptx import Presentation

from reports.document import Pack, Page, Text
from reports.slides import FOOT_TOP, render


def test_long_text_continues_on_the_next_slide_and_nothing_is_lost():
    lines = [
        f"{n}. Kohta, jonka selitys on pitkä ja rivittyy kahdelle riville " * 3 for n in range(40)
    ]
    page = Page("Keskustelun pohjaksi", blocks=[Text(lines, heading="Esityslistaluonnos")])
    deck = Presentation(
        io.BytesIO(render(Pack("Paketti", "Kainuu", "Tiedot: 6/2022", "fi", "x", [page])))
    )

    shown: list[str] = []
    slides_with_text = 0
    for slide in list(deck.slides)[1:]:  # after the title slide
        for shape in slide.shapes:
            text = [p.text for p in shape.text_frame.paragraphs] if shape.has_text_frame else []
            if any(line in lines for line in text):
                slides_with_text += 1
                assert shape.top + shape.height <= FOOT_TOP, "the text box reaches the footer"
                assert len(text) < len(lines)
                shown += [line for line in text if line in lines]
    assert shown == lines
    assert slides_with_text > 1
    headings = [s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame]
    assert "Esityslistaluonnos …" in headings
