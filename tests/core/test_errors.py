"""Every error is exactly one line on stderr, byte for byte, with stderr piped (not a terminal).

Each bad input of the extraction issue goes through ``bursar extract`` and ``bursar ingest``
as real processes; both name the same stable code and the same clerk-readable message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bursar.cli.output import error_line

DAMAGED = "is damaged or cut off; ask the sender for a new copy"
# name -> (code, message); the file is made by _make_bad_inputs
EXPECTED: dict[str, tuple[str, str]] = {
    "truncated.pdf": ("corrupt", f"PDF {DAMAGED}"),
    "pixel.png": (
        "image_too_small",
        "image is 1x1 pixels, too small to hold a readable page; scan the document again",
    ),
    "huge.png": ("image_too_large", "image is 12000x9000 pixels, over the 100,000,000 pixel limit"),
    "zero-pages.pdf": ("no_pages", "PDF has no pages; ask the sender for the complete document"),
    "locked.pdf": (
        "encrypted",
        "PDF is encrypted (password protected); ask the sender for an unprotected copy",
    ),
    "letter.pdf": ("unsupported_type", "not a PDF, PNG, JPEG, TIFF or e-invoice XML file"),
    "empty.pdf": ("empty", "file is empty (0 bytes)"),
    "missing.pdf": ("not_found", "file not found"),
}


def _pdf(path: Path, *, encrypt: str | None = None) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    c.drawString(50, 780, "Invoice INV-1 total 10.00 EUR")
    c.save()
    return path


def _make_bad_inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    good = _pdf(folder / "good.pdf").read_bytes()
    (folder / "good.pdf").unlink()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 2])
    Image.new("L", (1, 1), 255).save(folder / "pixel.png")
    Image.new("1", (12000, 9000), 1).save(folder / "huge.png")  # 108 Mpx, a 30 kB file
    pdfium.PdfDocument.new().save(str(folder / "zero-pages.pdf"))
    _pdf(folder / "locked.pdf", encrypt="s3cret")
    (folder / "letter.pdf").write_bytes(b"Dear supplier,\nplease find attached\n")
    (folder / "empty.pdf").write_bytes(b"")
    return [folder / name for name in EXPECTED]  # missing.pdf is never written


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "BURSAR_HOME": str(home), "BURSAR_CONFIG": str(home / "absent.toml")}
    env.pop("BURSAR_DATABASE_URL", None)
    env.pop("BURSAR_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "bursar", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,  # pipes, not a terminal: rich used to wrap at 80 columns
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One ``extract`` and one ``ingest`` over every bad input (processes are slow to start)."""
    tmp = tmp_path_factory.mktemp("errors")
    files = _make_bad_inputs(tmp / "in")
    home = tmp / "home"
    extract = _run(home, "extract", "--json", "--workers", "1", *map(str, files))
    assert _run(home, "init").returncode == 0
    ingest = _run(home, "ingest", "--json", "--workers", "1", *map(str, files))
    return {"files": files, "extract": extract, "ingest": ingest}


def test_extract_prints_one_exact_line_per_bad_input(runs: dict) -> None:
    r = runs["extract"]
    assert r.returncode == 2
    expected = "".join(
        f"bursar: error: {path}: {message} [{code}]\n"
        for path, (code, message) in zip(runs["files"], EXPECTED.values(), strict=True)
    )
    assert r.stderr.decode() == expected


def test_ingest_prints_the_same_line_per_bad_input(runs: dict) -> None:
    """``bursar ingest`` reports through ``bursar.cli.output.error_line`` too."""
    r = runs["ingest"]
    assert r.returncode == 2
    expected = "".join(
        f"bursar: error: {name}: {message} [{code}]\n" for name, (code, message) in EXPECTED.items()
    )
    assert r.stderr.decode() == expected


def test_extract_and_ingest_report_the_same_codes(runs: dict) -> None:
    extracted = json.loads(runs["extract"].stdout)
    ingested = json.loads(runs["ingest"].stdout)
    codes = [code for code, _ in EXPECTED.values()]
    assert [r["error"]["code"] for r in extracted] == codes
    assert [r["error"]["code"] for r in ingested] == codes


def test_one_file_alone_gives_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    long_dir = tmp_path / "in" / ("a-rather-long-folder-name-" * 4)
    long_dir.mkdir()
    path = long_dir / "truncated.pdf"
    path.write_bytes(_pdf(tmp_path / "x.pdf").read_bytes()[:300])
    r = _run(tmp_path / "home", "extract", str(path))
    assert len(f"{path}") > 80  # would have wrapped at 80 columns
    assert r.stderr == f"bursar: error: {path}: PDF {DAMAGED} [corrupt]\n".encode()


def test_control_characters_in_a_file_name_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\n\x1b[31mname\r.pdf"
    path.write_bytes(b"not a document")
    r = _run(tmp_path / "home", "extract", str(path))
    shown = str(tmp_path) + "/evil\\n\\x1b[31mname\\r.pdf"
    assert r.stderr.decode() == (
        f"bursar: error: {shown}: not a PDF, PNG, JPEG, TIFF or e-invoice XML file "
        "[unsupported_type]\n"
    )


def test_usage_error_is_one_line(tmp_path: Path) -> None:
    r = _run(tmp_path / "home", "extract", "--dpi", "5", "x.pdf")
    assert r.returncode == 2
    assert r.stderr == (
        b"bursar: error: Invalid value for '--dpi': Input should be greater than or equal to 72 "
        b"(see 'bursar extract --help') [usage]\n"
    )


def test_error_line_collapses_message_and_escapes_file(capsys: pytest.CaptureFixture) -> None:
    error_line("a\tb.pdf", "a\tb.pdf: line one\n  line two\x07", code="corrupt")
    error_line(None, "settings: bad\nvalue")
    error_line("missing.pdf", "/in/missing.pdf: file not found", code="not_found")
    assert capsys.readouterr().err == (
        "bursar: error: a\\tb.pdf: line one line two\\x07 [corrupt]\n"
        "bursar: error: settings: bad value\n"
        "bursar: error: missing.pdf: file not found [not_found]\n"
    )


def test_pdf_codes_do_not_depend_on_the_previous_file(tmp_path: Path) -> None:
    from bursar.errors import InputError
    from extractors.loader import open_pdf

    files = _make_bad_inputs(tmp_path / "in")
    by_name = {p.name: p for p in files}
    order = ["locked.pdf", "zero-pages.pdf", "truncated.pdf", "locked.pdf", "truncated.pdf"]
    codes = []
    for name in order + ["zero-pages.pdf"]:
        with pytest.raises(InputError) as err:
            open_pdf(by_name[name])
        codes.append(err.value.code)
    assert codes == ["encrypted", "no_pages", "corrupt", "encrypted", "corrupt", "no_pages"]
