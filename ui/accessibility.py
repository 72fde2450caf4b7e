"""What the app does for screen readers, keyboards and low vision beyond Streamlit's own:
the document language follows the language switch, captions are dark enough to read, and
focus is visible. Drawn once per run by app.py; tests/browser/test_accessibility.py checks
the result with axe-core."""

from __future__ import annotations

import streamlit as st

# Streamlit draws captions in its text colour at 60 % opacity (#828180 on white, 3.9:1). The
# grey below, opaque, is 7.5:1 on white and 6.7:1 on the sidebar's grey (WCAG AA asks 4.5:1).
CAPTION_COLOUR = "#555555"
FOCUS_COLOUR = "#005A8E"

_STYLE = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: {CAPTION_COLOUR};
  opacity: 1;
}}
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible,
[role="button"]:focus-visible, summary:focus-visible, input:focus-visible,
textarea:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px;
}}
</style>
"""


# st.metric's sparkline is a Vega chart whose empty "highlighted points" mark has an image
# role and no text (axe-core svg-img-alt). The same series is the national trend chart, with
# its own text alternative, so the sparkline is hidden from assistive technology as decoration.
_HIDE_SPARKLINES = """
if (!window.tilannekuvaSparklines) {
  window.tilannekuvaSparklines = true;
  const hide = () => document
    .querySelectorAll('[data-testid="stMetricChart"]:not([aria-hidden])')
    .forEach((chart) => chart.setAttribute("aria-hidden", "true"));
  new MutationObserver(hide).observe(document.body, { childList: true, subtree: true });
  hide();
}
"""


def document_language_script(lang: str) -> str:
    """A script that sets <html lang> to `lang`, so that a screen reader reads the page with
    the right voice (Streamlit's page says lang="en" whatever the content), and hides the
    metric sparklines from assistive technology."""
    if not lang.isalpha():  # a language code from LANGUAGES, never free text
        raise ValueError(f"not a language code: {lang!r}")
    return f'<script>document.documentElement.lang = "{lang}";{_HIDE_SPARKLINES}</script>'


def accessible_frame(lang: str) -> None:
    """Set the page language and the readable caption and focus styles for this run."""
    st.html(_STYLE + document_language_script(lang), unsafe_allow_javascript=True)
