"""Many readers while uploads, discussion records and a command-line load are written: no
reader ever sees a half-loaded month or goes back in time, and no write is lost."""

from __future__ import annotations

import threading
from datetime import date

import metrics
from loaders import writes
from loaders.store.discussions import Record
from tests.loaders.keeping.files import SUBTASKS, run_loaders, workbook

READERS = 6
UPLOADERS = (("kainuu", "lappi"), ("pirkanmaa", "keski-suomi"))
MONTHS = (date(2022, 3, 1), date(2022, 4, 1))
RECORD_VERSIONS = 8

# Per loaded submission: how many status rows it has. A half-written file would show a
# submission with fewer rows than the workbook has subtasks.
HALF_LOADED = """
    SELECT count(*) FILTER (WHERE rows <> $full), count(*)
    FROM (
        SELECT s.submission_id, count(r.submission_id) AS rows
        FROM submissions s LEFT JOIN status_reports r USING (submission_id)
        WHERE s.status IN ('loaded', 'partial')
        GROUP BY s.submission_id
    )
"""


def test_readers_never_see_half_a_load_and_no_write_is_lost(db, live, archive, tmp_path):
    uploads = {
        (region, month): workbook(region, month, done_share=0.1 + n / 10)
        for n, (region, month) in enumerate(
            (region, month) for regions in UPLOADERS for region in regions for month in MONTHS
        )
    }
    cli_folder = tmp_path / "cli"
    cli_folder.mkdir()
    for region in ("lappi", "kainuu"):
        (cli_folder / f"{region}-2022-05.xlsx").write_bytes(workbook(region, date(2022, 5, 1)))
    live.cursor()  # the dashboard is up

    stop = threading.Event()
    problems: list[str] = []
    reads = [0] * READERS

    def reader(n: int) -> None:
        seen = 0
        while not stop.is_set():
            cursor = live.cursor()
            try:
                half, loaded = cursor.execute(HALF_LOADED, {"full": len(SUBTASKS)}).fetchone()
                if half:
                    problems.append(f"reader {n} saw {half} half-loaded submissions")
                if loaded < seen:
                    problems.append(f"reader {n} went back from {seen} to {loaded} submissions")
                seen = loaded
                if loaded:
                    metrics.completion(cursor)  # a real metric on the same snapshot
            except Exception as error:  # a reader that fails is a problem too
                problems.append(f"reader {n}: {type(error).__name__}: {error}")
                return
            finally:
                cursor.close()
            reads[n] += 1

    results = []

    def uploader(regions: tuple[str, ...]) -> None:
        for region in regions:
            for month in MONTHS:
                data = uploads[(region, month)]
                name = f"{region}-{month:%Y-%m}.xlsx"
                results.append(writes.upload(live, archive, data, name, who=f"{region}@x.fi"))

    saved = []

    def recorder() -> None:
        version = 0
        for n in range(RECORD_VERSIONS):
            record = Record("kainuu", MONTHS[0], notes=f"versio {n + 1}")
            version = writes.save_record(live, archive, record, version, who="f@x.fi").version
            saved.append(version)

    cli = []

    def command_line() -> None:
        cli.append(run_loaders("ingest", "--db", str(db), str(cli_folder)))

    # Daemon threads: a writer still stuck when its join times out fails the test below
    # instead of keeping pytest from exiting (seen on a machine loaded 10 times over).
    readers = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(READERS)]
    writers = [threading.Thread(target=uploader, args=(r,), daemon=True) for r in UPLOADERS]
    writers += [
        threading.Thread(target=recorder, daemon=True),
        threading.Thread(target=command_line, daemon=True),
    ]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    stop.set()
    for thread in readers:
        thread.join(timeout=60)

    stuck = [t.name for t in writers + readers if t.is_alive()]
    assert not stuck, f"still running after the joins: {stuck}"
    assert not problems, problems[:5]
    assert min(reads) > 3, reads  # every reader read while the writes went on
    assert cli[0].returncode == 0, cli[0].stderr
    assert sorted(r.outcome for r in results) == ["loaded"] * len(uploads)
    assert saved == list(range(1, RECORD_VERSIONS + 1))
    cursor = live.cursor()
    # Every write is in the database the dashboard reads now.
    assert cursor.execute(HALF_LOADED, {"full": len(SUBTASKS)}).fetchone() == (0, 10)
    assert cursor.execute(
        "SELECT max(version), count(*) FROM discussions WHERE region_id = 'kainuu'"
    ).fetchone() == (RECORD_VERSIONS, RECORD_VERSIONS)
    assert cursor.execute("SELECT notes FROM v_discussions").fetchone() == (
        f"versio {RECORD_VERSIONS}",
    )
    # And in the archive: 8 uploads and 2 command-line files, each with its outcome.
    assert sorted(a.outcome for a in archive.arrivals()) == ["loaded"] * 10
