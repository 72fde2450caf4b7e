"""What a pack says, independent of the file format: pages of headline figures, charts,
tables and paragraphs, every text already translated. The renderers (pdf, slides, excel)
only lay these out, so the PDF and the slides cannot disagree on a figure."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Figure:
    """A headline number: its label, the value as printed (e.g. '63,5 %') and a note."""

    label: str
    value: str
    note: str = ""
    colour: str | None = None  # hex, for a rating's dot


@dataclass(frozen=True)
class Chart:
    """A chart drawn as PNG; width_ratio is the chart's width ÷ height, width_share the
    share of the page width it takes at most."""

    png: bytes
    width_ratio: float
    caption: str = ""
    width_share: float = 1.0


@dataclass(frozen=True)
class Table:
    """A table as printed (`rows` of strings) and as data for Excel (`data`, numbers and
    dates, never formatted). `widths` are relative column widths."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    data: pd.DataFrame
    widths: list[float]
    empty_text: str = ""
    sheet: str = ""  # the Excel sheet name; the title when blank
    printed: bool = True  # False: only in the Excel file (the chart beside it shows it)
    more_text: str = ""  # printed under the rows when some were left to the Excel file
    percent: tuple[str, ...] = ()  # headings of the share columns (0–1): percent in Excel


@dataclass(frozen=True)
class Text:
    """A paragraph, or bullet points when `bullets` is true (one item per line)."""

    lines: list[str]
    bullets: bool = False
    heading: str = ""


@dataclass
class Page:
    """One PDF section and one slide (or more when a table is long). `notes` are the
    definitions printed at the foot of the page."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    blocks: list[Chart | Table | Text] = field(default_factory=list)
    notes: str = ""


@dataclass
class Pack:
    """A whole pack: title, subtitle (e.g. the region and month), the data-month line printed
    on every page, the language, the file stem and the pages."""

    title: str
    subtitle: str
    data_month: str
    lang: str
    stem: str
    pages: list[Page] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """Every table of the pack, in page order."""
        return [b for page in self.pages for b in page.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Column:
    """One column of a table: the frame's column, its printed heading, relative width and
    how a value is printed (str when no formatter)."""

    key: str
    label: str
    width: float = 1.0
    show: object = None  # Callable[[object], str]
    share: bool = False  # a share 0–1: the Excel file shows it as a percentage


def table(
    title: str,
    frame: pd.DataFrame,
    columns: list[Column],
    empty_text: str = "",
    sheet: str = "",
    printed: bool = True,
    limit: int | None = None,
    more_text: str = "",
) -> Table:
    """A Table of `frame`'s columns: printed with each column's formatter, and as data with
    the printed headings (numbers, dates and rates 0–1 as they are). With `limit`, only the
    first `limit` rows are printed, and `more_text` (with {count} of the rest) under them;
    the Excel data keeps every row."""
    rows = [
        [
            ("–" if _missing(v) else str(v)) if c.show is None else c.show(v)
            for c, v in zip(columns, values, strict=True)
        ]
        for values in frame[[c.key for c in columns]].head(limit).itertuples(index=False)
    ]
    rest = len(frame) - len(rows)
    data = frame[[c.key for c in columns]].copy()
    data.columns = [c.label for c in columns]
    return Table(
        title,
        [c.label for c in columns],
        rows,
        data,
        [c.width for c in columns],
        empty_text,
        sheet,
        printed,
        more_text.format(count=rest) if rest else "",
        tuple(c.label for c in columns if c.share),
    )


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
