"""Every kind of unreadable input ends in an InputError with a stable code, quickly."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_docs import bomb_png, encrypted_pdf, many_pages_pdf

from bursar.errors import InputError
from extractors import extract_file
from extractors.batch import extract_many


def _code(path: Path) -> str:
    with pytest.raises(InputError) as info:
        extract_file(path)
    assert "\n" not in info.value.one_line()
    return info.value.code


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "nope.pdf") == "not_found"


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert _code(tmp_path / "empty.pdf") == "empty"


def test_encrypted_pdf(tmp_path: Path) -> None:
    assert _code(encrypted_pdf(tmp_path / "locked.pdf")) == "encrypted"


def test_corrupt_pdf(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog garbage")
    assert _code(tmp_path / "broken.pdf") == "corrupt"


def test_not_a_pdf_or_image(tmp_path: Path) -> None:
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04 this is a zip, not an invoice")
    assert _code(tmp_path / "letter.docx") == "unsupported_type"


def test_truncated_image(tmp_path: Path) -> None:
    (tmp_path / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert _code(tmp_path / "cut.png") == "corrupt"


def test_500_page_pdf_is_refused_before_reading_pages(tmp_path: Path) -> None:
    assert _code(many_pages_pdf(tmp_path / "long.pdf", 500)) == "too_many_pages"


def test_page_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = many_pages_pdf(tmp_path / "three.pdf", 3)
    monkeypatch.setenv("BURSAR_MAX_PAGES", "2")
    assert _code(path) == "too_many_pages"


def test_decompression_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    assert _code(bomb_png(tmp_path / "bomb.png")) == "image_too_large"


def test_batch_continues_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    good = tmp_path / "good.pdf"
    many_pages_pdf(good, 1)
    results = extract_many([tmp_path / "missing.pdf", tmp_path / "empty.pdf", good], workers=1)
    assert [r.get("error", {}).get("code") for r in results] == ["not_found", "empty", None]
    assert results[0] == {"file": "missing.pdf", "error": results[0]["error"]}
    assert results[2]["schema"] == "bursar.extraction/1"


def test_poster_sized_pdf_page_is_rendered_within_the_pixel_cap() -> None:
    from extractors.loader import MAX_IMAGE_PIXELS, render_dpi

    dpi = render_dpi(14400, 14400, 300)  # a 200 x 200 inch page
    assert (14400 * dpi / 72) ** 2 <= MAX_IMAGE_PIXELS * 1.001
    assert render_dpi(595, 842, 300) == 300


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rsm:CrossIndustryInvoice [<!ENTITY e "ZZ">]>',  # declared: would rewrite values
        '<!DOCTYPE rsm:CrossIndustryInvoice SYSTEM "invoice.dtd">',  # declared elsewhere: unknown
    ],
)
def test_xml_entity_in_an_einvoice_value_is_refused_not_cut_short(
    tmp_path: Path, doctype: str
) -> None:
    """Issue 22.14: ``AV-&e;-X`` was read as ``AV-`` with no warning."""
    from extract_einvoice_xml import CII

    head, body = CII.format(number="AV-&e;-X", total="95.20").split("\n", 1)
    path = tmp_path / "entity.xml"
    path.write_text(f"{head}\n{doctype}\n{body}", encoding="utf-8")
    with pytest.raises(InputError) as info:
        extract_file(path)
    assert info.value.code == "xml_entities"
    line = info.value.one_line()
    assert line.startswith(f"{path}: ") and "&e;" in line and "\n" not in line
