"""The generator itself: deterministic for a seed, the same month whatever span is asked for,
and its data files consistent."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import python_calamine as calamine

from common import catalogue
from loaders.cli import main
from loaders.sample.data import fillers, templates
from loaders.sample.generator import generate_sample
from loaders.sample.observations import lead_in
from loaders.store.themes import classify
from loaders.template.writer import default_critical_ids
from tests.loaders.sample.conftest import SEED

MARCH = (date(2022, 3, 1), date(2022, 3, 1))


def cell_values(folder: Path) -> dict[str, dict[str, list[list[object]]]]:
    """Relative file path -> sheet -> rows of values, for every workbook under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*.xlsx")):
        book = calamine.CalamineWorkbook.from_path(str(path))
        try:
            found[str(path.relative_to(folder))] = {
                name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in book.sheet_names
            }
        finally:
            book.close()
    return found


@pytest.fixture(scope="module")
def march(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("march")
    generate_sample(out, seed=SEED, months=MARCH)
    return out


def test_same_seed_same_cells(march, tmp_path):
    generate_sample(tmp_path, seed=SEED, months=MARCH)
    again = cell_values(tmp_path / "clean")
    assert len(again) == 22
    assert again == cell_values(march / "clean")


def test_other_seed_other_cells(march, tmp_path):
    generate_sample(tmp_path, seed=SEED + 1, months=MARCH)
    assert cell_values(tmp_path / "clean") != cell_values(march / "clean")


def test_a_month_reads_the_same_in_a_short_and_in_the_full_sample(march, sample):
    month = cell_values(march / "clean" / "2022-03")
    assert month == cell_values(sample.out / "clean" / "2022-03")


def filled_texts():
    """Every template filled with every combination of its slots' phrases."""
    slots = fillers()
    for template in templates():
        names = re.findall(r"\{(\w+)\}", template.text)
        for combo in itertools.product(*(slots[n] for n in names)):
            text = template.text
            for name, phrase in zip(names, combo, strict=True):
                text = text.replace("{" + name + "}", phrase, 1)
            yield template, text[:1].upper() + text[1:]


def test_every_filled_template_raises_exactly_its_themes():
    wrong = [
        (template.themes, classify(text), text)
        for template, text in filled_texts()
        if sorted(classify(text)) != sorted(template.themes)
        or sorted(classify(lead_in(fillers()["alku"][0], text))) != sorted(template.themes)
    ]
    assert wrong == []


@pytest.mark.parametrize("slot", ["alku", "tail_riski", "tail_huomio", "tail_toive", "taytta"])
def test_openers_tails_and_names_raise_no_theme(slot):
    assert {p: classify(p) for p in fillers()[slot] if classify(p) != ["muu"]} == {}


def test_every_theme_has_an_ordinary_template_for_every_month():
    months = [date(2021 + (7 + i) // 12, (7 + i) % 12 + 1, 1) for i in range(17)]
    for theme in {t.themes[0] for t in templates()}:
        for month in months:
            assert any(
                t.themes == (theme,) and not t.role and t.fits(month) for t in templates()
            ), (theme, month)


def test_critical_sample_is_about_a_third_of_the_catalogue():
    critical = default_critical_ids()
    catalogue_ids = {s.subtask_id for s in catalogue.subtasks()}
    assert critical <= catalogue_ids
    assert 0.3 < len(critical) / len(catalogue_ids) < 0.4
    tasks = {(s.group_code, s.entity_letter, s.task_no) for s in catalogue.subtasks()}
    with_critical = {
        (s.group_code, s.entity_letter, s.task_no)
        for s in catalogue.subtasks()
        if s.subtask_id in critical
    }
    assert with_critical == tasks


def test_months_in_the_wrong_order_are_refused(tmp_path):
    with pytest.raises(ValueError, match="before"):
        generate_sample(tmp_path, months=(date(2022, 3, 1), date(2022, 1, 1)))


def test_the_sample_command_writes_the_months_asked_for(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path), "--months", "2022-11:2022-12"]) == 0
    assert sorted(p.name for p in (tmp_path / "clean").iterdir()) == ["2022-11", "2022-12"]
    written = len(list((tmp_path / "clean").rglob("*.xlsx")))
    assert written >= 43
    assert capsys.readouterr().out.startswith(f"{tmp_path}: {written} ")
