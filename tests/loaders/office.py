"""A filled Kainuu 2022-05 workbook made from the project's own template, what its cells say
(read back with openpyxl, independently of the loader), what the database says after a
load, and LibreOffice headless to save it the way a region's office suite does."""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from common import catalogue
from loaders.reading.normalise import kind_labels, severity_labels
from loaders.reading.workbook_format import STATUS_CHOICES, STATUS_CODES
from loaders.template.writer import ObservationValues, SubtaskValues, write_workbook

SOFFICE = "/usr/bin/soffice"
REGION, PERIOD = "kainuu", date(2022, 5, 1)
# Typed months as text (the template's column is text) and their meaning: the month's end.
MONTHS = {
    "6/2022": date(2022, 6, 30),
    "kesäkuu 2022": date(2022, 6, 30),
    "Q3/2022": date(2022, 9, 30),
}
EXPECTED = [date(2022, 5, 31), "6/2022", "kesäkuu 2022", None, "Q3/2022"]


def require_office() -> None:
    """Skip without LibreOffice, but fail where CI promises it (TILANNEKUVA_REQUIRE_OFFICE)."""
    if not Path(SOFFICE).exists():
        if os.environ.get("TILANNEKUVA_REQUIRE_OFFICE"):
            pytest.fail(f"{SOFFICE} is missing but TILANNEKUVA_REQUIRE_OFFICE is set")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")


def convert(sources: list[Path], target: str, out: Path) -> list[Path]:
    """`sources` saved by LibreOffice headless as `target` ('ods', 'xls:MS Excel 97', ...)
    into `out`, in one call; a profile of its own so parallel runs do not clash."""
    require_office()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tilannekuva-office-") as profile:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    suffix = target.split(":")[0]
    made = [out / f"{source.stem}.{suffix}" for source in sources]
    assert all(path.exists() for path in made), made
    return made


def filled_values(fill_every: int = 1) -> dict[str, SubtaskValues]:
    """Statuses, dates and comments for the subtasks (every `fill_every`th one filled)."""
    values = {}
    for n, subtask in enumerate(catalogue.subtasks()):
        if n % fill_every:
            continue
        values[subtask.subtask_id] = SubtaskValues(
            critical=n % 3 == 0,
            status=STATUS_CHOICES[n % len(STATUS_CHOICES)] if n % 7 else None,
            expected_completion=EXPECTED[n % len(EXPECTED)],
            comment=f"Tilanne {n}: työryhmä kokoontuu, ääkköset ja rivinvaihto\ntoinen rivi"
            if n % 4 == 0
            else None,
        )
    return values


OBSERVATIONS = [
    ObservationValues(
        "Riski", "ICT", "Rahoitus ei riitä järjestelmien yhdistämiseen", "Korkea", True
    ),
    ObservationValues("Toive", "JO", "Toivomme vertailua muihin alueisiin", "Matala", False),
]


def filled_workbook(path: Path, fill_every: int = 1, **kwargs) -> Path:
    """The template for Kainuu 2022-05, filled in (updated 3.6.2022 unless `updated` is given)."""
    kwargs.setdefault("updated", datetime(2022, 6, 3, 9, 30))
    return write_workbook(
        path,
        REGION,
        PERIOD,
        values=filled_values(fill_every),
        observations=OBSERVATIONS,
        filled_by="Testi Täyttäjä",
        **kwargs,
    )


def workbook_content(path: Path) -> tuple[dict, list]:
    """What the workbook's own cells say, read with openpyxl: subtask id -> (status code,
    expected completion as a date, comment) for every row of every group sheet, and the
    observations as (kind, group, text, severity, red flag)."""
    book = openpyxl.load_workbook(path)
    status = dict(zip(STATUS_CHOICES, STATUS_CODES, strict=True))
    statuses = {}
    for code in catalogue.GROUP_CODES:
        rows = list(book[code].iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r[0] == "Tunnus")
        columns = {label: i for i, label in enumerate(rows[header])}
        for r in rows[header + 1 :]:
            expected = r[columns["Arvioitu valmistumisaika"]]
            if isinstance(expected, datetime):
                expected = expected.date()
            elif isinstance(expected, str):
                expected = MONTHS[expected]
            statuses[r[0]] = (
                status.get(r[columns["Tila"]]),
                expected,
                r[columns["Tilanne ja seuraavat askeleet"]],
            )
    kinds = {label: code for code, label in kind_labels("fi").items()}
    severities = {label: code for code, label in severity_labels("fi").items()}
    observations = [
        (kinds[r[0]], r[1], r[2], severities[r[3]], r[4] == "Kyllä")
        for r in list(book["Huomiot"].iter_rows(values_only=True))[2:]
        if r[0]
    ]
    return statuses, observations


def stored_content(con) -> tuple[dict, list]:
    """The same as workbook_content, from the views the pages read."""
    statuses = {
        subtask_id: (status, expected, comment)
        for subtask_id, status, expected, comment in con.execute(
            "SELECT subtask_id, status, expected_completion, comment FROM v_subtask_status "
            "WHERE region_id = ? AND period = ? AND source_row IS NOT NULL",
            [REGION, PERIOD],
        ).fetchall()
    }
    observations = con.execute(
        "SELECT kind, group_code, text, severity, red_flag FROM v_observations "
        "WHERE region_id = ? AND period = ? ORDER BY kind",
        [REGION, PERIOD],
    ).fetchall()
    return statuses, observations
