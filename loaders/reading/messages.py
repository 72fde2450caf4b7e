"""Problems found while loading, with their messages in Finnish, Swedish and English.

Every problem names the file, sheet, row and column it came from, so a facilitator can
call the region and point at the cell."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from common.settings import DATA_DIR

LANGUAGES = ("fi", "sv", "en")


@cache
def _templates() -> dict[str, tuple[str, str, str]]:
    with (DATA_DIR / "messages.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["key"]: tuple(row[lang] for lang in LANGUAGES) for row in csv.DictReader(handle)
        }


def texts(key: str) -> tuple[str, str, str]:
    """The (Finnish, Swedish, English) text of `key` in data/messages.csv, placeholders
    unfilled."""
    return _templates()[key]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, a sheet, a row or a cell. `severity` is 'error' (the row
    or file was left out) or 'warning' (loaded, but something was blanked or guessed)."""

    key: str
    severity: str
    message_fi: str
    message_sv: str
    message_en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


def problem(
    key: str,
    severity: str = "error",
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    **fields: object,
) -> Problem:
    """A Problem with its message filled from data/messages.csv. `fields` fill the message's
    placeholders; a `detail` field may be a (fi, sv, en) triple."""
    fi, sv, en = _templates()[key]
    detail = fields.pop("detail", ("", "", ""))
    if isinstance(detail, str):
        detail = (detail, detail, detail)
    shown = "" if value is None else str(value)
    return Problem(
        key=key,
        severity=severity,
        message_fi=fi.format(value=shown, detail=detail[0], **fields),
        message_sv=sv.format(value=shown, detail=detail[1], **fields),
        message_en=en.format(value=shown, detail=detail[2], **fields),
        sheet=sheet,
        row=row,
        column=column,
        value=None if value is None else shown,
    )


class WorkbookRejected(Exception):
    """The whole file cannot be loaded; `problem` says why, in all three languages."""

    def __init__(self, found: Problem):
        super().__init__(found.message_en)
        self.problem = found
