"""A workbook written in Swedish — sheet names, headers, statuses and yes/no words — loads
like the Finnish one: a region whose working language includes Swedish can report in it."""

from __future__ import annotations

from datetime import date

import openpyxl

from loaders.ingest import ingest_paths
from loaders.store.database import open_database
from loaders.template.writer import SubtaskValues, write_workbook

HEADER = [
    "Kod",
    "Uppgiftshelhet",
    "Uppgift",
    "Deluppgift",
    "Kritisk",
    "Läge",
    "Beräknas klar",
    "Läge och nästa steg",
    "Utmaningar och behov av stöd",
]


def _swedish_workbook(path):
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Grunduppgifter"
    for label, value in (
        ("Välfärdsområde", "Österbottens välfärdsområde"),
        ("Rapporteringsmånad", "2022-03"),
        ("Ifylld av", "Test Testsson"),
        ("Uppdaterad", date(2022, 4, 4)),
    ):
        info.append([label, value])
    # Excel cuts sheet names at 31 characters: "Förvaltning, ekonomi och stödtj".
    for name, rows in (
        (
            "Förvaltning, ekonomi och stödtjänster"[:31],
            [["HTT-B-1.3", None, None, None, "Ja", "Klar"]],
        ),
        ("Ledarskap och kompetens", [["JO-A-1.1", None, None, None, "Nej", "Påbörjad"]]),
        # A group's sheet with nothing filled in yet is still its sheet: no group is missing.
        ("Organisering av tjänster", []),
        ("Gränsytor", []),
        ("IKT-beredning", []),
    ):
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    notes = book.create_sheet("Iakttagelser")
    notes.append(["Typ", "Beredningsgrupp", "Beskrivning", "Allvarlighetsgrad", "Röd flagga"])
    notes.append(["Risk", "HTT", "Finansieringen räcker inte.", "Hög", "Ja"])
    book.save(path)
    return path


def test_a_swedish_workbook_loads_like_a_finnish_one(db_path, tmp_path):
    con = open_database(db_path)
    try:
        [result] = ingest_paths(con, [_swedish_workbook(tmp_path / "osterbotten.xlsx")])
        assert result.outcome == "loaded", [p.message_en for p in result.problems]
        assert (result.region_id, result.period) == ("pohjanmaa", date(2022, 3, 1))
        statuses = dict(
            con.execute(
                "SELECT subtask_id, status FROM v_subtask_status "
                "WHERE subtask_id IN ('HTT-B-1.3', 'JO-A-1.1')"
            ).fetchall()
        )
        assert statuses == {"HTT-B-1.3": "done", "JO-A-1.1": "started"}
        assert con.execute("SELECT kind, severity, red_flag FROM v_observations").fetchall() == [
            ("riski", "korkea", True)
        ]
    finally:
        con.close()


def test_the_swedish_template_is_in_swedish_and_loads_back(db_path, tmp_path):
    path = write_workbook(
        tmp_path / "mall.xlsx",
        region_id="pohjanmaa",
        period=date(2022, 3, 1),
        values={"HTT-B-1.3": SubtaskValues(critical=True, status="Klar")},
        lang="sv",
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Grunduppgifter"
    assert book.sheetnames[-2:] == ["Iakttagelser", "Anvisningar"]
    assert book["Grunduppgifter"]["B1"].value == "Österbottens välfärdsområde"
    assert [c.value for c in book["HTT"][2]][:6] == HEADER[:5] + ["Status"]
    con = open_database(db_path)
    try:
        [result] = ingest_paths(con, [path])
        assert result.outcome == "loaded", [p.message_en for p in result.problems]
        assert con.execute(
            "SELECT status, critical FROM v_subtask_status WHERE subtask_id = 'HTT-B-1.3'"
        ).fetchone() == ("done", True)
    finally:
        con.close()
