"""Every sheet-name mishap we could think of, on the filled template: each either reads the
group exactly as its cells say, or makes the file partial (exit 1) with the sheet named.
No path leaves a group silently at zero."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from common import catalogue
from loaders.ingest import ingest_paths
from tests.conftest import ROOT
from tests.loaders.office import filled_workbook, stored_content, workbook_content

Edit = Callable[[openpyxl.Workbook], None]


def _rename(old: str, new: str) -> Edit:
    def edit(book):
        book[old].title = new

    return edit


def _copy(old: str, new: str, *, keep: bool = True) -> Edit:
    """Excel's and LibreOffice's copy of a sheet, placed after it; the original kept or
    deleted (someone filled the copy)."""

    def edit(book):
        copy = book.copy_worksheet(book[old])
        copy.title = new
        book.move_sheet(copy, book.index(book[old]) - book.index(copy) + 1)
        if not keep:
            del book[old]

    return edit


def _blank_statuses(sheet: str) -> Edit:
    def edit(book):
        for (cell,) in book[sheet].iter_rows(min_row=3, min_col=6, max_col=6):
            cell.value = None

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(book):
        for each in edits:
            each(book)

    return edit


def _short_ids(sheet: str, new: str) -> Edit:
    """Ids written short (A-1.1), the group only in the sheet's name, then the sheet renamed."""

    def edit(book):
        for (cell,) in book[sheet].iter_rows(min_row=3, max_col=1):
            if cell.value:
                cell.value = cell.value.split("-", 1)[1]
        book[sheet].title = new

    return edit


def _header_gone(sheet: str, new: str) -> Edit:
    def edit(book):
        book[sheet]["A2"] = "Koodi"
        book[sheet]["F2"] = "Vaihe"
        book[sheet].title = new

    return edit


def _merged(first: str, second: str, new: str) -> Edit:
    """The rows of `second` pasted under those of `first`, on a sheet renamed `new`."""

    def edit(book):
        target = book[first]
        for values in book[second].iter_rows(min_row=3, values_only=True):
            target.append(values)
        del book[second]
        target.title = new

    return edit


def _delete(sheet: str) -> Edit:
    def edit(book):
        del book[sheet]

    return edit


# name -> (edit, the sheet each group is read from, the sheets an error must name)
MISHAPS: dict[str, tuple[Edit, dict[str, str], list[str]]] = {
    "excel_copy_filled": (_copy("JO", "JO (2)", keep=False), {"JO": "JO (2)"}, []),
    "libreoffice_copy_filled": (_copy("JO", "JO_2", keep=False), {"JO": "JO_2"}, []),
    "month_in_name": (_rename("JO", "JO 2022-05"), {"JO": "JO 2022-05"}, []),
    "default_name": (_rename("JO", "Taulukko1"), {"JO": "Taulukko1"}, []),
    "long_name_copy": (
        _copy("ICT", "ICT-valmistelu (kopio 2)", keep=False),
        {"ICT": "ICT-valmistelu (kopio 2)"},
        [],
    ),
    "lower_case": (_rename("JO", "jo"), {"JO": "jo"}, []),
    "finnish_name": (_rename("YHD", "Yhdyspinnat"), {"YHD": "Yhdyspinnat"}, []),
    "short_ids_renamed": (_short_ids("JAR", "JAR (2)"), {"JAR": "JAR (2)"}, []),
    "excel_copy_kept": (_copy("JO", "JO (2)"), {"JO": "JO"}, ["JO (2)"]),
    "copy_filled_original_blanked": (
        _both(_copy("JO", "JO (2)"), _blank_statuses("JO")),
        {"JO": "JO (2)"},
        ["JO"],
    ),
    "libreoffice_copy_kept": (_copy("JO", "JO_2"), {"JO": "JO"}, ["JO_2"]),
    "renamed_copy_of_other_group": (_copy("HTT", "Taulukko2"), {"HTT": "HTT"}, ["Taulukko2"]),
    "two_names_same_group": (_copy("JO", "Johtaminen"), {"JO": "JO"}, ["Johtaminen"]),
    "deleted": (_delete("JO"), {}, ["JO"]),
    # Full ids go to their own group wherever they stand: JO is read, HTT named as not read.
    "renamed_over_a_deleted_sheet": (
        _both(_delete("HTT"), _rename("JO", "HTT")),
        {"JO": "HTT"},
        ["HTT"],
    ),
    "header_renamed_too": (_header_gone("JO", "Muistiinpanot"), {}, ["JO"]),
    "two_groups_on_one_sheet": (_merged("HTT", "JO", "Yhdistetty"), {}, ["Yhdistetty"]),
}


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> tuple[Path, dict]:
    path = filled_workbook(tmp_path_factory.mktemp("mishap") / "kainuu.xlsx")
    return path, workbook_content(path)[0]


def _group_of(subtask_id: str) -> str:
    return subtask_id.split("-", 1)[0]


def _errors_naming(result, *words: str) -> list:
    return [
        p
        for p in result.problems
        if p.severity == "error" and any(w == p.sheet or w in p.message_en for w in words)
    ]


@pytest.mark.parametrize("name", MISHAPS)
def test_a_sheet_mishap_reads_the_group_or_names_the_sheet(con, tmp_path, original, name):
    source, cells = original
    edit, read_from, named = MISHAPS[name]
    book = openpyxl.load_workbook(source)
    edit(book)
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    [result] = ingest_paths(con, [path])

    assert result.outcome == ("partial" if named else "loaded"), result.problems
    for sheet in named:
        assert _errors_naming(result, sheet), (sheet, result.problems)
    stored = stored_content(con)[0]
    for code in catalogue.GROUP_CODES:
        wanted = {k: v for k, v in cells.items() if _group_of(k) == code}
        got = {k: v for k, v in stored.items() if _group_of(k) == code}
        if code in read_from or got:
            assert got == wanted, code  # read: exactly as the cells say
        else:  # not read: never silently, the group and the sheets are named
            [unread] = [p for p in result.problems if f"group {code} is" in p.message_en]
            assert unread.severity == "error"
            if unread.key == "missing_group_sheet":
                assert ", ".join(book.sheetnames) in unread.message_en
            else:
                assert unread.sheet in book.sheetnames
    for code, sheet in read_from.items():
        if catalogue.resolve_group(sheet) is None:  # read by content: an info line says so
            [info] = [p for p in result.problems if p.severity == "info"]
            assert (info.sheet, f"group {code}") == (sheet, info.message_en.split("of ")[-1][:-1])


def _ingest(db: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "ingest", str(path), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_exits_1_naming_a_second_sheet_and_0_for_a_recognised_copy(
    tmp_path, original
):
    source, _ = original
    kept, alone = openpyxl.load_workbook(source), openpyxl.load_workbook(source)
    _copy("JO", "JO (2)")(kept)
    _copy("JO", "JO (2)", keep=False)(alone)
    kept.save(tmp_path / "a_kept.xlsx")
    alone.save(tmp_path / "b_alone.xlsx")
    db = tmp_path / "t.duckdb"
    first = _ingest(db, tmp_path / "a_kept.xlsx")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "[error] JO (2)" in first.stdout and "was not read" in first.stdout
    second = _ingest(db, tmp_path / "b_alone.xlsx")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "[info] JO (2)" in second.stdout and "read as the sheet of group JO" in second.stdout
