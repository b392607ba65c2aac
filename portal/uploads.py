"""One check for every file people upload, judged by its content rather than its name.

Every place that accepts a file (offer, correction and report attachments, the
signed contract's scan, an organisation's logo) calls ``check_upload`` with its
``UploadKind``. The check refuses an empty file; a type outside the kind's list;
content that is not what the extension says (an executable renamed ``.pdf``);
a PDF that runs JavaScript or actions, or carries embedded files; an Office file
that is not a valid package or unpacks to more than a limit (a zip bomb); an image
too large to decode safely. It returns the original file name, sanitised, which
is what people see; the storage path is never shown.

PDFs are inspected as raw bytes, with their streams decoded through the Flate,
ASCII85 and ASCIIHex filters (names hide in compressed object streams) and ``#xx``
escapes in names decoded, instead of through a full PDF parser: a parser run on
every hostile upload is a larger attack surface than a bounded byte scan, and
pypdf stays a development tool. Streams in other filters (image codecs, the rare
LZW) are not decoded.
"""

import base64
import binascii
import io
import re
import secrets
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

EMPTY_FILE = _("%(name)s is empty (0 bytes). Attach the file with its content.")
CONTENT_MISMATCH = _(
    "%(name)s is not what its name says: its content is not a %(extension)s file. "
    "Save it again in that format and attach it."
)
PDF_ACTIVE_CONTENT = _(
    "%(name)s contains JavaScript or automatic actions, which the city hall does not accept. "
    "Print it to a new PDF (Print → Save as PDF) and attach that."
)
PDF_EMBEDDED_FILES = _(
    "%(name)s has other files embedded in it. Attach each file on its own, or print the PDF to a new one."
)
UNPACKS_TOO_LARGE = _("%(name)s unpacks to more than %(limit)s, so it cannot be accepted.")
DAMAGED_FILE = _("%(name)s is damaged and cannot be opened. Save it again and attach it.")
DOCUMENT_WRONG_TYPE = _(
    "Attach a PDF, a scan (JPEG, PNG), a document (DOCX, ODT) or a spreadsheet (XLSX, ODS); "
    "%(name)s is not one of them."
)
DOCUMENT_TOO_LARGE = _("The file is too large (%(size)s). Attachments may have at most %(limit)s.")
SCAN_WRONG_TYPE = _("The scan must be a PDF, JPEG or PNG file; %(name)s is not one of them.")
SCAN_TOO_LARGE = _("The file is too large (%(size)s). The scan may have at most %(limit)s.")
LOGO_WRONG_TYPE = _("The logo must be a PNG, JPEG or WebP image.")
LOGO_TOO_LARGE = _("The logo is too large (%(size)s). Upload a file of at most %(limit)s.")

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
ZIP = "application/zip"
# What an Office package must contain (and, for OpenDocument, its "mimetype" entry).
OFFICE_PACKAGES = {
    "docx": ("word/document.xml", None),
    "xlsx": ("xl/workbook.xml", None),
    "odt": ("content.xml", b"application/vnd.oasis.opendocument.text"),
    "ods": ("content.xml", b"application/vnd.oasis.opendocument.spreadsheet"),
}
# Unpacked size of a package, and of the streams of a PDF, beyond which the file is refused.
UNPACKED_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAX_ENTRIES = 5000
IMAGE_MAX_PIXELS = 50_000_000
# PDF names that run code or launch programs (an /OpenAction that only opens page 1 is common and
# harmless; one that runs a script names /JS or /JavaScript), and those that carry files.
_PDF_ACTIVE = {b"JS", b"JavaScript", b"AA", b"Launch"}
_PDF_EMBEDDED = {b"EmbeddedFile", b"EmbeddedFiles"}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_PDF_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()%{}]+)")
_PDF_FILTER_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class UploadKind:
    """Which files a place accepts: extension → the types its content may be, and the size limit."""

    types: dict
    max_bytes: int
    wrong_type: object
    too_large: object


DOCUMENT = UploadKind(
    types={
        "pdf": {PDF},
        "jpg": {JPEG},
        "jpeg": {JPEG},
        "png": {PNG},
        "docx": {ZIP},
        "xlsx": {ZIP},
        "odt": {ZIP},
        "ods": {ZIP},
    },
    max_bytes=10 * 1024 * 1024,
    wrong_type=DOCUMENT_WRONG_TYPE,
    too_large=DOCUMENT_TOO_LARGE,
)
SCAN = UploadKind(
    types={"pdf": {PDF}, "jpg": {JPEG}, "jpeg": {JPEG}, "png": {PNG}},
    max_bytes=10 * 1024 * 1024,
    wrong_type=SCAN_WRONG_TYPE,
    too_large=SCAN_TOO_LARGE,
)
LOGO = UploadKind(
    types={"png": {PNG}, "jpg": {JPEG}, "jpeg": {JPEG}, "webp": {WEBP}},
    max_bytes=2 * 1024 * 1024,
    wrong_type=LOGO_WRONG_TYPE,
    too_large=LOGO_TOO_LARGE,
)


def display_name(name: str, *, max_length: int = 200) -> str:
    """The uploaded file's own name, safe to show and to send as a download name.

    Only the last path segment; control and formatting characters dropped; the
    extension kept when the name is shortened.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    try:
        base = get_valid_filename(base)
    except Exception:  # noqa: BLE001 (Django raises SuspiciousFileOperation for "", ".", "..")
        base = "plik"
    stem, dot, extension = base.rpartition(".")
    if len(base) > max_length:
        keep = max_length - len(extension) - 1 if dot else max_length
        base = f"{stem[:keep]}.{extension}" if dot else base[:max_length]
    return base


def storage_name(name: str) -> str:
    """A random name with ``name``'s extension, so no path on disk holds what a person typed."""
    extension = extension_of(name)
    return f"{secrets.token_hex(16)}.{extension}" if extension else secrets.token_hex(16)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload, kind: UploadKind) -> str:
    """Refuse ``upload`` (a Django ``File``) unless its content is a safe file of ``kind``.

    Returns the sanitised original name. Raises ``ValidationError`` with a message
    that names the file and says what to do.
    """
    name = display_name(upload.name)
    params = {"name": name}
    extension = extension_of(name)
    if extension not in kind.types:
        raise ValidationError(kind.wrong_type, code="wrong_type", params=params)
    size = upload.size
    if not size:
        raise ValidationError(EMPTY_FILE, code="empty", params=params)
    if size > kind.max_bytes:
        raise ValidationError(
            kind.too_large,
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(kind.max_bytes), **params},
        )
    content = _read(upload)
    sniffed = _sniff(content)
    if sniffed not in kind.types[extension]:
        raise ValidationError(
            CONTENT_MISMATCH, code="content_mismatch", params={"extension": extension.upper(), **params}
        )
    if sniffed == PDF:
        _check_pdf(content, params)
    elif sniffed == ZIP:
        _check_package(content, extension, params)
    else:
        _check_image(content, params)
    return name


def _sniff(content: bytes) -> str | None:
    # Office packages are zip files whose first entry varies by the program that wrote them
    # (filetype guesses from that entry); the package check below judges what is inside.
    if content.startswith(b"PK\x03\x04"):
        return ZIP
    return filetype.guess_mime(content[:8192])


def _read(upload) -> bytes:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content


def _unescape(name: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name)


def _pdf_names(data: bytes) -> set[bytes]:
    return {_unescape(name) for name in _PDF_NAME.findall(data)}


class _Undecodable(Exception):
    """A stream in a filter this check does not decode (images, LZW): its raw bytes were scanned."""


def _decode(name: bytes, data: bytes, budget: int) -> bytes:
    if name in (b"FlateDecode", b"Fl"):
        try:
            return zlib.decompressobj().decompress(data, budget + 1)
        except zlib.error:
            raise _Undecodable from None
    if name in (b"ASCIIHexDecode", b"AHx"):
        digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
        try:
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        except binascii.Error:
            raise _Undecodable from None
    if name in (b"ASCII85Decode", b"A85"):
        try:
            return base64.a85decode(re.sub(rb"\s", b"", data.split(b"~>", 1)[0]))
        except ValueError:
            raise _Undecodable from None
    raise _Undecodable


def _decoded_streams(content: bytes, params):
    """The PDF's streams decoded through their text and Flate filters (a chain such as ASCII85 then
    Flate hides names as well as Flate alone), refusing more than UNPACKED_MAX_BYTES in all."""
    budget = UNPACKED_MAX_BYTES
    for match in _PDF_STREAM_START.finditer(content):
        header = content[max(0, match.start() - 4096) : match.start()]
        header = header[header.rfind(b"obj") + 3 :]
        filters = _PDF_FILTER.findall(header)
        if not filters:
            continue  # Not encoded: its bytes were scanned with the rest of the file.
        names = [_unescape(name) for name in _PDF_FILTER_NAME.findall(filters[-1])]
        end = content.find(b"endstream", match.end())
        data = content[match.end() : end if end != -1 else len(content)]
        try:
            for name in names:
                data = _decode(name, data, budget)
        except _Undecodable:
            continue
        budget -= len(data)
        if budget < 0:
            limit = filesizeformat(UNPACKED_MAX_BYTES)
            raise ValidationError(
                UNPACKS_TOO_LARGE, code="unpacks_too_large", params={"limit": limit, **params}
            )
        yield data


def _check_pdf(content: bytes, params) -> None:
    names = _pdf_names(content)
    for stream in _decoded_streams(content, params):
        names |= _pdf_names(stream)
    if names & _PDF_ACTIVE:
        raise ValidationError(PDF_ACTIVE_CONTENT, code="pdf_active_content", params=params)
    if names & _PDF_EMBEDDED:
        raise ValidationError(PDF_EMBEDDED_FILES, code="pdf_embedded_files", params=params)


def _check_package(content: bytes, extension: str, params) -> None:
    required, mimetype = OFFICE_PACKAGES[extension]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            entries = package.infolist()
            if (
                len(entries) > ZIP_MAX_ENTRIES
                or sum(entry.file_size for entry in entries) > UNPACKED_MAX_BYTES
            ):
                raise ValidationError(
                    UNPACKS_TOO_LARGE,
                    code="unpacks_too_large",
                    params={"limit": filesizeformat(UNPACKED_MAX_BYTES), **params},
                )
            listed = {entry.filename for entry in entries}
            if required not in listed or (
                mimetype is not None and ("mimetype" not in listed or package.read("mimetype") != mimetype)
            ):
                raise ValidationError(
                    CONTENT_MISMATCH,
                    code="content_mismatch",
                    params={"extension": extension.upper(), **params},
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise ValidationError(DAMAGED_FILE, code="damaged", params=params) from None


def _check_image(content: bytes, params) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    UNPACKS_TOO_LARGE,
                    code="unpacks_too_large",
                    params={"limit": f"{IMAGE_MAX_PIXELS // 1_000_000} Mpx", **params},
                )
            image.verify()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a damaged image)
        raise ValidationError(DAMAGED_FILE, code="damaged", params=params) from None
