"""Download buttons for the packs (reports/): the PDF, PowerPoint and Excel files are built
only when a button is pressed (st.download_button with a callable), then kept for the same
data version, so a page run never waits for a pack nobody asked for."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

import duckdb
import streamlit as st

from reports.output import FORMATS, render
from ui.context import connection, language, t
from ui.data import data_version

_KEPT = 12  # packs kept in memory: a facilitator downloads a few regions in a row
_cache: OrderedDict[tuple, dict[str, bytes]] = OrderedDict()
_lock = threading.Lock()
ICONS = {
    "pdf": ":material/picture_as_pdf:",
    "pptx": ":material/slideshow:",
    "xlsx": ":material/table_view:",
}


def pack_bytes(handle: duckdb.DuckDBPyConnection, key: tuple, kind: str) -> bytes:
    """The pack named by `key` (kind, region_id, period, lang, scope, data version) as `kind`,
    built on the first request. Runs outside the script thread: no Streamlit calls here."""
    with _lock:
        files = _cache.get(key)
        if files is not None and kind in files:
            _cache.move_to_end(key)
            return files[kind]
    from reports.national_pack import national_pack
    from reports.region_pack import region_pack

    pack_kind, region_id, period, lang, scope, _version = key
    con = handle.cursor()
    try:
        if pack_kind == "region":
            pack = region_pack(con, region_id, period, lang, scope)
        else:
            pack = national_pack(con, period, lang)
    finally:
        con.close()
    data = render(pack, kind)
    with _lock:
        _cache.setdefault(key, {})[kind] = data
        _cache.move_to_end(key)
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return data


def pack_downloads(period: date, region_id: str | None = None, scope: str = "critical") -> None:
    """A row of buttons that download the region pack of `region_id` (the national report
    when None) for `period` as PDF, PPTX and Excel; a region pack counts in `scope`, the
    scope of the page it is downloaded from, so that the page and the pack agree."""
    lang, handle = language(), connection()
    pack_kind = "national" if region_id is None else "region"
    key = (pack_kind, region_id, period, lang, scope, data_version())
    # File names in the chosen language, like the sheets inside.
    stem = (
        f"{t('file_pack_national')}_{period:%Y-%m}"
        if region_id is None
        else f"{t('file_pack_region')}_{region_id}_{period:%Y-%m}"
    )
    label = t("pack_download_national" if region_id is None else "pack_download_region")
    st.caption(f"**{label}** · {t('pack_download_help', month=f'{period.month}/{period.year}')}")
    # Keyed so that the page style keeps the three buttons in one row on a phone.
    row = st.container(key="pack_downloads").columns(len(FORMATS))
    for column, (kind, (mime, _)) in zip(row, FORMATS.items(), strict=True):
        column.download_button(
            kind.upper(),
            data=lambda kind=kind: pack_bytes(handle, key, kind),
            file_name=f"{stem}.{kind}",
            mime=mime,
            key=f"pack_{pack_kind}_{kind}",
            icon=ICONS[kind],
            on_click="ignore",
            width="stretch",
        )
