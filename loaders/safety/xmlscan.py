"""One streaming pass over every part of an .xlsx package before a parser sees it: what Excel
never writes is rejected, what Excel hides is noted for the reader to report.

Rejected (WorkbookRejected):
- a DOCTYPE or ENTITY declaration in any XML part (billion laughs, external entities);
- a cell beyond row MAX_ROWS or column MAX_COLUMNS of a sheet, found from the cells' own
  references (and their implied positions when a program leaves the references out), never
  from the declared <dimension>, which parsers ignore and files get wrong both ways. A cell at
  XFD1048576 would make the parser allocate a grid of 17 billion cells;
- more decompressed bytes than the budget (the declared sizes in the zip directory may lie),
  and a single row of over MAX_PENDING_BYTES.

Noted per sheet (SheetScan), for loaders.reading.workbook to report against the cells it read:
hidden rows and columns, merged ranges, and formulas without a cached value (written by a
program and never opened in Excel: the parser would read them as blank).

Cost: the parts are inflated once more (about a tenth of a parse) and a few byte-level searches
run over each sheet (about 3 ms a sample workbook with the inflating; a parse is about 15 ms);
the cell-by-cell state machine runs only for sheets that hold formulas or cells without
references."""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import ElementTree

from loaders.reading.messages import WorkbookRejected, problem
from loaders.reading.sheets import column_letter

MAX_ROWS = 5000  # the template has about 600 rows on its largest sheet
MAX_COLUMNS = 200  # ... and 9 columns; people add a few
CHUNK_BYTES = 1 << 20
MAX_PENDING_BYTES = 16 << 20  # one row's XML; a full template row is under 4 kB
KEEP_FORMULAS = 20  # cells without a cached value remembered per sheet, for the message
KEEP_MERGED = 200  # merged ranges remembered per sheet (the template has none)

_OVERLAP = 16  # bytes kept between chunks so that '<!DOCTYPE' split across two is still seen
_DECLARATIONS = (b"DOCTYPE", b"ENTITY")
# Excel and openpyxl write every cell as <c r="A1" ...>. A cell in any other form (no
# reference, attributes in another order, single quotes) or beyond column Z or row 999, a
# formula or a prefixed element (x:c) sends the sheet to the cell-by-cell path. Three
# searches instead of a loop: the template's sheets never leave the fast path.
_UNUSUAL_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z][0-9]{1,3}")')
# Searched from the rarer second letter: '<' starts every tag, so a pattern that begins with it
# stops everywhere (a third slower for the same matches).
_FORMULA = re.compile(rb"f(?=[\s/>])(?<=<f)")
_HIDDEN = re.compile(rb"hidden")  # a literal pattern: faster than `in` for these words
_MERGE_WORD = re.compile(rb"mergeCell")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_ATTRS = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)"  # a tag's attributes; '>' may sit in quotes
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])" + _ATTRS + rb"/?>")
_ROW_CLOSE = re.compile(rb"</(?:[\w.-]+:)?row>")
_COL_TAG = re.compile(rb"<(?:[\w.-]+:)?col\s" + _ATTRS + rb"/?>")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_TOKEN = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c|f|v)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_ATTR = re.compile(rb"(?:^|\s)([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")
_ENCODINGS = (  # byte-order marks and the first character '<' in each encoding
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
_REL_NS = "relationships"


@dataclass
class SheetScan:
    """What one worksheet's XML holds beyond its values. Rows are Excel's numbers (from 1),
    columns 0-based indexes, as in the parsed grid."""

    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)  # ranges as written, 'F5:F8'
    uncached_formulas: list[str] = field(default_factory=list)  # the first few cells
    uncached_count: int = 0


def scan_package(archive: zipfile.ZipFile, budget: int) -> dict[str, SheetScan]:
    """Sheet name -> SheetScan for every worksheet of the open package; raises
    WorkbookRejected for anything Excel never writes. `budget` caps the decompressed bytes
    read in total."""
    scanner = _PackageScanner(archive, budget)
    try:
        return scanner.run()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        # zipfile reports a bad checksum, an encrypted or an unknown compression this way.
        raise WorkbookRejected(problem("corrupt", detail=str(error))) from None


class _PackageScanner:
    def __init__(self, archive: zipfile.ZipFile, budget: int):
        self.archive = archive
        self.left = budget

    def run(self) -> dict[str, SheetScan]:
        names = {info.filename for info in self.archive.infolist()}
        small = {name: self._read_whole(name) for name in _BOOK_PARTS if name in names}
        sheets = _sheet_parts(small) if len(small) == len(_BOOK_PARTS) else {}
        by_part = {part: name for name, part in sheets.items()}
        scans: dict[str, SheetScan] = {}
        for info in self.archive.infolist():
            if info.filename in small:
                continue
            sheet = by_part.get(info.filename)
            if sheet is None and info.filename.startswith("xl/worksheets/"):
                sheet = info.filename  # a sheet the workbook does not list: check it anyway
            if sheet is None:
                for _chunk in self._chunks(info):
                    pass  # _chunks checks for declarations
            else:
                scans[sheet] = _SheetScanner(sheet).scan(self._chunks(info))
        return scans

    def _read_whole(self, name: str) -> bytes:
        return b"".join(self._chunks(self.archive.getinfo(name)))

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's content as UTF-8 in chunks, checked for declarations on the way."""
        tail = b""
        with self.archive.open(info) as handle:
            first = handle.read(CHUNK_BYTES)
            decoder = _decoder(first)
            chunk = first
            while chunk:
                self.left -= len(chunk)
                if self.left < 0:
                    raise WorkbookRejected(problem("bomb", detail=info.filename))
                text = decoder(chunk) if decoder else chunk
                _check_declarations(tail + text, info.filename)
                tail = text[-_OVERLAP:]
                yield text
                chunk = handle.read(CHUNK_BYTES)
            if decoder:
                rest = decoder(b"", final=True)
                _check_declarations(tail + rest, info.filename)
                yield rest


_BOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def _decoder(first: bytes):
    """An incremental decoder to UTF-8 for a part written in UTF-16 or UTF-32, else None."""
    for mark, encoding in _ENCODINGS:
        if first.startswith(mark):
            decode = codecs.getincrementaldecoder(encoding)("replace").decode
            return lambda data, final=False: decode(data, final).encode("utf-8")
    return None


def _check_declarations(data: bytes, part: str) -> None:
    # One memchr first: most parts hold no '!' at all, and a search for '<!' is 50x slower
    # ('<' starts every tag). The caller passes the bytes kept from the chunk before.
    if b"!" not in data:
        return
    start = data.find(b"<!")
    while start >= 0:
        if data[start + 2 : start + 9].upper().startswith(_DECLARATIONS):
            raise WorkbookRejected(problem("xml_declaration", detail=part))
        start = data.find(b"<!", start + 2)


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from the workbook and its relationships."""
    try:
        book = ElementTree.fromstring(parts["xl/workbook.xml"])
        rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    except Exception:  # calamine reports an unreadable workbook part on its own
        return {}
    targets = {}
    for rel in rels.iter():
        if rel.tag.endswith("Relationship") and rel.get("Target"):
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = posixpath.normpath(path)
    sheets = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith(f"{_REL_NS}}}id")), None)
        if sheet.get("name") and rel_id in targets:
            sheets[sheet.get("name")] = targets[rel_id]
    return sheets


class _SheetScanner:
    """The cells of one worksheet's XML, fed in pieces that end at a row's end."""

    def __init__(self, name: str):
        self.name = name
        self.result = SheetScan()
        self.row = 0  # the current row's number, for rows and cells without references
        self.column = -1
        self.cell: str | None = None  # the open cell's reference, in the slow path
        self.formula = self.value = self.text = False
        self.slow = False

    def scan(self, chunks: Iterator[bytes]) -> SheetScan:
        pending = b""
        for chunk in chunks:
            pending += chunk
            cut = _last_row_end(pending)
            if cut > 0:
                self._feed(pending[:cut])
                pending = pending[cut:]
            if len(pending) > MAX_PENDING_BYTES:
                raise WorkbookRejected(problem("bomb", detail=f"{self.name}: > 16 MB / row"))
        self._feed(pending)
        return self.result

    def _feed(self, xml: bytes) -> None:
        # Searches, not loops: no Python object per cell unless the sheet is unusual.
        hiding = _HIDDEN.search(xml) is not None
        if hiding and b"<col" in xml:
            self._columns(xml)
        if _MERGE_WORD.search(xml):
            found = [m.decode("utf-8", "replace") for m in _MERGE.findall(xml)]
            self.result.merged += found[: KEEP_MERGED - len(self.result.merged)]
        if not self.slow:
            self.slow = any(p.search(xml) for p in (_PREFIXED_CELL, _FORMULA, _UNUSUAL_CELL))
        if self.slow:  # the state machine keeps its state across pieces from now on
            self._cells_one_by_one(xml)
            return
        if hiding:
            for match in _ROW_TAG.finditer(xml):
                self._row(match[1])

    def _reject_far(self, cell: str) -> None:
        match = _REF.fullmatch(cell)
        raise WorkbookRejected(
            problem(
                "far_cell",
                sheet=self.name,
                row=int(match[2]) if match else None,
                column=match[1].upper() if match else None,
                value=cell,
                sheet_name=self.name,
                rows=MAX_ROWS,
                columns=column_letter(MAX_COLUMNS - 1),
            )
        )

    def _row(self, attributes: bytes) -> None:
        attrs = _attributes(attributes)
        self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
        self.column = -1
        if _true(attrs.get("hidden")) or _tiny(attrs.get("ht")):
            self.result.hidden_rows.append(self.row)

    def _columns(self, xml: bytes) -> None:
        for match in _COL_TAG.finditer(xml):
            attrs = _attributes(match[1])
            if not (_true(attrs.get("hidden")) or _tiny(attrs.get("width"))):
                continue
            try:
                first, last = int(attrs.get("min", "0")), int(attrs.get("max", "0"))
            except ValueError:
                continue
            # A hidden range may run to the last column of the sheet: keep what can hold data.
            self.result.hidden_columns.update(range(first - 1, min(last, MAX_COLUMNS)))

    def _cells_one_by_one(self, xml: bytes) -> None:
        for token in _TOKEN.finditer(xml):
            closing, tag, attributes, empty = token.groups()
            if tag == b"row":
                if not closing:
                    self._row(attributes)
            elif tag == b"c":
                if closing:
                    self._end_cell()
                    continue
                self._start_cell(_attributes(attributes))
                if empty:
                    self._end_cell()
            elif tag == b"f" and not closing:
                self.formula = True
            elif tag == b"v" and not closing:
                # <v></v> is Excel's cached empty text (t="str"); in a number cell it is what a
                # program writes when it never calculated the formula (openpyxl does).
                blank = bool(empty) or xml.startswith(b"</", token.end())
                self.value = not blank or self.text

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        match = _REF.fullmatch(ref or "")
        if match:
            self.column = column_index(match[1].upper())
            row = int(match[2])
        else:
            self.column += 1
            row = self.row
        self.cell = f"{column_letter(min(self.column, 16383))}{row}"
        if row > MAX_ROWS or self.column >= MAX_COLUMNS:
            self._reject_far(ref if match else self.cell)
        self.formula = self.value = False
        self.text = attrs.get("t") == "str"

    def _end_cell(self) -> None:
        if self.cell and self.formula and not self.value:
            self.result.uncached_count += 1
            if len(self.result.uncached_formulas) < KEEP_FORMULAS:
                self.result.uncached_formulas.append(self.cell)
        self.cell = None
        self.formula = self.value = False


def _last_row_end(data: bytes) -> int:
    """The offset just after the last complete </row> in `data`, or 0."""
    end = len(data)
    while (pos := data.rfind(b"row>", 0, end)) >= 0:
        start = data.rfind(b"</", 0, pos)
        if start >= 0 and _ROW_CLOSE.fullmatch(data, start, pos + 4):
            return pos + 4
        end = pos
    return 0


def _attributes(raw: bytes) -> dict[str, str]:
    """Attribute name (without prefix) -> value of one tag's attribute text."""
    found = {}
    for name, double, single in _ATTR.findall(raw):
        found[name.decode("utf-8", "replace").rsplit(":", 1)[-1]] = (double or single).decode(
            "utf-8", "replace"
        )
    return found


def _true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")


def _tiny(value: str | None) -> bool:
    """A row height or column width that shows nothing (Excel's other way to hide)."""
    try:
        return value is not None and float(value) < 0.5
    except ValueError:
        return False


def column_index(letters: str) -> int:
    """0-based index of a column name: A -> 0, XFD -> 16383."""
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1
