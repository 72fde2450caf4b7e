"""The sample's story parameters and texts, read from data/sample_texts/ (README.md there says
what each file holds). Everything the generator says in Finnish comes from these files."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from common.settings import DATA_DIR

SAMPLE_TEXTS_DIR = DATA_DIR / "sample_texts"


def _rows(name: str) -> list[dict[str, str]]:
    path: Path = SAMPLE_TEXTS_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rng(seed: int, *parts: object) -> random.Random:
    """A random generator fixed by `seed` and `parts`: the same draw whatever else was drawn
    before, so one region's story does not change when another's does."""
    return random.Random("|".join(str(part) for part in (seed, *parts)))


@dataclass(frozen=True)
class Template:
    """One observation template: the themes it raises (as the classifier reads it), its kind
    label, the groups it may be filed under, the months it fits and its role ('' for an
    ordinary observation, 'flag' for a red flag, 'lowered' for the month it is lowered)."""

    themes: tuple[str, ...]
    kind: str
    groups: tuple[str, ...]
    first: date | None
    last: date | None
    role: str
    text: str

    def fits(self, period: date) -> bool:
        return (self.first is None or self.first <= period) and (
            self.last is None or period <= self.last
        )


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


@cache
def templates() -> tuple[Template, ...]:
    """The observation templates of observations.csv."""
    result = []
    for row in _rows("observations.csv"):
        first, _, last = row["months"].partition(":")
        result.append(
            Template(
                themes=tuple(row["themes"].split("|")),
                kind=row["kind"],
                groups=tuple(g for g in row["groups"].split("|") if g),
                first=_month(first) if first else None,
                last=_month(last) if last else None,
                role=row["role"],
                text=row["text"],
            )
        )
    return tuple(result)


@cache
def fillers() -> dict[str, tuple[str, ...]]:
    """Slot name -> the phrases that may fill it (each already in the slot's case)."""
    slots: dict[str, list[str]] = {}
    for row in _rows("fillers.csv"):
        slots.setdefault(row["slot"], []).append(row["value"])
    return {slot: tuple(values) for slot, values in slots.items()}


@cache
def region_starts() -> dict[str, dict[str, str]]:
    """Region id -> its row of regions.csv (start: integroitu / osittain / sirpale)."""
    return {row["region_id"]: row for row in _rows("regions.csv")}


@cache
def start_ranges() -> dict[str, dict[str, float]]:
    """Starting point -> share of subtasks done in the first month (min/max, 0–1) and the
    month index (0 = 2021-08) by which the critical subtasks are done (min/max)."""
    return {
        row["start"]: {key: float(row[key]) for key in row if key not in ("start", "note")}
        for row in _rows("starts.csv")
    }


@cache
def lags() -> tuple[tuple[str, str, float], ...]:
    """(field, pattern, shift) rows: a positive shift makes matching subtasks finish later."""
    return tuple((row["field"], row["pattern"], float(row["shift"])) for row in _rows("lags.csv"))


@cache
def theme_rates() -> dict[str, tuple[float, float]]:
    """Theme -> (share of regions concerned 0–1, monthly chance such a region raises it 0–1)."""
    return {
        row["theme"]: (float(row["region_share"]), float(row["monthly"]))
        for row in _rows("theme_rates.csv")
    }


@cache
def comments() -> dict[tuple[str, str], tuple[str, ...]]:
    """(column 'comment' or 'challenges', status code) -> texts."""
    found: dict[tuple[str, str], list[str]] = {}
    for row in _rows("comments.csv"):
        found.setdefault((row["column"], row["status"]), []).append(row["text"])
    return {key: tuple(texts) for key, texts in found.items()}


@cache
def status_spellings() -> dict[str, dict[str, tuple[str, ...]]]:
    """Style -> status code -> the ways people write that status in that style."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in _rows("statuses.csv"):
        found.setdefault(row["style"], {}).setdefault(row["status"], []).append(row["spelling"])
    return {
        style: {code: tuple(words) for code, words in codes.items()}
        for style, codes in found.items()
    }
