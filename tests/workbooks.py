"""Build real submission workbooks for tests, drifting from the template the way people's
files do: title rows, renamed sheets and headers, columns moved, odd values."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

from common import catalogue

HEADER = [
    "Tunnus",
    "Tehtäväkokonaisuus",
    "Tehtävä",
    "Osatehtävä",
    "Kriittinen",
    "Tila",
    "Arvioitu valmistumisaika",
    "Tilanne ja seuraavat askeleet",
    "Haasteet ja tuen tarve",
]
OBS_HEADER = ["Tyyppi", "Valmisteluryhmä", "Kuvaus", "Vakavuus", "Punainen lippu"]


def make_workbook(
    path: Path,
    *,
    region: object = "Kainuun hyvinvointialue",
    period: object = "2022-03",
    updated: object = None,
    sheets: dict[str, Sequence[Sequence[object]]] | None = None,
    header: Sequence[str] = HEADER,
    title_rows: int = 0,
    observations: Sequence[Sequence[object]] = (),
    info: bool = True,
    complete: bool = True,
) -> Path:
    """A workbook at `path`. `sheets` maps sheet name -> data rows laid out under `header`.
    With `complete` (and some group sheet given), each group that `sheets` does not name gets
    a sheet with the header only, as the template has: a group without a sheet makes the
    file partial."""
    sheets = dict(sheets or {})
    named = {catalogue.resolve_group(name) for name in sheets}
    if complete and named - {None}:
        sheets |= {code: [] for code in catalogue.GROUP_CODES if code not in named}
    book = openpyxl.Workbook()
    first = book.active
    if info:
        first.title = "Perustiedot"
        for label, value in (
            ("Hyvinvointialue", region),
            ("Raportointikuukausi", period),
            ("Täyttäjä", "Testi Täyttäjä"),
            ("Päivitetty", updated),
        ):
            first.append([label, value])
    else:
        first.title = "Muistiinpanot"
    for name, rows in (sheets or {}).items():
        sheet = book.create_sheet(name)
        for n in range(title_rows):
            sheet.append([f"{name}: tilannekuva (otsikkorivi {n + 1})"])
        if title_rows:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    notes = book.create_sheet("Huomiot")
    notes.append(OBS_HEADER)
    for row in observations:
        notes.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def row(
    subtask_id: str,
    status: object = "Valmis",
    critical: object = "Kyllä",
    expected: object = None,
    entity: object = None,
    comment: object = None,
) -> list[object]:
    """One data row in HEADER order."""
    return [subtask_id, entity, None, None, critical, status, expected, comment, None]
