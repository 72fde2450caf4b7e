"""The layers, bottom to top: common → loaders → metrics → reports → ui → pages (and app.py).
Each imports only those below it; a module that imports upward fails here by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = ("common", "loaders", "metrics", "reports", "ui", "pages", "app")


def layer_of(module: str) -> int | None:
    """The layer a dotted module name belongs to; None for a library."""
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in `path`, those inside functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def upward_imports(root: Path) -> list[str]:
    """'file:line imports module' for every import that runs up the layers under `root`."""
    problems = []
    paths = [p for name in LAYERS for p in sorted((root / name).rglob("*.py"))]
    for path in [*paths, root / "app.py"]:
        if not path.exists():
            continue
        relative = path.relative_to(root)
        own = layer_of(".".join(relative.with_suffix("").parts))
        if own is None:
            continue
        for line, module in imported_modules(path):
            other = layer_of(module)
            if other is not None and other > own:
                problems.append(f"{relative}:{line} imports {module}")
    return problems


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(ROOT) == []


def test_an_upward_import_is_found_by_file_and_line(tmp_path):
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "bad.py").write_text(
        "import pandas\nfrom metrics import access\n\ndef f():\n    from ui.i18n import t\n",
        encoding="utf-8",
    )
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "fine.py").write_text("from common import texts\n", encoding="utf-8")
    assert upward_imports(tmp_path) == ["metrics/bad.py:5 imports ui.i18n"]


@pytest.mark.parametrize("package", ["common", "loaders", "metrics", "reports", "ui", "pages"])
def test_no_module_is_over_400_lines(package):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_every_page_script_reads_in_one_sitting():
    """A page script lists its sections; the sections live in ui/ (at most 300 lines)."""
    long = {
        path.name: lines
        for path in (ROOT / "pages").glob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert long == {}
