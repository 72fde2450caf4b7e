"""The national monthly report for leadership: regions reporting, the national median of
critical completion and its change, delivery ratings, the heatmap of regions × groups, the
cross-cutting risk themes in the prevalence words of the spring 2021 summary, open red flags
and the must-do list. Figures from the metrics/ functions the national page asks."""

from __future__ import annotations

from datetime import date

import duckdb

import metrics
from metrics.calendar import as_month
from metrics.themes import theme_prevalence
from reports import charts
from reports.document import Chart, Column, Figure, Pack, Page, table
from reports.text import Words, month_text, region_names

SCOPE = "critical"
LAGGING_ROWS = 15


def _headline_page(con, period: date, w: Words) -> Page:
    head = metrics.national_headline(con, period=period, scope=SCOPE)  # as the page shows it
    pace = metrics.pace_forecast(con, period=period)
    ratings = metrics.rating_definitions()
    counts = pace["rating"].value_counts()
    names = region_names(w.lang)
    rated = ratings.assign(
        count=[int(counts.get(code, 0)) for code in ratings["code"]],
        label=ratings[w.lang],
        regions=[
            ", ".join(names[r] for r in pace.loc[pace["rating"] == code, "region_id"]) or "–"
            for code in ratings["code"]
        ],
    )
    figures = [
        Figure(w("national_reporting"), f"{head.reporting} / {head.regions}"),
        Figure(
            w("national_median"),
            w.percent(head.median),
            f"{w.signed_pp(head.change_pp)} {w('national_since', month=month_text(head.previous))}"
            if head.change_pp is not None
            else w("pack_no_previous"),
        ),
        Figure(w("national_on_track"), f"{head.on_track} / {head.rated}"),
        Figure(w("national_flags"), str(head.flags)),
    ]
    png = charts.rating_bars_png(rated[["label", "count", "colour"]])
    by_rating = table(
        w("pack_regions_by_rating"),
        rated,
        [
            Column("label", w("national_col_rating"), 1.4),
            Column("count", w("pack_col_count"), 0.8),
            Column("regions", w("pack_col_regions"), 7),
        ],
        sheet=w("pack_sheet_ratings"),
    )
    definitions = " ".join(
        f"{row[w.lang]}: {row[f'definition_{w.lang}']}" for _, row in ratings.iterrows()
    )
    notes = f"{w('national_median_help', scope=w('national_scope_critical'))} {definitions}"
    chart = Chart(png, charts.png_ratio(png), w("national_rating_title"), width_share=0.6)
    return Page(w("pack_national_headline"), figures, [chart, by_rating], notes)


def _heatmap_page(con, period: date, w: Words) -> Page:
    groups = list(w.groups())
    completion = metrics.completion(con, scope=SCOPE, period=period)
    columns = {**{g: g for g in groups}, "ALL": w("national_total")}
    names = region_names(w.lang)
    grid = completion.pivot(index="region_id", columns="group_code", values="completion_rate")
    grid = grid.reindex(index=list(names), columns=list(columns))
    grid.index, grid.columns = [names[r] for r in grid.index], list(columns.values())
    png = charts.heatmap_png(grid, w.lang)
    data = grid.rename_axis(w("national_col_region")).reset_index()
    shown = table(
        w("national_heatmap_title", scope=w("national_scope_critical")),
        data,
        [Column(data.columns[0], data.columns[0], 2.2)]
        + [Column(c, c, 1, w.percent, share=True) for c in data.columns[1:]],
        sheet=w("pack_sheet_heatmap"),
        printed=False,
    )
    legend = ", ".join(f"{code} = {name}" for code, name in w.groups().items())
    title = w("national_heatmap_title", scope=w("national_scope_critical"))
    return Page(
        title,
        blocks=[Chart(png, charts.png_ratio(png), legend), shown],
        notes=w("pack_heatmap_note"),
    )


def _themes_flags_page(con, period: date, w: Words) -> Page:
    prevalence = theme_prevalence(con, period=period, months=1)
    top = prevalence[(prevalence["theme"] != "muu") & (prevalence["share"] > 0)]
    themes = table(
        w("national_themes_title"),
        top,
        [
            Column(f"name_{w.lang}", w("pack_col_theme"), 3),
            Column(f"label_{w.lang}", w("pack_col_prevalence"), 2.4),
            Column("share", w("pack_col_share"), 1.2, lambda s: w.percent(s, 0), share=True),
            Column("regions_raising", w("pack_col_regions_raising"), 1.5),
        ],
        empty_text=w("national_themes_none"),
        sheet=w("pack_sheet_themes"),
    )
    flags = metrics.open_red_flags(con, period=period)
    flags = flags.assign(region=flags["region_id"].map(region_names(w.lang)))
    flagged = table(
        w("pack_flags_title", count=len(flags)),
        flags,
        [
            Column("region", w("national_col_region"), 2.5),
            Column("flags", w("pack_col_flags"), 1.5),
            Column("raised", w("pack_col_raised"), 1.5, month_text),
            Column("months_open", w("pack_col_months_open"), 1.5),
        ],
        empty_text=w("national_no_flags"),
        sheet=w("pack_sheet_flags"),
    )
    return Page(w("pack_themes_flags_title"), blocks=[themes, flagged], notes=w("pack_themes_note"))


def _lagging_page(con, period: date, w: Words) -> Page:
    rows = metrics.lagging_subtasks(con, period=period, limit=LAGGING_ROWS, scope=SCOPE)
    rows = rows.assign(
        done_of=[
            f"{d} / {a}"
            for d, a in zip(rows["regions_done"], rows["regions_applicable"], strict=True)
        ]
    )
    lagging = table(
        w("national_lagging_title"),
        rows,
        [
            Column("subtask_id", w("col_subtask_id"), 1.2),
            Column("subtask_name", w("col_subtask"), 6),
            Column(
                "share_done",
                w("national_col_share_done"),
                1.4,
                lambda s: w.percent(s, 0),
                share=True,
            ),
            Column("done_of", w("national_col_regions_done"), 1.3),
        ],
        sheet=w("pack_sheet_lagging"),
    )
    return Page(
        w("pack_lagging_title"), blocks=[lagging], notes=w("pack_lagging_note", rows=LAGGING_ROWS)
    )


def national_pack(con: duckdb.DuckDBPyConnection, period: date | str, lang: str = "fi") -> Pack:
    """The national monthly report for the month of `period` in `lang` ('fi', 'sv' or 'en')."""
    w, month = Words(lang), as_month(period)
    data_month = w("data_month", month=month_text(month))
    pack = Pack(
        w("pack_national_title"), month_text(month), data_month, lang, f"kansallinen_{month:%Y-%m}"
    )
    pack.pages += [
        _headline_page(con, month, w),
        _heatmap_page(con, month, w),
        _themes_flags_page(con, month, w),
        _lagging_page(con, month, w),
    ]
    return pack
