"""The roadmap catalogue, regions and phases as read from the plain files in data/.

These files are the one place each fact lives; everything else (schema, loader, pages)
reads them through this module."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from common.settings import DATA_DIR, ROADMAP_DIR

GROUP_CODES = ("HTT", "JO", "JAR", "YHD", "ICT")
_SPACES = re.compile(r"\s+")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Case-folded text with every kind of space collapsed and invisible characters removed,
    for matching what people type against the vocabulary. Cached: a workbook repeats the same
    few words (statuses, Kyllä/Ei) hundreds of times."""
    text = unicodedata.normalize("NFKC", str(text))
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        text = text.replace("–", "-").replace("—", "-")
    return _SPACES.sub(" ", text).strip().casefold()


def subtask_sort_key(subtask_no: str) -> tuple[int, int]:
    """Numeric order of a subtask number: 1.2 before 1.10."""
    task, sub = subtask_no.split(".")
    return int(task), int(sub)


@dataclass(frozen=True)
class Subtask:
    subtask_id: str
    group_code: str
    entity_letter: str
    entity_name: str
    task_no: int
    task_name: str
    subtask_no: str
    subtask_name: str


@cache
def groups() -> tuple[dict[str, str], ...]:
    """The five preparation groups in display order, with names in fi/sv/en and the sheet
    names people use for them."""
    return tuple(_rows(ROADMAP_DIR / "groups.csv"))


@cache
def subtasks() -> tuple[Subtask, ...]:
    """Every roadmap subtask, in group, entity, task and subtask order."""
    order = {code: i for i, code in enumerate(GROUP_CODES)}
    rows = [
        Subtask(**{**row, "task_no": int(row["task_no"])})
        for row in _rows(ROADMAP_DIR / "subtasks.csv")
    ]
    return tuple(
        sorted(
            rows,
            key=lambda s: (order[s.group_code], s.entity_letter, subtask_sort_key(s.subtask_no)),
        )
    )


@cache
def regions() -> tuple[dict[str, str], ...]:
    """The 22 reporting regions in the official order."""
    return tuple(_rows(DATA_DIR / "regions.csv"))


@cache
def short_region_names(lang: str = "fi") -> dict[str, str]:
    """Region id -> the short name the dashboard and the packs show, in official order: the
    Swedish name (`lang` 'sv', e.g. Österbotten) or the Finnish one (any other language)."""
    lang = "sv" if lang == "sv" else "fi"
    return {r["region_id"]: r[f"short_{lang}"] for r in regions()}


@cache
def phases() -> tuple[dict[str, str], ...]:
    """The five phases of the reform with their start and end dates (ISO strings)."""
    return tuple(_rows(DATA_DIR / "phases.csv"))


@cache
def _region_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for region in regions():
        forms = [region["region_id"], region["name_fi"], region["name_sv"]]
        forms += [region["short_fi"], region["short_sv"]]
        forms += [a for a in region["aliases"].split("|") if a]
        for form in forms:
            names[normalise(form)] = region["region_id"]
            names[normalise(form).replace("-", " ")] = region["region_id"]
    return names


def resolve_region(text: str) -> str | None:
    """The region id for any usual way of writing a region's name, or None."""
    key = normalise(text)
    names = _region_names()
    return names.get(key) or names.get(key.replace("-", " "))


@cache
def _sheet_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for group in groups():
        aliases = [group["group_code"], group["name_fi"], group["name_sv"]]
        for alias in [*aliases, *group["sheet_aliases"].split("|")]:
            names[normalise(alias)] = group["group_code"]
    return names


def resolve_group(text: str) -> str | None:
    """The group code for a sheet name or group name as people write it, or None. Excel cuts
    sheet names at 31 characters, so a name that starts 31 characters of a known name counts."""
    key = normalise(text)
    names = _sheet_names()
    if key in names:
        return names[key]
    if len(key) >= 20:
        for name, code in names.items():
            if name.startswith(key):
                return code
    return None


@cache
def subtask_phases() -> dict[str, tuple[int, date]]:
    """Subtask id -> (phase number, the phase's first day) for the subtasks that belong to a
    phase of data/phases.csv: their subtask or task name holds one of the phase's
    `roadmap_words` (the body the work is for: VATE, aluevaltuusto). A subtask that names two
    phases belongs to the later one; the others belong to none."""
    found: dict[str, tuple[int, date]] = {}
    for phase in phases():
        words = [w.casefold() for w in phase.get("roadmap_words", "").split("|") if w]
        if not words or not phase["starts"]:
            continue
        starts = date.fromisoformat(phase["starts"])
        for subtask in subtasks():
            names = f"{subtask.subtask_name} {subtask.task_name}".casefold()
            if any(word in names for word in words):
                found[subtask.subtask_id] = (int(phase["phase_no"]), starts)
    return found
