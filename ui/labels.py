"""Names of catalogue things in the chosen language, from the data files."""

from __future__ import annotations

from loaders import catalogue
from ui.context import language


def group_names() -> dict[str, str]:
    """Group code -> group name in the UI language, in roadmap order."""
    column = "name_en" if language() == "en" else "name_fi"
    return {g["group_code"]: g[column] for g in catalogue.groups()}


def region_names() -> dict[str, str]:
    """Region id -> short region name (Finnish; Swedish names are shown only in the Swedish UI,
    which does not exist yet), in the official order."""
    return {r["region_id"]: r["short_fi"] for r in catalogue.regions()}
