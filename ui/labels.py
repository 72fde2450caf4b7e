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
