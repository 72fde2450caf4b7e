"""The national page's headline: regions reporting, the national median and its change,
regions on track and open red flags as key figures, then each open red flag in a sentence.
Takes the month, the previous month, the scope, the open red flags and the region names."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_month, format_number, format_percent, format_signed
from ui.context import language, t
from ui.data import metric


def delta(
    change: float | None, previous: date | None, unit: str = "", decimals: int = 0
) -> dict[str, object]:
    """st.metric's delta arguments for a change since the `previous` month: signed text, a grey
    '±0' without an arrow when nothing moved, nothing when the change is unknown."""
    lang = language()
    if change is None or pd.isna(change):
        return {}
    since = {"delta_description": t("national_since", month=format_month(previous))}
    if round(change, decimals) == 0:
        zero = f"±{format_number(0, lang, decimals)} {unit}".strip()
        return {"delta": zero, "delta_color": "off", "delta_arrow": "off", **since}
    return {"delta": f"{format_signed(change, lang, decimals)} {unit}".strip(), **since}


def flag_sentence(region: str, months: int, flagged: int) -> str:
    """One open red flag as a sentence: who asks for support, since when, with how many
    flagged observations this month (singular and plural worded apart)."""
    count = t("national_flag_count_one" if flagged == 1 else "national_flag_count", flags=flagged)
    if months == 1:
        return t("national_flag_sentence_new", region=region, count=count)
    return t("national_flag_sentence", region=region, months=months, count=count)


def headline(
    period: date, previous: date | None, scope: str, flags: pd.DataFrame, regions: dict[str, str]
) -> None:
    """Regions reporting, the national median and its change, regions on track, red flags:
    the national pack's headline, from the same metric with the same arguments; then the
    open red flags (`flags`, as metrics.open_red_flags returns them) in sentences."""
    lang, scope_words = language(), t(f"national_scope_{scope}")
    head = metric("national_headline", period=period, scope=scope)
    cells = st.columns(4)
    cells[0].metric(
        t("national_reporting"),
        f"{head.reporting} / {head.regions}",
        help=t("national_reporting_help", month=format_month(period), total=head.regions),
        border=True,
        height="stretch",
    )
    cells[1].metric(
        t("national_median"),
        format_percent(head.median, lang),
        help=t("national_median_help", scope=scope_words),
        chart_data=[round(100 * v, 1) for v in head.medians],
        chart_type="area",
        border=True,
        height="stretch",
        **delta(head.change_pp, previous, t("national_pp"), decimals=1),
    )
    cells[2].metric(
        t("national_on_track"),
        f"{head.on_track} / {head.rated}",
        help=t("national_on_track_help"),
        border=True,
        height="stretch",
        **delta(head.on_track_change, previous),
    )
    cells[3].metric(
        t("national_flags"),
        head.flags,
        help=t("national_flags_help"),
        border=True,
        height="stretch",
        **{"delta_color": "inverse", **delta(head.flags_change, previous)},
    )
    if flags.empty:
        st.caption(t("national_no_flags"))
        return
    st.markdown(f":red-badge[:material/flag: {t('national_flags')}]")
    st.markdown(
        "\n".join(
            f"- {flag_sentence(regions[r], m, n)}"
            for r, m, n in zip(
                flags["region_id"], flags["months_open"], flags["flags"], strict=True
            )
        )
    )
