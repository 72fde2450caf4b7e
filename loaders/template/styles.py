"""How the blank submission workbook looks and reads: fonts, fills, column widths, drop-down
lists and the Finnish instructions sheet. `loaders.template.writer` decides what goes in the cells;
this module only dresses them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loaders.reading.workbook_format import (
    FORMAT_VERSION,
    KIND_CHOICES,
    OBSERVATION_COLUMNS,
    SEVERITY_CHOICES,
    STATUS_CHOICES,
    SUBTASK_COLUMNS,
)

if TYPE_CHECKING:
    from loaders.template.book import Sheet

DATE_FORMAT = "d.m.yyyy"
DATETIME_FORMAT = "d.m.yyyy h:mm"
TEXT_FORMAT = "@"
HEADER_ROW = 2  # row 1 holds the sheet title


@dataclass(frozen=True)
class Look:
    """How a cell looks; `number_format` applies while the cell is empty (a value brings its
    own: a date format for dates, text for strings)."""

    bold: bool = False
    size: int = 11
    fill: str | None = None  # RGB of a solid fill
    wrap: bool = False
    top: bool = False
    number_format: str | None = None


LOOKS = {
    "plain": Look(),
    "bold": Look(bold=True),
    "title": Look(bold=True, size=13),
    "header": Look(bold=True, fill="DDEBF7", wrap=True, top=True),
    "top": Look(top=True),
    "wrap": Look(wrap=True, top=True),
    # Text cells even when empty: Excel and LibreOffice in a Finnish locale turn a typed
    # "6/2022" or "kesäkuu 2022" into the date 1.6.2022, and the month's meaning (its end) is
    # lost before the loader sees it. In a text cell the month stays as typed.
    "text": Look(top=True, number_format=TEXT_FORMAT),
    "heading": Look(bold=True, size=13, top=True),
    "label": Look(bold=True, top=True),
}

# Column widths in Excel character units, by canonical column key.
WIDTHS = {
    "subtask_id": 13, "entity": 32, "task": 40, "subtask": 50, "critical": 11,
    "status": 17, "expected_completion": 16, "comment": 45, "challenges": 45,
    "kind": 12, "group": 17, "text": 70, "severity": 14, "red_flag": 14,
}  # fmt: skip
WRAPPED = {"entity", "task", "subtask", "comment", "challenges", "text"}
TEXT_COLUMNS = {"expected_completion"}


def body_look(key: str) -> str:
    """The look of a table's body cells in the column `key`."""
    return "text" if key in TEXT_COLUMNS else "wrap" if key in WRAPPED else "top"


def write_pairs(sheet: Sheet, pairs: Sequence[tuple[str, object]]) -> None:
    """Label/value rows from row 1: bold labels in column A, values in column B."""
    for row, (label, value) in enumerate(pairs, start=1):
        sheet.set(row, 1, label, "bold")
        sheet.set(row, 2, value)
    sheet.widths |= {1: 22, 2: 45}


def write_table(
    sheet: Sheet,
    title: str,
    columns: Mapping[str, str],
    rows: Sequence[Sequence[object]],
    choices: Mapping[str, Sequence[str]],
    spare_rows: int = 0,
) -> None:
    """A titled table: the title in row 1, the header labels of `columns` (key -> label) in
    HEADER_ROW, then `rows` and `spare_rows` empty rows, all styled; drop-down lists on the
    columns named in `choices`, frozen panes and an auto filter."""
    sheet.set(1, 1, title, "title")
    last = HEADER_ROW + len(rows) + spare_rows
    cells = sheet.cells
    for col, (key, label) in enumerate(columns.items(), start=1):
        sheet.widths[col] = WIDTHS[key]
        cells[HEADER_ROW, col] = (label, "header")
        look = body_look(key)
        values = [row[col - 1] for row in rows] + [None] * spare_rows
        for row, value in enumerate(values, start=HEADER_ROW + 1):
            cells[row, col] = (None if value == "" else value, look)
        if key in choices:
            first = HEADER_ROW + 1
            sheet.add_choices(col, first, max(first, last), choices[key])
    # Below the header and right of the first column (Tunnus), so ids stay in view.
    sheet.freeze = (HEADER_ROW + 1, 2)
    sheet.filter = (HEADER_ROW, 1, last, len(columns))


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
    sheet: Sheet,
    group_sheets: Mapping[str, str],
    rows: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Fill the instructions sheet: labels in column A, explanations in column B; `rows`
    (default: the Finnish instruction_rows) as (label, text) pairs."""
    sheet.widths |= {1: 28, 2: 90}
    rows = instruction_rows(group_sheets) if rows is None else rows
    for row, (label, text) in enumerate(rows, start=1):
        sheet.set(row, 1, label, "heading" if row == 1 else "label")
        if text:
            sheet.set(row, 2, text, "wrap")
