"""Page and metric timings on a database: every page script through app.py in AppTest, cold
(Streamlit's caches cleared, so the database handle is opened and every metric computed) and
warm (the same page run again: cached metrics, the drawing only), and the metric calls behind
the pages, each timed directly on a cursor."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import duckdb

import metrics
from bench.timing import Recorder, repeat, timed
from metrics import themes

ROOT = Path(__file__).resolve().parents[1]
PAGE_DIR = ROOT / "pages"


def metric_calls(period, region_id) -> list[tuple[str, dict]]:
    """The metric calls the pages make, with the newest month and a region that reported."""
    return [
        ("available_periods", {}),
        ("completion", {"scope": "all", "period": period}),
        ("completion", {"scope": "critical", "region_id": region_id, "group_code": "ALL"}),
        ("national_distribution", {"scope": "all"}),
        ("completion_change", {"scope": "all", "period": period}),
        ("peer_position", {"period": period, "scope": "all"}),
        ("pace_forecast", {"period": period}),
        ("open_red_flags", {"period": period}),
        ("lagging_subtasks", {"period": period, "limit": 20, "scope": "all"}),
        ("changes_since_previous", {"region_id": region_id, "period": period}),
        ("overdue_subtasks", {"period": period, "region_id": region_id}),
        ("stalled_subtasks", {"period": period, "region_id": region_id}),
        ("overdue_stalled_counts", {"period": period}),
        ("data_quality", {"period": period}),
        ("submission_tracker", {}),
        ("submission_states", {}),
        ("submission_files", {}),
        ("ingest_problems", {}),
        ("roadmap_size", {}),
        ("subtask_completion", {"period": period}),
        ("task_completion", {"period": period}),
        ("entity_completion", {"period": period}),
        ("theme_prevalence", {"period": period, "months": 3}),
        ("theme_by_region", {"period": period, "months": 3}),
        ("theme_trend", {}),
        ("observation_themes", {"period": period, "region_id": region_id}),
        ("observation_themes", {}),
    ]


def _function(name: str) -> Callable | None:
    return getattr(metrics, name, None) or getattr(themes, name, None)


def call_label(name: str, arguments: dict) -> str:
    """'completion(scope, period)': the call without its values, for the table."""
    return f"{name}({', '.join(arguments)})"


def measure_metrics(recorder: Recorder, db: Path, section: str, runs: int) -> dict[str, float]:
    """Time every metric call on `db`; returns label -> median seconds."""
    con = duckdb.connect(str(db))  # as the app opens it: one configuration per file
    try:
        period = max(metrics.available_periods(con))
        region_id = con.execute(
            "SELECT min(region_id) FROM v_current_submissions WHERE period = ?", [period]
        ).fetchone()[0]
        medians = {}
        for name, arguments in metric_calls(period, region_id):
            function = _function(name)
            if function is None:
                continue
            cursor = con.cursor()
            seconds = repeat(lambda f=function, a=arguments, c=cursor: f(c, **a), runs)
            label = call_label(name, arguments)
            medians[label] = recorder.add(section, label, seconds).median
        return medians
    finally:
        con.close()


def page_scripts() -> list[str]:
    """The page scripts, as app.py names them for switch_page ('pages/national.py')."""
    return sorted(f"pages/{p.name}" for p in PAGE_DIR.glob("*.py") if not p.name.startswith("_"))


@contextmanager
def _database(db: Path):
    before = os.environ.get("TILANNEKUVA_DB")
    os.environ["TILANNEKUVA_DB"] = str(db)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TILANNEKUVA_DB", None)
        else:
            os.environ["TILANNEKUVA_DB"] = before


def measure_pages(
    recorder: Recorder, db: Path, section: str, runs: int
) -> dict[str, tuple[float, float]]:
    """Time each page on `db`, cold then warm; returns page -> (cold, warm median) seconds."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from loaders.store.live import close_all

    results = {}
    with _database(db):
        for script in page_scripts():
            st.cache_data.clear()
            st.cache_resource.clear()
            close_all()  # cold: the database handle is opened again
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            app.run()
            st.cache_data.clear()
            st.cache_resource.clear()
            close_all()  # cold: the database handle is opened again
            try:
                app.switch_page(script)
            except ValueError as error:  # not registered in app.py
                recorder.value(f"{section}: {script} not in app.py ({error})", float("nan"))
                continue
            cold = timed(app.run)
            error = _error(app)
            warm = repeat(app.run, runs)
            name = Path(script).stem
            recorder.add(section, f"page {name}: cold", [cold], error)
            recorder.add(section, f"page {name}: warm", warm, error or _error(app))
            results[name] = (cold, recorder.median(f"page {name}: warm"))
    return results


def _error(app) -> str:
    if app.exception:
        return "EXCEPTION: " + str(app.exception[0].message)[:60]
    return ""


def run(recorder: Recorder, db: Path, *, quick: bool) -> None:
    """Pages and metrics on the sample database `db`, against the goal of 250 ms warm."""
    runs = 2 if quick else 5
    measure_metrics(recorder, db, "metrics", runs)
    pages = measure_pages(recorder, db, "pages", 1 if quick else 3)
    if pages:
        slowest, (_, warm) = max(pages.items(), key=lambda item: item[1][1])
        recorder.goal(f"slowest page warm, sample ({slowest})", warm * 1000, 250, "ms")
