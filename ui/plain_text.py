"""Text people typed, shown as plain text. Streamlit renders the strings of st.markdown,
st.write, st.caption, st.info and friends as Markdown (bold, links, images, :colour[...]
directives); typed text that goes into such a string is escaped here first. Whole fields are
better shown with st.text or in a table, which never interpret anything."""

from __future__ import annotations

# The characters that start emphasis, code, links and images, HTML, headings, tables,
# strikethrough, math ($) and Streamlit's directives (:red[...], :material/...:). Inside a
# sentence that is all; a typed value never starts a line here, so list markers can stay.
_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|~$:"})


def escape_markdown(text: object) -> str:
    """`text` with every character Markdown would interpret backslash-escaped, so that
    st.markdown shows it literally; '' for None."""
    return "" if text is None else str(text).translate(_SPECIALS)
