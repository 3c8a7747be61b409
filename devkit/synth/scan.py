"""Scanned variants: rasterise a PDF page, then rotate, blur, add noise and JPEG artefacts."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas


def _page_image(pdf_bytes: bytes, page: int, dpi: int) -> np.ndarray:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        bitmap = doc[page].render(scale=dpi / 72, grayscale=True)
        img = np.array(bitmap.to_pil().convert("L"))
    finally:
        doc.close()
    return img


def degrade(
    img: np.ndarray,
    *,
    seed: int,
    rotate: float = 0.0,
    noise: float = 0.0,
    blur: float = 0.0,
    jpeg_quality: int | None = None,
) -> np.ndarray:
    """Return ``img`` (grey uint8) rotated by ``rotate`` degrees, blurred (sigma px), with
    gaussian noise (std in grey levels) and a JPEG round trip; deterministic for ``seed``."""
    if rotate:
        h, w = img.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rotate, 1.0)
        img = cv2.warpAffine(
            img,
            matrix,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=255,
        )
    if blur:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if noise:
        rng = np.random.default_rng(seed)
        noisy = img.astype(np.float32) + rng.standard_normal(img.shape, np.float32) * noise
        img = np.clip(noisy, 0, 255).astype(np.uint8)
    if jpeg_quality:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        if ok:
            img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return img


def _png(img: np.ndarray, dpi: int) -> bytes:
    # Noise makes scans nearly incompressible: a low zlib level is 4x faster for +15% size.
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return buf.getvalue()


def rasterise(
    pdf_bytes: bytes,
    dpi: int = 200,
    *,
    rotate: float = 0.0,
    noise: float = 0.0,
    blur: float = 0.0,
    jpeg_quality: int | None = None,
    page: int = 0,
    seed: int = 0,
) -> bytes:
    """Return PNG bytes of one page of ``pdf_bytes`` looking like a scan."""
    img = _page_image(pdf_bytes, page, dpi)
    img = degrade(img, seed=seed, rotate=rotate, noise=noise, blur=blur, jpeg_quality=jpeg_quality)
    return _png(img, dpi)


def scan_pages(
    pdf_bytes: bytes, dpi: int = 200, *, seed: int = 0, **effects: float
) -> list[np.ndarray]:
    """Return every page as a grey image, each degraded with ``effects``."""
    doc = pdfium.PdfDocument(pdf_bytes)
    n = len(doc)
    doc.close()
    return [
        degrade(_page_image(pdf_bytes, i, dpi), seed=seed + i, **effects)  # type: ignore[arg-type]
        for i in range(n)
    ]


def png_bytes(img: np.ndarray, dpi: int) -> bytes:
    """Return a grey image as PNG bytes carrying its resolution."""
    return _png(img, dpi)


def image_pdf(pngs: list[bytes] | list[np.ndarray], dpi: int, jpeg_quality: int = 80) -> bytes:
    """Return an image-only PDF (no text layer), one JPEG page per PNG, at its physical
    size, as scanners write them."""
    # ASCII85 is encoded in pure Python (~1 s per page); binary streams are fine in PDF.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _image_pdf(pngs, dpi, jpeg_quality)
    finally:
        rl_config.useA85 = saved


def _image_pdf(pngs: list[bytes] | list[np.ndarray], dpi: int, jpeg_quality: int) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.setCreator("bursar synth scanner")
    canvas.setProducer("bursar synth scanner")
    for png in pngs:
        img = (
            png
            if isinstance(png, np.ndarray)
            else cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
        )
        # reportlab embeds JPEG data as is (DCTDecode); re-deflating raw pixels is 50x slower
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        if not ok:  # pragma: no cover - OpenCV always encodes a uint8 image
            raise ValueError("could not encode page image")
        h, w = img.shape
        canvas.setPageSize((w * 72 / dpi, h * 72 / dpi))
        canvas.drawImage(
            ImageReader(io.BytesIO(enc.tobytes())), 0, 0, width=w * 72 / dpi, height=h * 72 / dpi
        )
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
