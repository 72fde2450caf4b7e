"""Hostile and broken files, built here: each is rejected (or loaded with a warning) with its
own message in Finnish and English, within a few seconds and bounded memory, and a rejected
file leaves the database as it was apart from its log row. Also: the parser's process limits
(loaders.safety.sandbox) and text stored exactly as typed."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from loaders.ingest import _parse_in_pool, ingest_paths, parse_file
from loaders.reading.messages import Problem, problem
from loaders.reading.rows import ParsedWorkbook
from loaders.safety import sandbox, xmlscan
from loaders.store.database import open_database
from tests.loaders.conftest import snapshot
from tests.loaders.safety import sandbox_workers
from tests.workbooks import make_workbook, row

ROOT = Path(__file__).resolve().parents[3]

SECONDS_PER_FILE = 5.0  # generous: each of these takes well under a second
HTT = "xl/worksheets/sheet2.xml"  # make_workbook: Perustiedot, then the group sheets


def rewrite(
    path: Path,
    member: str = "",
    edit: Callable[[bytes], bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Rewrite `member` of the zip at `path` with `edit`; `add` puts further members in."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if edit is not None:
        parts[member] = edit(parts[member])
    parts |= add or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def workbook(path: Path, *rows_: list[object], **options) -> Path:
    return make_workbook(path, sheets={"HTT": list(rows_) or [row("HTT-B-1.3")]}, **options)


def add_rows(xml: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</sheetData>", xml.encode() + b"</sheetData>")


def prepend(text: str) -> Callable[[bytes], bytes]:
    return lambda data: text.encode() + data


LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PAD = b"<a>" + b" " * (xmlscan.CHUNK_BYTES - 5) + b'<!ENTITY x "y"></a>'  # across two chunks


def _utf16_declaration(path: Path) -> Path:
    text = '<?xml version="1.0" encoding="UTF-16"?>' + XXE[21:] + "<Properties/>"
    return rewrite(workbook(path), add={"docProps/app.xml": text.encode("utf-16")})


def _many_parts(path: Path) -> Path:
    return rewrite(workbook(path), add={f"xl/media/p{n}.xml": b"<a/>" for n in range(2001)})


def _macro(path: Path) -> Path:
    return rewrite(workbook(path), add={"xl/vbaProject.bin": b"\0" * 64})


def _ratio_bomb(path: Path) -> Path:
    return rewrite(workbook(path), add={"xl/media/zeros.xml": b"\0" * (40 * 2**20)})


def _too_large(path: Path) -> Path:
    import os

    return rewrite(workbook(path), add={"xl/media/noise.bin": os.urandom(21 * 2**20)})


def _implicit_far(path: Path) -> Path:
    cells = "<c><v>1</v></c>" * 250  # no references: the 201st cell is column GS
    return rewrite(workbook(path), HTT, add_rows(f'<row r="50">{cells}</row>'))


def _prefixed_far(path: Path) -> Path:
    ns = b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    far = '<x:row r="7"><x:c r="XFD7" t="n"><x:v>1</x:v></x:c></x:row>'
    return rewrite(
        workbook(path),
        HTT,
        lambda data: add_rows(far)(data.replace(b"<worksheet ", b"<worksheet" + ns + b" ", 1)),
    )


def _uncached_status(path: Path) -> Path:
    # openpyxl writes a formula as <f>..</f><v></v>: never calculated, read as blank.
    return workbook(path, row("HTT-B-1.3", status='=IF(TRUE,"Valmis","")'))


# name -> (build the file, message key, message fields, words both languages must show)
REJECTED = {
    "billion_laughs_in_a_sheet": (
        lambda p: rewrite(workbook(p), HTT, prepend(LAUGHS)),
        "xml_declaration",
        {"detail": HTT},
        [HTT],
    ),
    "external_entity_in_properties": (
        lambda p: rewrite(workbook(p), "docProps/core.xml", lambda d: XXE.encode() + d[38:]),
        "xml_declaration",
        {"detail": "docProps/core.xml"},
        ["docProps/core.xml", "DOCTYPE"],
    ),
    "declaration_in_utf16": (
        _utf16_declaration,
        "xml_declaration",
        {"detail": "docProps/app.xml"},
        ["docProps/app.xml"],
    ),
    "entity_across_two_chunks": (
        lambda p: rewrite(workbook(p), add={"docProps/pad.xml": PAD}),
        "xml_declaration",
        {"detail": "docProps/pad.xml"},
        ["ENTITY"],
    ),
    "cell_at_xfd1048576": (
        lambda p: rewrite(
            workbook(p), HTT, add_rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
        ),
        "far_cell",
        {"sheet_name": "HTT", "value": "XFD1048576", "rows": 5000, "columns": "GR"},
        ["XFD1048576", "HTT"],
    ),
    "row_6000": (
        lambda p: rewrite(
            workbook(p), HTT, add_rows('<row r="6000"><c r="A6000"><v>1</v></c></row>')
        ),
        "far_cell",
        {"sheet_name": "HTT", "value": "A6000", "rows": 5000, "columns": "GR"},
        ["A6000"],
    ),
    "cells_without_references": (
        _implicit_far,
        "far_cell",
        {"sheet_name": "HTT", "value": "GS50", "rows": 5000, "columns": "GR"},
        ["GS50"],
    ),
    "prefixed_far_cell": (
        _prefixed_far,
        "far_cell",
        {"sheet_name": "HTT", "value": "XFD7", "rows": 5000, "columns": "GR"},
        ["XFD7"],
    ),
    "formula_without_value": (
        _uncached_status,
        "formula_without_value",
        {"sheet_name": "HTT", "value": "F2", "count": 1},
        ["F2", "HTT"],
    ),
    "macro": (_macro, "macro", {"detail": "xl/vbaProject.bin"}, ["vbaProject.bin"]),
    "bomb_by_ratio": (_ratio_bomb, "bomb", {"detail": "40 MB, 1019:1"}, []),
    "bomb_by_parts": (_many_parts, "bomb", {"detail": "2018 parts"}, []),
    "too_large": (_too_large, "too_large", {"size": 21.0, "limit": 20}, ["20"]),
}


def _expected(key: str, fields: dict) -> Problem:
    fields = dict(fields)
    return problem(key, value=fields.pop("value", None), **fields)


@pytest.fixture
def loaded(db_path, tmp_path):
    """A database holding one good workbook, and its snapshot."""
    con = open_database(db_path)
    ingest_paths(con, [workbook(tmp_path / "a_hyva.xlsx")])
    yield con, snapshot(con)
    con.close()


@pytest.mark.parametrize("name", REJECTED)
def test_a_hostile_file_is_rejected_with_its_reason_and_changes_nothing(loaded, tmp_path, name):
    con, before = loaded
    build, key, fields, words = REJECTED[name]
    bad = build(tmp_path / f"b_{name}.xlsx")
    started = time.perf_counter()
    [result] = ingest_paths(con, [bad])
    assert time.perf_counter() - started < SECONDS_PER_FILE
    assert result.outcome == "rejected"
    first = result.problems[0]
    expected = _expected(key, fields)
    if key == "bomb":  # the exact ratio depends on zlib; the reason does not
        expected = _expected(key, {"detail": "@"})
        pattern = re.escape(expected.message_en).replace("@", ".+")
        assert re.fullmatch(pattern, first.message_en), first.message_en
        assert first.message_fi.startswith(expected.message_fi.split("@")[0])
    else:
        assert (first.message_fi, first.message_en) == (expected.message_fi, expected.message_en)
    for word in words:
        assert word in first.message_fi and word in first.message_en
    assert snapshot(con) == before
    log = con.execute(
        "SELECT message_fi, message_en FROM v_ingest_log WHERE file_name = ?", [bad.name]
    ).fetchall()
    assert log == [(first.message_fi, first.message_en)]


def test_the_far_cell_and_the_uncached_formula_name_their_cell(tmp_path):
    far = REJECTED["cell_at_xfd1048576"][0](tmp_path / "far.xlsx")
    found = parse_file(far)
    assert (found.sheet, found.row, found.column) == ("HTT", 1048576, "XFD")
    formula = parse_file(_uncached_status(tmp_path / "formula.xlsx"))
    assert (formula.sheet, formula.row, formula.column) == ("HTT", 2, "F")


@pytest.mark.parametrize("name", REJECTED)
def test_a_hostile_file_is_read_in_bounded_memory(tmp_path, name):
    """In a child limited to 256 MB above its start, each file still gets its own reason:
    the checks stream, so none of them comes near the limit."""
    build, key, _, _ = REJECTED[name]
    # Measured from a fresh interpreter whose only child is the sandbox: this test process's
    # own RUSAGE_CHILDREN keeps the peak of every child any earlier test started.
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(build(tmp_path / f"{name}.xlsx"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found_key, peak_kb = completed.stdout.split()
    assert found_key == key
    assert int(peak_kb) / 1024 < 400


_MEASURE = """
import resource, sys
from pathlib import Path
from loaders.safety import sandbox
found = sandbox.parse_isolated(Path(sys.argv[1]), memory_mb=256)
print(getattr(found, "key", "parsed"), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.parametrize(
    "dimension", ["A1", "A1:XFD1048576", "B7:C9", None], ids=["small", "huge", "elsewhere", "none"]
)
def test_a_lying_dimension_does_not_matter(loaded, tmp_path, dimension):
    con, _ = loaded
    tag = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    path = rewrite(
        workbook(tmp_path / "mitat.xlsx", row("HTT-B-1.3"), row("HTT-B-1.4", "Aloitettu")),
        HTT,
        lambda data: re.sub(rb'<dimension ref="[^"]*"/>', tag, data),
    )
    [result] = ingest_paths(con, [path])
    assert (result.outcome, result.rows) == ("loaded", 2)


def test_formulas_with_cached_values_load_and_uncached_ones_elsewhere_are_ignored(tmp_path):
    path = workbook(tmp_path / "kaavat.xlsx")
    cached = '<c r="F2" t="str"><f>IF(TRUE,"Valmis","")</f><v>Valmis</v></c>'
    book = openpyxl.load_workbook(path)
    book.create_sheet("Ohjeet")["A1"] = "=1+1"  # never calculated, but not a sheet we read
    book.save(path)
    rewrite(path, HTT, lambda d: re.sub(rb'<c r="F2"[^>]*>.*?</c>', cached.encode(), d))
    found = parse_file(path)
    assert isinstance(found, ParsedWorkbook), found
    assert [(s[0], s[2]) for s in found.statuses] == [("HTT-B-1.3", "done")]


def _hide(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _warnings(found: ParsedWorkbook, key: str) -> list[Problem]:
    return [p for p in found.problems if p.key == key]


def test_hidden_rows_and_columns_with_data_are_read_and_told(tmp_path):
    rows = [row(f"HTT-B-1.{n}") for n in range(3, 8)]
    path = workbook(tmp_path / "piilo.xlsx", *rows)

    def hide(book):
        sheet = book["HTT"]
        for number in (3, 4, 5, 20):  # 20 is hidden but empty: nothing to tell
            sheet.row_dimensions[number].hidden = True
        sheet.column_dimensions["H"].hidden = True  # comments: a header only, nothing to tell
        sheet.column_dimensions["E"].hidden = True  # critical: holds data

    found = parse_file(_hide(path, hide))
    [hidden_rows] = _warnings(found, "hidden_rows")
    assert (hidden_rows.sheet, hidden_rows.row) == ("HTT", 3)
    assert "Rivit 3–5 ovat piilotettuja" in hidden_rows.message_fi
    assert "Rows 3–5 are hidden but hold data" in hidden_rows.message_en
    [hidden_columns] = _warnings(found, "hidden_columns")
    assert (hidden_columns.sheet, hidden_columns.column) == ("HTT", "E")
    assert "Sarakkeet E ovat" in hidden_columns.message_fi
    assert "Columns E are hidden" in hidden_columns.message_en
    assert len(found.statuses) == 5  # loaded, but told


def test_merged_cells_over_data_are_told_and_a_merged_title_is_not(tmp_path):
    rows = [row(f"HTT-B-1.{n}") for n in range(3, 7)]
    path = make_workbook(tmp_path / "yhd.xlsx", sheets={"HTT": rows}, title_rows=1)

    def merge(book):
        book["HTT"].merge_cells("F3:F5")  # one status shown for three subtasks

    found = parse_file(_hide(path, merge))
    [merged] = _warnings(found, "merged_cells")
    assert (merged.sheet, merged.row, merged.column, merged.value) == ("HTT", 3, "F", "F3:F5")
    assert "Solut F3:F5 on yhdistetty" in merged.message_fi
    assert "Cells F3:F5 are merged: Excel shows only the value of F3" in merged.message_en


@pytest.mark.parametrize(
    "sheet, state, key",
    [
        ("HTT", "veryHidden", "very_hidden_sheet"),
        ("HTT", "hidden", "hidden_sheet"),
        ("Perustiedot", "veryHidden", "very_hidden_sheet"),
        ("Huomiot", "hidden", "hidden_sheet"),
    ],
)
def test_hidden_and_very_hidden_sheets_are_read_and_told(tmp_path, sheet, state, key):
    path = workbook(tmp_path / "piilo.xlsx", observations=[["Riski", "HTT", "Teksti", "", ""]])

    def hide(book):
        book[sheet].sheet_state = state
        book.active = book.sheetnames.index("JO" if "JO" in book.sheetnames else "Huomiot")

    found = parse_file(_hide(path, hide))
    assert isinstance(found, ParsedWorkbook), found
    [warning] = _warnings(found, key)
    assert warning.sheet == sheet and warning.severity == "warning"
    assert warning.message_fi and warning.message_en
    assert len(found.statuses) == 1 and len(found.observations) == 1


@pytest.mark.parametrize("typed", ["31.2.2022", "2022-02-30", "30.2."])
def test_an_impossible_date_is_a_bad_date_naming_the_cell(tmp_path, typed):
    found = parse_file(workbook(tmp_path / "pvm.xlsx", row("HTT-B-1.3", expected=typed)))
    [bad] = _warnings(found, "bad_date")
    assert (bad.sheet, bad.row, bad.column, bad.value) == ("HTT", 2, "G", typed)
    assert typed in bad.message_fi and typed in bad.message_en
    assert found.statuses[0][4] is None  # the date was left blank, the row kept


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Valmis\u00a0", "done"),
        ("\u200bValmis", "done"),
        ("\ufeffAloitettu", "started"),
        ("Ei\u00a0aloitettu", "not_started"),
        ("Pitkällä\u200b", "advanced"),
    ],
)
def test_a_status_with_invisible_spaces_is_understood(tmp_path, typed, code):
    found = parse_file(workbook(tmp_path / "tila.xlsx", row("HTT-B-1.3", status=typed)))
    assert [p for p in found.problems if p.severity == "error"] == []
    assert found.statuses[0][2] == code


def test_typed_text_is_stored_exactly_as_typed(loaded, tmp_path):
    con, _ = loaded
    texts = ['=HYPERLINK("http://example.com","klikkaa")', "<script>alert(1)</script>", "**bold**"]
    path = workbook(tmp_path / "teksti.xlsx", *[row(f"HTT-B-1.{n}") for n in (3, 4, 5)])
    book = openpyxl.load_workbook(path)
    for number, text in enumerate(texts, start=2):
        cell = book["HTT"].cell(row=number, column=8)
        cell.value = text
        cell.data_type = "s"  # typed with a leading apostrophe: text, not a formula
    book.save(path)
    [result] = ingest_paths(con, [path])
    assert result.outcome == "loaded", result.problems
    stored = con.execute(
        "SELECT comment FROM v_subtask_status WHERE source_file = ? AND comment IS NOT NULL "
        "ORDER BY source_row",
        [path.name],
    ).fetchall()
    assert [c for (c,) in stored] == texts


def test_parse_isolated_gives_the_same_answer_as_parsing_here(tmp_path):
    path = workbook(tmp_path / "hyva.xlsx", observations=[["Riski", "HTT", "Teksti", "", ""]])
    assert sandbox.parse_isolated(path) == parse_file(path)


def test_a_parser_that_hangs_is_stopped(tmp_path):
    path = workbook(tmp_path / "hyva.xlsx")
    started = time.perf_counter()
    found = sandbox.parse_isolated(path, timeout=1.5, worker=sandbox_workers.sleeps)
    assert time.perf_counter() - started < 1.5 + SECONDS_PER_FILE
    assert found.key == "timeout"
    assert found.message_fi.startswith("Tiedoston lukeminen kesti yli 1,5 s")
    assert found.message_en.startswith("Reading the file took longer than 1,5 s")


@pytest.mark.parametrize("worker", [sandbox_workers.allocates_2_gb, sandbox_workers.aborts])
def test_a_parser_that_needs_too_much_memory_is_stopped(tmp_path, worker):
    found = sandbox.parse_isolated(workbook(tmp_path / "hyva.xlsx"), memory_mb=512, worker=worker)
    assert found.key == "out_of_memory"
    assert "enemmän muistia kuin sallitaan (512 Mt)" in found.message_fi
    assert "needs more memory than allowed (512 MB)" in found.message_en


def test_a_file_that_kills_its_pool_worker_gets_its_message_and_the_others_load(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    names = ["a", "b", "c_kaatuu", "d", "e"]
    paths = [workbook(tmp_path / f"{n}.xlsx") for n in names]
    worker = sandbox_workers.aborts_on_marked_files
    with ProcessPoolExecutor(
        max_workers=2, mp_context=sandbox.pool_context(), initializer=sandbox.limit_worker
    ) as pool:
        alone = functools.partial(sandbox.parse_isolated, worker=worker)
        outcomes = list(_parse_in_pool(pool, paths, parse=worker, alone=alone))
    kinds = [o.key if isinstance(o, Problem) else "parsed" for o in outcomes]
    assert kinds == ["parsed", "parsed", "out_of_memory", "parsed", "parsed"]


def test_openpyxl_reads_xml_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("split", [1, 2], ids=["lt_ends_a_chunk", "lt_bang_end_a_chunk"])
def test_a_doctype_split_across_a_chunk_border_in_a_sheet_is_found(tmp_path, split):
    """The declaration check first looks for a '!' in each chunk: a '<' or '<!' that ends one
    chunk, with the next holding no '!' at all, must still be seen through the bytes kept."""
    head = "<a>" + " " * (xmlscan.CHUNK_BYTES - 3 - split)
    path = rewrite(workbook(tmp_path / "raja.xlsx"), HTT, prepend(head + "<!DOCTYPE r></a>"))
    with zipfile.ZipFile(path) as archive:
        second_chunk = archive.read(HTT)[xmlscan.CHUNK_BYTES :]
    assert second_chunk.startswith(b"<!DOCTYPE"[split:])
    assert second_chunk.count(b"!") == (1 if split == 1 else 0)
    found = parse_file(path)
    assert isinstance(found, Problem) and found.key == "xml_declaration", found
    assert found.message_en == problem("xml_declaration", detail=HTT).message_en


def test_a_shared_formula_without_a_value_is_still_found(tmp_path):
    """A formula written <f .../> (Excel's shared formulas) sends the sheet to the slow path."""
    path = workbook(tmp_path / "jaettu.xlsx")
    uncached = b'<c r="F2"><f t="shared" ref="F2:F3" si="0"/></c>'
    found = parse_file(
        rewrite(path, HTT, lambda d: re.sub(rb'<c r="F2"[^>]*>.*?</c>', uncached, d))
    )
    assert isinstance(found, Problem) and found.key == "formula_without_value", found
    assert (found.sheet, found.row, found.column) == ("HTT", 2, "F")
