"""The start command for a real audience: `python -m ui.serve [streamlit options]` runs
`streamlit run app.py` with Streamlit's legacy pages/-folder mode switched off before the
first visitor arrives.

Why: Streamlit starts every process in that legacy mode when a pages/ folder stands next
to the main script, and leaves it only when app.py has called st.navigation once. The very
first visitor after a start who follows a deep link (/alue?alue=kainuu) would be served by
the legacy mode, which knows no page called 'alue', and see "Page not found"
(streamlit/streamlit#8860). app.py registers every page with st.navigation, so the legacy
mode has nothing to offer this app; switching it off at once needs no readiness probe to
run app.py first. tests/browser/test_deep_link.py opens a deep link as the first request.

`python -m ui.serve --replicas N [streamlit options]` (N >= 2) runs N such processes behind
nginx instead, for more people at once than one core serves (ui/replicas.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[1] / "app.py"


def main(options: list[str]) -> None:
    """Serve app.py with `options` (e.g. --server.port 8502) as `streamlit run` takes them."""
    # What app.py's st.navigation call does on its first run, done before the server starts.
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *options]
    cli.main(prog_name="streamlit")


def replicas_wanted(options: list[str]) -> tuple[int | None, list[str]]:
    """The N of `--replicas N` (or `--replicas=N`) and the other options; None without it.
    SystemExit on an N that is not a whole number of at least 2."""
    from ui.replicas import take_option

    value, rest = take_option(options, "replicas")
    if value is None:
        return None, options
    if not value.isdigit() or int(value) < 2:
        raise SystemExit(f"--replicas: {value!r}: give 2 or more (or leave it out for one process)")
    return int(value), rest


if __name__ == "__main__":
    count, rest = replicas_wanted(sys.argv[1:])
    if count is None:
        main(rest)
    else:
        from ui.replicas import serve

        sys.exit(serve(count, rest))
