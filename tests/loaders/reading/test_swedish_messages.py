"""Loader messages in Swedish (issue 15): every problem logged carries message_sv beside the
Finnish and English ones, and a database made before Swedish messages existed upgrades."""

import datetime

import openpyxl

from loaders.ingest import ingest_paths
from loaders.store.database import open_database
from metrics.submissions import ingest_problems
from tests.workbooks import make_workbook, row


def _log_sv(con, file_name):
    return con.execute(
        'SELECT severity, sheet, "row", "column", message_fi, message_sv, message_en '
        "FROM v_ingest_log WHERE file_name = ?",
        [file_name],
    ).fetchall()


def test_a_partial_workbook_is_explained_in_swedish(con, tmp_path):
    rows = [row("HTT-B-1.3", "Valmis"), row("HTT-B-1.4", "puolivalmis"), row("HTT-Z-9.9")]
    path = make_workbook(tmp_path / "osittain.xlsx", sheets={"HTT": rows}, complete=False)
    [result] = ingest_paths(con, [path])
    assert result.outcome == "partial"
    log = _log_sv(con, path.name)
    by_cell = {(sheet, r, column): sv for _, sheet, r, column, _, sv, _ in log}
    assert by_cell["HTT", 3, "F"] == (
        "Okänt läge 'puolivalmis'. Tillåtna: Inte påbörjad, Påbörjad, Långt framskriden, "
        "Klar, Ej tillämplig. Raden lämnades bort."
    )
    assert by_cell["HTT", 4, "A"] == (
        "Deluppgiften 'HTT-Z-9.9' finns inte i färdplanen; raden lämnades bort."
    )
    # The whole-file problems name the missing group and the sheets the workbook has.
    missing = [sv for *_, sv, _ in log if sv.startswith("Bladet för beredningsgruppen JO ")]
    assert len(missing) == 1 and "Arbetsbokens blad: Perustiedot, HTT" in missing[0]
    for _, _, _, _, fi, sv, en in log:
        assert sv and sv not in (fi, en)


def test_a_rejected_workbook_names_the_sheet_and_the_cell_in_swedish(con, tmp_path):
    path = make_workbook(tmp_path / "kaukana.xlsx", sheets={"HTT": [row("HTT-B-1.3", "Valmis")]})
    # A stray value far below the template, as a slipped paste leaves it.
    book = openpyxl.load_workbook(path)
    book["HTT"]["A6000"] = 1
    book.save(path)
    [result] = ingest_paths(con, [path])
    assert result.outcome == "rejected"
    [(severity, *_, sv, _)] = _log_sv(con, path.name)
    assert severity == "error"
    assert sv.startswith("Cellen A6000 på bladet HTT ligger långt utanför mallens område")


def test_an_older_database_gains_message_sv_and_keeps_its_log(tmp_path):
    path = tmp_path / "vanha.duckdb"
    con = open_database(path)
    # As the database was before issue 15: no message_sv, one problem already logged.
    con.execute("DROP VIEW v_ingest_log")
    con.execute("ALTER TABLE ingest_log DROP COLUMN message_sv")
    con.execute(
        "INSERT INTO ingest_log (file_name, severity, message_fi, message_en, logged_at) "
        "VALUES ('vanha.xlsx', 'error', 'Tiedosto on tyhjä.', 'The file is empty.', ?)",
        [datetime.datetime(2022, 3, 5, 12)],
    )
    con.close()

    con = open_database(path)
    try:
        assert _log_sv(con, "vanha.xlsx") == [
            ("error", None, None, None, "Tiedosto on tyhjä.", None, "The file is empty.")
        ]
        workbook = make_workbook(tmp_path / "uusi.xlsx", sheets={"HTT": [row("HTT-Z-9.9")]})
        ingest_paths(con, [workbook])
        assert all(sv for *_, sv, _ in _log_sv(con, "uusi.xlsx"))
        log = ingest_problems(con)
        assert log["message_sv"].isna().sum() == 1  # only the row logged before the upgrade
    finally:
        con.close()
