"""The load command starts as fast as it can: neither it nor its parser processes import
the dashboard's libraries (pandas, plotly, streamlit), whose imports alone take longer than
parsing a month of workbooks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

from tests.loaders.keeping.files import ROOT, workbook

DASHBOARD_ONLY = ("pandas", "plotly", "streamlit", "matplotlib", "openpyxl")


def test_the_ingest_command_and_its_workers_import_no_dashboard_library(tmp_path):
    for region in ("kainuu", "lappi"):
        (tmp_path / f"{region}.xlsx").write_bytes(workbook(region, date(2022, 5, 1)))
    # Python writes every import of every process to stderr, the parser processes' too.
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest", str(tmp_path), "--db", str(tmp_path / "t.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = set(re.findall(r"^import time:.*\|\s+([\w.]+)$", done.stderr, re.M))
    assert "python_calamine" in imported  # the parsers' imports are seen, so the check can fail
    assert "loaders.reading.workbook" in imported
    assert sorted(m for m in imported if m.split(".")[0] in DASHBOARD_ONLY) == []
