"""The main flows in a real browser: the pages open without errors, the language switches."""

import pytest

from tests.browser.conftest import screenshot, serve, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from loaders.database import open_database

    folder = tmp_path_factory.mktemp("browser")
    db = folder / "tilannekuva.duckdb"
    open_database(db).close()
    url, process = serve(db, folder / "streamlit.log")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_roadmap_page_searches_and_switches_language(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="Alueellisen toimeenpanon tiekartta").wait_for(timeout=30_000)
    settle(page)
    assert page.get_by_text("Näytetään 557 / 557 osatehtävää").is_visible()
    page.get_by_role("textbox", name="Haku").fill("tilikart")
    page.get_by_role("textbox", name="Haku").press("Enter")
    page.get_by_text("Näytetään 2 / 557 osatehtävää").wait_for(timeout=15_000)
    screenshot(page, "roadmap-fi")

    page.get_by_text("English").click()
    page.get_by_role("heading", name="Regional implementation roadmap").wait_for(timeout=15_000)
    settle(page)
    assert "lang=en" in page.url
    screenshot(page, "roadmap-en")
