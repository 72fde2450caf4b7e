"""`python -m loaders backup|restore|rebuild`: keeping the data safe from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.keeping.archive import Archive, archive_dir
from loaders.keeping.backup import NotABackup, backup, restore
from loaders.keeping.rebuild import ArchiveIncomplete, rebuild


def _bar(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{done}/{total}" + ("\n" if done == total else ""))


def run_keeping(args: argparse.Namespace, db: Path) -> int:
    """Run backup, restore or rebuild on `db`; the exit code (0 done, 1 refused)."""
    try:
        if args.command == "backup":
            out = backup(db, args.out)
            print(f"{db} -> {out}: varmuuskopioitu / backed up")
        elif args.command == "restore":
            counts = restore(args.backup, db)
            print(
                f"{args.backup} -> {db}: palautettu / restored "
                f"({counts['submissions']} tiedostoa / files, "
                f"{counts['discussions']} keskustelukirjausta / discussion records)"
            )
        else:
            archive = Archive(args.archive or archive_dir(db))
            summary = rebuild(db, archive, _bar)
            print(
                f"{archive.root} -> {db}: rakennettu uudelleen / rebuilt "
                f"({summary.files} tiedostoa / files, "
                f"{summary.records} keskustelukirjausta / discussion records)"
            )
    except (NotABackup, ArchiveIncomplete, FileNotFoundError) as error:
        print(f"virhe / error: {error}", file=sys.stderr)
        return 1
    return 0
