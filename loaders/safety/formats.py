"""What kind of file a submission really is, told from its bytes and never from its name: an
.xlsx renamed .xls, an .ods renamed .xlsx and a web page saved as .xls are all common.

The loader reads three formats (python-calamine reads each): Excel's .xlsx, LibreOffice's
.ods (both zips of XML) and Excel 97-2003's .xls (an OLE2 compound file). Anything else is
named by what it is, so the message can say what to do."""

from __future__ import annotations

from loaders.reading.messages import WorkbookRejected, problem, texts

READABLE = ("xlsx", "ods", "xls")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# A zip member that only a given format has, checked in order.
_ZIP_MARKERS = (
    ("xl/workbook.xml", "xlsx"),
    ("xl/workbook.bin", "xlsb"),
    ("word/document.xml", "docx"),
    ("ppt/presentation.xml", "pptx"),
)
# OLE2 stream names (UTF-16 in the directory) that tell the compound files apart.
_OLE2_MARKERS = (
    ("EncryptedPackage", "encrypted"),  # Excel's password-protected .xlsx
    ("WordDocument", "doc"),
    ("PowerPoint Document", "ppt"),
    ("Workbook", "xls"),
    ("Book", "xls"),  # Excel 5/95
)


def ole2_kind(raw: bytes) -> str:
    """'xls', 'encrypted', 'doc' or 'ppt' for an OLE2 file; 'xls' when nothing tells."""
    for stream, kind in _OLE2_MARKERS:
        if stream.encode("utf-16-le") in raw:
            return kind
    return "xls"


def zip_kind(names: set[str], mimetype: bytes) -> str:
    """'xlsx', 'ods', 'xlsb', 'docx', 'pptx', 'odf' (another OpenDocument file) or 'zip',
    from a zip's member names and its `mimetype` member (empty when there is none)."""
    for member, kind in _ZIP_MARKERS:
        if member in names:
            return kind
    if mimetype.strip() == ODS_MIMETYPE:
        return "ods"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "odf"
    return "zip"


def text_kind(head: bytes) -> str:
    """'pdf', 'html', 'xml' (Excel 2003 XML among others) or 'text' (CSV, TSV, ...) for a
    file that is neither a zip nor an OLE2 file; 'unknown' for other binary data."""
    if head.startswith(b"%PDF"):
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return "html"
    if start.startswith(b"<?xml"):
        return "html" if b"<html" in start else "xml"
    if b"\0" in head[:1024]:
        return "unknown"
    return "text"


def refuse(kind: str) -> WorkbookRejected:
    """The rejection of a file of the unreadable `kind`, naming it and what to do."""
    if kind == "encrypted":
        return WorkbookRejected(problem("password"))
    if kind == "text":
        return WorkbookRejected(problem("not_xlsx"))
    return WorkbookRejected(problem("wrong_format", detail=format_names(kind)))


def format_names(kind: str) -> tuple[str, str, str]:
    """The (Finnish, Swedish, English) name of a file format, from data/messages.csv."""
    return texts(f"format_{kind}")
