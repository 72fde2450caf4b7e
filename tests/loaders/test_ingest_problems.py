"""Row problems, rejected files, and what storing promises: nothing half-written, the same
file twice a no-op, the newest resubmission wins."""

import zipfile

import pytest

from loaders.cli import main
from loaders.ingest import ingest_paths
from tests.loaders.conftest import snapshot
from tests.workbooks import make_workbook, row


def _log(con):
    return con.execute(
        'SELECT severity, sheet, "row", "column", value, message_fi, message_en FROM v_ingest_log'
    ).fetchall()


def test_row_problems_leave_the_row_out_and_the_rest_loads(con, tmp_path):
    rows = [
        row("HTT-B-1.3"),
        row("HTT-B-1.4", "puolivalmis"),
        row("HTT-Z-9.9"),
        row("HTT-B-1.3", "Aloitettu"),
        row("HTT-B-1.5", "Aloitettu"),
    ]
    path = make_workbook(tmp_path / "osittain.xlsx", sheets={"HTT": rows})
    [result] = ingest_paths(con, [path])
    assert (result.outcome, result.rows) == ("partial", 2)
    errors = [entry for entry in _log(con) if entry[0] == "error"]
    assert [(e[1], e[2], e[3], e[4]) for e in errors] == [
        ("HTT", 3, "F", "puolivalmis"),
        ("HTT", 4, "A", "HTT-Z-9.9"),
        ("HTT", 5, "A", "HTT-B-1.3"),
    ]
    assert "Tuntematon tila 'puolivalmis'" in errors[0][5]
    assert "Unknown status 'puolivalmis'" in errors[0][6]
    assert "ei ole tiekartassa" in errors[1][5] and "not in the roadmap" in errors[1][6]
    assert "rivillä 2" in errors[2][5] and "already on row 2" in errors[2][6]
    status = dict(
        con.execute(
            "SELECT subtask_id, status FROM v_subtask_status "
            "WHERE subtask_id LIKE 'HTT-B-1.%' AND status IS NOT NULL"
        ).fetchall()
    )
    assert status == {"HTT-B-1.3": "done", "HTT-B-1.5": "started"}
    assert con.execute("SELECT status FROM v_submissions").fetchone()[0] == "partial"


def test_an_impossible_date_is_blanked_with_a_warning(con, tmp_path):
    path = make_workbook(
        tmp_path / "w.xlsx", sheets={"HTT": [row("HTT-B-1.3", expected="31.2.2022")]}
    )
    [result] = ingest_paths(con, [path])
    assert result.outcome == "loaded"
    [(severity, sheet, line, column, value, fi, en)] = [e for e in _log(con) if e[1] == "HTT"]
    assert (severity, sheet, line, column, value) == ("warning", "HTT", 2, "G", "31.2.2022")
    assert "31.2.2022" in fi and "31.2.2022" in en


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))
    return path


def _truncated(path, tmp_path):
    whole = make_workbook(tmp_path / "whole.xlsx", sheets={"HTT": [row("HTT-B-1.3")]})
    path.write_bytes(whole.read_bytes()[:3000])
    return path


def _ole2(path, encrypted):
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    body += ("EncryptedPackage" if encrypted else "Workbook").encode("utf-16-le") + b"\0" * 2000
    path.write_bytes(body)
    return path


def _write(path, data):
    path.write_bytes(data)
    return path


REJECTS = {
    "empty": (lambda p, t: _write(p, b""), "The file is empty."),
    "csv": (lambda p, t: _write(p, b"Tunnus;Tila\nHTT-B-1.3;Valmis\n"), "looks like text"),
    "xls": (lambda p, t: _ole2(p, encrypted=False), "old .xls format"),
    "password": (lambda p, t: _ole2(p, encrypted=True), "password protected"),
    "truncated": (_truncated, "corrupt or truncated"),
    "bomb": (lambda p, t: _bomb(p), "decompresses to a suspicious size"),
    "no_region": (
        lambda p, t: make_workbook(p, region=None, sheets={"HTT": [row("HTT-B-1.3")]}),
        "Hyvinvointialue) is not given",
    ),
    "unknown_region": (
        lambda p, t: make_workbook(p, region="Tampere", sheets={"HTT": [row("HTT-B-1.3")]}),
        "Unknown wellbeing services county 'Tampere'",
    ),
    "no_month": (
        lambda p, t: make_workbook(p, period=None, sheets={"HTT": [row("HTT-B-1.3")]}),
        "reporting month (Raportointikuukausi) is not given",
    ),
    "bad_month": (
        lambda p, t: make_workbook(p, period="ensi kuussa", sheets={"HTT": [row("HTT-B-1.3")]}),
        "cannot be read",
    ),
    "no_info": (
        lambda p, t: make_workbook(p, info=False, sheets={"HTT": [row("HTT-B-1.3")]}),
        "Perustiedot sheet is missing",
    ),
    "no_groups": (lambda p, t: make_workbook(p, sheets={}), "no preparation group sheet"),
}


@pytest.mark.parametrize("kind", REJECTS)
def test_a_rejected_file_changes_nothing_and_says_why(con, tmp_path, kind):
    good = make_workbook(tmp_path / "a_hyva.xlsx", sheets={"HTT": [row("HTT-B-1.3")]})
    ingest_paths(con, [good])
    before = snapshot(con)
    build, reason = REJECTS[kind]
    bad = build(tmp_path / f"b_{kind}.xlsx", tmp_path)
    later = make_workbook(
        tmp_path / "c_muu.xlsx", region="Lappi", sheets={"HTT": [row("HTT-B-1.4")]}
    )
    results = ingest_paths(con, [bad, later])
    assert [r.outcome for r in results] == ["rejected", "loaded"]
    assert reason in results[0].problems[0].message_en
    assert results[0].problems[0].message_fi
    logged = con.execute(
        "SELECT file_name, message_en FROM v_ingest_log WHERE severity = 'error'"
    ).fetchall()
    assert logged == [(bad.name, results[0].problems[0].message_en)]
    after = snapshot(con)
    assert after["submissions"][: len(before["submissions"])] == before["submissions"]
    assert [r for r in after["status_reports"] if r[0] == 1] == before["status_reports"]


def test_the_same_file_twice_changes_nothing(con, tmp_path):
    path = make_workbook(tmp_path / "w.xlsx", sheets={"HTT": [row("HTT-B-1.3")]})
    ingest_paths(con, [path])
    before = snapshot(con)
    [again] = ingest_paths(con, [path])
    assert again.outcome == "unchanged"
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1


def test_a_corrected_resubmission_wins_and_the_first_stays_in_history(con, tmp_path):
    first = make_workbook(
        tmp_path / "kainuu_1.xlsx", sheets={"HTT": [row("HTT-B-1.3", "Aloitettu")]}
    )
    second = make_workbook(tmp_path / "kainuu_2.xlsx", sheets={"HTT": [row("HTT-B-1.3", "Valmis")]})
    ingest_paths(con, [first, second])
    history = con.execute(
        "SELECT file_name, superseded FROM v_submissions ORDER BY file_name"
    ).fetchall()
    assert history == [("kainuu_1.xlsx", True), ("kainuu_2.xlsx", False)]
    assert con.execute(
        "SELECT status, source_file FROM v_subtask_status WHERE subtask_id = 'HTT-B-1.3'"
    ).fetchall() == [("done", "kainuu_2.xlsx")]


def test_a_template_filled_by_hand_loads_without_problems(con, tmp_path):
    from datetime import date

    from loaders.template.writer import SubtaskValues, write_workbook

    path = write_workbook(
        tmp_path / "pohja.xlsx",
        region_id="lappi",
        period=date(2022, 4, 1),
        values={
            "HTT-B-1.3": SubtaskValues(
                critical=True, status="Valmis", expected_completion=date(2022, 3, 31)
            )
        },
    )
    [result] = ingest_paths(con, [path])
    assert (result.outcome, result.problems) == ("loaded", [])
    assert result.rows == 557
    got = con.execute(
        "SELECT done, applicable FROM v_completion WHERE group_code = 'ALL' AND scope = 'critical'"
    ).fetchone()
    assert got[0] == 1


def test_many_files_load_in_parallel_in_the_given_order(con, tmp_path):
    regions = ["Lappi", "Kainuu", "Pirkanmaa", "Satakunta", "Pohjanmaa"]
    paths = [
        make_workbook(tmp_path / f"{n}.xlsx", region=r, sheets={"HTT": [row("HTT-B-1.3")]})
        for n, r in enumerate(regions)
    ]
    results = ingest_paths(con, paths)
    assert [r.region_id for r in results] == [
        "lappi",
        "kainuu",
        "pirkanmaa",
        "satakunta",
        "pohjanmaa",
    ]
    assert con.execute("SELECT count(*) FROM v_current_submissions").fetchone()[0] == 5


def test_command_line_exit_codes(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    good = make_workbook(tmp_path / "hyva.xlsx", sheets={"HTT": [row("HTT-B-1.3")]})
    assert main(["ingest", str(good), "--db", str(db)]) == 0
    assert "hyva.xlsx: ladattu / loaded kainuu 2022-03" in capsys.readouterr().out
    bad = tmp_path / "huono.xlsx"
    bad.write_text("a;b\n")
    assert main(["ingest", str(tmp_path), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "huono.xlsx: hylätty / rejected" in out and "hyva.xlsx: ennallaan / unchanged" in out
    assert main(["ingest", str(tmp_path / "puuttuu.xlsx"), "--db", str(db)]) == 2
    assert main(["ingest", "--db", str(db)]) == 0
    with pytest.raises(SystemExit) as usage:
        main(["ingest", "--nope"])
    assert usage.value.code == 2


def test_a_folder_is_read_with_its_month_subfolders_in_name_order(con, tmp_path):
    root = tmp_path / "clean"
    make_workbook(
        root / "2022-04" / "kainuu.xlsx", period="2022-04", sheets={"HTT": [row("HTT-B-1.3")]}
    )
    make_workbook(root / "2022-03" / "kainuu.xlsx", sheets={"HTT": [row("HTT-B-1.3")]})
    (root / "2022-03" / "~$kainuu.xlsx").write_bytes(b"lock")
    results = ingest_paths(con, [root])
    assert [(r.period.month, r.outcome) for r in results] == [(3, "loaded"), (4, "loaded")]
