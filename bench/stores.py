"""Beyond one server: one source of truth for several replicas of the app. The same metric
query — the national spread of completion per group and month, the national page's trend —
on the same rows in two existing engines, by one client and by two clients at once:

- DuckDB: each client a process of its own opening the database file read-only, as replicas
  of the app on one host would share one file;
- PostgreSQL (the Debian server, a throwaway cluster on 127.0.0.1 started and stopped here),
  each client a process with its own connection, as replicas on several hosts would.

Both read one flat table of statuses (v_subtask_status of the sample, repeated `copies`
times under other unit names to reach the scale of 309 units), so the engines are compared
on the same input and SQL, not on the app's views. Every client checks that it got the
same answer. DuckLake (a PostgreSQL catalogue over Parquet files) needs DuckDB's `ducklake`
extension, which DuckDB downloads from its own extension site: not measured here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.server import ROOT, free_port
from bench.timing import Recorder, ratio

PG_BIN = Path("/usr/lib/postgresql/15/bin")
QUERY = """
WITH rates AS (
    SELECT region_id, period, group_code,
           count(*) FILTER (WHERE status = 'done') * 1.0
             / nullif(count(*) FILTER (WHERE status IS DISTINCT FROM 'not_applicable'), 0)
             AS rate
    FROM subtask_status
    GROUP BY region_id, period, group_code
),
final AS (
    SELECT group_code, period, count(*) AS regions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY rate) AS median,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY rate) AS q1,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY rate) AS q3
    FROM rates
    WHERE rate IS NOT NULL
    GROUP BY group_code, period
)
SELECT * FROM final ORDER BY period, group_code
"""
COLUMNS = "region_id VARCHAR, period DATE, subtask_id VARCHAR, group_code VARCHAR, status VARCHAR"
CLIENT_TIMEOUT = 300  # seconds for one client's queries


def build_duckdb(sample_db: Path, target: Path, copies: int) -> int:
    """A DuckDB file holding table subtask_status: the sample's statuses `copies` times, each
    copy under other unit names; returns its rows."""
    con = duckdb.connect(str(target))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS sample (READ_ONLY)", [str(sample_db)])
        con.execute(
            """
            CREATE TABLE subtask_status AS
            SELECT CASE WHEN n = 0 THEN region_id ELSE region_id || '-' || n END AS region_id,
                   period, subtask_id, group_code, status
            FROM sample.v_subtask_status, range(?) AS copies(n)
            """,
            [copies],
        )
        con.execute("DETACH sample")
        return con.execute("SELECT count(*) FROM subtask_status").fetchone()[0]
    finally:
        con.close()


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.port = free_port()
        self.dsn = f"host=127.0.0.1 port={self.port} user=bench dbname=postgres"

    def __enter__(self) -> Postgres:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        data, log = self.folder / "data", self.folder / "server.log"
        run = {"check": True, "capture_output": True, "timeout": 120}
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "bench"])
            + ["--auth=trust", "--no-sync", "--no-instructions", "-E", "UTF8"],
            **run,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log)])
            + ["-o", options, "-w", "start"],
            **run,
        )
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data")])
            + ["-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def load(self, source: Path) -> None:
        """Copy table subtask_status from the DuckDB file `source` into the cluster (through
        a CSV file beside it)."""
        import psycopg

        csv = source.with_suffix(".csv")
        con = duckdb.connect(str(source), read_only=True)
        try:
            con.execute(f"COPY subtask_status TO '{csv}' (HEADER false)")  # a path we made
        finally:
            con.close()
        with psycopg.connect(self.dsn, autocommit=True) as pg:
            pg.execute(f"CREATE TABLE subtask_status ({COLUMNS.replace('VARCHAR', 'TEXT')})")
            with (
                pg.cursor().copy("COPY subtask_status FROM STDIN (FORMAT csv)") as copy,
                csv.open("rb") as rows,
            ):
                while chunk := rows.read(1 << 20):
                    copy.write(chunk)
            pg.execute("ANALYZE subtask_status")
        csv.unlink()


def client(engine: str, where: str, runs: int) -> None:
    """One client (run in a process of its own): the query once to warm up, then `runs`
    times; prints JSON: the seconds of each run and the answer's row count and checksum."""
    if engine == "duckdb":
        con = duckdb.connect(where, read_only=True)
        execute = lambda: con.execute(QUERY).fetchall()  # noqa: E731
    else:
        import psycopg

        con = psycopg.connect(where)
        execute = lambda: con.execute(QUERY).fetchall()  # noqa: E731
    answer = execute()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        execute()
        seconds.append(time.perf_counter() - start)
    checksum = round(sum(float(row[3]) for row in answer), 6)
    print(json.dumps({"seconds": seconds, "rows": len(answer), "checksum": checksum}))


def together(engine: str, where: str, clients: int, runs: int) -> tuple[list[float], set, float]:
    """`clients` client processes at once; returns (every query's seconds, the distinct
    answers (rows, checksum), wall seconds until all finished)."""
    code = "import sys; from bench.stores import client; client(*sys.argv[1:3], int(sys.argv[3]))"
    command = [sys.executable, "-c", code, engine, where, str(runs)]
    start = time.perf_counter()
    processes = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(clients)
    ]
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=CLIENT_TIMEOUT)
        if process.returncode:
            raise RuntimeError(f"{engine} client exited with {process.returncode}")
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - start
    seconds = [s for out in outputs for s in out["seconds"]]
    return seconds, {(out["rows"], out["checksum"]) for out in outputs}, wall


def run(recorder: Recorder, sample_db: Path, work: Path, *, quick: bool) -> None:
    """The query on DuckDB read-only and on PostgreSQL, one client and two at once."""
    if not (PG_BIN / "postgres").exists():
        recorder.value(f"stores skipped: {PG_BIN} missing (apt-get install postgresql)", 0)
        return
    copies, runs = (1, 3) if quick else (14, 5)
    source = work / "stores.duckdb"
    rows = build_duckdb(sample_db, source, copies)
    recorder.value(f"stores: status rows ({copies} x the sample)", rows)
    medians, answers = {}, set()
    engines = {"duckdb": str(source)}
    with Postgres() as pg:
        pg.load(source)
        engines["postgresql"] = pg.dsn
        for engine, where in engines.items():
            for clients in (1, 2):
                seconds, answer, wall = together(engine, where, clients, runs)
                answers |= answer
                name = f"{engine}: {clients} client(s) at once"
                note = f"{clients * runs / wall:.1f} queries/s over {wall:.1f} s (with start)"
                medians[engine, clients] = recorder.add("stores", name, seconds, note).median
    recorder.value("stores: distinct answers (1 = the engines agree)", len(answers))
    recorder.value(
        "stores: postgresql ÷ duckdb, one client",
        ratio(medians["postgresql", 1], medians["duckdb", 1]),
    )
    for engine in engines:
        recorder.value(
            f"stores: {engine}, 2 clients ÷ 1 client (per query)",
            ratio(medians[engine, 2], medians[engine, 1]),
        )
    recorder.goal("stores: engines give one answer", len(answers), 1, "")
