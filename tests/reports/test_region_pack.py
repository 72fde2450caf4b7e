"""The region pack for the sample: every figure printed in the PDF and on the slides equals
what metrics/ gives, and the Excel file holds the same numbers unformatted."""

from __future__ import annotations

from datetime import date

import pytest

import metrics
from common.texts import format_number, format_percent
from loaders.store.database import open_database
from metrics.agenda import discussion_brief, draft_agenda
from metrics.overdue import TOP
from reports.output import render
from reports.region_pack import region_pack
from tests.reports.conftest import pdf_pages, plain, slide_texts, workbook

# A region with moves, overdue and stalled work and an open red flag in the sample.
REGION, PERIOD = "keski-suomi", date(2022, 3, 1)
GROUPS = ("ALL", "HTT", "JO", "JAR", "YHD", "ICT")


@pytest.fixture(scope="module")
def packs(sample_con):
    """The pack in Finnish and English, and its files."""
    built = {lang: region_pack(sample_con, REGION, PERIOD, lang) for lang in ("fi", "en")}
    files = {
        (lang, kind): render(pack, kind)
        for lang, pack in built.items()
        for kind in ("pdf", "pptx", "xlsx")
    }
    return built, files


def _expected(con, lang="fi"):
    change = metrics.completion_change(con, scope="critical", period=PERIOD)
    mine = change[(change["region_id"] == REGION) & (change["group_code"] == "ALL")].iloc[0]
    peers = metrics.peer_position(con, period=PERIOD, scope="critical")
    rank = peers[(peers["region_id"] == REGION) & (peers["group_code"] == "ALL")].iloc[0]
    pace = metrics.pace_forecast(con, period=PERIOD)
    rating = pace.loc[pace["region_id"] == REGION, "rating"].iloc[0]
    label = metrics.rating_definitions().set_index("code").loc[rating, lang]
    return mine, rank, label


def test_headline_figures_in_pdf_and_slides_equal_the_metrics(sample_con, packs):
    _, files = packs
    mine, rank, label = _expected(sample_con)
    change = round(mine["change_pp"], 1)
    expected = [
        format_percent(mine["rate"], "fi"),
        ("+" if change > 0 else "") + format_number(change, "fi", 1) + " %-yks.",
        f"{int(rank['rank'])}./{int(rank['regions'])}",
        label,
    ]
    first_page = pdf_pages(files["fi", "pdf"])[0]
    headline_slide = slide_texts(files["fi", "pptx"])[1]
    for text in expected:
        assert plain(text) in first_page
        assert plain(text) in headline_slide


def test_group_completion_and_median_in_pdf_and_excel(sample_con, packs):
    _, files = packs
    own = metrics.completion(sample_con, scope="critical", period=PERIOD, region_id=REGION)
    spread = metrics.national_distribution(sample_con, scope="critical", period=PERIOD)
    first_page = pdf_pages(files["fi", "pdf"])[0]
    sheet = workbook(files["fi", "xlsx"])["Ryhmät"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(GROUPS)
    for code, row in zip(GROUPS, rows, strict=True):
        rate = own.loc[own["group_code"] == code, "completion_rate"].iloc[0]
        median = spread.loc[spread["group_code"] == code, "median"].iloc[0]
        assert plain(format_percent(rate, "fi")) in first_page
        assert plain(format_percent(median, "fi")) in first_page
        assert row[3] == pytest.approx(rate) and row[4] == pytest.approx(median)


def test_changes_lists_flags_and_agenda_come_from_the_brief(sample_con, packs):
    built, files = packs
    brief = discussion_brief(sample_con, REGION, PERIOD)
    text = " ".join(pdf_pages(files["fi", "pdf"]))
    counts = [str(len(brief[k])) for k in ("newly_done", "moved_forward", "moved_back")]
    assert (
        " ".join(
            f"{label} {n}"
            for label, n in zip(("Valmistui", "Eteni", "Palasi taaksepäin"), counts, strict=True)
        )
        in text
    )
    assert not brief["overdue"].empty and not brief["flags_open"].empty
    for subtask in brief["overdue"]["subtask_id"].head(TOP):  # the most urgent, printed
        assert subtask in text
    assert f"Pysähtyneet osatehtävät ({len(brief['stalled'])})" in text
    assert "Mukana vain kriittiset osatehtävät." in text
    for flagged in brief["flags_open"]["text"]:
        assert plain(flagged)[:60] in text
    for item in draft_agenda(brief, "fi"):
        assert f"{item['order']}. {item['title']}" in text
    # The Excel file keeps every row the PDF leaves out.
    book = workbook(files["fi", "xlsx"])
    moved = sum(len(brief[k]) for k in ("newly_done", "moved_forward", "moved_back"))
    assert book["Muutokset"].max_row - 1 == moved
    assert book["Pysähtyneet"].max_row - 1 == len(brief["stalled"])


def test_every_pdf_page_and_slide_carries_the_data_month_and_definitions(packs):
    built, files = packs
    pages = pdf_pages(files["fi", "pdf"])
    assert 4 <= len(pages) <= 8  # a few pages, not the whole list of every subtask
    for page in pages:
        assert "Tiedot: 3/2022" in page
    notes = [plain(p.notes)[:50] for p in built["fi"].pages]
    assert all(note for note in notes)
    assert all(any(note in page for page in pages) for note in notes)
    for slide in slide_texts(files["fi", "pptx"]):
        assert "Tiedot: 3/2022" in slide


def test_english_pack(sample_con, packs):
    _, files = packs
    mine, _, label = _expected(sample_con, "en")
    first_page = pdf_pages(files["en", "pdf"])[0]
    assert "Region pack" in first_page and "Data: 3/2022" in first_page
    assert format_percent(mine["rate"], "en") in first_page and label in first_page


def test_a_region_without_a_report_still_gets_a_pack(db_path):
    """No submission for the month: the pack says so, prints no figures, and does not fail."""
    con = open_database(db_path)
    try:
        pack = region_pack(con, "kainuu", PERIOD)
    finally:
        con.close()
    text = " ".join(pdf_pages(render(pack, "pdf")))
    assert "Kainuu ei toimittanut tilannekuvaa kuukaudelta 3/2022" in text
    assert [f.value for f in pack.pages[0].figures] == ["–", "–", "–", "–"]
    assert slide_texts(render(pack, "pptx"))
