"""The region page's red flag and observations: the open red flag with its flagged
observations, then every observation of the month with its themes, each with its Excel
download. Takes the region, the month, the scope, the changes (for a lowered flag), the
data-month footer and the file-name stem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_month, translate
from ui.context import language, t
from ui.data import metric
from ui.figures import prepared
from ui.lists import wrapped_table
from ui.tables import download_button

SEVERITY_ORDER = {"korkea": 0, "kohtalainen": 1, "matala": 2}


@dataclass(frozen=True)
class ObservationsView:
    """The month's observations, red flags and the most severe first: as shown (wrapped text,
    yes/no for the flag) and as downloaded, all and the flagged only."""

    shown: pd.DataFrame
    download: pd.DataFrame
    flagged_shown: pd.DataFrame
    flagged_download: pd.DataFrame


def observations_view(rows: pd.DataFrame, lang: str) -> ObservationsView:
    """One row per observation of observation_themes' result (`rows`) with its themes joined.
    Pure, so every session showing the same region, month and language shares one
    (ui.figures.prepared)."""
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
    table = observed[["kind", "text", "themes", "group_code", "severity", "red_flag"]].assign(
        kind=observed["kind"].map(lambda k: translate(f"region_kind_{k}", lang)),
        severity=observed["severity"].map(
            lambda s: "–" if pd.isna(s) else translate(f"region_severity_{s}", lang)
        ),
        group_code=observed["group_code"].fillna("–"),
    )
    # The text comes second so that it is readable without scrolling sideways.
    columns = {
        "kind": "region_col_kind",
        "text": "region_col_text",
        "themes": "region_col_themes",
        "group_code": "region_col_group",
        "severity": "region_col_severity",
        "red_flag": "region_col_flag",
    }
    columns = {field: translate(key, lang) for field, key in columns.items()}
    yes, no = translate("region_yes", lang), translate("region_no", lang)
    shown = table.assign(red_flag=[yes if f else no for f in table["red_flag"]]).rename(
        columns=columns
    )
    download = table.rename(columns=columns)
    flagged = table["red_flag"].to_numpy(dtype=bool)
    return ObservationsView(shown, download, shown[flagged], download[flagged])


def observation_sections(
    region: str, period: date, scope: str, changes: dict, footer: str, stem: str
):
    """The open red flag with its flagged observations, then all observations of the month."""
    rows = metric("observation_themes", period=period, region_id=region)
    view = prepared(observations_view, rows, language())

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
        # Whole texts in wrapped rows: a flag's reason is never cut at the column edge.
        wrapped_table(view.flagged_shown)
        download_button(view.flagged_download, f"flags_{stem}", key="region_flags_download")
    if not changes["flags_lowered"].empty:
        st.info(t("region_flag_lowered", month=format_month(changes["previous_period"])))

    st.header(t("region_observations_header", count=len(view.shown)))
    st.caption(f"{t('region_observations_caption')} {footer}")
    if view.shown.empty:
        st.info(t("region_observations_none"))
    else:
        wrapped_table(view.shown)
        download_button(view.download, f"observations_{stem}", key="region_observations_download")
