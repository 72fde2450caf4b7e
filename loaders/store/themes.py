"""Risk themes: the vocabulary in data/vocabulary/ and the classifier that reads it.

An observation is matched on its *match text*: NFC, invisible characters dropped, lower
case, every run of characters other than letters and digits made one space, and one space
at each end. A stem hits when it occurs anywhere in that text, so inflected forms and
compounds hit (`rahoitu` in `valtionrahoituksen`); a space in a stem marks a word edge
(` pela ` is the word *pela* only, not *pelaaja*). A stem's `exclude` lists longer phrases,
separated by `|`, in which it does not count (`henkilöst` in `henkilöstöviestintä`).

The view v_observation_themes (themes.sql) classifies in SQL so every page agrees;
`classify` is the same rule in Python, for tests and for measuring the vocabulary."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from common.settings import DATA_DIR
from loaders.store.bulk import insert_rows

VOCABULARY_DIR = DATA_DIR / "vocabulary"
OTHER = "muu"
# Stems and exclusions may hold only these, so an exclusion is also a literal regular
# expression and means the same to DuckDB's RE2 and to Python's re.
_PHRASE = re.compile(r" ?[^\W_]+( [^\W_]+)* ?")


@dataclass(frozen=True)
class Stem:
    theme: str
    stem: str
    exclude: str  # "phrase|phrase" or ""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def names() -> tuple[dict[str, str], ...]:
    """Every theme (muu last) in display order, with names and descriptions in fi and en."""
    rows = _rows(VOCABULARY_DIR / "theme_names.csv")
    return tuple(sorted(rows, key=lambda row: int(row["sort_order"])))


@cache
def stems() -> tuple[Stem, ...]:
    """The stems of data/vocabulary/themes.csv, checked; a bad row raises ValueError."""
    known = {row["theme"] for row in names()} - {OTHER}
    result = []
    for line, row in enumerate(_rows(VOCABULARY_DIR / "themes.csv"), start=2):
        stem = Stem(row["theme"], row["stem"], row.get("exclude") or "")
        problem = _stem_problem(stem, known)
        if problem:
            raise ValueError(f"themes.csv line {line}: {problem}")
        result.append(stem)
    return tuple(result)


def _stem_problem(stem: Stem, known: set[str]) -> str | None:
    if stem.theme not in known:
        return f"unknown theme {stem.theme!r}"
    if not _PHRASE.fullmatch(stem.stem) or stem.stem != stem.stem.lower():
        return f"stem {stem.stem!r} must be lower-case letters and digits, spaces between"
    for phrase in stem.exclude.split("|") if stem.exclude else []:
        if not _PHRASE.fullmatch(phrase) or stem.stem not in f" {phrase} ":
            return f"exclusion {phrase!r} must be a lower-case phrase containing {stem.stem!r}"
    return None


@cache
def prevalence_bands() -> tuple[tuple[float, str, str], ...]:
    """(min_share 0–1, label_fi, label_en), widest share first."""
    rows = _rows(VOCABULARY_DIR / "prevalence.csv")
    bands = [(float(row["min_share"]), row["label_fi"], row["label_en"]) for row in rows]
    return tuple(sorted(bands, reverse=True))


def prevalence_words(lang: str) -> tuple[tuple[float, str], ...]:
    """(min_share 0–1, the seed's words in `lang` 'fi', 'sv' or 'en'), widest share first."""
    rows = _rows(VOCABULARY_DIR / "prevalence.csv")
    return tuple(
        sorted(((float(row["min_share"]), row[f"label_{lang}"]) for row in rows), reverse=True)
    )


def match_text(text: str) -> str:
    """`text` as stems are matched against it; the same steps as in themes.sql."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").lower()
    words = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text).split()
    return " " + " ".join(words) + " "


def classify(text: str) -> list[str]:
    """The themes `text` raises, in display order; ['muu'] when it raises none."""
    haystack = match_text(text)
    hits = {
        s.theme
        for s in stems()
        if s.stem in (re.sub(s.exclude, "#", haystack) if s.exclude else haystack)
    }
    order = [row["theme"] for row in names()]
    return [theme for theme in order if theme in hits] or [OTHER]


def sync_themes(con: duckdb.DuckDBPyConnection) -> None:
    """Create the theme tables and view and refill the tables from the vocabulary files.
    Runs inside the caller's transaction, if any."""
    script = resources.files("loaders.store").joinpath("themes.sql").read_text(encoding="utf-8")
    con.execute(script)
    con.execute("DELETE FROM theme_stems")
    con.execute("DELETE FROM theme_names")
    insert_rows(
        con,
        "theme_names",
        [
            (
                r["theme"],
                int(r["sort_order"]),
                r["name_fi"],
                r["name_en"],
                r["description_fi"],
                r["description_en"],
            )
            for r in names()
        ],
    )
    insert_rows(con, "theme_stems", [(s.theme, s.stem, s.exclude) for s in stems()])
