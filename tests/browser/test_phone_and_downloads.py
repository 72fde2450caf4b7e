"""The dashboard on a phone (390 px wide) and its downloads, in a real browser: no page
scrolls sideways, plotly's mode bar is hidden, chart titles stay inside their charts, the
national key figures sit two by two and its trend chart fits the screen with labels that
do not run into each other; download buttons show their whole label; the Excel file opens
with percent, a frozen header and names in the chosen language."""

import io
import re

import openpyxl
import pytest

from tests.browser.conftest import download, screenshot, serve_sample_copy, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["", "alue", "vertailu", "riskit", "keskustelu", "tiekartta", "aineisto"]

# Boxes (left, top, right, bottom) of what a page shows, measured in the page itself.
_BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


@pytest.fixture(scope="module")
def sample_url(sample_db_file, tmp_path_factory):
    yield from serve_sample_copy(sample_db_file, tmp_path_factory.mktemp("browser_phone"))


def _open(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    settle(page)
    # Charts mount as they come: wait until every one has drawn its plot.
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def _overlaps(boxes: list[list[float]]) -> list:
    """Pairs of boxes side by side on one line that overlap (by more than a pixel)."""
    found = []
    ordered = sorted(boxes)
    for a, b in zip(ordered, ordered[1:], strict=False):
        same_line = a[1] < b[3] and b[1] < a[3]
        if same_line and a[2] > b[0] + 1:
            found.append((a, b))
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_390_px(page, sample_url, path):
    page.set_viewport_size(PHONE)
    _open(page, f"{sample_url}/{path}")
    document, window = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert document <= window
    # Streamlit scrolls its main area itself: it must not scroll sideways either.
    main = page.locator("[data-testid='stMain']")
    scroll, client = main.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= client, f"{path or '/'}: {scroll} px wide in {client} px"
    # The mode bar would cover a chart's title on a phone.
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.modebar-container')]
                 .filter(m => getComputedStyle(m).display !== 'none').length"""
    )
    assert shown == 0
    # Every chart's title, axis titles and colour bar title stay inside the chart: none is
    # cut at the right edge, and no title of several lines rises above the top edge (where
    # the dots of a first-line Ä or Ö were cut off).
    # Measured in one pass: plotly may redraw a chart between two separate look-ups.
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(chart => {
               const edge = chart.getBoundingClientRect();
               return [...chart.querySelectorAll('.gtitle, .xtitle, .cbtitle')]
                   .filter(t => t.getBoundingClientRect().right > edge.right + 1
                                || t.getBoundingClientRect().top < edge.top - 1)
                   .map(t => t.textContent);
           })"""
    )
    assert not cut, f"{path or '/'}: cut at an edge: {cut}"
    screenshot(page, f"phone-{path or 'kansallinen'}")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_national_page_on_a_phone_reads_two_by_two_and_in_one_column(page, sample_url, lang):
    page.set_viewport_size(PHONE)
    _open(page, f"{sample_url}/?lang={lang}")
    heatmap = page.locator(".st-key-national_heatmap")
    right = heatmap.evaluate(_BOX)[2]
    assert heatmap.locator(".cbtitle").evaluate(_BOX)[2] <= right + 1
    boxes = [m.evaluate(_BOX) for m in page.get_by_test_id("stMetric").all()[:4]]
    assert len(boxes) == 4
    # Two by two: the first two side by side, the next two under them.
    assert abs(boxes[0][1] - boxes[1][1]) < 2 and boxes[0][2] <= boxes[1][0]
    assert abs(boxes[2][1] - boxes[3][1]) < 2 and boxes[2][1] >= boxes[0][3]
    # Each figure's label, change and "since" month read whole: nothing ends in "…".
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetric"] .stMarkdownEllipsis')]
                 .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not cut, cut
    # The trend is one chart, as wide as the heatmap above it and inside the screen.
    trend = page.locator(".st-key-national_trend").evaluate(_BOX)
    above = page.locator(".st-key-national_heatmap").evaluate(_BOX)
    assert abs(trend[0] - above[0]) <= 1 and abs(trend[2] - above[2]) <= 1
    assert trend[2] <= PHONE["width"]
    # No label runs into its neighbour: heatmap cells, heatmap columns, trend month ticks.
    heatmap = page.locator(".st-key-national_heatmap")
    cells = [t.evaluate(_BOX) for t in heatmap.locator(".heatmap-label text").all()]
    assert len(cells) == 22 * 6
    assert not _overlaps(cells)
    assert not _overlaps([t.evaluate(_BOX) for t in heatmap.locator(".xtick text").all()])
    ticks = page.locator(".st-key-national_trend .xtick text").all()
    assert len(ticks) >= 2
    assert not _overlaps([t.evaluate(_BOX) for t in ticks])


@pytest.mark.parametrize("width", [1440, 390])
def test_download_buttons_show_their_whole_label(page, sample_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("", "riskit?ikkuna=6"):
        _open(page, f"{sample_url}/{path}")
        page.get_by_test_id("stDownloadButton").first.wait_for(timeout=30_000)
        buttons = page.get_by_test_id("stDownloadButton").locator("button").all()
        assert buttons, path
        for button in buttons:
            label = button.inner_text().strip()
            # The text is as wide as it needs: nothing hidden behind an ellipsis or the edge.
            cut = button.evaluate(
                """b => [b, ...b.querySelectorAll('*')].some(
                       e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)"""
            )
            assert not cut, f"{path or '/'} at {width}px: {label!r} is cut"


def test_excel_download_in_english_is_named_and_formatted_for_its_reader(page, sample_url):
    _open(page, f"{sample_url}/?lang=en")
    file = download(page, page.get_by_role("button", name="Download as Excel").first)
    name = file.suggested_filename
    assert re.fullmatch(r"completion_\d{4}-\d{2}_critical\.xlsx", name), name
    book = openpyxl.load_workbook(io.BytesIO(file.path().read_bytes()))
    assert book.sheetnames == ["Completion"]
    sheet = book["Completion"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:2] == ["Region", "HTT"]
    assert sheet["B2"].number_format == "0.0 %"
    assert sheet.column_dimensions["A"].width >= len("Pohjois-Pohjanmaa")


def test_comparison_trend_is_one_chart_as_wide_as_the_page_on_a_phone(page, sample_url):
    page.set_viewport_size(PHONE)
    _open(page, f"{sample_url}/vertailu")
    # Every region's trend in one chart, as wide as the ranking above it and inside the
    # screen: the page no longer draws a small chart per region (309 at municipal scale).
    assert page.locator("[class*='st-key-cmp_trend_']").count() == 0
    trend = page.locator(".st-key-cmp_trend").evaluate(_BOX)
    ranking = page.locator(".st-key-cmp_ranking").evaluate(_BOX)
    assert abs(trend[0] - ranking[0]) <= 1 and abs(trend[2] - ranking[2]) <= 1
    assert trend[0] >= 0 and trend[2] <= PHONE["width"]
    assert page.locator(".st-key-cmp_trend .main-svg").count() >= 1  # drawn, not empty
    # The ranking's values ("100,0 %" beside a full dot) are written whole inside the chart.
    values = [v.evaluate(_BOX) for v in page.locator(".st-key-cmp_ranking .textpoint").all()]
    assert len(values) >= 20
    assert max(v[2] for v in values) <= ranking[2] + 1
    # The scatter names its extremes on the phone too, inside the chart.
    scatter = page.locator(".st-key-cmp_scatter")
    right = scatter.evaluate(_BOX)[2]
    names = scatter.locator(".annotation-text").all()
    assert len(names) >= 2
    assert all(n.evaluate(_BOX)[2] <= right + 1 for n in names)
