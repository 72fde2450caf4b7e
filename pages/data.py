"""Aineisto ja laatu: who submitted which month and when, what the loader found in every
file, blank templates per region, and uploading a filled workbook through the same loader."""

import pandas as pd
import streamlit as st

from common.texts import format_month
from ui.auth import current_scope
from ui.charts_data import STATE_STYLE, state_symbol, tracker_heatmap
from ui.context import connection, language, t
from ui.data import metric
from ui.figures import prepared
from ui.labels import region_column, region_names, region_text
from ui.load_problems import draw_log
from ui.plain_text import escape_markdown
from ui.tables import download_button
from ui.upload import template_file, template_months
from ui.upload_panel import draw_upload
from ui.writes import refused_uploads

DATETIME = "D.M.YYYY HH:mm"


def draw_tracker(periods: list) -> None:
    states = metric("submission_states")
    labels = {code: t(f"data_state_{code}") for code in STATE_STYLE}
    lang = language()
    fig = prepared(tracker_heatmap, states, region_names(), labels, t("data_tracker_title"), lang)
    st.plotly_chart(fig, key="data_tracker_chart", config={"displaylogo": False})
    span = f"{format_month(periods[0])}–{format_month(periods[-1])}"
    st.caption(f"{t('data_tracker_caption')} {t('data_month', month=span)}")
    latest = states[states["period"] == pd.Timestamp(periods[-1])]
    counts = latest["state"].value_counts()
    st.write(
        t(
            "data_tracker_summary",
            month=format_month(periods[-1]),
            total=len(latest),
            **{code: int(counts.get(code, 0)) for code in STATE_STYLE},
        )
    )
    with st.expander(t("data_tracker_table")):
        cells = states.assign(
            region=region_column(states["region_id"]),
            month=states["period"].map(format_month),
            label=[f"{state_symbol(s)} {labels[s]}" for s in states["state"]],
        )
        grid = cells.pivot(index="region", columns="month", values="label")
        grid = grid.reindex(index=list(dict.fromkeys(cells["region"])))
        grid = grid[list(dict.fromkeys(cells["month"]))].reset_index()
        grid = grid.rename(columns={"region": t("data_col_region")})
        grid.columns.name = None
        st.dataframe(grid, hide_index=True, key="data_tracker_table")
        download_button(grid, "toimitukset", key="data_tracker_download")


def draw_files(files: pd.DataFrame) -> None:
    st.header(t("data_files_title"))
    st.caption(t("data_files_caption"))
    shown = pd.DataFrame(
        {
            t("data_col_file"): files["file_name"],
            t("data_col_region"): region_column(files["region_id"]),
            t("data_col_month"): files["period"].map(format_month),
            t("data_col_status"): files["status"].map(lambda s: t(f"data_outcome_{s}")),
            t("data_col_superseded"): files["superseded"],
            t("data_col_reported"): files["reported_at"],
            t("data_col_loaded"): files["loaded_at"],
            t("data_col_errors"): files["errors"],
            t("data_col_warnings"): files["warnings"],
        }
    )
    config = {
        t("data_col_file"): st.column_config.TextColumn(width="medium"),
        t("data_col_reported"): st.column_config.DatetimeColumn(format=DATETIME),
        t("data_col_loaded"): st.column_config.DatetimeColumn(format=DATETIME),
    }
    st.dataframe(shown, hide_index=True, key="data_files_table", column_config=config)
    download_button(shown, "tiedostot", key="data_files_download")


def draw_thin(thin: pd.DataFrame) -> None:
    """The resubmissions that fill clearly less than the file they replaced: a facilitator
    calls the region (the loader logged a warning for each, too)."""
    lines = [
        t(
            "data_thin_line",
            region=region_text(row.region_id),
            month=format_month(row.period),
            file=escape_markdown(row.file_name or ""),
            filled=row.filled,
            replaced_file=escape_markdown(row.replaced_file or ""),
            replaced_filled=row.replaced_filled,
        )
        for row in thin.itertuples()
    ]
    st.warning("\n\n".join([t("data_thin_title"), *lines]))


def draw_refused() -> None:
    """Uploads refused to a region's user, with who sent them: for the ministry and the
    facilitators only, and never as a region's submission (a refused file may name another
    region, or none)."""
    refused = refused_uploads()
    if refused.empty:
        return
    st.subheader(t("data_refused_title", count=len(refused)))
    st.caption(t("data_refused_caption"))
    shown = pd.DataFrame(
        {
            t("data_col_received"): refused["received_at"],
            t("data_col_file"): refused["file_name"],
            t("data_col_sent_by"): refused["who"],
            t("data_col_claimed"): region_column(refused["region_id"]),
            t("data_col_month"): refused["period"].map(format_month),
        }
    )
    config = {t("data_col_received"): st.column_config.DatetimeColumn(format=DATETIME)}
    st.dataframe(shown, hide_index=True, key="data_refused_table", column_config=config)


def draw_template(periods: list) -> None:
    st.header(t("data_template_title"))
    st.caption(t("data_template_caption"))
    viewer = current_scope()
    # A region's user gets only their own region's template (it is pre-filled with its texts).
    regions = {r: n for r, n in region_names().items() if viewer.can_upload_for(r)}
    months, default = template_months(periods)
    left, right, button = st.columns([2, 1, 1], vertical_alignment="bottom")
    region_id = left.selectbox(
        t("data_template_region"), options=list(regions), format_func=regions.get, key="tpl_region"
    )
    period = right.selectbox(
        t("data_template_month"),
        options=months,
        index=months.index(default),
        format_func=format_month,
        key="tpl_period",
    )
    con = connection()
    button.download_button(
        t("data_template_download"),
        # Built only when clicked: a whole workbook on every rerun would slow the page.
        data=lambda: template_file(con, region_id, period),
        file_name=f"tilannekuva_{region_id}_{period:%Y-%m}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tpl_download",
        icon=":material/download:",
        on_click="ignore",  # the page stays as it is while the file comes
    )


st.title(t("data_title"))
st.caption(t("data_intro"))
periods = metric("available_periods")
tracker_tab, log_tab, files_tab = st.tabs(
    [t("data_tab_tracker"), t("data_tab_log"), t("data_tab_files")]
)
with tracker_tab:
    if periods:
        draw_tracker(periods)
    else:
        st.info(t("no_data"))
with log_tab:
    files = metric("submission_files")
    if files.empty:
        st.info(t("data_no_files"))
    else:
        thin = metric("thin_resubmissions")
        if not thin.empty:
            draw_thin(thin)
        draw_files(files)
        draw_log(files)
    if current_scope().sees_everything:
        draw_refused()
with files_tab:
    draw_template(periods)
    draw_upload()
