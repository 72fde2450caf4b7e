"""A pack as a PDF (A4, fpdf2): each page of the pack starts a new PDF page with its title,
headline figures, charts, tables and text; every page carries the pack's title and data month
at the top and the page's definitions at the foot. The font is DejaVu Sans as shipped with
matplotlib, so Finnish letters and the non-breaking space of '63,5 %' embed without
installing anything."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.document import Chart, Figure, Pack, Page, Table, Text

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MARGIN = 14  # mm
FOOT = 30  # mm kept free at the foot of a page for the definitions
INK, GREY, RULE = (34, 34, 34), (96, 96, 96), (200, 200, 200)
HEAD_FILL = (232, 238, 244)


class _Document(FPDF):
    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.pack, self.notes = pack, ""
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_margins(MARGIN, 18, MARGIN)
        self.set_auto_page_break(True, margin=FOOT)
        self.set_title(f"{pack.title}: {pack.subtitle}")
        self.set_lang(pack.lang)
        self.set_creator("Tilannekuva")

    def header(self) -> None:
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.set_y(8)
        self.cell(self.epw * 0.7, 5, f"{self.pack.title} · {self.pack.subtitle}")
        self.cell(self.epw * 0.3, 5, self.pack.data_month, align="R")
        self.set_draw_color(*RULE)
        self.line(MARGIN, 13.5, self.w - MARGIN, 13.5)
        self.set_y(18)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-FOOT + 3)
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(1.5)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(*GREY)
        if self.notes:
            self.multi_cell(self.epw, 2.9, self.notes, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_y(-9)
        self.cell(self.epw * 0.8, 4, self.pack.data_month)
        self.cell(self.epw * 0.2, 4, str(self.page_no()), align="R")
        self.set_text_color(*INK)


def _heading(pdf: _Document, text: str, size: float = 15) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(pdf.epw, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


LABEL_LINE, NOTE_LINE, VALUE_LINE = 3.2, 2.9, 7.0  # mm per line in a headline card
CARD_HEIGHT = 23.0  # mm: the least height of a headline card
CELL_PADDING = (0.8, 1.2)  # mm: a table cell's padding, top and bottom, left and right
HEAD_SIZE = 7.5  # pt: table headers and cells


def _lines(pdf: _Document, width: float, text: str, style: str, size: float) -> int:
    """How many lines `text` takes in a multi_cell `width` mm wide at the font given."""
    if not text:
        return 0
    pdf.set_font(FONT, style, size)
    return len(pdf.multi_cell(width, 3, text, dry_run=True, output="LINES"))


def _value_size(pdf: _Document, text: str, width: float) -> float:
    """The largest font size up to 14 pt at which a card's value fits `width` mm."""
    size = 14.0
    pdf.set_font(FONT, "B", size)
    while size > 8 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FONT, "B", size)
    return size


def figure_height(pdf: _Document, figure: Figure, width: float) -> float:
    """The height in mm a headline card `width` mm wide needs for its label, value and note."""
    label = _lines(pdf, width - 4, figure.label, "", 7.5) * LABEL_LINE
    note = _lines(pdf, width - 4, figure.note, "", 6.8) * NOTE_LINE
    return 1.8 + label + VALUE_LINE + (0.5 + note if note else 0) + 1.5


def _figures(pdf: _Document, figures: list[Figure]) -> None:
    """Headline figures side by side in framed boxes of equal height, as tall as the fullest
    one needs: a long label or note never runs out of its box."""
    gap = 3.0
    width = (pdf.epw - gap * (len(figures) - 1)) / len(figures)
    height = max([CARD_HEIGHT, *(figure_height(pdf, f, width) for f in figures)])
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_draw_color(*RULE)
    for index, figure in enumerate(figures):
        left = MARGIN + index * (width + gap)
        pdf.rect(left, top, width, height)
        pdf.set_xy(left + 2, top + 1.8)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(width - 4, LABEL_LINE, figure.label, align="L", new_x="LEFT")
        pdf.set_x(left + 2)
        room = width - (9 if figure.colour else 4)
        pdf.set_font(FONT, "B", _value_size(pdf, figure.value, room))
        pdf.set_text_color(*INK)
        if figure.colour:
            pdf.set_fill_color(figure.colour)
            pdf.circle(left + 4, pdf.get_y() + 3.4, 1.9, style="F")
            pdf.set_fill_color(255)
            pdf.set_x(left + 7)
        pdf.cell(room, VALUE_LINE, figure.value, new_x="LMARGIN", new_y="NEXT")
        if figure.note:
            pdf.set_xy(left + 2, pdf.get_y() + 0.5)
            pdf.set_font(FONT, "", 6.8)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(width - 4, NOTE_LINE, figure.note, align="L", new_x="LEFT")
        pdf.set_text_color(*INK)
    pdf.set_xy(MARGIN, top + height + 4)


def column_widths(pdf: _Document, table: Table) -> list[float]:
    """The table's columns in mm across the page: its relative widths, except that every
    column is at least as wide as the longest word of its header (bold) with the cell's
    padding, so that no header breaks inside a word; the room comes from the columns with
    room to spare, in proportion to it."""
    total = sum(table.widths)
    widths = [pdf.epw * w / total for w in table.widths]
    pdf.set_font(FONT, "B", HEAD_SIZE)
    least = [
        max((pdf.get_string_width(word) for word in heading.split()), default=0)
        + 2 * CELL_PADDING[1]
        + 0.6
        for heading in table.columns
    ]
    short = sum(max(m - w, 0) for w, m in zip(widths, least, strict=True))
    spare = [max(w - m, 0) for w, m in zip(widths, least, strict=True)]
    if short and sum(spare):
        share = min(short / sum(spare), 1)
        widths = [
            max(w, m) if w < m else w - share * room
            for w, m, room in zip(widths, least, spare, strict=True)
        ]
    pdf.set_font(FONT, "", HEAD_SIZE)  # the body's font, which the table takes up
    return widths


def _chart(pdf: _Document, chart: Chart) -> None:
    width = pdf.epw * chart.width_share
    height = width / chart.width_ratio
    room = pdf.h - FOOT - pdf.get_y() - 10
    if height > room and room < 60:
        pdf.add_page()
        room = pdf.h - FOOT - pdf.get_y() - 10
    if height > room:
        height, width = room, room * chart.width_ratio
    pdf.image(io.BytesIO(chart.png), x=MARGIN, w=width, h=height)
    if chart.caption:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(pdf.epw, 3.3, chart.caption, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.ln(3)


def _table(pdf: _Document, table: Table) -> None:
    if not table.printed:
        return
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(pdf.epw, 5, table.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", HEAD_SIZE)
    if not table.rows:
        pdf.set_text_color(*GREY)
        pdf.multi_cell(pdf.epw, 4, table.empty_text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(3)
        return
    pdf.set_draw_color(*RULE)
    with pdf.table(
        col_widths=column_widths(pdf, table),
        text_align="LEFT",
        line_height=3.6,
        padding=CELL_PADDING,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        width=pdf.epw,
    ) as grid:
        grid.row(table.columns)
        for values in table.rows:
            grid.row([str(v) for v in values])
    if table.more_text:
        pdf.ln(1)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(pdf.epw, 4, table.more_text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.ln(4)


def _text(pdf: _Document, text: Text) -> None:
    if text.heading:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(pdf.epw, 5, text.heading, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    for line in text.lines:
        if text.bullets:
            pdf.cell(4, 4.2, "•")
            pdf.multi_cell(pdf.epw - 4, 4.2, line, align="L", new_x="LMARGIN")
        else:
            pdf.multi_cell(pdf.epw, 4.2, line, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    pdf.ln(3)


def _title_block(pdf: _Document, pack: Pack) -> None:
    """The pack's title, subtitle and data month at the top of the first page."""
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(pdf.epw, 9, pack.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 13)
    pdf.multi_cell(pdf.epw, 6.5, pack.subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(pdf.epw, 5, pack.data_month, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(5)


def _page(pdf: _Document, page: Page, pack: Pack | None = None) -> None:
    pdf.add_page()  # draws the previous page's footer: only now the notes may change
    pdf.notes = page.notes
    if pack is not None:
        _title_block(pdf, pack)
    _heading(pdf, page.title)
    if page.figures:
        _figures(pdf, page.figures)
    draw = {Chart: _chart, Table: _table, Text: _text}
    for block in page.blocks:
        draw[type(block)](pdf, block)


def render(pack: Pack) -> bytes:
    """The pack as PDF bytes: the title on the first page, then each page of the pack."""
    pdf = _Document(pack)
    for index, page in enumerate(pack.pages):
        _page(pdf, page, pack if index == 0 else None)
    return bytes(pdf.output())
