"""The sample data set: one workbook per region per month in the template format, telling a
plausible story of the preparation, plus a folder of deliberately broken files.

    generate_sample(Path("data/sample"))  # or: python -m loaders sample --out data/sample

writes OUT/clean/<YYYY-MM>/<region_id>_<YYYY-MM>.xlsx (and one corrected resubmission
<region_id>_<YYYY-MM>_korjattu.xlsx, which sorts after the original) and OUT/broken/*.xlsx.
The same seed gives the same cell values. The story lives in loaders.sample.story, the texts
and story parameters in data/sample_texts/ (README.md there), the critical subtasks in
data/roadmap/critical_sample.csv (a sample selection: the real criticality is not public)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from loaders.sample.broken import write_broken
from loaders.sample.files import DEADLINE_DAY, LATE_DAY, file_spec, habits
from loaders.sample.observations import concerns, month_observations
from loaders.sample.render import FileSpec, render
from loaders.sample.rows import region_rows
from loaders.sample.story import DEADLINE, build_story, month_at, month_index
from loaders.template.writer import default_critical_ids

DEFAULT_MONTHS = (date(2021, 8, 1), date(2022, 12, 1))
WORKERS = 2


@dataclass
class SampleSummary:
    """What generate_sample wrote and the notable facts it planted (months as first days)."""

    clean_files: list[Path] = field(default_factory=list)
    broken_files: dict[Path, str] = field(default_factory=dict)  # path -> problem key
    stalled: list[tuple[str, date, date]] = field(default_factory=list)  # first, last month
    regressed: list[tuple[str, date]] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)  # critical not all done by 2022-12
    late_files: list[Path] = field(default_factory=list)
    missing: list[tuple[str, date]] = field(default_factory=list)
    resubmission: tuple[Path, Path] | None = None  # (original, corrected)
    red_flags: list[tuple[str, date, date]] = field(default_factory=list)  # raised, last open


def _file_name(region_id: str, period: date, suffix: str = "") -> str:
    return f"{region_id}_{period:%Y-%m}{suffix}.xlsx"


def plan_files(
    out: Path,
    seed: int,
    months: tuple[date, date],
    planned: Callable[[list[FileSpec]], object] | None = None,
) -> tuple[list[FileSpec], SampleSummary]:
    """Every clean file's spec, in file name order, and the summary of the planted facts.
    `planned(specs)` is called with each region's specs as soon as they are known."""
    first, last = (month_index(m) for m in months)
    story = build_story(seed, min(first, 0), max(last, DEADLINE))
    critical = default_critical_ids()
    region_concerns = concerns(seed)
    region_habits = habits(seed, list(story.regions))
    shown = range(first, last + 1)
    summary = SampleSummary()
    specs: list[FileSpec] = []
    for region_id, region in story.regions.items():
        planned_before = len(specs)
        rows = region_rows(seed, story, region, critical)
        for t in shown:
            if (region_id, t) == story.missing:
                summary.missing.append((region_id, month_at(t)))
                continue
            period = month_at(t)
            folder = out / "clean" / f"{period:%Y-%m}"
            observations = month_observations(
                seed, story, region, t, period, region_concerns[region_id]
            )
            day = LATE_DAY if (region_id, t) == story.late else None
            spec = file_spec(
                seed, folder / _file_name(region_id, period), region_id, t, rows[t],
                observations, critical, region_habits[region_id], day,
            )  # fmt: skip
            if (region_id, t) == story.resubmission and t - 1 in rows:
                # The first version went out with last month's ICT sheet copied over; the
                # correction followed two days later.
                stale = rows[t] | {i: row for i, row in rows[t - 1].items() if i.startswith("ICT-")}
                original = file_spec(
                    seed, spec.path, region_id, t, stale, observations, critical,
                    region_habits[region_id], min(spec.updated.day, DEADLINE_DAY - 2),
                )  # fmt: skip
                corrected = replace(
                    spec,
                    path=folder / _file_name(region_id, period, "_korjattu"),
                    updated=original.updated + timedelta(days=2),
                    mess=replace(spec.mess, updated_cell=None),
                )
                specs += [original, corrected]
                summary.resubmission = (original.path, corrected.path)
            else:
                specs.append(spec)
        if planned:
            planned(specs[planned_before:])
        if region.stall and any(t in shown for t in range(region.stall[0], region.stall[1] + 1)):
            summary.stalled.append(
                (region_id, month_at(region.stall[0]), month_at(region.stall[1]))
            )
        if region.regression in shown:
            summary.regressed.append((region_id, month_at(region.regression)))
        if not region.finishes:
            summary.unfinished.append(region_id)
    summary.red_flags = [
        (region_id, month_at(a), month_at(b)) for region_id, a, b in story.red_flags if a in shown
    ]
    summary.late_files = [s.path for s in specs if s.updated.day > 5]
    specs.sort(key=lambda s: (s.path.parent.name, s.path.name))
    return specs, summary


def generate_sample(
    out: Path,
    *,
    seed: int = 2021,
    months: tuple[date, date] = DEFAULT_MONTHS,
    progress: Callable[[int, int], None] | None = None,
) -> SampleSummary:
    """Write the sample into `out` (clean/ and broken/) and say what it holds. `months` are
    the first and last month written (any day; both included). `progress(done, total)` counts
    workbooks written, each as it is done."""
    start, end = (m.replace(day=1) for m in months)
    if end < start:
        raise ValueError(f"months: {end:%Y-%m} is before {start:%Y-%m}")
    out = Path(out)
    workers = min(WORKERS, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: list[Future] = []
        # Each region's files go to the workers while the next region is planned here.
        specs, summary = plan_files(
            out,
            seed,
            (start, end),
            lambda batch: futures.extend(map(partial(pool.submit, render), batch)),
        )
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            if progress:
                progress(done, len(futures))
    summary.clean_files = [spec.path for spec in specs]
    summary.broken_files = write_broken(out / "broken", seed)
    return summary
