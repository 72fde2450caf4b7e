"""The pure parts of bench/: the scale builder at a tiny size gives the row counts the
catalogue implies, unit ids fit the schema, and the medians, ratios, goals, table and JSON
say what was measured. No timings are checked here."""

from __future__ import annotations

import json
import math
import re

import duckdb
import pytest

from bench.scale import OBSERVATIONS_PER_SUBMISSION, build_scale_database, unit_id
from bench.timing import (
    Recorder,
    format_seconds,
    format_table,
    ratio,
    repeat,
    to_json,
    write_json,
)
from common import catalogue


def test_scale_builder_fills_the_whole_catalogue_for_every_unit_and_month(tmp_path):
    db = tmp_path / "scale.duckdb"
    counts = build_scale_database(db, units=3, months=4)
    subtasks = len(catalogue.subtasks())
    assert counts == {
        "regions": len(catalogue.regions()) + 3,
        "submissions": 12,
        "status_reports": 12 * subtasks,
        "observations": 12 * OBSERVATIONS_PER_SUBMISSION,
    }
    con = duckdb.connect(str(db), read_only=True)
    try:
        periods = con.execute("SELECT DISTINCT period FROM v_current_submissions").fetchall()
        statuses = {
            s for (s,) in con.execute("SELECT DISTINCT status FROM status_reports").fetchall()
        }
        completion = con.execute(
            "SELECT count(*) FROM v_completion WHERE group_code = 'ALL' AND scope = 'all'"
        ).fetchone()[0]
    finally:
        con.close()
    assert len(periods) == 4
    assert statuses <= {"not_started", "started", "advanced", "done", "not_applicable", None}
    assert {"not_started", "done"} <= statuses  # the drift reaches both ends of the scale
    assert completion == 12


def test_unit_ids_are_unique_and_fit_the_schema():
    ids = [unit_id(n) for n in range(309)]
    assert len(set(ids)) == 309
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)
    assert ids[:2] == ["kunta-aaa", "kunta-aab"]


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.00042, "420 µs"), (0.0123, "12.3 ms"), (0.9999, "999.9 ms"), (4.214, "4.21 s")],
)
def test_format_seconds(seconds, shown):
    assert format_seconds(seconds) == shown


def test_ratio_is_nan_for_a_zero_denominator():
    assert ratio(3.0, 2.0) == 1.5
    assert math.isnan(ratio(1.0, 0.0))


def test_repeat_runs_setup_before_every_timed_call():
    calls: list[str] = []
    seconds = repeat(lambda: calls.append("run"), 3, setup=lambda: calls.append("setup"))
    assert calls == ["setup", "run"] * 3
    assert len(seconds) == 3 and all(s >= 0 for s in seconds)


def test_table_and_json_show_medians_values_and_goals(tmp_path):
    recorder = Recorder()
    recorder.add("ingest", "calamine", [3.0, 1.0, 2.0], "374 workbooks")
    recorder.add("ingest", "ingest", [2.5, 3.5, 3.0])
    recorder.value("parent CPU s", 1.25)
    met = recorder.goal("ingest ÷ calamine", ratio(3.0, 2.0), 1.5, "x")
    missed = recorder.goal("openpyxl ÷ ingest", 6.0, 8, "x", at_least=True)
    assert recorder.median("calamine") == 2.0
    assert met.met and not missed.met

    table = format_table(recorder)
    assert re.search(r"calamine\s+2\.00 s\s+3\s+374 workbooks", table)
    assert re.search(r"ingest ÷ calamine\s+1\.50 x <= 1\.5 x\s+met", table)
    assert re.search(r"openpyxl ÷ ingest\s+6\.00 x >= 8 x\s+MISSED", table)

    path = tmp_path / "results" / "latest.json"
    write_json(path, to_json(recorder, {"quick": True}))
    saved = json.loads(path.read_text())
    assert [m["median"] for m in saved["measurements"]] == [2.0, 3.0]
    assert saved["values"] == {"parent CPU s": 1.25}
    assert [g["met"] for g in saved["goals"]] == [True, False]
    assert saved["machine"]["cores"] >= 1
    assert not list(path.parent.glob("*.tmp"))


def test_every_section_has_a_row_in_the_readme_workloads_table():
    from bench.__main__ import BENCH_DIR, SECTIONS

    readme = (BENCH_DIR / "README.md").read_text()
    table = readme.split("## Workloads", 1)[1].split("\n\n", 2)[1]
    documented = {line.split("|")[1].strip() for line in table.splitlines()[2:]}
    # scale runs as scale22 / scale309; pages also times the metric calls
    documented |= {"scale"} if "scale22 / scale309" in documented else set()
    assert set(SECTIONS) <= documented, set(SECTIONS) - documented
