"""A pack as PowerPoint (.pptx, python-pptx, 16:9): a title slide, then one slide per page of
the pack — a long table continues on further slides. Every slide carries the data month and
the page's definitions at its foot."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from reports.document import Chart, Figure, Pack, Page, Table, Text

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
SIDE, TOP = Inches(0.5), Inches(1.15)
FOOT_TOP = Inches(6.75)
BLANK = 6  # the blank layout of the default template
ROWS_PER_SLIDE = 11
INK, GREY = RGBColor(0x22, 0x22, 0x22), RGBColor(0x60, 0x60, 0x60)


def _box(slide, left, top, width, height, lines, size=12, bold=False, colour=INK):
    """A text box with `lines` (a string or list of strings), word-wrapped."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate([lines] if isinstance(lines, str) else lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return frame


def _slide(deck, pack: Pack, title: str, notes: str):
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    _box(slide, SIDE, Inches(0.3), WIDTH - 2 * SIDE, Inches(0.7), title, size=24, bold=True)
    _box(
        slide,
        SIDE,
        Inches(0.05),
        WIDTH - 2 * SIDE,
        Inches(0.3),
        f"{pack.title} · {pack.subtitle} · {pack.data_month}",
        size=9,
        colour=GREY,
    )
    foot = [pack.data_month] + ([notes] if notes else [])
    _box(slide, SIDE, FOOT_TOP, WIDTH - 2 * SIDE, HEIGHT - FOOT_TOP, foot, size=8, colour=GREY)
    return slide


def _figures(slide, figures: list[Figure], top) -> int:
    gap = Inches(0.2)
    width = int((WIDTH - 2 * SIDE - gap * (len(figures) - 1)) / len(figures))
    height = Inches(1.35)
    for index, figure in enumerate(figures):
        left = SIDE + index * (width + gap)
        frame = slide.shapes.add_shape(1, left, top, width, height)  # 1: rectangle
        frame.fill.background()
        frame.line.color.rgb = RGBColor(0xC8, 0xC8, 0xC8)
        value = ("● " if figure.colour else "") + figure.value
        text = _box(
            slide,
            left + Inches(0.08),
            top + Inches(0.05),
            width - Inches(0.16),
            height,
            [figure.label, value, figure.note],
            size=11,
            colour=GREY,
        )
        text.paragraphs[1].runs[0].font.size = Pt(24)
        text.paragraphs[1].runs[0].font.bold = True
        text.paragraphs[1].runs[0].font.color.rgb = INK
        text.paragraphs[2].runs[0].font.size = Pt(9)
        if figure.colour:
            text.paragraphs[1].runs[0].font.color.rgb = RGBColor.from_string(figure.colour[1:])
    return top + height + Inches(0.2)


def _picture(slide, chart: Chart, top, bottom) -> None:
    room_h, room_w = bottom - top - Inches(0.35), int((WIDTH - 2 * SIDE) * chart.width_share)
    height = int(min(room_h, room_w / chart.width_ratio))
    width = int(height * chart.width_ratio)
    slide.shapes.add_picture(io.BytesIO(chart.png), int((WIDTH - width) / 2), top, width, height)
    if chart.caption:
        _box(
            slide,
            SIDE,
            top + height,
            WIDTH - 2 * SIDE,
            Inches(0.35),
            chart.caption,
            size=9,
            colour=GREY,
        )


def _table(slide, table: Table, rows: list[list[str]], top, bottom) -> None:
    _box(slide, SIDE, top, WIDTH - 2 * SIDE, Inches(0.35), table.title, size=13, bold=True)
    top += Inches(0.4)
    if not rows:
        _box(
            slide, SIDE, top, WIDTH - 2 * SIDE, Inches(0.4), table.empty_text, size=11, colour=GREY
        )
        return
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(table.columns),
        SIDE,
        top,
        WIDTH - 2 * SIDE,
        Inches(0.3) * (len(rows) + 1),
    )
    grid = shape.table
    total = sum(table.widths)
    for index, share in enumerate(table.widths):
        grid.columns[index].width = Emu(int((WIDTH - 2 * SIDE) * share / total))
    for r, values in enumerate([table.columns, *rows]):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = str(value)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10 if r else 10.5)
            cell.margin_top = cell.margin_bottom = Inches(0.03)


TEXT_SIZE = 12
CHARS_PER_INCH = 12  # DejaVu Sans at 12 pt, a little generous so that a line never overflows


def _fitting(lines: list[str], width, height) -> int:
    """How many of `lines` fit in a box of `width` × `height` at TEXT_SIZE once wrapped."""
    per_row = max(1, int(width / Inches(1) * CHARS_PER_INCH))
    room = int(height / Pt(TEXT_SIZE * 1.25))
    used = 0
    for count, line in enumerate(lines):
        used += max(1, -(-len(line) // per_row))
        if used > room:
            return max(count, 1)
    return len(lines)


def _text(slide, text: Text, top, bottom) -> Text | None:
    """Draw `text`; what does not fit comes back, for the next slide."""
    lines = [f"• {line}" for line in text.lines] if text.bullets else text.lines
    if text.heading:
        _box(slide, SIDE, top, WIDTH - 2 * SIDE, Inches(0.35), text.heading, size=13, bold=True)
        top += Inches(0.4)
    shown = _fitting(lines, WIDTH - 2 * SIDE, bottom - top)
    _box(slide, SIDE, top, WIDTH - 2 * SIDE, bottom - top, lines[:shown], size=TEXT_SIZE)
    if shown == len(lines):
        return None
    heading = (
        text.heading if not text.heading or text.heading.endswith(" …") else f"{text.heading} …"
    )
    return Text(text.lines[shown:], text.bullets, heading)


def _page_slides(deck, pack: Pack, page: Page) -> None:
    """One slide for the figures and each chart, text or table chunk of the page."""
    pending = [b for b in page.blocks if not isinstance(b, Table) or b.printed]
    first = True
    while first or pending:
        slide = _slide(deck, pack, page.title, page.notes)
        top, bottom = TOP, FOOT_TOP - Inches(0.1)
        if first and page.figures:
            top = _figures(slide, page.figures, top)
        first = False
        if not pending:
            break
        block = pending.pop(0)
        if isinstance(block, Chart):
            _picture(slide, block, top, bottom)
        elif isinstance(block, Text):
            rest = _text(slide, block, top, bottom)
            if rest is not None:
                pending.insert(0, rest)
        else:
            room = max(3, int((bottom - top - Inches(0.8)) / Inches(0.42)))
            rows = block.rows[: min(room, ROWS_PER_SLIDE)]
            _table(slide, block, rows, top, bottom)
            rest = block.rows[len(rows) :]
            if rest:
                pending.insert(0, _continued(block, rest))
            elif block.more_text:
                _box(
                    slide,
                    SIDE,
                    bottom - Inches(0.35),
                    WIDTH - 2 * SIDE,
                    Inches(0.35),
                    block.more_text,
                    size=10,
                    colour=GREY,
                )


def _continued(table: Table, rest: list[list[str]]) -> Table:
    title = table.title if table.title.endswith(" …") else f"{table.title} …"
    return Table(
        title,
        table.columns,
        rest,
        table.data,
        table.widths,
        table.empty_text,
        table.sheet,
        more_text=table.more_text,
    )


def render(pack: Pack) -> bytes:
    """The pack as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    cover = deck.slides.add_slide(deck.slide_layouts[BLANK])
    _box(cover, SIDE, Inches(2.4), WIDTH - 2 * SIDE, Inches(1), pack.title, size=36, bold=True)
    _box(cover, SIDE, Inches(3.5), WIDTH - 2 * SIDE, Inches(0.8), pack.subtitle, size=22)
    _box(
        cover,
        SIDE,
        Inches(4.3),
        WIDTH - 2 * SIDE,
        Inches(0.5),
        pack.data_month,
        size=14,
        colour=GREY,
    )
    for page in pack.pages:
        _page_slides(deck, pack, page)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
