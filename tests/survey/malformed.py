"""A corpus of malformed survey files, made from the good fixtures (for the fuzz tests).

Every good file (each fixture and a paper entry sheet) is cut short at several points,
has bits and bytes flipped, and, for .xlsx, has each XML member damaged inside an
otherwise valid zip; then come files of the wrong kind under a survey's name. The
corpus is deterministic (a fixed seed), so a failure can be reproduced by its name.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

SEED = 16
CUT_FRACTIONS = (0.01, 0.1, 0.33, 0.5, 0.9, 0.999)
BIT_FLIPS = 6  # files with one flipped bit each, per good file
BYTE_RUNS = 4  # files with a run of random bytes, per good file


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# Nested entities that expand to 10^9 "lol"s (3 GB) when a parser expands them.
BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
                             for n in range(1, 10))
                  + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _xml_damage(content: bytes, rng: random.Random) -> dict[str, bytes]:
    """Ways to break one XML member while the zip around it stays valid."""
    middle = len(content) // 2
    close = content.rfind(b"</")
    return {
        "cut": content[:middle],
        "empty": b"",
        "not-xml": b"dit is geen xml \x00\xff",
        "unclosed": content[:close] if close > 0 else content + b"<",
        "bad-entity": content.replace(b">", b">&nope;", 2),
        "garbage": bytes(rng.randrange(256) for _ in range(min(len(content), 400))),
        "wrong-root": b'<?xml version="1.0"?><foo xmlns="urn:x"><bar/></foo>',
        "bad-numbers": content.replace(b'r="A', b'r="A0x', 3).replace(b"<v>", b"<v>1e999x", 3),
        "huge-index": content.replace(b"<v>0</v>", b"<v>99999999</v>"),
        "billion-laughs": BILLION_LAUGHS,
    }


def corrupt_variants(name: str, data: bytes, rng: random.Random) -> dict[str, bytes]:
    """Damaged copies of one good file, by a descriptive name."""
    stem, suffix = Path(name).stem, Path(name).suffix
    variants: dict[str, bytes] = {}
    for fraction in CUT_FRACTIONS:
        variants[f"{stem}-cut-{fraction}{suffix}"] = data[: max(1, int(len(data) * fraction))]
    for number in range(BIT_FLIPS):
        flipped = bytearray(data)
        position = rng.randrange(len(flipped))
        flipped[position] ^= 1 << rng.randrange(8)
        variants[f"{stem}-bit-{number}-at-{position}{suffix}"] = bytes(flipped)
    for number in range(BYTE_RUNS):
        damaged = bytearray(data)
        start = rng.randrange(len(damaged))
        for position in range(start, min(len(damaged), start + rng.randrange(1, 64))):
            damaged[position] = rng.randrange(256)
        variants[f"{stem}-bytes-{number}-at-{start}{suffix}"] = bytes(damaged)
    if data.startswith(b"PK"):
        members = _members(data)
        for member, content in members.items():
            if not member.endswith((".xml", ".rels")):
                continue
            for how, broken in _xml_damage(content, rng).items():
                label = member.replace("/", "_").replace("[", "").replace("]", "")
                variants[f"{stem}-{label}-{how}{suffix}"] = _zip({**members, member: broken})
        without = dict(members)
        without.pop("xl/workbook.xml", None)
        variants[f"{stem}-no-workbook{suffix}"] = _zip(without)
        sheet = next((m for m in members if m.startswith("xl/worksheets/")), None)
        if sheet:
            variants[f"{stem}-no-sheet{suffix}"] = _zip({k: v for k, v in members.items() if k != sheet})
        variants[f"{stem}-stored{suffix}"] = _zip(members, zipfile.ZIP_STORED)
        variants[f"{stem}-as-csv.csv"] = data
    else:
        variants[f"{stem}-as-xlsx.xlsx"] = data
        variants[f"{stem}-nul-bytes{suffix}"] = data.replace(b",", b",\x00", 3)
        variants[f"{stem}-cp1252{suffix}"] = data.decode("utf-8-sig").encode("cp1252", errors="replace")
        variants[f"{stem}-latin1-mixed{suffix}"] = data + "é;ü,ß\n".encode("latin-1")
        variants[f"{stem}-utf16{suffix}"] = data.decode("utf-8-sig").encode("utf-16")
        variants[f"{stem}-utf16-no-bom{suffix}"] = data.decode("utf-8-sig").encode("utf-16-le")
        variants[f"{stem}-utf32{suffix}"] = data.decode("utf-8-sig").encode("utf-32")
        variants[f"{stem}-cr-only{suffix}"] = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        variants[f"{stem}-open-quote{suffix}"] = data.replace(b"\n", b'\n"', 1)
    return variants


def odd_files() -> dict[str, bytes]:
    """Files of the wrong kind under a survey's name."""
    html = (b"<html><head><meta charset='utf-8'></head><body><table><tr><td>groep</td><td>vb1</td></tr>"
            b"<tr><td>groep 7</td><td>Klopt</td></tr></table></body></html>")
    return {
        "empty.csv": b"",
        "empty.xlsx": b"",
        "only-zip-magic.xlsx": b"PK\x03\x04",
        "empty-zip.xlsx": _zip({}),
        "zip-not-xlsx.xlsx": _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"}),
        "zip-with-csv.xlsx": _zip({"export.csv": b"groep,vb1\nA,3\n"}),
        "zip-in-zip.xlsx": _zip({"inner.xlsx": _zip({"a.xml": b"<a/>"})}),
        "html-as-xls.xls": html,
        "html-as-xlsx.xlsx": html,
        "html-as-csv.csv": html,
        "bom-html.csv": b"\xef\xbb\xbf" + html,
        "xml.csv": b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        "pdf.csv": b"%PDF-1.4\n" + bytes(range(256)),
        "ole.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "png.csv": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "nul-only.csv": bytes(100),
        "nul-late.csv": b"groep,vb1\n" + b"A,3\n" * 20_000 + b"B,\x004\n",
        "random.csv": bytes(random.Random(SEED).randrange(256) for _ in range(2000)),
        "random.xlsx": b"PK\x03\x04" + bytes(random.Random(SEED + 1).randrange(256) for _ in range(2000)),
        "gzip.csv": b"\x1f\x8b\x08\x00" + bytes(40),
        "one-quote.csv": b'"',
        "quotes.csv": b'"groep","vb1\n"A","3"\n"B"x"4"\n',
        "newlines-only.csv": b"\n\r\n\r" * 50,
        "separators.csv": b";;;;\n,,,,\n\t\t\n",
        "sep-line-only.csv": b"sep=;",
        "sep-line.csv": b"sep=;\n",
        "bom-only.csv": b"\xef\xbb\xbf",
        "utf8-broken.csv": b"groep,vb1\n\xc3(,3\n\xe2\x82,4\n",
        "invalid-cp1252.csv": b"groep,vb1\nA\x81\x8d\x8f\x90\x9d,3\n",
        "utf16-odd.csv": b"\xff\xfeg\x00r\x00o",
        "surrogates.csv": "groep,vb1\nA,3\n".encode("utf-8") + b"\xed\xa0\x80,3\n",
        "very-long-line.csv": b"groep,vb1\n" + b"A" * 200_000 + b",3\n",
        "many-columns.csv": b"groep," + b"x," * 5_000 + b"vb1\n",
        "deep-quotes.csv": b'"' * 10_001 + b"\n",
        "control-characters.csv": b"groep,vb1\nA\x0b\x0c\x1b,3\n",
    }


def corpus(good: dict[str, bytes]) -> dict[str, bytes]:
    """The whole corpus: damaged copies of every good file, then the odd files."""
    rng = random.Random(SEED)
    files: dict[str, bytes] = {}
    for name, data in sorted(good.items()):
        files.update(corrupt_variants(name, data, rng))
    files.update(odd_files())
    return files


# -- spreadsheet bombs: small files that unpack or expand to gigabytes ------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def far_cell_xlsx() -> bytes:
    """A real workbook (openpyxl) with a small table and one cell at XFD1048576: about 5 KB."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["groep", "vb1"])
    sheet.append(["groep 7", "Klopt"])
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def huge_strings_xlsx(target: Path, unpacked_mb: int) -> Path:
    """A workbook whose shared-strings part unpacks to ``unpacked_mb`` MB of text, written without holding it.

    Every cell of its sheet refers to the huge string, as the 8.5 MB file of issue 16 did.
    """
    chunk = b"A" * (1024 * 1024)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _shared_strings_parts().items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN_NS}" count="3" uniqueCount="3">'
                         "<si><t>groep</t></si><si><t>vb1</t></si><si><t>".encode())
            for _ in range(unpacked_mb):
                member.write(chunk)
            member.write(b"</t></si></sst>")
    return target


def _shared_strings_parts() -> dict[str, str]:
    """The parts of a minimal workbook whose sheet refers to shared strings 0 and 1 (header) and 2 (cells)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{0 if r == 1 else 2}</v></c>'
                   f'<c r="B{r}" t="s"><v>{1 if r == 1 else 2}</v></c></row>' for r in range(1, 50))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
            '<sheet name="Antwoorden" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}"><sheetData>{rows}</sheetData>'
            '</worksheet>'),
    }
    return parts


def many_elements_xlsx(target: Path, merged_ranges: int) -> Path:
    """A workbook whose sheet holds a header row and then ``merged_ranges`` merged ranges (~34 bytes each).

    A parser that keeps every finished element in its tree holds them all (about 450 bytes each).
    """
    members = _members(far_cell_xlsx())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>groep'
                        '</t></is></c><c r="B1" t="inlineStr"><is><t>vb1</t></is></c></row></sheetData><mergeCells>'
                        .encode())
            for number in range(1, merged_ranges + 1):
                sheet.write(f'<mergeCell ref="A{number}:B{number + 7}"/>'.encode())
            sheet.write(b"</mergeCells></worksheet>")
    return target


def many_strings_xlsx(target: Path, strings: int) -> Path:
    """A workbook whose shared-strings part holds ``strings`` short distinct texts (~30 bytes each)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _shared_strings_parts().items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{_MAIN_NS}">'.encode())
            for number in range(strings):
                part.write(f"<si><t>{number:x}</t></si>".encode())
            part.write(b"</sst>")
    return target
