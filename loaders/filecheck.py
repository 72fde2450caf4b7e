"""Checks on a file's bytes before any Excel parser sees it: the cheap, certain way to tell a
CSV or an .xls renamed .xlsx, a password-protected or truncated file, a macro workbook or a
decompression bomb apart, each with its own message; then loaders.xmlscan reads the parts
themselves (declarations, far cells, what Excel hides)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from loaders.messages import WorkbookRejected, problem
from loaders.xmlscan import SheetScan, scan_package

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def check_file(path: Path) -> dict[str, SheetScan]:
    """What the XML of each sheet of the sound .xlsx workbook at `path` holds beyond its values
    (by sheet name); raises WorkbookRejected for any file a parser should not see."""
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
    if head == _OLE2_MAGIC:
        # Excel writes an encrypted .xlsx as an OLE2 container; a plain OLE2 file is an .xls.
        key = "password" if "EncryptedPackage".encode("utf-16-le") in raw else "xls"
        raise WorkbookRejected(problem(key))
    if not head.startswith(_ZIP_MAGIC):
        raise WorkbookRejected(problem("not_xlsx"))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_directory(archive.infolist())
            return scan_package(archive, MAX_UNCOMPRESSED_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise WorkbookRejected(problem("corrupt", detail=str(error))) from None


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    """The zip's table of contents: the parts a workbook needs, no macros, no bomb."""
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise WorkbookRejected(problem("corrupt", detail="xl/workbook.xml"))
    if any(name.endswith("vbaProject.bin") for name in names):
        raise WorkbookRejected(problem("macro"))
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS:
        raise WorkbookRejected(problem("bomb", detail=f"{len(members)} parts"))
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO:
        detail = f"{total // 2**20} MB, {total / packed:.0f}:1"
        raise WorkbookRejected(problem("bomb", detail=detail))
