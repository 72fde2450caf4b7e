"""One figure, one place: the region page, the discussion page and the region pack (the
facilitator's screens and handout) show the same counts for the same region, month and
scope, because all of them call the same metrics with the same arguments."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from metrics.agenda import discussion_brief, draft_agenda
from reports.region_pack import region_pack
from tests.pages.helpers import open_page

# Keski-Suomi 6/2022: many moves, all subtasks against critical ones tell apart.
REGION, MONTH = "keski-suomi", date(2022, 6, 1)
HEADER_COUNT = re.compile(r"^(.*) \((\d+)\)")


def page_counts(app: AppTest) -> dict[str, str]:
    """Every headline figure (label -> value) and every list's count (heading -> count)."""
    shown = {m.label: str(m.value) for m in app.metric}
    for heading in app.subheader:
        if found := HEADER_COUNT.match(heading.value):
            shown[found[1]] = found[2]
    return shown


def pack_counts(pack) -> dict[str, str]:
    """The same from the pack: its figures and the counts in its tables' titles."""
    shown = {f.label: f.value for page in pack.pages for f in page.figures}
    for table in pack.tables():
        if found := HEADER_COUNT.match(table.title):
            shown[found[1]] = found[2]
    return shown


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_region_page_and_region_pack_show_the_same_counts(con, scope):
    app = open_page("pages/region.py", alue=REGION, kuukausi=f"{MONTH:%Y-%m}", laajuus=scope)
    page = page_counts(app)
    pack = pack_counts(region_pack(con, REGION, MONTH, "fi", scope))
    both = page.keys() & pack.keys()
    expected = {
        "Valmistui",
        "Eteni",
        "Palasi taaksepäin",
        "Uusia myöhässä",
        "Myöhässä olevat kriittiset osatehtävät",
        "Pysähtyneet osatehtävät",
    }
    assert expected <= both, (sorted(page), sorted(pack))
    assert {label: page[label] for label in both} == {label: pack[label] for label in both}
    # Both say which scope they count.
    scope_note = {"critical": "Mukana vain kriittiset", "all": "Mukana kaikki"}[scope]
    assert any(scope_note in c.value for c in app.caption)


def test_the_scope_changes_the_counts_the_same_way_everywhere(con):
    critical = pack_counts(region_pack(con, REGION, MONTH, "fi", "critical"))
    everything = pack_counts(region_pack(con, REGION, MONTH, "fi", "all"))
    assert int(everything["Eteni"]) > int(critical["Eteni"])
    assert int(everything["Pysähtyneet osatehtävät"]) > int(critical["Pysähtyneet osatehtävät"])


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_discussion_page_agenda_and_pack_agree(con, scope):
    app = open_page("pages/discussion.py", alue=REGION, kuukausi=f"{MONTH:%Y-%m}", laajuus=scope)
    shown = {m.label: str(m.value) for m in app.metric}
    pack = pack_counts(region_pack(con, REGION, MONTH, "fi", scope))
    pairs = {
        "Valmistuneet": "Valmistui",
        "Edenneet": "Eteni",
        "Taaksepäin": "Palasi taaksepäin",
        "Uudet myöhästymiset": "Uusia myöhässä",
        "Pysähtyneet": "Pysähtyneet osatehtävät",
    }
    for on_screen, in_pack in pairs.items():
        assert shown[on_screen] == pack[in_pack], on_screen
    brief = discussion_brief(con, REGION, MONTH, scope)
    progress = next(i for i in draft_agenda(brief, "fi", scope) if i["section"] == "progress")
    assert (
        f"{shown['Valmistuneet']} osatehtävää valmistui ja {shown['Edenneet']} eteni"
        in (progress["detail"])
    )
    # The handout downloads from the discussion page too.
    assert {b.label for b in app.get("download_button")} >= {"PDF", "PPTX", "XLSX"}


@pytest.mark.parametrize("month", [date(2022, 6, 1), date(2022, 12, 1)])
def test_national_page_and_national_pack_show_the_same_headline(con, month):
    from reports.national_pack import national_pack

    app = open_page("pages/national.py", kuukausi=f"{month:%Y-%m}", laajuus="critical")
    page = {m.label: str(m.value) for m in app.metric}
    pack = {f.label: f.value for p in national_pack(con, month, "fi").pages for f in p.figures}
    expected = {
        "Raportoineet alueet",
        "Kansallinen mediaani",
        "Aikataulussa 1.1.2023",
        "Avoimet punaiset liput",
    }
    assert expected <= page.keys() & pack.keys(), (sorted(page), sorted(pack))
    assert {label: page[label] for label in expected} == {label: pack[label] for label in expected}
