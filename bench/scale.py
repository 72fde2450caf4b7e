"""The municipal-scale database: `units` synthetic reporting units x `months` months x the
whole roadmap catalogue, built directly in SQL in the real schema (no Excel), for timing the
metrics and pages at 309 units (about 4.1 million status rows) against the same at 22.

Statuses follow a plausible drift: each unit and subtask starts somewhere and moves up the
scale over the months, a few subtasks are not applicable, some rows are left blank; values
come from hash(), so a given size always gives the same database."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import string
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from bench.timing import Recorder, ratio, to_json
from common.settings import DATA_DIR
from loaders.store import aggregates
from loaders.store.database import open_database

FIRST_MONTH = date(2021, 1, 1)
VERSION = 3  # bump when the builder changes, so cached databases are rebuilt
SIZES = (22, 309)
MONTHS = 24
ROOT = Path(__file__).resolve().parents[1]
OBSERVATIONS_PER_SUBMISSION = 3


def unit_id(number: int) -> str:
    """A region id for synthetic unit `number` (0-based) in the schema's form (letters and
    hyphens only): 0 -> 'kunta-aaa', 1 -> 'kunta-aab'."""
    letters = string.ascii_lowercase
    a, rest = divmod(number, 26 * 26)
    b, c = divmod(rest, 26)
    return f"kunta-{letters[a]}{letters[b]}{letters[c]}"


def build_scale_database(path: Path | str, *, units: int, months: int) -> dict[str, int]:
    """Create the database at `path` (which must not exist) with `units` units and `months`
    monthly submissions each; returns the row count of each filled table."""
    con = open_database(path)
    try:
        _fill(con, units, months)
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("regions", "submissions", "status_reports", "observations")
        }
    finally:
        con.close()


def _fill(con: duckdb.DuckDBPyConnection, units: int, months: int) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """INSERT OR IGNORE INTO regions
               SELECT id, 100 + n, 'Kunta ' || id, 'Kommun ' || id, id, id
               FROM (SELECT unnest(?) AS id, unnest(range(len(?))) AS n)""",
            [[unit_id(n) for n in range(units)], list(range(units))],
        )
        con.execute(
            """INSERT INTO submissions (file_name, sha256, region_id, period, status, filled_by,
                                        reported_at, loaded_at)
               SELECT r.region_id || '_' || strftime(p, '%Y-%m') || '.xlsx',
                      sha256(r.region_id || p::VARCHAR), r.region_id, p, 'loaded',
                      'Synteettinen', p + INTERVAL 3 DAY, p + INTERVAL 6 DAY
               FROM regions r, range(?) m (m),
                    LATERAL (SELECT (?::DATE + to_months(m.m::INTEGER))::DATE AS p)
               WHERE r.region_id LIKE 'kunta-%'
               ORDER BY r.sort_order, p""",
            [months, FIRST_MONTH],
        )
        # Progress of a unit on a subtask in a month: a start from the hash plus the month.
        con.execute(
            """INSERT INTO status_reports
               WITH rows AS (
                   SELECT s.submission_id, t.subtask_id, t.sort_key, s.region_id,
                          (hash(s.region_id, t.subtask_id) % 1000)::INTEGER AS seed,
                          date_diff('month', ?::DATE, s.period)::INTEGER AS month
                   FROM submissions s CROSS JOIN subtasks t
               )
               SELECT submission_id, subtask_id, seed % 7 = 0,
                      CASE WHEN seed % 41 = 0 THEN 'not_applicable'
                           WHEN (seed + month) % 53 = 0 THEN NULL
                           ELSE ['not_started', 'started', 'advanced', 'done']
                                [least(4, 1 + (seed % 600 + month * 25) // 150)]
                      END,
                      NULL, DATE '2022-12-31' - INTERVAL (seed % 500) DAY, NULL, NULL,
                      split_part(subtask_id, '-', 1), 5 + sort_key
               FROM rows""",
            [FIRST_MONTH],
        )
        con.execute(
            """INSERT INTO observations
               WITH rows AS (
                   SELECT s.submission_id, s.region_id, k.k::INTEGER AS k,
                          (hash(s.submission_id, k.k) % 120)::INTEGER AS seed
                   FROM submissions s, range(?) k (k)
               )
               SELECT submission_id, k + 1, ['huomio', 'toive', 'riski'][1 + k % 3],
                      ['HTT', 'JO', 'JAR', 'YHD', 'ICT'][1 + seed % 5],
                      'Havainto ' || seed % 40 || ': rekrytointi ja rahoitus viivästyvät',
                      ['matala', 'kohtalainen', 'korkea'][1 + seed % 3],
                      (hash(region_id, k) % 17) = 0, 'Huomiot', 4 + k
               FROM rows""",
            [OBSERVATIONS_PER_SUBMISSION],
        )
        aggregates.refresh(con)  # as a load does, in the same transaction
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def cached_database(cache: Path, units: int, months: int = MONTHS) -> Path:
    """The scale database for `units` under `cache`, built on first use."""
    path = cache / f"scale-v{VERSION}-{units}x{months}.duckdb"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build_scale_database(partial, units=units, months=months)
        partial.rename(path)
    return path


def data_dir(cache: Path, units: int) -> Path:
    """A copy of data/ whose regions.csv lists the `units` synthetic units (and nothing
    else): the pages name regions from that file, as a municipal deployment would."""
    folder = cache / f"data-{units}"
    marker = folder / ".complete"
    # Copied again whenever data/ changed (a new translation, say): a stale copy made the
    # pages fail on a text key that data/ has and the copy had not.
    stamp = _data_stamp()
    if not marker.exists() or marker.read_text() != stamp:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("sample", "*.duckdb*"))
        with (folder / "regions.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["region_id", "name_fi", "name_sv", "short_fi", "short_sv", "aliases"])
            for n in range(units):
                name = unit_id(n)
                writer.writerow([name, f"Kunta {name}", f"Kommun {name}", name, name, ""])
        marker.write_text(stamp)
    return folder


def _data_stamp() -> str:
    """What data/ holds (every file but the sample and databases: name, size, modified)."""
    files = sorted(
        p
        for p in DATA_DIR.rglob("*")
        if p.is_file()
        and "sample" not in p.relative_to(DATA_DIR).parts[:1]
        and ".duckdb" not in p.name
    )
    return "\n".join(
        f"{p.relative_to(DATA_DIR)} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in files
    )


def measure_size(cache: Path, units: int, quick: bool) -> Recorder:
    """Build (or reuse) the database of `units` and time its metrics and pages. Runs in a
    process whose TILANNEKUVA_DATA_DIR is data_dir(cache, units)."""
    from bench.pages import measure_metrics, measure_pages

    recorder = Recorder()
    section = f"scale{units}"
    start = time.perf_counter()
    db = cached_database(cache, units)
    recorder.add(section, f"build {units} units x {MONTHS} months", [time.perf_counter() - start])
    measure_metrics(recorder, db, section, 2 if quick else 3)
    measure_pages(recorder, db, section, 1 if quick else 2)
    return recorder


def run(recorder: Recorder, cache: Path, *, quick: bool) -> dict[int, Path]:
    """Metrics and pages at 22 and 309 units, each size in a child process with its own
    region list; goals at 309 and the growth from 22. Returns the databases."""
    medians: dict[int, dict[str, float]] = {}
    for units in SIZES:
        env = {**os.environ, "TILANNEKUVA_DATA_DIR": str(data_dir(cache, units))}
        command = [
            sys.executable,
            "-m",
            "bench.scale",
            "--units",
            str(units),
            "--cache",
            str(cache),
        ]
        done = subprocess.run(
            command + (["--quick"] if quick else []),
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"scale {units} failed:\n{done.stderr[-3000:]}")
        child = json.loads(done.stdout.strip().splitlines()[-1])
        medians[units] = {}
        for m in child["measurements"]:
            recorder.add(m["section"], m["name"], m["runs"], m["note"])
            medians[units][m["name"]] = statistics.median(m["runs"])
    small, large = SIZES
    growth = {
        name: ratio(medians[large][name], medians[small][name])
        for name in medians[large]
        if name in medians[small]
    }
    for name, value in growth.items():
        recorder.value(f"growth {small}->{large}: {name}", value)
    metric_names = [n for n in medians[large] if not n.startswith(("build", "page "))]
    warm_pages = [n for n in medians[large] if n.startswith("page ") and n.endswith("warm")]
    slowest = max(metric_names, key=medians[large].get)
    recorder.goal(f"slowest metric at {large}: {slowest}", medians[large][slowest] * 1e3, 200, "ms")
    if warm_pages:
        page = max(warm_pages, key=medians[large].get)
        recorder.goal(f"slowest page at {large}: {page}", medians[large][page] * 1e3, 1000, "ms")
    worst = max(metric_names, key=growth.get)
    recorder.goal(
        f"worst metric growth {small}->{large}: {worst}", growth[worst], large / small, "x"
    )
    return {units: cached_database(cache, units) for units in SIZES}


def _main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    recorder = measure_size(options.cache, options.units, options.quick)
    print(json.dumps(to_json(recorder, {})))


if __name__ == "__main__":
    _main()
