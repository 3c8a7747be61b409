"""Sort files that arrived by mail or in a hot folder: what to ingest, what to skip and why.

The type is read from the first bytes, never from the name: ``scan.pdf`` that is a
JPEG is ingested as an image, ``invoice.pdf`` that is an HTML error page is skipped.
Zip archives are unpacked (with ``RPA.Archive``, which refuses members that would land
outside the target folder) within limits on members and size, one level deep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Magic numbers of the formats the pipeline reads (extractors: PDF text layer or OCR);
# e-invoice XML and X12 claim files are told by their content below.
INGESTIBLE = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
ZIP = b"PK\x03\x04"
MAX_MEMBERS = 200
MAX_UNPACKED = 200 * 1024 * 1024  # bytes, all members together


@dataclass
class Sorted:
    """Files to ingest, and files skipped with a one-line reason each."""

    ingest: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


# Root elements of the structured e-invoices the pipeline reads (CII, UBL invoice and
# credit note); any other XML or HTML (an error page saved as .xml) is skipped.
EINVOICE_ROOTS = (
    b"CrossIndustryInvoice",
    b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    b"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
)
SNIFF = 4096  # bytes read to tell a file's kind


def _is_x12(head: bytes) -> bool:
    """An X12 interchange starts with a fixed-width ISA segment of 106 characters: its
    element separator (4th byte) recurs 16 times before the segment terminator."""
    if not head.startswith(b"ISA") or len(head) < 106:
        return False
    sep = head[3:4]
    return not sep.isalnum() and head[:106].count(sep) == 16


def _is_einvoice(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and any(root in head for root in EINVOICE_ROOTS)


def kind_of(path: Path) -> str | None:
    """Return ``pdf|png|jpeg|tiff|zip|xml|x12`` from the file's first bytes, or None."""
    with path.open("rb") as f:
        head = f.read(SNIFF)
    if head.startswith(ZIP):
        return "zip"
    for magic, kind in INGESTIBLE.items():
        if head.startswith(magic):
            return kind
    if _is_x12(head):
        return "x12"  # claims: 837P / 837I
    if _is_einvoice(head):
        return "xml"  # a structured e-invoice (CII or UBL)
    return None


def _describe(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        return "empty file"
    return (
        "not a PDF, image, e-invoice or X12 file "
        f"({path.suffix.lower() or 'no extension'}, {size} bytes)"
    )


def sort_files(files: list[Path], unpack_dir: Path) -> Sorted:
    """Return which of ``files`` to ingest (zip members included) and which to skip."""
    out = Sorted()
    for path in files:
        kind = kind_of(path)
        if kind == "zip":
            _unzip(path, unpack_dir / path.stem, out)
        elif kind is not None:
            out.ingest.append(path)
        else:
            out.skipped.append((path.name, _describe(path)))
    return out


def _unzip(archive: Path, dest: Path, out: Sorted) -> None:
    from RPA.Archive import Archive

    lib = Archive()
    try:
        members = [m for m in lib.list_archive(str(archive)) if not m["filename"].endswith("/")]
    except Exception as exc:  # a broken archive is skipped with the library's reason
        out.skipped.append((archive.name, f"cannot read the zip archive: {exc}"))
        return
    if len(members) > MAX_MEMBERS:
        out.skipped.append((archive.name, f"zip has {len(members)} files (limit {MAX_MEMBERS})"))
        return
    if sum(int(m["size"]) for m in members) > MAX_UNPACKED:
        out.skipped.append((archive.name, f"zip unpacks to more than {MAX_UNPACKED} bytes"))
        return
    dest.mkdir(parents=True, exist_ok=True)
    try:
        lib.extract_archive(str(archive), str(dest))
    except Exception as exc:  # encrypted, corrupt or unsafe member names
        out.skipped.append((archive.name, f"cannot unpack the zip archive: {exc}"))
        return
    for m in members:
        member = dest / m["filename"]
        label = f"{archive.name}/{m['filename']}"
        if not member.is_file():
            continue
        kind = kind_of(member)
        if kind == "zip":
            out.skipped.append((label, "zip inside a zip is not unpacked"))
        elif kind is None:
            out.skipped.append((label, _describe(member)))
        else:
            out.ingest.append(member)
