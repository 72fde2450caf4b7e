"""`python -m loaders template`: the blank workbook regions are sent each month."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from common import catalogue
from loaders.store.database import open_database
from loaders.template.writer import previous_values, write_workbook


def run_template(region_id: str, period: date, out: Path, db: Path | None, lang: str = "fi") -> int:
    """Write the template for `region_id` and `period` to `out` in `lang` ('fi' or 'sv'),
    pre-filled from `db`'s previous month when a database is given; the exit code for the
    command line."""
    if region_id not in {r["region_id"] for r in catalogue.regions()}:
        known = ", ".join(r["region_id"] for r in catalogue.regions())
        print(f"Tuntematon alue / unknown region '{region_id}'. ({known})", file=sys.stderr)
        return 2
    values = None
    if db is not None:
        if not db.exists():
            print(f"Tietokantaa ei löydy / database not found: {db}", file=sys.stderr)
            return 2
        con = open_database(db)
        try:
            values = previous_values(con, region_id, period, lang)
        finally:
            con.close()
    write_workbook(out, region_id=region_id, period=period, values=values, lang=lang)
    filled = (
        f", {len(values)} riviä edelliseltä kuukaudelta / rows from last month" if values else ""
    )
    print(f"{out}: {region_id} {period:%Y-%m}{filled}")
    return 0
