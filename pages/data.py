"""Aineisto ja laatu: who submitted which month and when, what the loader found in every
file, blank templates per region, and uploading a filled workbook through the same loader."""

import pandas as pd
import streamlit as st

from common.texts import format_month, translate
from ui.auth import current_scope, who_is_writing
from ui.charts_data import STATE_STYLE, state_symbol, tracker_heatmap
from ui.context import connection, language, t, widget_key
from ui.data import metric
from ui.figures import cached_figure
from ui.labels import region_names
from ui.plain_text import escape_markdown
from ui.tables import download_button
from ui.upload import template_file, template_months
from ui.writes import refused_uploads, upload

SEVERITIES = ("error", "warning", "info")
DATETIME = "D.M.YYYY HH:mm"


def region_text(region_id, names: dict[str, str] | None = None) -> str:
    names = region_names() if names is None else names
    return "" if pd.isna(region_id) else names.get(region_id, region_id)


def region_column(ids: pd.Series) -> pd.Series:
    """Region names for a column of ids (the names looked up once, not per row)."""
    names = region_names()
    return ids.map(lambda region_id: region_text(region_id, names))


def draw_tracker(periods: list) -> None:
    states = metric("submission_states")
    labels = {code: t(f"data_state_{code}") for code in STATE_STYLE}
    lang = language()
    fig = cached_figure(
        tracker_heatmap, states, region_names(), labels, t("data_tracker_title"), lang
    )
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


def problem_table(problems: pd.DataFrame, *, with_file: bool) -> pd.DataFrame:
    """Problems as shown and downloaded: severity and message in the UI language."""
    columns = {}
    if with_file:
        columns[t("data_col_file")] = problems["file_name"]
        columns[t("data_col_region")] = region_column(problems["region_id"])
        columns[t("data_col_month")] = problems["period"].map(format_month)
    columns |= {
        t("data_col_severity"): problems["severity"].map(lambda s: t(f"data_severity_{s}")),
        t("data_col_sheet"): problems["sheet"],
        t("data_col_row"): problems["row"].astype("Int64"),
        t("data_col_column"): problems["column"],
        t("data_col_value"): problems["value"],
        # Problems logged before Swedish messages existed have none: shown in Finnish.
        t("data_col_message"): problems[f"message_{language()}"].fillna(problems["message_fi"]),
    }
    return pd.DataFrame(columns)


def blank_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text shown as nothing rather than 'None'; numbers keep their gaps."""
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]
    return frame.fillna(dict.fromkeys(text, ""))


def problem_columns() -> dict:
    """Room for the message, which says what is wrong and what to do."""
    small = ("data_col_severity", "data_col_sheet", "data_col_row", "data_col_column")
    return {
        **{t(key): st.column_config.Column(width="small") for key in small},
        t("data_col_file"): st.column_config.TextColumn(width="medium"),
        t("data_col_message"): st.column_config.TextColumn(width="large"),
    }


def draw_log(files: pd.DataFrame) -> None:
    lang = language()
    st.header(t("data_log_title"))
    st.caption(t("data_log_caption"))
    left, right = st.columns([2, 1])
    file_name = left.selectbox(
        t("data_log_file"),
        # Other regions' file names are blanked for a region's user: not choices.
        options=[None, *dict.fromkeys(f for f in files["file_name"] if isinstance(f, str))],
        format_func=lambda f: translate("data_log_all_files", lang) if f is None else f,
        key=widget_key("log_file"),
    )
    severity = right.selectbox(
        t("data_log_severity"),
        options=[None, *SEVERITIES],
        format_func=lambda s: (
            translate("data_log_all_severities", lang)
            if s is None
            else translate(f"data_severity_{s}", lang)
        ),
        key=widget_key("log_severity"),
    )
    problems = metric("ingest_problems", file_name=file_name, severity=severity)
    if problems.empty:
        st.info(t("data_log_empty"))
        return
    st.write(t("data_log_shown", shown=len(problems)))
    shown = problem_table(problems, with_file=True)
    st.dataframe(
        blank_text(shown), hide_index=True, key="log_table", column_config=problem_columns()
    )
    download_button(shown, "latausloki", key="log_download")


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


def draw_upload() -> None:
    st.header(t("data_upload_title"))
    st.caption(t("data_upload_caption"))
    viewer = current_scope()
    if viewer.region_id is not None:
        st.info(t("auth_upload_own_only", region=region_names()[viewer.region_id]))
    results = st.session_state.setdefault("upload_results", {})
    uploaded = st.file_uploader(
        t("data_upload_label"), type=["xlsx", "ods", "xls"], key="upload_file"
    )
    if uploaded is None:
        return
    if uploaded.file_id not in results:
        # Keyed by upload, so a rerun shows the outcome instead of loading the file again.
        # The demo mode has no sign-in: the name typed on the discussion page, if any.
        demo_name = st.session_state.get("discussion_recorder_name") or "demo"
        results[uploaded.file_id] = upload(
            uploaded.getvalue(),
            uploaded.name,
            who=who_is_writing(demo_name),
            allowed_region=viewer.region_id,
        )
        st.rerun()
    show_result(results[uploaded.file_id])


def show_result(result) -> None:
    name = escape_markdown(result.file_name)
    text = t("data_upload_result", file=name, outcome=t(f"data_outcome_{result.outcome}"))
    box = {"loaded": st.success, "partial": st.warning, "rejected": st.error}
    box.get(result.outcome, st.info)(text)
    if result.region_id is not None:
        details = {
            "region": region_text(result.region_id),
            "month": format_month(result.period),
            "rows": result.rows,
            "observations": result.observations,
        }
        st.write(t("data_upload_details", **details))
    if result.outcome == "unchanged":
        return
    if not result.problems:
        st.write(t("data_upload_no_problems"))
        return
    problems = pd.DataFrame(
        {
            "severity": [p.severity for p in result.problems],
            "sheet": [p.sheet for p in result.problems],
            "row": [p.row for p in result.problems],
            "column": [p.column for p in result.problems],
            "value": [p.value for p in result.problems],
            "message_fi": [p.message_fi for p in result.problems],
            "message_sv": [p.message_sv for p in result.problems],
            "message_en": [p.message_en for p in result.problems],
        }
    )
    st.write(f"**{t('data_upload_problems')}**")
    shown = problem_table(problems, with_file=False)
    st.dataframe(
        blank_text(shown), hide_index=True, key="upload_problems", column_config=problem_columns()
    )
    download_button(shown, "tiedoston_ongelmat", key="upload_problems_download")


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
