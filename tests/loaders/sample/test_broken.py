"""The broken folder: every file is rejected, each with the reason its name promises."""

from __future__ import annotations

import csv

import pytest

from common.settings import DATA_DIR
from loaders.ingest import ingest_paths
from loaders.store.database import open_database

# File name -> the problem (data/messages.csv key) that must reject it.
EXPECTED = {
    "rikki_satunnaiset_tavut.xlsx": "corrupt",
    "rikki_katkennut.xlsx": "corrupt",
    "rikki_csv_uudelleennimetty.xlsx": "not_xlsx",
    "rikki_vanha_xls_uudelleennimetty.xlsx": "xls",
    "rikki_tyhja.xlsx": "empty_file",
    "rikki_tuntematon_alue.xlsx": "unknown_region",
    "rikki_ei_kuukautta.xlsx": "no_period",
    "rikki_ei_perustietoja.xlsx": "no_info_sheet",
    "rikki_ei_ryhmavalilehtia.xlsx": "no_group_sheets",
}


def message_en(key: str) -> str:
    with (DATA_DIR / "messages.csv").open(encoding="utf-8", newline="") as handle:
        return next(row["en"] for row in csv.DictReader(handle) if row["key"] == key)


@pytest.fixture(scope="module")
def rejected(sample, tmp_path_factory) -> dict[str, tuple[str, str | None]]:
    """File name -> (outcome, English message of its first problem)."""
    con = open_database(tmp_path_factory.mktemp("broken") / "broken.duckdb")
    try:
        results = ingest_paths(con, [sample.out / "broken"])
    finally:
        con.close()
    return {
        r.file_name: (r.outcome, r.problems[0].message_en if r.problems else None) for r in results
    }


def test_the_broken_folder_holds_exactly_these_files(sample):
    assert {p.name: key for p, key in sample.summary.broken_files.items()} == EXPECTED
    assert {p.name for p in (sample.out / "broken").iterdir()} == set(EXPECTED)


def test_no_broken_file_is_in_the_clean_set(sample):
    clean = {p.name for p in sample.summary.clean_files}
    assert not clean & set(EXPECTED)


@pytest.mark.parametrize("name, key", sorted(EXPECTED.items()))
def test_each_broken_file_is_rejected_for_its_reason(rejected, name, key):
    outcome, message = rejected[name]
    assert outcome == "rejected"
    # The message up to its first placeholder is the template's own text.
    assert message.startswith(message_en(key).split("{")[0])


def test_the_unknown_region_is_named(rejected):
    assert "Tampereen hyvinvointialue" in rejected["rikki_tuntematon_alue.xlsx"][1]
