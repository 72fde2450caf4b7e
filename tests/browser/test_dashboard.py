"""The main flows in a real browser: leadership opens the national picture and clicks through to
a region, every page opens in Finnish and English without errors, the roadmap searches, and a
region's workbook is uploaded on the data page."""

import io
import re
import shutil
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from loaders.store.database import open_database
from loaders.template.writer import template_bytes
from tests.browser.conftest import download, screenshot, serve, settle

pytestmark = pytest.mark.browser

# url path, Finnish heading, English heading (None: the heading names the region)
PAGES = [
    ("", "Kansallinen tilannekuva", "National situation picture"),
    ("alue", None, None),
    ("vertailu", "Aluevertailu", "Regional comparison"),
    ("riskit", "Riskit ja teemat", "Risks and themes"),
    ("tiekartta", "Alueellisen toimeenpanon tiekartta", "Regional implementation roadmap"),
    ("aineisto", "Aineisto ja laatu", "Data and quality"),
]


def _start(db, folder):
    url, process = serve(db, folder / "streamlit.log")
    return url, process


def _stop(process) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def sample_url(sample_db_file, tmp_path_factory):
    """The dashboard serving a copy of the sample database (the server process owns it)."""
    folder = tmp_path_factory.mktemp("browser_sample")
    db = folder / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, db)
    url, process = _start(db, folder)
    yield url
    _stop(process)


@pytest.fixture(scope="module")
def empty_url(tmp_path_factory):
    """The dashboard on a database with the roadmap and no reports."""
    folder = tmp_path_factory.mktemp("browser_empty")
    db = folder / "tilannekuva.duckdb"
    open_database(db).close()
    url, process = _start(db, folder)
    yield url, db
    _stop(process)


def heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def test_national_picture_links_through_to_the_region(page, sample_url):
    page.goto(sample_url)
    heading(page, "Kansallinen tilannekuva").wait_for(timeout=60_000)
    settle(page)
    # The headline: regions reporting out of 22, in Finnish number format. Each key figure is
    # found by its label: a card with a sparkline mounts when its chart code has loaded, so
    # the cards' order in the document can differ for a moment from the order on screen.
    reporting = page.get_by_test_id("stMetric").filter(has_text="Raportoineet alueet")
    assert re.search(r"\d+ / 22", reporting.inner_text(timeout=30_000))
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    # Heatmap, ratings, themes, trend: Streamlit mounts charts as they come, so wait for them.
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 4",
        timeout=30_000,
    )
    median = page.get_by_test_id("stMetric").filter(has_text="Kansallinen mediaani")
    assert re.search(r"\d+,\d %", median.inner_text(timeout=30_000))
    screenshot(page, "national-fi")

    # The heatmap's table downloads as Excel (written when the button is pressed).
    file = download(page, page.get_by_role("button", name="Lataa Excel-tiedostona").first)
    assert file.suggested_filename == "valmiusaste_2022-12_kriittiset.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(file.path().read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 23 and rows[0][0] == "Alue"

    # Keyboard route to a region: choose it, follow the link; the month and scope go along.
    page.get_by_label("Avaa alueen tilannekuva").click()
    page.keyboard.type("Lappi")
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Avaa: Lappi", exact=True)
    link.wait_for(timeout=15_000)
    link.click()
    page.get_by_role("heading", name=re.compile("^Lap.*alueen tilannekuva")).wait_for(
        timeout=30_000
    )
    settle(page)
    assert "alue=lappi" in page.url and "kuukausi=" in page.url

    # The sidebar's page links carry no query string; the choices go along all the same.
    page.get_by_role("link", name="Keskustelun valmistelu").click()
    heading(page, "Lappi: keskustelun valmistelu").wait_for(timeout=30_000)
    settle(page)
    page.get_by_text("English", exact=True).click()
    page.wait_for_url(re.compile("lang=en"), timeout=15_000)
    settle(page)
    page.get_by_role("link", name="Region", exact=True).click()
    heading(page, "Lappi: situation picture").wait_for(timeout=30_000)
    settle(page)
    screenshot(page, "region-fi")


def test_heatmap_click_opens_the_region(page, sample_url):
    page.goto(f"{sample_url}/?kuukausi=2022-12")
    heading(page, "Kansallinen tilannekuva").wait_for(timeout=60_000)
    settle(page)
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=30_000)
    plot.scroll_into_view_if_needed()
    # The first row from the top, the first column: one cell's centre. A click that lands
    # while plotly redraws the chart (its element remounts once the page settles) selects
    # nothing, so a person would click again: up to three clicks, each given 15 s.
    for _ in range(3):
        box = plot.locator(".heatmaplayer, .hm").first.bounding_box()
        assert box, "the heatmap is drawn"
        page.mouse.click(box["x"] + 12, box["y"] + 8)
        try:
            page.wait_for_url(re.compile(r"/alue\?"), timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        pytest.fail("three clicks on a heatmap cell did not open the region's page")
    # The region page draws after the address changes: wait for its heading, then settle.
    page.get_by_role("heading", name=re.compile("alueen tilannekuva")).wait_for(timeout=60_000)
    settle(page)


@pytest.mark.parametrize(("path", "finnish", "english"), PAGES)
def test_every_page_opens_in_finnish_and_english(page, sample_url, path, finnish, english):
    name = path or "kansallinen"
    page.goto(f"{sample_url}/{path}")
    title = heading(page, finnish) if finnish else page.get_by_role("heading", level=1)
    title.first.wait_for(timeout=60_000)
    settle(page)
    screenshot(page, f"{name}-fi")

    page.get_by_text("English", exact=True).click()
    page.wait_for_url(re.compile("lang=en"), timeout=15_000)
    title = heading(page, english) if english else page.get_by_role("heading", level=1)
    title.first.wait_for(timeout=30_000)
    settle(page)
    if not english:
        assert "situation picture" in title.first.inner_text()
    assert page.get_by_text("Kansallinen tilannekuva", exact=True).count() == 0
    # The filters keep their choice across the switch (Streamlit keeps a choice as its label).
    critical = page.get_by_role("radio", name="Critical", exact=True)
    if critical.count():
        assert critical.is_checked()
    screenshot(page, f"{name}-en")


def test_roadmap_page_searches(page, empty_url):
    url, _ = empty_url
    page.goto(f"{url}/tiekartta")
    heading(page, "Alueellisen toimeenpanon tiekartta").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_text("Näytetään 557 / 557 osatehtävää").is_visible()
    page.get_by_role("textbox", name="Haku").fill("tilikart")
    page.get_by_role("textbox", name="Haku").press("Enter")
    page.get_by_text("Näytetään 2 / 557 osatehtävää").wait_for(timeout=15_000)


def test_upload_loads_a_workbook_and_the_tracker_shows_it(page, empty_url, tmp_path):
    url, _ = empty_url
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("kainuu", date(2022, 3, 1))))
    book["HTT"]["F3"] = "Valmis"
    book["HTT"]["F4"] = "ehkä"  # not a status: that row is reported and left out
    path = tmp_path / "kainuu_2022-03.xlsx"
    book.save(path)

    page.goto(f"{url}/aineisto")
    heading(page, "Aineisto ja laatu").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("tab", name="Pohjat ja tuonti").click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("kainuu_2022-03.xlsx: Ladattu osittain").wait_for(timeout=60_000)
    settle(page)
    # The unknown status left one of the 557 rows out; the problem table (a canvas) follows.
    assert page.get_by_text("Kainuu, 3/2022: 556 osatehtäväriviä ja 0 huomiota.").is_visible()
    assert page.get_by_text("Tiedoston ongelmat").is_visible()
    screenshot(page, "upload-fi")

    page.get_by_role("tab", name="Toimitukset").click()
    page.get_by_text("1 osittain ladattu").first.wait_for(timeout=15_000)
