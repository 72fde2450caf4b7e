"""The risk page's list of observations: every observation of the chosen window in the words
the region wrote, filtered by theme, kind, group, region, severity and red flag and searched,
the filters and the search kept in the address. Takes the window and the theme and region
names."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_month, translate
from ui.charts_risks import filter_observations, observation_rows
from ui.context import language, t, widget_key
from ui.data import metric
from ui.labels import group_names
from ui.tables import download_button

KINDS = ("riski", "huomio", "toive")
SEVERITIES = ("korkea", "kohtalainen", "matala", "none")
# The list's filters in the address (the search is `haku`); names apart from the sidebar's.
FILTER_URL = {
    "themes": "teema",
    "kinds": "tyyppi",
    "groups": "hryhma",
    "regions": "halue",
    "severities": "vakavuus",
    "red_flags": "lippu",
}


def flag_label(flag: bool) -> str:
    """A red flag (True) or none (False) in words in the UI language."""
    return translate("risk_flag_true" if flag else "risk_flag_false", language())


def url_multiselect(where, label: str, options: list, write, key: str, url_name: str) -> list:
    """A multiselect whose choice lives in the address as repeated `url_name` (options
    written with str(), True as 'True'), like the sidebar's filters, so that a link opens
    the same list."""
    by_text = {str(option): option for option in options}
    chosen = where.multiselect(
        label,
        options,
        default=[by_text[v] for v in st.query_params.get_all(url_name) if v in by_text],
        format_func=write,
        key=key,
        placeholder=t("risk_any"),
    )
    if chosen:
        st.query_params[url_name] = [str(option) for option in chosen]
    else:
        st.query_params.pop(url_name, None)
    return chosen


def observation_list(
    period: date,
    first: date,
    window: str,
    data_month: str,
    names: dict[str, str],
    regions: dict[str, str],
) -> None:
    """Every observation of the window from `first` to `period` (written `window`), one row
    each, filtered by the widgets and searched, with the count shown and the Excel download;
    `names` are the theme names, `regions` the region names."""
    lang = language()
    st.header(t("risk_list_title", window=window))
    observed = metric("observation_themes")
    in_window = observed["period"].between(pd.Timestamp(first), pd.Timestamp(period))
    rows = observation_rows(observed[in_window], names)
    groups = group_names()
    # (argument of filter_observations, label key, options, how an option is written, widget key)
    filter_widgets = (
        ("themes", "risk_filter_theme", list(names), names.get, "risk_theme"),
        (
            "kinds",
            "risk_filter_kind",
            list(KINDS),
            lambda k: translate(f"risk_kind_{k}", lang),
            "risk_kind",
        ),
        (
            "groups",
            "risk_filter_group",
            [*groups, "none"],
            lambda g: translate("risk_no_group", lang) if g == "none" else f"{g} – {groups[g]}",
            "risk_group",
        ),
        ("regions", "risk_filter_region", list(regions), regions.get, "risk_region"),
        (
            "severities",
            "risk_filter_severity",
            list(SEVERITIES),
            lambda s: translate(f"risk_severity_{s}", lang),
            "risk_severity",
        ),
        ("red_flags", "risk_filter_flag", [True, False], flag_label, "risk_flag"),
    )
    columns = st.columns(3)
    chosen = {
        argument: url_multiselect(
            columns[index % 3], t(label), options, write, widget_key(key), FILTER_URL[argument]
        )
        for index, (argument, label, options, write, key) in enumerate(filter_widgets)
    }
    search = st.text_input(
        t("risk_search"),
        value=st.query_params.get("haku", ""),
        help=t("risk_search_help"),
        key="risk_search",
    )
    if search:
        st.query_params["haku"] = search
    else:
        st.query_params.pop("haku", None)
    shown = filter_observations(rows, **chosen, search=search)
    st.write(t("risk_list_count", shown=len(shown), total=len(rows)))

    # Newest first; within a month the official region order the metric returns.
    shown = shown.sort_values("period", ascending=False, kind="stable")
    table = pd.DataFrame(
        {
            t("risk_col_month"): [format_month(p) for p in shown["period"]],
            t("risk_col_region"): shown["region_id"].map(regions),
            t("risk_col_text"): shown["text"],
            t("risk_col_themes"): shown["themes"],
            t("risk_col_kind"): [t(f"risk_kind_{k}") for k in shown["kind"]],
            t("risk_col_severity"): [
                t(f"risk_severity_{s}") for s in shown["severity"].fillna("none")
            ],
            t("risk_col_flag"): [flag_label(f) for f in shown["red_flag"]],
            t("risk_col_group"): shown["group_code"].fillna(""),
        }
    )
    if shown.empty:
        st.info(t("risk_list_none"))
    else:
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=min(600, 40 + 35 * len(table)),
            key="risk_table",
            column_config={
                t("risk_col_month"): st.column_config.TextColumn(width="small"),
                t("risk_col_region"): st.column_config.TextColumn(width="medium"),
                t("risk_col_text"): st.column_config.TextColumn(width="large"),
                t("risk_col_themes"): st.column_config.TextColumn(width="medium"),
            },
        )
        # The download keeps the month as a date, so Excel sorts and filters it as one.
        download = table.assign(**{t("risk_col_month"): shown["period"].dt.date.to_list()})
        download_button(
            download,
            f"{t('file_observations')}-{period:%Y-%m}",
            key="risk_download",
            sheet=t("file_observations_sheet"),
        )
    st.caption(f"{t('risk_list_caption')} {data_month}")
