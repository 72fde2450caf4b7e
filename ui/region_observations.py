"""The region page's red flag and observations: the open red flag with its flagged
observations, then every observation of the month with its themes, each with its Excel
download. Takes the region, the month, the scope, the changes (for a lowered flag), the
data-month footer and the file-name stem."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_month
from ui.context import language, t
from ui.data import metric
from ui.lists import wrapped_table
from ui.tables import download_button

SEVERITY_ORDER = {"korkea": 0, "kohtalainen": 1, "matala": 2}


def observation_table(region: str, period: date) -> pd.DataFrame:
    """One row per observation of the month with its themes joined, red flags and the most
    severe first. Columns: kind, text, themes (names), group_code, severity, red_flag."""
    lang = language()
    rows = metric("observation_themes", period=period, region_id=region)
    keys = ["kind", "group_code", "text", "severity", "red_flag"]
    observed = (
        rows.groupby(keys, dropna=False, sort=False)
        .agg(
            themes=(f"name_{lang}", lambda names: ", ".join(dict.fromkeys(names))),
            rows=("theme", "size"),
            distinct=("theme", "nunique"),
        )
        .reset_index()
    )
    # Two identical observations share their theme rows; repeat them so neither is lost.
    observed = observed.loc[observed.index.repeat(observed["rows"] // observed["distinct"])]
    observed = observed.assign(
        order=observed["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER))
    ).sort_values(["red_flag", "order"], ascending=[False, True], kind="stable")
    return observed[["kind", "text", "themes", "group_code", "severity", "red_flag"]].assign(
        kind=observed["kind"].map(lambda k: t(f"region_kind_{k}")),
        severity=observed["severity"].map(
            lambda s: "–" if pd.isna(s) else t(f"region_severity_{s}")
        ),
        group_code=observed["group_code"].fillna("–"),
    )


def observation_sections(
    region: str, period: date, scope: str, changes: dict, footer: str, stem: str
):
    """The open red flag with its flagged observations, then all observations of the month."""
    table = observation_table(region, period)
    # The text comes second so that it is readable without scrolling sideways.
    columns = {
        "kind": t("region_col_kind"),
        "text": t("region_col_text"),
        "themes": t("region_col_themes"),
        "group_code": t("region_col_group"),
        "severity": t("region_col_severity"),
        "red_flag": t("region_col_flag"),
    }
    shown = table.assign(
        red_flag=table["red_flag"].map(lambda f: t("region_yes") if f else t("region_no"))
    ).rename(columns=columns)

    st.header(t("region_flags_header"))
    flag = metric("region_headline", region_id=region, period=period, scope=scope).flag
    if flag is None:
        st.success(t("region_flag_none"))
    else:
        st.error(
            t(
                "region_flag_open",
                flags=int(flag["flags"]),
                raised=format_month(flag["raised"]),
                months=int(flag["months_open"]),
            ),
            icon=":material/flag:",
        )
        flagged = table["red_flag"].to_numpy(dtype=bool)
        download = table[flagged].rename(columns=columns)
        # Whole texts in wrapped rows: a flag's reason is never cut at the column edge.
        wrapped_table(shown[flagged])
        download_button(download, f"flags_{stem}", key="region_flags_download")
    if not changes["flags_lowered"].empty:
        st.info(t("region_flag_lowered", month=format_month(changes["previous_period"])))

    st.header(t("region_observations_header", count=len(table)))
    st.caption(f"{t('region_observations_caption')} {footer}")
    if table.empty:
        st.info(t("region_observations_none"))
    else:
        download = table.rename(columns=columns)
        wrapped_table(shown)
        download_button(download, f"observations_{stem}", key="region_observations_download")
