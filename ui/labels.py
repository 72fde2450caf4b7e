"""Names of catalogue things in the chosen language, from the data files."""

from __future__ import annotations

import pandas as pd

from common import catalogue
from ui.context import language, t


def group_names() -> dict[str, str]:
    """Group code -> group name in the UI language, in roadmap order."""
    column = f"name_{language()}"
    return {g["group_code"]: g[column] for g in catalogue.groups()}


def region_names() -> dict[str, str]:
    """Region id -> short region name in the official order: Swedish in the Swedish UI
    (Österbotten, Östra Nyland), Finnish otherwise (regions have no English names)."""
    return catalogue.short_region_names("sv" if language() == "sv" else "fi")


def status_label(code: object) -> str:
    """A status code in words in the UI language; 'no status' for a blank."""
    return t("status_none") if code is None or pd.isna(code) else t(f"status_{code}")


def region_text(region_id, names: dict[str, str] | None = None) -> str:
    """A region's short name for its id (looked up in `names` when given); the id itself
    when it names no region, nothing when blank."""
    names = region_names() if names is None else names
    return "" if pd.isna(region_id) else names.get(region_id, region_id)


def region_column(ids: pd.Series) -> pd.Series:
    """Region names for a column of ids (the names looked up once, not per row)."""
    names = region_names()
    return ids.map(lambda region_id: region_text(region_id, names))
