"""Packs read back: PDF text with pypdf, slides with python-pptx, Excel with openpyxl."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import duckdb
import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader

from loaders.store.database import open_database


def plain(text: str) -> str:
    """Whitespace (non-breaking spaces and line breaks included) as single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_pages(data: bytes) -> list[str]:
    """The text of each PDF page, whitespace made plain."""
    return [plain(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def slide_texts(data: bytes) -> list[str]:
    """The text of each slide (text boxes and table cells), whitespace made plain."""
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(plain(" ".join(parts)))
    return texts


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def sample_con(sample_db_file) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the sample database (read only by these tests)."""
    con = open_database(sample_db_file)
    yield con
    con.close()
