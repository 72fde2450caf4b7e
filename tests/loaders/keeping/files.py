"""Real submission workbooks for the keeping tests: the template filled for a region and
month, every subtask with a status, so each loaded file has the same known number of rows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from common import catalogue
from loaders.reading.workbook_format import STATUS_CHOICES
from loaders.template.writer import SubtaskValues, template_bytes

ROOT = Path(__file__).resolve().parents[3]
SUBTASKS = [s.subtask_id for s in catalogue.subtasks()]


def workbook(region_id: str, period: date, *, done_share: float = 0.5, note: str = "") -> bytes:
    """The region's workbook for `period`: the first `done_share` of the subtasks done, the
    rest started; `note` as the comment of the first subtask."""
    cut = int(len(SUBTASKS) * done_share)
    values = {
        subtask_id: SubtaskValues(
            critical=False,
            status=STATUS_CHOICES[3] if n < cut else STATUS_CHOICES[1],
            expected_completion=None,
            comment=note if n == 0 and note else None,
        )
        for n, subtask_id in enumerate(SUBTASKS)
    }
    return template_bytes(region_id, period, values=values)


def run_loaders(*args: str) -> subprocess.CompletedProcess:
    """`python -m loaders ARGS` in another process, as an operator runs it beside the
    dashboard; the completed process with its output."""
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
