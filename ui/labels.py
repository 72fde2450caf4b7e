"""Names of catalogue things in the chosen language, from the data files."""

from __future__ import annotations

import pandas as pd

from loaders import catalogue
from ui.context import language, t


def group_names() -> dict[str, str]:
    """Group code -> group name in the UI language, in roadmap order."""
    column = "name_en" if language() == "en" else "name_fi"
    return {g["group_code"]: g[column] for g in catalogue.groups()}


def region_names() -> dict[str, str]:
    """Region id -> short region name (Finnish; Swedish names are shown only in the Swedish UI,
    which does not exist yet), in the official order."""
    return catalogue.short_region_names()


def status_label(code: object) -> str:
    """A status code in words in the UI language; 'no status' for a blank."""
    return t("status_none") if code is None or pd.isna(code) else t(f"status_{code}")
