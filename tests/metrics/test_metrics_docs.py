"""Every public metric is documented: a docstring, and a row in metrics/README.md."""

import inspect
from pathlib import Path

import pytest

import metrics

README = (Path(__file__).resolve().parents[2] / "metrics" / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", metrics.__all__)
def test_public_metric_is_documented(name):
    function = getattr(metrics, name)
    assert inspect.getdoc(function), f"{name} has no docstring"
    assert f"`{name}(" in README, f"{name} is missing from metrics/README.md"


def test_metrics_do_not_import_streamlit():
    for path in (Path(metrics.__file__).parent).glob("*.py"):
        source = path.read_text("utf-8")
        assert "import streamlit" not in source and "from streamlit" not in source, path.name
