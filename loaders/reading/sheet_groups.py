"""Which sheet holds which preparation group: by its name, and when the name is unknown
(Excel's copy `JO (2)`, `JO_2`, `JO 2022-05`) by what it holds.

A sheet with a header row (Tunnus or Osatehtävä, and Tila) and an unknown name is read as a
group when its rows clearly belong to that group: full ids (`JO-A-1.1`), short ids whose
entity and number exist in one group only, or the names of entities, tasks and subtasks.
Nothing is dropped silently: a sheet that is not read, because its rows are unclear or its
group was read from another sheet, is an error naming it, and so is a group with no sheet."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from common import catalogue
from loaders.reading.group_sheet import entity_letter, id_text, known_ids
from loaders.reading.messages import Problem, problem, texts
from loaders.reading.sheets import cell, find_header, text_value

CLEAR_SHARE = 0.9  # of the rows that point at one group, at least this share at the same one
_FULL_ID = re.compile(r"^([A-Z]+)\s*-\s*([A-Z])\s*-\s*(\d+)\.(\d+)\.?$")
_SHORT_ID = re.compile(r"^(?:([A-Z])\s*[-.]?\s*)?(\d+)\.(\d+)\.?$")
_NUMBERING = re.compile(r"^(?:[A-Z][.)]|\d+\.)\s*", re.IGNORECASE)

Rows = list[list[object]]


def group_sheets(
    names: list[str], rows_of: Callable[[str], Rows], skip: set[str]
) -> tuple[dict[str, str], list[Problem]]:
    """(group code -> the sheet read for it, in workbook order; the problems found). Sheets
    in `skip` (Perustiedot, Huomiot, Ohjeet) are not looked at. When two sheets hold one
    group, the one that fills more statuses is read (someone filled the copy and left the
    original blank); among equals the one named for its group, then the first."""
    claims: list[tuple[int, str, str, int]] = []  # (by content?, code, sheet, rows recognised)
    problems: list[Problem] = []
    for name in names:
        if name in skip:
            continue
        if code := catalogue.resolve_group(name):
            claims.append((0, code, name, 0))
            continue
        found = content_group(rows_of(name))
        if found is None:
            continue  # no header row: notes, a chart, a copy of the instructions
        code, votes, detail = found
        if code is None:
            problems.append(problem("unclear_group_sheet", sheet=name, detail=detail))
        else:
            claims.append((1, code, name, votes))
    counts = Counter(code for _, code, _, _ in claims)
    shared = [name for _, code, name, _ in claims if counts[code] > 1]
    filled = {name: filled_statuses(rows_of(name)) for name in shared}
    chosen: dict[str, str] = {}
    for rank, code, name, votes in sorted(claims, key=lambda c: (-filled.get(c[2], 0), c[0])):
        if code in chosen:
            problems.append(
                problem("duplicate_group_sheet", sheet=name, group=code, first=chosen[code])
            )
            continue
        chosen[code] = name
        if rank:
            problems.append(
                problem("group_sheet_by_content", "info", sheet=name, group=code, count=votes)
            )
    order = {name: n for n, name in enumerate(names)}
    return dict(sorted(chosen.items(), key=lambda item: order[item[1]])), problems


def unread_groups(chosen: dict[str, str], names: list[str], statuses: list[tuple]) -> list[Problem]:
    """An error for every group that nothing was read for: no sheet at all (listing the sheets
    the workbook has), or a sheet named for it that holds only other groups' subtasks (full
    ids go to their own group wherever they stand). `statuses` are the rows read."""
    read = Counter((row[7], row[0].split("-", 1)[0]) for row in statuses)  # (sheet, group)
    problems = []
    for code in catalogue.GROUP_CODES:
        sheet = chosen.get(code)
        if sheet is None:
            if not any(group == code for _, group in read):
                problems.append(problem("missing_group_sheet", group=code, sheets=", ".join(names)))
            continue
        others = sorted(group for where, group in read if where == sheet and group != code)
        if others and not read[(sheet, code)]:
            problems.append(
                problem("wrong_group_sheet", sheet=sheet, group=code, others=", ".join(others))
            )
    return problems


def filled_statuses(rows: Rows) -> int:
    """How many cells of the sheet's status column (Tila) are filled; 0 without a header."""
    found = find_header(rows, {"status"})
    if found is None:
        return 0
    header, columns, _ = found
    return sum(text_value(cell(row, columns, "status")) is not None for row in rows[header + 1 :])


def content_group(rows: Rows) -> tuple[str | None, int, tuple[str, ...]] | None:
    """(the group the rows clearly belong to or None, the rows that point at it, a (fi, sv, en)
    account of the votes) for a sheet with a header row; None for a sheet without one."""
    found = find_header(rows, {"subtask_id", "status"}) or find_header(rows, {"subtask", "status"})
    if found is None:
        return None
    header, columns, _ = found
    votes: Counter[str] = Counter()
    entity: str | None = None
    for row in rows[header + 1 :]:
        entity = entity_letter(cell(row, columns, "entity")) or entity
        candidates = _row_groups(row, columns, entity)
        if len(candidates) == 1:
            votes[next(iter(candidates))] += 1
    total = sum(votes.values())
    if not total:
        return None, 0, texts("votes_none")
    (code, top), *_ = votes.most_common(1)
    account = ", ".join(f"{group} {count}" for group, count in votes.most_common())
    if top < CLEAR_SHARE * total:
        return None, top, tuple(text.format(account=account) for text in texts("votes_by_group"))
    return code, top, (account, account, account)


def _row_groups(row: list[object], columns: dict[str, int], entity: str | None) -> set[str]:
    """The groups one row can belong to: every witness it gives (id, names) narrows them."""
    written_id = id_text(cell(row, columns, "subtask_id"), cell(row, columns, "subtask"))
    witnesses = [_id_groups(written_id, entity)]
    names = name_groups()
    for key in ("entity", "task", "subtask"):
        text = text_value(cell(row, columns, key))
        if text:
            name = catalogue.normalise(_NUMBERING.sub("", text.strip()))
            witnesses.append(names.get(name, frozenset()))
    candidates: set[str] | None = None
    for groups in witnesses:
        if groups:  # a witness that names nothing known (a typed comment) is no evidence
            candidates = set(groups) if candidates is None else candidates & groups
    return candidates or set()


def _id_groups(raw: str | None, entity: str | None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    text = catalogue.normalise(raw).upper()
    known = known_ids()
    if match := _FULL_ID.match(text):
        full = f"{match[1]}-{match[2]}-{int(match[3])}.{int(match[4])}"
        return frozenset({match[1]}) if full in known else frozenset()
    if (match := _SHORT_ID.match(text)) and (letter := match[1] or entity):
        number = f"{int(match[2])}.{int(match[3])}"
        return frozenset(g for g in catalogue.GROUP_CODES if f"{g}-{letter}-{number}" in known)
    return frozenset()


@cache
def name_groups() -> dict[str, frozenset[str]]:
    """Normalised entity, task or subtask name -> the groups that have it."""
    found: dict[str, set[str]] = {}
    for s in catalogue.subtasks():
        for name in (s.entity_name, s.task_name, s.subtask_name):
            found.setdefault(catalogue.normalise(name), set()).add(s.group_code)
    return {name: frozenset(groups) for name, groups in found.items()}
