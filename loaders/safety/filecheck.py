"""Checks on a file's bytes before any spreadsheet parser sees it: the cheap, certain way to
tell a CSV, a Word file or a web page renamed .xlsx, a password-protected or truncated file, a
macro workbook or a decompression bomb apart, each with its own message; then
loaders.safety.xmlscan reads the XML parts themselves (declarations, far cells, what Excel
hides).

The format comes from the bytes (loaders.safety.formats): an .xlsx and an .ods are zips of XML
and get every check; an .xls is an OLE2 file that only its size bounds here, and the sandbox's
time and memory limits while it is parsed (loaders.safety.sandbox)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from loaders.reading.messages import WorkbookRejected, problem
from loaders.safety import formats
from loaders.safety.xmlscan import SheetScan, scan_package

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
_ODS_MACRO_FOLDERS = ("Basic/", "Scripts/")  # LibreOffice's; Excel's is vbaProject.bin


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks: its format ('xlsx', 'ods' or 'xls'), its bytes, and what
    the XML of each sheet holds beyond its values (by sheet name; .xlsx only)."""

    kind: str
    raw: bytes
    scans: dict[str, SheetScan] = field(default_factory=dict)


def check_file(path: Path) -> CheckedFile:
    """The checked file at `path`; raises WorkbookRejected for any file a parser should not
    see, or that is not a workbook in a format the loader reads."""
    size = path.stat().st_size
    if size == 0:
        raise WorkbookRejected(problem("empty_file"))
    if size > MAX_FILE_BYTES:
        raise WorkbookRejected(
            problem("too_large", size=round(size / 2**20, 1), limit=MAX_FILE_BYTES // 2**20)
        )
    # Read once (at most MAX_FILE_BYTES): zipfile over bytes in memory skips a seek and a read
    # call per part, a third of the time it takes over the open file.
    raw = path.read_bytes()
    head = raw[:8]
    if head == formats.OLE2_MAGIC:
        kind = formats.ole2_kind(raw)
        if kind != "xls":
            raise formats.refuse(kind)
        return CheckedFile("xls", raw)
    if not head.startswith(formats.ZIP_MAGIC):
        raise formats.refuse(formats.text_kind(raw[:4096]))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            kind = _zip_kind(archive)
            _check_directory(archive.infolist())
            return CheckedFile(kind, raw, scan_package(archive, MAX_UNCOMPRESSED_BYTES))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise WorkbookRejected(problem("corrupt", detail=str(error))) from None


def _zip_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    mimetype = b""
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        mimetype = archive.read("mimetype")
    kind = formats.zip_kind(names, mimetype)
    if kind == "zip":  # no workbook part at all: most likely a broken .xlsx
        raise WorkbookRejected(problem("corrupt", detail="xl/workbook.xml"))
    if kind not in formats.READABLE:
        raise formats.refuse(kind)
    return kind


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    """The zip's table of contents: no macros, no bomb."""
    for member in members:
        name = member.filename
        if name.endswith("vbaProject.bin") or name.startswith(_ODS_MACRO_FOLDERS):
            raise WorkbookRejected(problem("macro", detail=name))
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS:
        raise WorkbookRejected(problem("bomb", detail=f"{len(members)} parts"))
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO:
        detail = f"{total // 2**20} MB, {total / packed:.0f}:1"
        raise WorkbookRejected(problem("bomb", detail=detail))
