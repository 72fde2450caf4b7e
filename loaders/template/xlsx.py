"""A Book written as an .xlsx package: the SpreadsheetML parts Excel itself writes for such a
workbook (shared strings, one style per look and number format, frozen panes, auto filters,
list validations), filled in directly from the cells.

A general writer (openpyxl, XlsxWriter) builds an object per cell and then walks them to write
XML; the template's few thousand cells per file made that most of the sample's first-start
time. Here each cell is one formatted string."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from loaders.reading.sheets import column_letter
from loaders.template.styles import DATE_FORMAT, DATETIME_FORMAT, LOOKS, TEXT_FORMAT

if TYPE_CHECKING:
    from pathlib import Path

    from loaders.template.book import Book, Sheet

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PKG_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = datetime(1899, 12, 30)
_PADDING = 0.7109375  # what Excel adds to a column's width in characters for the cell margins
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML: Excel's _xHHHH_
_LETTERS = ["", *(column_letter(i) for i in range(200))]

# Number formats: "@" is built in (49); the date formats get the first custom ids.
_NUMBER_FORMATS = {None: 0, TEXT_FORMAT: 49, DATE_FORMAT: 164, DATETIME_FORMAT: 165}
_FONTS = sorted({(look.bold, look.size) for look in LOOKS.values()}, key=lambda f: f != (0, 11))
_FILLS = [None, "gray125", *sorted({look.fill for look in LOOKS.values() if look.fill})]
# One cell style per look and number format, in this order in styles.xml.
_STYLES = [(name, fmt) for name in LOOKS for fmt in _NUMBER_FORMATS]
_STYLE_INDEX = {key: index for index, key in enumerate(_STYLES)}


def write_book(book: Book, target: Path | BinaryIO) -> None:
    """Write `book` as an .xlsx file to `target`, a path or a binary file object."""
    strings: dict[str, int] = {}
    sheets = [_sheet_xml(sheet, strings, index == 0) for index, sheet in enumerate(book)]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("docProps/core.xml", _core_xml(datetime.now(UTC)))
        package.writestr("xl/workbook.xml", _workbook_xml(book))
        parts = [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
        parts += [("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")]
        package.writestr("xl/_rels/workbook.xml.rels", _rels(parts))
        package.writestr("xl/styles.xml", _STYLES_XML)
        package.writestr("xl/sharedStrings.xml", _shared_strings(strings))
        for n, xml in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{n}.xml", xml)


def _text(value: str) -> str:
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value)


def _cell(ref: str, value: object, look: str, strings: dict[str, int]) -> str:
    """One <c> element; a value brings its number format (dates, text), else the look's."""
    if isinstance(value, str):
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" s="{_STYLE_INDEX[look, TEXT_FORMAT]}" t="s"><v>{index}</v></c>'
    if isinstance(value, datetime):
        number = (value - _EPOCH) / timedelta(days=1)
        return f'<c r="{ref}" s="{_STYLE_INDEX[look, DATETIME_FORMAT]}"><v>{number!r}</v></c>'
    if isinstance(value, date):
        number = (value - _EPOCH.date()).days
        return f'<c r="{ref}" s="{_STYLE_INDEX[look, DATE_FORMAT]}"><v>{number}</v></c>'
    style = _STYLE_INDEX[look, LOOKS[look].number_format]
    if value is None:
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    raise TypeError(f"cannot write {value!r} to a cell")


def _sheet_xml(sheet: Sheet, strings: dict[str, int], selected: bool) -> str:
    rows: dict[int, list[str]] = {}
    for (row, column), (value, look) in sorted(sheet.cells.items()):
        rows.setdefault(row, []).append(_cell(f"{_LETTERS[column]}{row}", value, look, strings))
    parts = [_HEAD, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">']
    if rows:
        last_column = max(column for _, column in sheet.cells)
        parts.append(f'<dimension ref="{_range(1, 1, max(rows), last_column)}"/>')
    view = (
        '<sheetView tabSelected="1" workbookViewId="0">'
        if selected
        else '<sheetView workbookViewId="0">'
    )
    if sheet.freeze:
        row, column = sheet.freeze
        cell = f"{_LETTERS[column]}{row}"
        view += (
            f'<pane xSplit="{column - 1}" ySplit="{row - 1}" topLeftCell="{cell}"'
            f' activePane="bottomRight" state="frozen"/>'
            f'<selection pane="bottomRight" activeCell="{cell}" sqref="{cell}"/>'
        )
    parts.append(f"<sheetViews>{view}</sheetView></sheetViews>")
    if sheet.widths:
        cols = "".join(
            f'<col min="{c}" max="{c}" width="{w + _PADDING}" customWidth="1"/>'
            for c, w in sorted(sheet.widths.items())
        )
        parts.append(f"<cols>{cols}</cols>")
    parts.append("<sheetData>")
    parts += [f'<row r="{row}">{"".join(cells)}</row>' for row, cells in rows.items()]
    parts.append("</sheetData>")
    if sheet.filter:
        parts.append(f'<autoFilter ref="{_range(*sheet.filter)}"/>')
    if sheet.choices:
        parts.append(f'<dataValidations count="{len(sheet.choices)}">')
        parts += [
            # Lenient: people may still type a synonym (the loader maps them), so no error.
            f'<dataValidation type="list" errorStyle="warning" allowBlank="1"'
            f' showInputMessage="1" sqref="{_range(c.first, c.column, c.last, c.column)}">'
            f"<formula1>{escape(chr(34) + ','.join(c.words) + chr(34))}</formula1>"
            "</dataValidation>"
            for c in sheet.choices
        ]
        parts.append("</dataValidations>")
    parts.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
        ' footer="0.3"/></worksheet>'
    )
    return "".join(parts)


def _range(first: int, left: int, last: int, right: int, absolute: str = "") -> str:
    a = absolute
    return f"{a}{_LETTERS[left]}{a}{first}:{a}{_LETTERS[right]}{a}{last}"


def _workbook_xml(book: Book) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(sheet.name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(book, start=1)
    )
    # Excel keeps each auto filter's range in a hidden name as well.
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted(sheet.name))}!{_range(*sheet.filter, absolute='$')}</definedName>"
        for n, sheet in enumerate(book)
        if sheet.filter
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
        f"{f'<definedNames>{names}</definedNames>' if names else ''}"
        '<calcPr calcId="191029"/></workbook>'
    )


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{_text(s)}</t></si>' for s in strings)
    count = len(strings)
    return f'{_HEAD}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _rels(targets: list[tuple[str, str]]) -> str:
    """A relationships part; a kind without a slash is one of the office document's."""
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{kind if "/" in kind else f"{_DOC_RELS}/{kind}"}"'
        f' Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return f'{_HEAD}<Relationships xmlns="{_PKG_RELS}">{links}</Relationships>'


_PACKAGE_RELS = _rels(
    [
        ("officeDocument", "xl/workbook.xml"),
        (f"{_PKG_RELS}/metadata/core-properties", "docProps/core.xml"),
    ]
)


def _core_xml(saved: datetime) -> str:
    """When the file was saved, as every office program records it: two saves of the same
    cells are two files."""
    stamp = f'xsi:type="dcterms:W3CDTF">{saved:%Y-%m-%dT%H:%M:%SZ}'
    return (
        f'{_HEAD}<cp:coreProperties xmlns:cp="{_PKG_CORE}" xmlns:dc="http://purl.org/dc/'
        'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/'
        f'2001/XMLSchema-instance"><dc:creator>Tilannekuva</dc:creator><dcterms:created {stamp}'
        f"</dcterms:created><dcterms:modified {stamp}</dcterms:modified></cp:coreProperties>"
    )


def _content_types(sheets: int) -> str:
    base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/styles.xml", "styles")]
    overrides += [("/xl/sharedStrings.xml", "sharedStrings")]
    overrides += [(f"/xl/worksheets/sheet{n}.xml", "worksheet") for n in range(1, sheets + 1)]
    core = "application/vnd.openxmlformats-package.core-properties+xml"
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/docProps/core.xml" ContentType="{core}"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{part}" ContentType="{base}.{kind}+xml"/>'
            for part, kind in overrides
        )
        + "</Types>"
    )


def _styles_xml() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{_NUMBER_FORMATS[f]}" formatCode="{f}"/>'
        for f in (DATE_FORMAT, DATETIME_FORMAT)
    )
    fonts = "".join(
        f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/>'
        '<family val="2"/><scheme val="minor"/></font>'
        for bold, size in _FONTS
    )
    fills = "".join(
        '<fill><patternFill patternType="none"/></fill>'
        if fill is None
        else f'<fill><patternFill patternType="{fill}"/></fill>'
        if fill == "gray125"
        else f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        for fill in _FILLS
    )
    xfs = []
    for name, number_format in _STYLES:
        look = LOOKS[name]
        font, fill = _FONTS.index((look.bold, look.size)), _FILLS.index(look.fill)
        align = ""
        if look.wrap or look.top:
            align = "<alignment" + (' vertical="top"' if look.top else "")
            align += (' wrapText="1"' if look.wrap else "") + "/>"
        xfs.append(
            f'<xf numFmtId="{_NUMBER_FORMATS[number_format]}" fontId="{font}" fillId="{fill}"'
            f' borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"'
            f' applyAlignment="1">{align}</xf>'
        )
    return (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="2">{formats}</numFmts>'
        f'<fonts count="{len(_FONTS)}">{fonts}</fonts><fills count="{len(_FILLS)}">{fills}'
        '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
        f' borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_STYLES_XML = _styles_xml()
