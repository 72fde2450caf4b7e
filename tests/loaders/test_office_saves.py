"""The filled template as office suites and people save it: LibreOffice's .ods, .xls and
.xlsx, pandas with its index column, and files renamed from one format to another. Each
loads to exactly what its cells say, or is refused with a message naming the real format."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders.ingest import ingest_paths
from loaders.keeping.archive import Archive
from loaders.reading.workbook_format import INFO_SHEET
from loaders.store.live import LiveDatabase
from loaders.writes import upload
from tests.loaders.conftest import snapshot
from tests.loaders.office import (
    convert,
    filled_workbook,
    stored_content,
    workbook_content,
)


@pytest.fixture(scope="session")
def office_saves(tmp_path_factory) -> dict[str, Path]:
    """The filled workbook as written (openpyxl) and as LibreOffice saves it: one
    conversion per format for the whole session (each takes seconds)."""
    folder = tmp_path_factory.mktemp("office")
    original = filled_workbook(folder / "kainuu_2022-05.xlsx")
    book = openpyxl.load_workbook(original)
    book["YHD"].sheet_state = "hidden"
    book.save(folder / "hidden.xlsx")
    book["YHD"].sheet_state = "visible"
    book["ICT"]["B6001"] = "eksynyt solu"
    book.save(folder / "far.xlsx")
    saved = {"openpyxl": original}
    sources = [original, folder / "hidden.xlsx", folder / "far.xlsx"]
    saved["ods"], saved["hidden_ods"], saved["far_ods"] = convert(sources, "ods", folder / "ods")
    [saved["xls"]] = convert([original], "xls:MS Excel 97", folder / "xls")
    [saved["calc_xlsx"]] = convert([saved["ods"]], "xlsx:Calc Office Open XML", folder / "calc")
    return saved


def _load_one(con, path: Path):
    [result] = ingest_paths(con, [path])
    return result


@pytest.mark.parametrize("kind", ["ods", "xls", "calc_xlsx"])
def test_a_libreoffice_save_loads_exactly_what_the_workbook_says(con, office_saves, kind):
    result = _load_one(con, office_saves[kind])
    assert (result.outcome, result.region_id, str(result.period)) == (
        "loaded",
        "kainuu",
        "2022-05-01",
    )
    assert [p for p in result.problems if p.severity != "info"] == []
    assert stored_content(con) == workbook_content(office_saves["openpyxl"])


@pytest.mark.parametrize(
    ("kind", "renamed"),
    [("ods", "x.xlsx"), ("xls", "x.xlsx"), ("openpyxl", "x.xls"), ("openpyxl", "x.ods")],
)
def test_a_renamed_file_is_read_by_what_it_is(con, office_saves, tmp_path, kind, renamed):
    path = tmp_path / renamed
    shutil.copyfile(office_saves[kind], path)
    assert _load_one(con, path).outcome == "loaded"
    assert stored_content(con) == workbook_content(office_saves["openpyxl"])


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def _odt(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def _write(data: bytes):
    return lambda path: (path.write_bytes(data), path)[1]


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("raportti.xlsx", _docx, "a Word document (.docx)"),
        ("raportti.ods", _odt, "an OpenDocument file but not a spreadsheet"),
        ("sivu.xls", _write(b"<html><body><table><tr><td>1</td></tr></table>"), "web page"),
        ("raportti.xlsx", _write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "a PDF file"),
        ("taulukko.xls", _write(b"Tunnus;Tila\nHTT-A-1.1;Valmis\n"), "looks like text"),
    ],
)
def test_another_format_is_refused_by_its_real_name(con, tmp_path, name, build, words):
    before = snapshot(con)
    result = _load_one(con, build(tmp_path / name))
    assert result.outcome == "rejected"
    message = result.problems[0]
    assert words in message.message_en
    assert ".xlsx" in message.message_en and message.message_fi
    # What the extension claims is not what the message says.
    assert "ends .xlsx" not in message.message_en
    assert snapshot(con) == before


def test_a_real_xls_that_cannot_be_read_says_so_and_what_to_do(con, tmp_path, office_saves):
    broken = tmp_path / "vanha.xls"
    broken.write_bytes(office_saves["xls"].read_bytes()[:6000])
    result = _load_one(con, broken)
    assert result.outcome == "rejected"
    assert "old .xls format but cannot be read" in result.problems[0].message_en
    assert "save it as an Excel workbook (.xlsx)" in result.problems[0].message_en


def test_an_ods_with_a_declaration_is_refused_before_parsing(con, tmp_path, office_saves):
    path = tmp_path / "paha.ods"
    with zipfile.ZipFile(office_saves["ods"]) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE r [<!ENTITY x "y">]>', 1)
            target.writestr(info, data)
    result = _load_one(con, path)
    assert result.outcome == "rejected"
    assert "DOCTYPE or ENTITY" in result.problems[0].message_en
    assert "content.xml" in result.problems[0].message_en


def test_an_ods_with_macros_is_refused(con, tmp_path, office_saves):
    path = tmp_path / "makro.ods"
    shutil.copyfile(office_saves["ods"], path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<module/>")
    result = _load_one(con, path)
    assert result.outcome == "rejected"
    assert "contains macros (Basic/Standard/Module1.xml)" in result.problems[0].message_en


def _with_index_column(source: Path, target: Path) -> Path:
    """Every sheet of `source` written again by pandas' to_excel with its default
    index=True: a row number in column A of every sheet, a header row of column numbers."""
    book = openpyxl.load_workbook(source)
    with pd.ExcelWriter(target) as writer:
        for sheet in book.worksheets:
            frame = pd.DataFrame(list(sheet.iter_rows(values_only=True)))
            frame.to_excel(writer, sheet_name=sheet.title)
    return target


def test_an_index_column_on_every_sheet_loads_exactly(con, office_saves, tmp_path):
    path = _with_index_column(office_saves["openpyxl"], tmp_path / "pandas.xlsx")
    check = openpyxl.load_workbook(path)[INFO_SHEET]
    assert check["A2"].value == 0 and check["B2"].value == "Hyvinvointialue"  # as pandas wrote
    result = _load_one(con, path)
    assert (result.outcome, result.region_id, str(result.period)) == (
        "loaded",
        "kainuu",
        "2022-05-01",
    )
    assert stored_content(con) == workbook_content(office_saves["openpyxl"])


@pytest.mark.parametrize("where", ["C", "D"])
def test_perustiedot_labels_may_stand_in_any_of_the_first_columns(con, tmp_path, where):
    path = filled_workbook(tmp_path / "siirretty.xlsx")
    book = openpyxl.load_workbook(path)
    info = book[INFO_SHEET]
    info.insert_cols(1, amount=ord(where) - ord("A"))
    info.insert_rows(1)
    info["A1"] = "Tilannekuva, Kainuu"  # a title row above the labels
    book.save(path)
    result = _load_one(con, path)
    assert (result.outcome, result.region_id, str(result.period)) == (
        "loaded",
        "kainuu",
        "2022-05-01",
    )
    assert stored_content(con) == workbook_content(path)


def test_a_hidden_sheet_in_an_ods_is_read_with_a_warning(con, office_saves):
    result = _load_one(con, office_saves["hidden_ods"])
    assert result.outcome == "loaded"
    assert [(p.severity, p.sheet) for p in result.problems] == [("warning", "YHD")]
    assert "hidden" in result.problems[0].message_en
    assert stored_content(con) == workbook_content(office_saves["openpyxl"])


def test_a_far_cell_in_an_ods_is_refused_naming_the_sheet(con, office_saves):
    before = snapshot(con)
    result = _load_one(con, office_saves["far_ods"])
    assert result.outcome == "rejected"
    assert result.problems[0].sheet == "ICT"
    assert "Sheet ICT reaches row 6001" in result.problems[0].message_en
    assert snapshot(con) == before


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_the_upload_box_path_loads_an_office_save_in_its_sandbox(tmp_path, office_saves, kind):
    live = LiveDatabase(tmp_path / "upload.duckdb")
    try:
        data = office_saves[kind].read_bytes()
        result = upload(live, Archive(tmp_path / "archive"), data, f"kainuu.{kind}", who="t")
        assert (result.outcome, result.file_name) == ("loaded", f"kainuu.{kind}")
        assert stored_content(live.cursor()) == workbook_content(office_saves["openpyxl"])
    finally:
        live.close()
