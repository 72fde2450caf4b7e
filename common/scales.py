"""The colours and the time axis that the dashboard's charts (plotly, ui/charts*.py) and the
packs' charts (matplotlib, reports/charts.py) share, so a region is the same blue on the
screen and on the handout."""

from __future__ import annotations

from datetime import date

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GROUP_COLOURS = dict(zip(("HTT", "JO", "JAR", "YHD", "ICT"), OKABE_ITO, strict=False))
# Sequential scale for completion heatmaps: light (0 %) to dark blue (100 %), readable in grey.
COMPLETION_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]

# The region page's roles: the region, the national median and spread, the forecast.
REGION_COLOUR = OKABE_ITO[0]
NATIONAL_COLOUR = "#555555"
RANGE_COLOUR = "#d9d9d9"
FORECAST_COLOUR = OKABE_ITO[5]
# Responsibility moved to the counties on 1 January 2023.
TRANSFER_DAY = date(2023, 1, 1)
# A trend ends at the end of Q1 2023, or later to show a forecast up to the end of 2023.
AXIS_END, AXIS_LIMIT = date(2023, 3, 31), date(2023, 12, 31)
