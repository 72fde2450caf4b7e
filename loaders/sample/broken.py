"""Deliberately broken files for the upload page's demo and for tests, each named for what is
wrong with it. The loader must reject every one with the reason given in BROKEN."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from common import catalogue
from loaders.reading.workbook_format import INFO_SHEET
from loaders.sample.data import rng
from loaders.sample.render import Mess, apply_mess
from loaders.template.writer import build_workbook

# File name -> the key (data/messages.csv) of the problem that rejects it.
BROKEN = {
    "rikki_satunnaiset_tavut.xlsx": "corrupt",
    "rikki_katkennut.xlsx": "corrupt",
    "rikki_csv_uudelleennimetty.xlsx": "not_xlsx",
    "rikki_vanha_xls_uudelleennimetty.xlsx": "xls",
    "rikki_tyhja.xlsx": "empty_file",
    "rikki_tuntematon_alue.xlsx": "unknown_region",
    "rikki_ei_kuukautta.xlsx": "no_period",
    "rikki_ei_perustietoja.xlsx": "no_info_sheet",
    "rikki_ei_ryhmavalilehtia.xlsx": "no_group_sheets",
}
UNKNOWN_REGION = "Tampereen hyvinvointialue"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _workbook_bytes(region_id: str, period: date, edit=None) -> bytes:
    """The template's bytes, after `edit(book)` when given."""
    book = build_workbook(region_id, period, filled_by="Testi", updated=datetime(2022, 3, 2, 9))
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _drop_groups(book) -> None:
    for code in catalogue.GROUP_CODES:
        del book[code]


def _drop_info(book) -> None:
    del book[INFO_SHEET]


def broken_contents(seed: int) -> dict[str, bytes]:
    """File name -> bytes, for every file of BROKEN."""
    r = rng(seed, "broken")
    region_id = r.choice([region["region_id"] for region in catalogue.regions()])
    period = date(2022, 3, 1)
    sound = _workbook_bytes(region_id, period)
    csv_text = "Tunnus;Tila;Arvioitu valmistumisaika\nHTT-A-1.1;Valmis;31.3.2022\n"
    return {
        "rikki_satunnaiset_tavut.xlsx": _ZIP_MAGIC + r.randbytes(4096),
        "rikki_katkennut.xlsx": sound[: len(sound) * 3 // 5],
        "rikki_csv_uudelleennimetty.xlsx": csv_text.encode("utf-8"),
        "rikki_vanha_xls_uudelleennimetty.xlsx": _OLE2_MAGIC + r.randbytes(2048),
        "rikki_tyhja.xlsx": b"",
        "rikki_tuntematon_alue.xlsx": _workbook_bytes(
            region_id, period, lambda book: apply_mess(book, Mess(region_cell=UNKNOWN_REGION))
        ),
        "rikki_ei_kuukautta.xlsx": _workbook_bytes(
            region_id, period, lambda book: apply_mess(book, Mess(period_cell=""))
        ),
        "rikki_ei_perustietoja.xlsx": _workbook_bytes(region_id, period, _drop_info),
        "rikki_ei_ryhmavalilehtia.xlsx": _workbook_bytes(region_id, period, _drop_groups),
    }


def write_broken(folder: Path, seed: int) -> dict[Path, str]:
    """Write the broken files into `folder`; returns path -> expected problem key."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, content in broken_contents(seed).items():
        path = folder / name
        path.write_bytes(content)
        written[path] = BROKEN[name]
    return written
