"""A pack written as files: <stem>.pdf, <stem>.pptx and <stem>.xlsx (its tables), and the
bytes the download buttons hand out. File names: alue_<region>_<YYYY-MM>.*,
kansallinen_<YYYY-MM>.*."""

from __future__ import annotations

from pathlib import Path

from reports import excel, pdf, slides
from reports.document import Pack

FORMATS = {
    "pdf": ("application/pdf", pdf.render),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        slides.render,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", excel.render),
}


def render(pack: Pack, kind: str) -> bytes:
    """The pack as one file format: 'pdf', 'pptx' or 'xlsx'."""
    return FORMATS[kind][1](pack)


def write_pack(pack: Pack, folder: Path, formats: tuple[str, ...] = tuple(FORMATS)) -> list[Path]:
    """Write the pack in `formats` (default all) into `folder` (made if missing); the paths
    written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in formats:
        path = folder / f"{pack.stem}.{kind}"
        path.write_bytes(render(pack, kind))
        written.append(path)
    return written
