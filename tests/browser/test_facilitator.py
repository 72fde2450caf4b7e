"""What a facilitator sees in a real browser: the region page's overdue list shows the ten
most urgent subtasks whole and counts the rest; the discussion page opens its key sections,
shows observation texts whole, offers the region pack, and has the recorder's name beside
the save button."""

import shutil
from datetime import date

import pytest

from loaders.store.database import open_database
from metrics.agenda import discussion_brief
from metrics.overdue import TOP, overdue_stalled_counts
from tests.browser.conftest import serve, settle

pytestmark = pytest.mark.browser

LAST = date(2022, 12, 1)


@pytest.fixture(scope="module")
def served(sample_db_file, tmp_path_factory):
    """The dashboard on a copy of the sample, and the region with the most overdue work in
    12/2022 with its discussion brief."""
    folder = tmp_path_factory.mktemp("browser_facilitator")
    db = folder / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, db)
    con = open_database(db)
    try:
        counts = overdue_stalled_counts(con, period=LAST)
        region = counts.sort_values("overdue").iloc[-1]["region_id"]
        brief = discussion_brief(con, region, LAST)
    finally:
        con.close()
    url, process = serve(db, folder / "streamlit.log")
    yield url, region, brief
    process.terminate()
    process.wait(timeout=10)


def test_region_page_lists_the_ten_most_urgent_whole(page, served):
    url, region, brief = served
    overdue = brief["overdue"]
    page.goto(f"{url}/alue?alue={region}&kuukausi=2022-12")
    heading = f"Myöhässä olevat kriittiset osatehtävät ({len(overdue)})"
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    settle(page)
    first = page.get_by_test_id("stTable").filter(has_text=overdue["subtask_id"].iloc[0]).first
    first.wait_for(state="visible", timeout=60_000)
    rows = first.locator("tbody tr")
    assert rows.count() == TOP
    # The subtask's name in full, in the page's text, not cut at a column edge.
    name = overdue["subtask_name"].iloc[0]
    assert name in first.inner_text().replace("\n", " ")
    more = page.get_by_text(f"… ja {len(overdue) - TOP} muuta", exact=False).first
    more.wait_for(state="visible", timeout=30_000)


def test_discussion_page_opens_what_matters_and_hands_out_the_pack(page, served):
    url, region, brief = served
    page.goto(f"{url}/keskustelu?alue={region}&kuukausi=2022-12")
    page.get_by_role("heading", name="Muutokset ja nostot").wait_for(timeout=60_000)
    settle(page)
    # Open by default: the stalled list's reasons and the risks' texts show without a click.
    page.get_by_text("Miksi pysähtynyt").first.wait_for(state="visible", timeout=60_000)
    texts = [*brief["new_risks"]["text"], *brief["wishes"]["text"]]
    assert texts, "the month has risks or wishes to discuss"
    page.get_by_text(texts[0], exact=True).first.wait_for(state="visible", timeout=30_000)
    # The region pack downloads here too.
    assert page.get_by_role("button", name="PDF").first.is_visible()
    # The recorder's name sits on the same row as the save button.
    name = page.get_by_role("textbox", name="Kirjaaja").bounding_box()
    save = page.get_by_role("button", name="Tallenna muistio").bounding_box()
    assert name and save
    assert abs((name["y"] + name["height"]) - (save["y"] + save["height"])) < 12
    assert save["x"] > name["x"] + name["width"] - 1
