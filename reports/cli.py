"""The packs' command line: `python -m reports region|national ...`, for making the packs of
all 22 regions in one batch.

Exit codes as loaders.cli: 0 success, 1 when a pack could not be made, 2 on a usage error
(unknown region or month, missing database)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from common.settings import database_path
from loaders.cli import _Parser, _period
from loaders.store.database import open_database
from reports.output import FORMATS, write_pack
from reports.text import LANGUAGES, region_names


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m reports", description="Tilannekuva: region and national packs."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    region = commands.add_parser("region", help="the region pack (PDF, PPTX, Excel)")
    region.add_argument("--region", required=True, help="region id, e.g. kainuu, or 'all'")
    region.add_argument(
        "--scope",
        choices=("critical", "all"),
        default="critical",
        help="count moves and stalled work of critical subtasks (default) or all of them",
    )
    national = commands.add_parser("national", help="the national monthly report")
    for command in (region, national):
        command.add_argument("--period", required=True, type=_period, help="YYYY-MM")
        command.add_argument("--out", required=True, type=Path, help="folder to write into")
        command.add_argument("--db", type=Path, default=None, help="database file")
        command.add_argument("--lang", choices=LANGUAGES, default="fi")
        command.add_argument(
            "--formats", type=_formats, default=tuple(FORMATS), help="e.g. pdf,pptx (all)"
        )
    return parser


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [kind for kind in chosen if kind not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"'{text}': muodot / formats {', '.join(FORMATS)}")
    return chosen


def _error(text: str) -> int:
    print(text, file=sys.stderr)
    return 2


def _open(db: Path) -> duckdb.DuckDBPyConnection | None:
    if not db.exists():
        return None
    return open_database(db)


def _check_period(con: duckdb.DuckDBPyConnection, period: date) -> str | None:
    """An error message when no region reported for `period`, else None."""
    from metrics import available_periods

    periods = available_periods(con)
    if period in periods:
        return None
    known = f"{periods[0]:%Y-%m} … {periods[-1]:%Y-%m}" if periods else "–"
    return (
        f"Kuukaudelta {period:%Y-%m} ei ole tilannekuvia / no reports for {period:%Y-%m} "
        f"(tietokannassa / in the database: {known})"
    )


def run_region(
    region: str,
    period: date,
    out: Path,
    db: Path,
    lang: str = "fi",
    formats: tuple[str, ...] = tuple(FORMATS),
    scope: str = "critical",
) -> int:
    """Write the packs of `region` ('all': every region, in the official order), counted in
    `scope` as the region page counts in the same scope."""
    from reports.region_pack import region_pack

    names = region_names()
    if region != "all" and region not in names:
        return _error(f"Tuntematon alue / unknown region '{region}'. ({', '.join(names)}, all)")
    con = _open(db)
    if con is None:
        return _error(f"Tietokantaa ei löydy / database not found: {db}")
    try:
        if message := _check_period(con, period):
            return _error(message)
        regions = list(names) if region == "all" else [region]
        started = time.perf_counter()
        for number, region_id in enumerate(regions, 1):
            pack = region_pack(con, region_id, period, lang, scope)
            written = write_pack(pack, out, formats)
            print(
                f"[{number}/{len(regions)}] {', '.join(p.name for p in written)}", file=sys.stderr
            )
        print(f"{out}: {len(regions)} pakettia / packs, {time.perf_counter() - started:.1f} s")
        return 0
    finally:
        con.close()


def run_national(
    period: date, out: Path, db: Path, lang: str = "fi", formats: tuple[str, ...] = tuple(FORMATS)
) -> int:
    """Write the national monthly report."""
    from reports.national_pack import national_pack

    con = _open(db)
    if con is None:
        return _error(f"Tietokantaa ei löydy / database not found: {db}")
    try:
        if message := _check_period(con, period):
            return _error(message)
        written = write_pack(national_pack(con, period, lang), out, formats)
        print(f"{out}: {', '.join(p.name for p in written)}")
        return 0
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = args.db or database_path()
    if args.command == "region":
        return run_region(
            args.region, args.period, args.out, db, args.lang, args.formats, args.scope
        )
    return run_national(args.period, args.out, db, args.lang, args.formats)
