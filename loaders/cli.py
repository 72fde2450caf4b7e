"""The loaders command line: `python -m loaders ingest|template|sample|demo|backup|restore|rebuild`.

Exit codes: 0 success, 1 when any file was partial or rejected, 2 on a usage error."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from common.settings import database_path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: virhe / error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m loaders", description="Tilannekuva: load and make workbooks.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ingest = commands.add_parser(
        "ingest", help="create or upgrade the database and load workbooks (files or folders)"
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    ingest.add_argument("--db", type=Path, default=None, help="database file")
    ingest.add_argument("--quiet", action="store_true", help="print only the summary")

    template = commands.add_parser("template", help="write a blank workbook for a region and month")
    template.add_argument("--region", required=True, help="region id, e.g. kainuu")
    template.add_argument("--period", required=True, type=_period, help="YYYY-MM")
    template.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    template.add_argument("--db", type=Path, help="pre-fill with the region's previous month")
    template.add_argument(
        "--lang", choices=("fi", "sv"), default="fi", help="the workbook's language (sv: svenska)"
    )
    sample = commands.add_parser(
        "sample", help="write the sample workbooks (22 regions x 17 months) and broken files"
    )
    sample.add_argument("--out", required=True, type=Path, help="folder to write into")
    sample.add_argument("--seed", type=int, default=2021)
    sample.add_argument("--months", type=_months, default=None, help="YYYY-MM:YYYY-MM")

    demo = commands.add_parser(
        "demo", help="build the embedded default database if it does not exist yet"
    )
    demo.add_argument("--db", type=Path, default=None)

    backup = commands.add_parser(
        "backup", help="write a consistent copy of the database (safe while the dashboard runs)"
    )
    backup.add_argument("--out", required=True, type=Path, help="the backup file to write")
    backup.add_argument("--db", type=Path, default=None)
    restore = commands.add_parser(
        "restore", help="replace the database with a backup (checked first; atomic)"
    )
    restore.add_argument("backup", type=Path, help="a file written by `backup`")
    restore.add_argument("--db", type=Path, default=None)
    rebuild = commands.add_parser(
        "rebuild", help="rebuild the database from the archive of original files and records"
    )
    rebuild.add_argument("--db", type=Path, default=None)
    rebuild.add_argument("--archive", type=Path, default=None, help="the archive folder")
    return parser


def _period(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ei ole muotoa / is not YYYY-MM") from None


def _months(text: str) -> tuple[date, date]:
    first, _, last = text.partition(":")
    start, end = _period(first), _period(last or first)
    if end < start:
        raise argparse.ArgumentTypeError(f"'{text}': loppu ennen alkua / end before start")
    return start, end


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "ingest":
        from loaders.ingest_command import run_ingest

        return run_ingest(args.paths, args.db or database_path(), quiet=args.quiet)
    if args.command == "template":
        from loaders.template.command import run_template

        return run_template(args.region, args.period, args.out, args.db, args.lang)
    if args.command == "sample":
        from loaders.sample.generator import generate_sample

        options = {"seed": args.seed} | ({"months": args.months} if args.months else {})
        summary = generate_sample(args.out, **options)
        print(
            f"{args.out}: {len(summary.clean_files)} työkirjaa / workbooks, "
            f"{len(summary.broken_files)} rikkinäistä / broken"
        )
        return 0
    if args.command == "demo":
        from loaders.sample.demo import ensure_database

        path = args.db or database_path()
        built = ensure_database(path)
        print(f"{path}: {'rakennettu / built' if built else 'valmiina / ready'}")
        return 0
    if args.command in ("backup", "restore", "rebuild"):
        from loaders.keeping.command import run_keeping

        return run_keeping(args, args.db or database_path())
    return 2
