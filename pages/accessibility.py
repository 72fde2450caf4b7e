"""Saavutettavuusseloste: the accessibility statement that Act 306/2019 asks of a public-sector
web service — what was tested and how, what does not comply and why, the date, and where to
give feedback. The texts live in data/i18n/accessibility.csv."""

from datetime import date

import streamlit as st

from common.texts import format_day
from ui.context import t

# The day the statement was last reviewed against the tests in tests/browser/.
STATEMENT_DATE = date(2026, 12, 1)

st.title(t("a11y_title"))
st.markdown(t("a11y_intro"))
st.header(t("a11y_status_header"))
st.markdown(t("a11y_status"))
st.header(t("a11y_tested_header"))
st.markdown(t("a11y_tested"))
st.header(t("a11y_gaps_header"))
st.markdown(t("a11y_gaps"))
st.header(t("a11y_feedback_header"))
st.markdown(t("a11y_feedback"))
st.caption(t("a11y_date", date=format_day(STATEMENT_DATE)))
