"""Words and numbers the packs print, in the pack's language: labels from data/i18n/packs.csv
(and the shared ones) through common.texts, months, dates and signed changes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from common import catalogue
from common.texts import (
    LANGUAGES,
    format_day,
    format_month,
    format_number,
    format_percent,
    translate,
)


@dataclass(frozen=True)
class Words:
    """Translation and number formatting bound to one language ('fi', 'sv' or 'en')."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.lang!r}")

    def __call__(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

    def percent(self, rate: float | None, decimals: int = 1) -> str:
        """A 0–1 rate as '63,5 %' (fi) or '63.5%' (en); '–' when unknown."""
        return format_percent(rate, self.lang, decimals)

    def number(self, value: float, decimals: int = 1) -> str:
        return format_number(value, self.lang, decimals)

    def signed_pp(self, change: float | None) -> str:
        """A change in percentage points with its sign ('+4,5 %-yks.'); '–' when unknown."""
        if change is None or pd.isna(change):
            return "–"
        change = round(float(change), 1) or 0.0  # -0.04 would otherwise read '-0,0'
        sign = "+" if change > 0 else ("±" if change == 0 else "")
        return self("region_pp", value=sign + self.number(change, 1))

    def status(self, code: object) -> str:
        """A status code in words; 'no status' for a blank."""
        return self("status_none") if code is None or pd.isna(code) else self(f"status_{code}")

    def groups(self) -> dict[str, str]:
        """Group code -> name in the language, in roadmap order."""
        return {g["group_code"]: g[f"name_{self.lang}"] for g in catalogue.groups()}

    def regions(self) -> dict[str, str]:
        """Region id -> short name in the language (Swedish or Finnish), in official order."""
        return region_names(self.lang)


month_text = format_month  # the packs write months and days as the dashboard does
day_text = format_day


def region_names(lang: str = "fi") -> dict[str, str]:
    """Region id -> short name, Swedish for 'sv' and Finnish otherwise, in the official order
    (as the dashboard shows)."""
    return catalogue.short_region_names(lang)
