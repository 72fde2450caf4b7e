"""The roadmap catalogue against the counts read off the roadmap by hand (see
data/roadmap/README.md), and names spelled exactly as printed."""

import csv
from collections import Counter

import pytest

from common import catalogue
from common.settings import ROADMAP_DIR

# Subtasks per entity, counted by reading seed 004 page by page.
EXPECTED_PER_ENTITY = {
    "HTT": {"A": 30, "B": 24, "C": 18, "D": 12, "E": 5, "F": 16, "G": 9, "H": 9},
    "JO": {"A": 28, "B": 25, "C": 14, "D": 34, "E": 33},
    "JAR": {"A": 17, "B": 11, "C": 15, "D": 23, "E": 10, "F": 10, "G": 20},
    "YHD": {"A": 23, "B": 15, "C": 12, "D": 6, "E": 19},
    "ICT": {"A": 18, "B": 27, "C": 27, "D": 29, "E": 18},
}
EXPECTED_TASKS = {"HTT": 25, "JO": 27, "JAR": 30, "YHD": 17, "ICT": 28}


def test_every_group_and_entity_has_the_counted_number_of_subtasks():
    counted = Counter((s.group_code, s.entity_letter) for s in catalogue.subtasks())
    expected = {(g, e): n for g, per in EXPECTED_PER_ENTITY.items() for e, n in per.items()}
    assert dict(counted) == expected
    assert sum(expected.values()) == len(catalogue.subtasks()) == 557
    assert len(expected) == 30


def test_every_group_has_the_counted_number_of_tasks():
    tasks = Counter(
        g for g, _, _ in {(s.group_code, s.entity_letter, s.task_no) for s in catalogue.subtasks()}
    )
    assert dict(tasks) == EXPECTED_TASKS


def test_subtask_ids_are_unique_and_built_from_their_parts():
    with (ROADMAP_DIR / "subtasks.csv").open(encoding="utf-8") as handle:
        ids = [row["subtask_id"] for row in csv.DictReader(handle)]
    assert len(ids) == len(set(ids))
    for s in catalogue.subtasks():
        assert s.subtask_id == f"{s.group_code}-{s.entity_letter}-{s.subtask_no}"
        assert s.subtask_no.split(".")[0] == str(s.task_no)


def test_names_are_clean_text():
    for s in catalogue.subtasks():
        for text in (s.entity_name, s.task_name, s.subtask_name):
            assert text == text.strip() and "  " not in text and "\n" not in text
            assert not text.endswith("-"), s.subtask_id
            assert "Tehtäväkokonaisuus" not in text and "HTT J&O" not in text


def test_each_entity_and_task_has_one_name():
    entity_names = {(s.group_code, s.entity_letter, s.entity_name) for s in catalogue.subtasks()}
    task_names = {
        (s.group_code, s.entity_letter, s.task_no, s.task_name) for s in catalogue.subtasks()
    }
    assert len(entity_names) == 30
    assert len(task_names) == sum(EXPECTED_TASKS.values())


@pytest.mark.parametrize(
    ("subtask_id", "entity", "task", "name"),
    [
        (
            "HTT-B-1.3",
            "Konsernitalous",
            "Talouden suunnittelu ja esivalmistelut VATE:n aikana",
            "Tilikartan laatiminen ja kirjanpidon aloittaminen",
        ),
        (
            "HTT-A-1.2",
            "Hallinnon rakenteet, toiminnan järjestäminen ja demokratia",
            "VATE:n organisointi ja HVA:n käynnistäminen",
            "VATE:n asettaminen",
        ),
        (
            "HTT-A-5.2",
            "Hallinnon rakenteet, toiminnan järjestäminen ja demokratia",
            "Aluevaltuuston aloittamiseen liittyvä valmistelu",
            "Vaalien järjestäminen",
        ),
        (
            "HTT-C-2.1",
            "Henkilöstön asiat ml. henkilöstön siirrot",
            "Aluevaltuustolle ehdotettavan siirtosuunnitelman ja –sopimusten valmistelu",
            "Palkkojen harmonisoinnin suunnittelu ja toteuttaminen sekä työaikamuotojen "
            "yhtenäistäminen",
        ),
        (
            "HTT-B-1.8",
            "Konsernitalous",
            "Talouden suunnittelu ja esivalmistelut VATE:n aikana",
            "HVA:n talous- ja toimintasuunnitelman laatiminen vuosille 2023 - 2025 sisältäen "
            "investoinnit ja rahoituksen",
        ),
        (
            "ICT-E-4.6",
            "ICT-infran järjestelmät",
            "Identiteetin hallinta",
            "Vaiheistettu kuntakohtainen AD-käyttäjien luominen keskitettyyn ympäristöön",
        ),
        (
            "ICT-E-2.1",
            "ICT-infran järjestelmät",
            "Kulunvalvonta",
            "Irtaantuminen kaupunkien kulunvalvontajärjestelmästä ja ottamalla sen sote/pela omaan "
            "hallintaan",
        ),
    ],
)
def test_names_are_spelled_as_printed(subtask_id, entity, task, name):
    found = {s.subtask_id: s for s in catalogue.subtasks()}[subtask_id]
    assert (found.entity_name, found.task_name, found.subtask_name) == (entity, task, name)


def test_groups_carry_three_languages():
    groups = {g["group_code"]: g for g in catalogue.groups()}
    assert list(groups) == list(catalogue.GROUP_CODES)
    assert groups["JAR"]["name_fi"] == "Palveluiden järjestäminen"
    assert all(g["name_sv"] and g["name_en"] for g in groups.values())


REGION_IDS = [
    "ita-uusimaa",
    "keski-uusimaa",
    "lansi-uusimaa",
    "vantaa-kerava",
    "varsinais-suomi",
    "satakunta",
    "kanta-hame",
    "pirkanmaa",
    "paijat-hame",
    "kymenlaakso",
    "etela-karjala",
    "etela-savo",
    "pohjois-savo",
    "pohjois-karjala",
    "keski-suomi",
    "etela-pohjanmaa",
    "pohjanmaa",
    "keski-pohjanmaa",
    "pohjois-pohjanmaa",
    "kainuu",
    "lappi",
    "helsinki",
]


def test_the_22_regions_in_official_order():
    assert [r["region_id"] for r in catalogue.regions()] == REGION_IDS


@pytest.mark.parametrize(
    ("written", "region_id"),
    [
        ("Pohjois-Pohjanmaan hyvinvointialue", "pohjois-pohjanmaa"),
        ("Norra Österbottens välfärdsområde", "pohjois-pohjanmaa"),
        ("POHJOIS-POHJANMAA", "pohjois-pohjanmaa"),
        ("  pohjois pohjanmaa ", "pohjois-pohjanmaa"),
        ("Kainuun hyvinvointialue", "kainuu"),
        ("KAINUU", "kainuu"),
        ("Kajanalands välfärdsområde", "kainuu"),
        ("Helsingin kaupunki", "helsinki"),
        ("Vantaan ja Keravan hyvinvointialue", "vantaa-kerava"),
        ("Päijät-Häme", "paijat-hame"),
        ("Itä-Uudenmaan\u00a0hyvinvointialue", "ita-uusimaa"),
        ("Varsinais-\u200bSuomi", "varsinais-suomi"),
        ("Uusimaa", None),
        ("Tampere", None),
    ],
)
def test_regions_are_recognised_as_people_write_them(written, region_id):
    assert catalogue.resolve_region(written) == region_id


@pytest.mark.parametrize(
    ("sheet", "code"),
    [
        ("HTT", "HTT"),
        ("Hallinto, talous ja tukipalvelut", "HTT"),
        ("Hallinto, talous ja tukipalvelu", "HTT"),
        ("J&O", "JO"),
        ("jo", "JO"),
        ("Järjestäminen", "JAR"),
        ("Yhdyspinnat", "YHD"),
        ("ICT-valmistelu", "ICT"),
        (" ict ", "ICT"),
        ("Huomiot", None),
        ("Perustiedot", None),
    ],
)
def test_group_sheets_are_recognised_by_code_or_name(sheet, code):
    assert catalogue.resolve_group(sheet) == code


def test_phases_run_in_order_to_the_transfer():
    phases = catalogue.phases()
    assert [int(p["phase_no"]) for p in phases] == [1, 2, 3, 4, 5]
    ends = [p["ends"] for p in phases]
    assert ends == sorted(ends) and ends[-1] == "2023-01-01"
    assert phases[2]["starts"] == "2021-07-01" and phases[2]["ends"] == "2022-02-28"
