"""How the blank submission workbook looks and reads: fonts, fills, column widths, drop-down
lists and the Finnish instructions sheet. `loaders.template.writer` decides what goes in the cells;
this module only dresses them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.reading.workbook_format import (
    FORMAT_VERSION,
    KIND_CHOICES,
    OBSERVATION_COLUMNS,
    SEVERITY_CHOICES,
    STATUS_CHOICES,
    SUBTASK_COLUMNS,
)

DATE_FORMAT = "d.m.yyyy"
DATETIME_FORMAT = "d.m.yyyy h:mm"
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ROW = 2  # row 1 holds the sheet title

# Column widths in Excel character units, by canonical column key.
WIDTHS = {
    "subtask_id": 13, "entity": 32, "task": 40, "subtask": 50, "critical": 11,
    "status": 17, "expected_completion": 16, "comment": 45, "challenges": 45,
    "kind": 12, "group": 17, "text": 70, "severity": 14, "red_flag": 14,
}  # fmt: skip
WRAPPED = {"entity", "task", "subtask", "comment", "challenges", "text"}
# Text cells even when empty: Excel and LibreOffice in a Finnish locale turn a typed
# "6/2022" or "kesäkuu 2022" into the date 1.6.2022, and the month's meaning (its end) is
# lost before the loader sees it. In a text cell the month stays as typed.
TEXT_COLUMNS = {"expected_completion"}


def style_value(cell, value: object) -> None:
    """Write `value` to `cell`; dates get a Finnish date format, text stays text, and an empty
    string leaves the cell empty."""
    cell.value = None if value == "" else value
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value:
        # "@" keeps Excel from turning "3/2022" into a date when someone edits the cell.
        cell.number_format = "@"


def write_pairs(sheet: Worksheet, pairs: Sequence[tuple[str, object]]) -> None:
    """Label/value rows from row 1: bold labels in column A, values in column B."""
    for row, (label, value) in enumerate(pairs, start=1):
        sheet.cell(row=row, column=1, value=label).font = BOLD
        style_value(sheet.cell(row=row, column=2), value)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 45


def write_table(
    sheet: Worksheet,
    title: str,
    columns: Mapping[str, str],
    rows: Sequence[Sequence[object]],
    choices: Mapping[str, Sequence[str]],
    spare_rows: int = 0,
) -> None:
    """A titled table: the title in row 1, the header labels of `columns` (key -> label) in
    HEADER_ROW, then `rows` and `spare_rows` empty rows, all styled; drop-down lists on the
    columns named in `choices`, frozen panes and an auto filter."""
    sheet.cell(row=1, column=1, value=title).font = TITLE_FONT
    last = HEADER_ROW + len(rows) + spare_rows
    for col, (key, label) in enumerate(columns.items(), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[key]
        header = sheet.cell(row=HEADER_ROW, column=col, value=label)
        header.font, header.fill, header.alignment = BOLD, HEADER_FILL, WRAP_TOP
        for row in range(HEADER_ROW + 1, last + 1):
            body = sheet.cell(row=row, column=col)
            body.alignment = WRAP_TOP if key in WRAPPED else TOP
            if key in TEXT_COLUMNS:
                body.number_format = "@"
        if key in choices:
            add_choices(sheet, col, choices[key], HEADER_ROW + 1, last)
    for row, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            style_value(sheet.cell(row=row, column=col), value)
    # Below the header and right of the first column (Tunnus), so ids stay in view.
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"


def add_choices(
    sheet: Worksheet, column: int, choices: Iterable[str], first_row: int, last_row: int
) -> DataValidation:
    """A drop-down list on one column's rows. Lenient: people may still type a synonym
    (the loader maps them), so Excel shows no error."""
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=False,
        errorStyle="warning",
    )
    letter = get_column_letter(column)
    validation.add(f"{letter}{first_row}:{letter}{max(first_row, last_row)}")
    sheet.add_data_validation(validation)
    return validation


_SUBTASK_MEANINGS = {
    "subtask_id": "Osatehtävän tunnus tiekartassa (valmisteluryhmä-tehtäväkokonaisuus-numero). "
    "Älä muuta.",
    "entity": "Tiekartan tehtäväkokonaisuus. Tiedoksi.",
    "task": "Tiekartan tehtävä. Tiedoksi.",
    "subtask": "Tiekartan osatehtävä. Tiedoksi.",
    "critical": "Kyllä, jos osatehtävän on oltava valmis, jotta alue voi aloittaa 1.1.2023. "
    "Kriittisyys on alueen oma arvio; pohjassa on valmiina edellinen arvio, jota voi muuttaa.",
    "status": "Osatehtävän tilanne alla olevan asteikon mukaan. Tyhjä = ei raportoitu.",
    "expected_completion": "Kuukausi (esim. 3/2022 tai maaliskuu 2022) tarkoittaa kuukauden "
    "loppua; myös päivämäärä (31.3.2022), vuosineljännes (Q2/2022) tai vuodenaika (kevät 2022) "
    "käy. Sarake on tekstimuotoinen, jotta kuukausi ei muutu kuun 1. päiväksi: jos liität "
    "arvoja muualta tai sarakkeen muoto on muuttunut, kirjoita koko päivämäärä (31.3.2022).",
    "comment": "Missä ollaan, onko sovitut asiat tehty ja mitä tehdään seuraavaksi.",
    "challenges": "Haasteet ja kysymykset, jotka halutaan ratkaista yhdessä, ja tuen tarve.",
}
# In the order of STATUS_CHOICES, so the labels themselves are spelled in one place.
_STATUS_MEANINGS = (
    "Työtä ei ole aloitettu.",
    "Työ on käynnissä, mutta suurin osa on vielä tekemättä.",
    "Työ on edennyt pitkälle ja valmistuminen on lähellä.",
    "Osatehtävä on tehty.",
    "Osatehtävä ei koske aluetta; se jätetään valmiusasteen laskennan ulkopuolelle.",
)
_OBSERVATION_MEANINGS = {
    "kind": "Havainnon tyyppi: " + " / ".join(KIND_CHOICES) + ".",
    "group": "Valmisteluryhmä, jota asia koskee (tunnus, esim. HTT). Tyhjä = koko alue.",
    "text": "Asian kuvaus.",
    "severity": "Vakavuus: " + " / ".join(SEVERITY_CHOICES) + ".",
    "red_flag": "Kyllä, kun alue pyytää tukea asian ratkaisemiseen. Punainen lippu nostetaan "
    "kuukausikeskustelun asialistalle.",
}


def instruction_rows(group_sheets: Mapping[str, str]) -> list[tuple[str, str]]:
    """The instructions as (heading or label, text) rows; a row with empty text is a heading."""
    rows: list[tuple[str, str]] = [
        (f"Tilannekuvapohja, versio {FORMAT_VERSION}: ohjeet", ""),
        ("Kuka täyttää", "Hyvinvointialueen valmisteluryhmien jäsenet, kukin oman ryhmänsä "
         "välilehdelle. Alue palauttaa yhden työkirjan kuukaudessa."),
        ("Määräaika", "Kuukauden 5. päivä tai, jos se ei ole arkipäivä, seuraava arkipäivä."),
        ("Perustiedot", "Täytä täyttäjä ja päivityspäivä. Alue ja raportointikuukausi ovat "
         "valmiina."),
        ("Välilehdet", "; ".join(f"{code} = {name}" for code, name in group_sheets.items())),
        ("Sarakkeet", ""),
    ]  # fmt: skip
    rows += [(SUBTASK_COLUMNS[key], text) for key, text in _SUBTASK_MEANINGS.items()]
    rows.append(("Tila-asteikko", ""))
    rows += list(zip(STATUS_CHOICES, _STATUS_MEANINGS, strict=True))
    rows.append(("Huomiot-välilehti", ""))
    rows += [(OBSERVATION_COLUMNS[key], text) for key, text in _OBSERVATION_MEANINGS.items()]
    rows += [
        ("Huomioitavaa", ""),
        ("Pudotusvalikot", "Valikon sanat ovat suosituksia; myös tavalliset ilmaisut "
         "(esim. kesken, 50 %) hyväksytään."),
        ("Nimet", "Älä nimeä välilehtiä tai otsikkorivin sarakkeita uudelleen. Lukija sietää "
         "muutoksia, mutta alkuperäiset nimet varmistavat, että tiedot luetaan oikein."),
    ]  # fmt: skip
    return rows


def write_instructions(
    sheet: Worksheet,
    group_sheets: Mapping[str, str],
    rows: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Fill the instructions sheet: labels in column A, explanations in column B; `rows`
    (default: the Finnish instruction_rows) as (label, text) pairs."""
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    rows = instruction_rows(group_sheets) if rows is None else rows
    for row, (label, text) in enumerate(rows, start=1):
        head = sheet.cell(row=row, column=1, value=label)
        head.font = TITLE_FONT if row == 1 else BOLD
        head.alignment = TOP
        if text:
            sheet.cell(row=row, column=2, value=text).alignment = WRAP_TOP
