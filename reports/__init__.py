"""Downloadable packs: the region pack and the national monthly report as PDF, PowerPoint and
Excel, built from metrics/ and drawn with matplotlib. No Streamlit here: the pages and the
`python -m reports` command call the same builders.

A pack is first a `document.Pack` (pages of figures, charts, tables and text, already in the
chosen language), then rendered by `pdf.render`, `slides.render` and `excel.render`."""
