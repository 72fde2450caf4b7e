"""`python -m reports`: all 22 region packs for one month in a batch, the national report,
and clear errors with exit code 2 for an unknown region, month or database."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
from pypdf import PdfReader

from common import catalogue
from reports.cli import main, run_region
from reports.document import Column, Pack, Page, table
from reports.excel import render as excel_render
from tests.reports.conftest import plain, workbook


def test_batch_of_all_regions(sample_db_file, tmp_path, capsys):
    started = time.perf_counter()
    code = run_region("all", date(2022, 3, 1), tmp_path, sample_db_file, formats=("pdf",))
    seconds = time.perf_counter() - started
    assert code == 0
    regions = catalogue.regions()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"alue_{r['region_id']}_2022-03.pdf" for r in regions
    )
    for region in regions:
        reader = PdfReader(tmp_path / f"alue_{region['region_id']}_2022-03.pdf")
        assert region["short_fi"] in plain(reader.pages[0].extract_text())
    err = capsys.readouterr().err
    assert "[22/22]" in err
    print(f"22 region PDFs in {seconds:.1f} s")


def test_national_report_files(sample_db_file, tmp_path):
    argv = ["national", "--period", "2022-03", "--out", str(tmp_path), "--db", str(sample_db_file)]
    assert main(argv) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kansallinen_2022-03.pdf",
        "kansallinen_2022-03.pptx",
        "kansallinen_2022-03.xlsx",
    ]


def test_errors_exit_2_in_finnish_and_english(sample_db_file, tmp_path, capsys):
    db = ["--db", str(sample_db_file), "--out", str(tmp_path)]
    assert main(["region", "--region", "atlantis", "--period", "2022-03", *db]) == 2
    assert "Tuntematon alue / unknown region 'atlantis'" in capsys.readouterr().err
    assert main(["national", "--period", "2030-01", *db]) == 2
    assert "ei ole tilannekuvia / no reports for 2030-01" in capsys.readouterr().err
    missing = ["--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)]
    assert main(["region", "--region", "kainuu", "--period", "2022-03", *missing]) == 2
    assert "Tietokantaa ei löydy / database not found" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_excel_neutralises_text_that_would_be_a_formula():
    frame = pd.DataFrame(
        {"text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "ok"], "n": [1, 2, 3, 4, 5]}
    )
    pack = Pack(
        "t",
        "s",
        "d",
        "fi",
        "stem",
        [
            Page(
                "p",
                blocks=[
                    table("Huomiot: [kaikki]", frame, [Column("text", "Teksti"), Column("n", "N")])
                ],
            )
        ],
    )
    sheet = workbook(excel_render(pack)).worksheets[0]
    assert sheet.title == "Huomiot   kaikki"  # [ ] are not allowed in a sheet name
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "ok"]
    assert all(c.data_type == "s" for c in cells)
    assert [r[0].value for r in sheet.iter_rows(min_row=2, min_col=2)] == [1, 2, 3, 4, 5]
