"""Evidence uploads: the file's type is read from its content, never from its name.

Recognised: PDF (`%PDF-`), JPEG (FF D8 FF), PNG (its 8-byte signature), and the two Office Open
XML formats, which are ZIP archives told apart by their members: `[Content_Types].xml` plus
`word/` (DOCX) or `xl/` (XLSX). Anything else, including a renamed executable or a plain ZIP, is
refused.
"""

import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreement.formatting import grouped_number

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED_TYPES = (PDF, JPEG, PNG, DOCX, XLSX)
# Shown as thumbnails (obligations.thumbnails); every other file as a tile naming its type.
IMAGE_TYPES = (JPEG, PNG)
TYPE_LABELS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX"}
# What the file picker offers; the server still checks the content.
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png," + DOCX + "," + XLSX

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The extensions each type may carry; the first is given to a file whose name says otherwise.
EXTENSIONS = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
}
# Office files are ZIP archives: one that expands beyond these is a "zip bomb", not a document
# (a real 10 MB spreadsheet expands to well under 20 times its size).
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_EXPANSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 5000
# Bidi controls reorder what surrounds them ("photo\u202egpj.exe" shows as "photoexe.jpg"); they
# are dropped from stored names. ZWNJ and ZWJ are kept: Persian words need them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_JOINERS = {"\u200c", "\u200d"}


class ArchiveTooLarge(ValueError):
    """An office file whose ZIP would expand beyond a sane size or ratio."""


def sniff_content_type(file) -> str | None:
    """The allowed type the bytes of `file` show, or None. Leaves the file at position 0."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    return None


def _office_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        file.seek(0)
    _check_expansion(file, members)
    names = [member.filename for member in members]
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def _check_expansion(file, members) -> None:
    """Refuse an archive by the sizes its members declare, before anything is decompressed."""
    expanded = sum(member.file_size for member in members)
    size = getattr(file, "size", None) or 1
    if (
        len(members) > MAX_ARCHIVE_MEMBERS
        or expanded > MAX_EXPANDED_BYTES
        or (expanded > 10 * 1024 * 1024 and expanded > MAX_EXPANSION_RATIO * size)
    ):
        raise ArchiveTooLarge(expanded)


def name_for_type(name: str, content_type: str) -> str:
    """The name with an extension that matches the content: a PDF named x.html is x.pdf."""
    extensions = EXTENSIONS.get(content_type)
    if not extensions:
        return name
    stem, extension = os.path.splitext(name)
    if extension.lower() in extensions:
        return name
    if stem and extension[1:].isalnum() and len(extension) <= 6:
        return stem + extensions[0]  # a wrong extension: x.html -> x.pdf
    return name + extensions[0]  # none, or a dot inside the name: "v1.2 report" -> "v1.2 report.pdf"


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def clean_file_name(name: str) -> str:
    """The name as the user knew it (no directories, NFC, at most 255 characters)."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/"))).translate(BIDI_CONTROLS)
    name = "".join(ch for ch in name if ch.isprintable() or ch in _JOINERS).strip()
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name or "evidence"


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return grouped_number(megabytes, 0 if megabytes == int(megabytes) else 1)


@dataclass(frozen=True)
class EvidenceUpload:
    """An uploaded file that passed the checks, with the type its content showed."""

    file: object
    name: str
    content_type: str
    size: int


def validate_uploads(files, *, already_attached: int = 0) -> list[EvidenceUpload]:
    """Check count, emptiness, size and type; one translated message per problem, all at once."""
    files = [f for f in files if f is not None]
    max_files = settings.PEYMAN_EVIDENCE_MAX_FILES
    max_bytes = settings.PEYMAN_EVIDENCE_MAX_BYTES
    errors = []
    if already_attached + len(files) > max_files:
        errors.append(
            ValidationError(
                _("At most %(max)s files per entry (%(attached)s already attached)."),
                code="too_many",
                params={"max": grouped_number(max_files), "attached": grouped_number(already_attached)},
            )
        )
    uploads = []
    for file in files:
        name = clean_file_name(file.name)
        if not file.size:
            errors.append(ValidationError(_("%(name)s is empty."), code="empty", params={"name": name}))
            continue
        if file.size > max_bytes:
            errors.append(
                ValidationError(
                    _("%(name)s is larger than %(limit)s MB."),
                    code="too_large",
                    params={"name": name, "limit": _megabytes(max_bytes)},
                )
            )
            continue
        try:
            content_type = sniff_content_type(file)
        except ArchiveTooLarge:
            errors.append(
                ValidationError(
                    _("%(name)s expands to far more than a real Word or Excel file would: it was refused."),
                    code="expands",
                    params={"name": name},
                )
            )
            continue
        if content_type is None:
            errors.append(
                ValidationError(
                    _("%(name)s is not a PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX) file."),
                    code="type",
                    params={"name": name},
                )
            )
            continue
        name = name_for_type(name, content_type)
        uploads.append(EvidenceUpload(file=file, name=name, content_type=content_type, size=file.size))
    if errors:
        raise ValidationError(errors)
    return uploads
