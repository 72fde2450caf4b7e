"""The packs in Swedish: Swedish labels, the Swedish name of the region and Finland-Swedish
number format, with no Finnish UI text left — for a region whose working language includes
Swedish (Pohjanmaa, Österbotten)."""

from __future__ import annotations

from datetime import date

import pytest

from common.texts import translate
from reports.national_pack import national_pack
from reports.output import render
from reports.region_pack import region_pack
from tests.reports.conftest import pdf_pages, plain

PERIOD = date(2022, 3, 1)


@pytest.fixture(scope="module")
def region_text(sample_con) -> str:
    return plain(
        " ".join(pdf_pages(render(region_pack(sample_con, "pohjanmaa", PERIOD, "sv"), "pdf")))
    )


def test_the_region_pack_speaks_swedish(region_text):
    assert "Österbotten · 3/2022" in region_text
    assert translate("pack_region_title", "sv") in region_text
    assert "Genomförandegrad, kritiska" in region_text
    assert translate("pack_region_title", "fi") not in region_text
    assert "Pohjanmaa" not in region_text


def test_the_national_pack_names_the_regions_in_swedish(sample_con):
    text = plain(" ".join(pdf_pages(render(national_pack(sample_con, PERIOD, "sv"), "pdf"))))
    assert translate("pack_national_title", "sv") in text
    assert "Österbotten" in text and "Egentliga Finland" in text
    assert translate("pack_national_title", "fi") not in text
