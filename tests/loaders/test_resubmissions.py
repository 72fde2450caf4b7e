"""A region sends its filled workbook, then another file for the same month: a blank template
is refused and changes nothing; a file filling under half as many statuses loads, flagged."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from loaders.ingest import ingest_paths, sha256_of
from loaders.keeping.archive import archive_dir
from loaders.store.database import open_database
from loaders.template.writer import write_workbook
from metrics import thin_resubmissions
from tests.conftest import ROOT
from tests.loaders.conftest import snapshot
from tests.loaders.office import PERIOD, REGION, filled_workbook, stored_content, workbook_content


def filled(path: Path) -> int:
    """How many status cells the workbook at `path` fills."""
    return sum(status is not None for status, _, _ in workbook_content(path)[0].values())


COMPLETION = (
    "SELECT group_code, scope, applicable, done, reported FROM v_completion "
    "WHERE region_id = 'kainuu' ORDER BY ALL"
)


def _ingest(db: Path, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "ingest", *map(str, paths), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_blank_template_after_a_filled_month_is_refused_and_changes_nothing(tmp_path):
    db = tmp_path / "t.duckdb"
    filled = filled_workbook(tmp_path / "a_kainuu_2022-05.xlsx")
    blank = write_workbook(tmp_path / "b_kainuu_2022-05_pohja.xlsx", REGION, PERIOD)
    assert _ingest(db, filled).returncode == 0
    con = open_database(db)
    try:
        before = (snapshot(con), con.execute(COMPLETION).fetchall())
    finally:
        con.close()

    run = _ingest(db, blank)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "is an empty template, not a report" in run.stdout
    assert "the region's earlier file for 5/2022, if there is one, stays in force" in run.stdout
    assert "on tyhjä pohja eikä raportti" in run.stdout

    con = open_database(db)
    try:
        assert (snapshot(con), con.execute(COMPLETION).fetchall()) == before
        assert stored_content(con) == workbook_content(filled)
        files = con.execute(
            "SELECT file_name, status, superseded, region_id, period FROM v_submissions "
            "ORDER BY file_name"
        ).fetchall()
        assert files == [
            (filled.name, "loaded", False, REGION, PERIOD),
            (blank.name, "rejected", False, REGION, PERIOD),
        ]
        [logged] = con.execute(
            "SELECT message_fi, message_en FROM v_ingest_log WHERE file_name = ?", [blank.name]
        ).fetchall()
        assert "Tila" in logged[0] and "empty template" in logged[1]
    finally:
        con.close()
    # Kept in the archive, byte for byte, and in the journal as rejected.
    archive = archive_dir(db)
    digest = sha256_of(blank)
    kept = archive / "originals" / digest[:2] / f"{digest}.xlsx"
    assert kept.read_bytes() == blank.read_bytes()
    journal = [json.loads(line) for line in (archive / "journal.jsonl").read_text().splitlines()]
    assert [(j["file_name"], j["outcome"]) for j in journal] == [
        (filled.name, "loaded"),
        (blank.name, "rejected"),
    ]


def test_a_blank_template_alone_is_refused_too(con, tmp_path):
    [result] = ingest_paths(con, [write_workbook(tmp_path / "pohja.xlsx", REGION, PERIOD)])
    assert (result.outcome, result.region_id, result.period) == ("rejected", REGION, PERIOD)
    assert result.problems[0].message_en.startswith("The workbook has no status filled in")
    assert con.execute("SELECT count(*) FROM v_current_submissions").fetchone() == (0,)


@pytest.mark.parametrize(
    ("fill_every", "thin"),
    [(3, True), (2, False)],  # a third of the statuses is thin; half of them is not
)
def test_a_thin_resubmission_loads_but_is_flagged(con, tmp_path, fill_every, thin):
    full = filled_workbook(tmp_path / "a_kainuu.xlsx")
    fewer = filled_workbook(tmp_path / "b_kainuu_uusi.xlsx", fill_every=fill_every)
    first, second = ingest_paths(con, [full, fewer])
    assert (first.outcome, second.outcome) == ("loaded", "loaded")
    # The newer file is the region's word: it replaces the full one, as its cells say.
    assert stored_content(con) == workbook_content(fewer)
    flags = [p for p in second.problems if p.key == "thin_resubmission"]
    logged = con.execute(
        "SELECT severity, message_en FROM v_ingest_log WHERE file_name = ? AND message_en "
        "LIKE '%replaces%'",
        [fewer.name],
    ).fetchall()
    shown = thin_resubmissions(con)
    if not thin:
        assert (flags, logged, len(shown)) == ([], [], 0)
        return
    [flag] = flags
    assert flag.severity == "warning"
    assert f"fills only {filled(fewer)} statuses" in flag.message_en
    assert f"({full.name}) filled {filled(full)}" in flag.message_en
    assert logged == [("warning", flag.message_en)]
    assert shown[["file_name", "filled", "replaced_file", "replaced_filled"]].values.tolist() == [
        [fewer.name, filled(fewer), full.name, filled(full)]
    ]
    # A full file after it puts things right: the flag goes with the thin file's turn. Saved
    # later than the first full one, so not the same file (the loader skips a file it has).
    corrected = filled_workbook(tmp_path / "c_kainuu_korjattu.xlsx", updated=datetime(2022, 6, 6))
    ingest_paths(con, [corrected])
    assert thin_resubmissions(con).empty
