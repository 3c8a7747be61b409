"""Build the third-party layout corpus: ``var/corpus3p/<source>/*.pdf`` and ``truth.json``.

    python -m devkit.corpus3p build [--out var/corpus3p] [--sources kosit-html anvil ...]
                                    [--templates N]

Reads only ``devkit/corpus3p/sources/`` (vendored, see ``manifest.json``) and needs Debian's
``chromium`` (through Playwright), ``libsaxonhe-java`` and ``fop`` for the KoSIT families.
Each XML case goes to exactly one KoSIT family (by a hash of its case name; a case's UBL
and CII twins stay together), so no invoice is printed by both. Truth fields whose value
cannot be found in the printed page's text layer are listed in ``unverified`` (the
visualiser does not print them), like the development set's ``truth.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from devkit.corpus3p import templates, templates_a, templates_b, truth, values

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
KOSIT = SOURCES / "kosit-visualization"
SAXON = "/usr/share/java/Saxon-HE.jar"
CHROMIUM = "/usr/bin/chromium"
ALL_SOURCES = ("kosit-html", "kosit-fo", "sparksuite", "anvil")
ALL_SOURCES += ("stumpsyn", "reneweiser")
TEMPLATE_FIELDS = {
    "sparksuite": ("invoice_number", "invoice_date", "due_date", "vendor_name",
                   "customer_name", "currency", "total", "vendor_iban"),
    "anvil": ("invoice_number", "invoice_date", "due_date", "vendor_name", "customer_name",
              "currency", "total", "vendor_iban"),
    "stumpsyn": ("invoice_number", "invoice_date", "due_date", "vendor_name", "customer_name",
                 "currency", "total", "vendor_iban", "subtotal", "tax_amount", "po_number"),
    "reneweiser": ("invoice_number", "invoice_date", "due_date", "vendor_name",
                   "customer_name", "currency", "total", "vendor_iban"),
}  # fmt: skip
# template families: name -> (fill an Invoice into HTML, paper, whether it prints tax,
# VAT IDs and a PO number: ``values.invoice(seed, taxed)``)
TEMPLATES = {
    "sparksuite": (templates.sparksuite, "Letter", False),
    "anvil": (templates.anvil, "Letter", False),
    "stumpsyn": (templates_b.stumpsyn, "Letter", True),
    "reneweiser": (templates_b.reneweiser, "A4", False),
}
# issue 24, families from owners a-l (devkit/corpus3p/templates_a.py)
_TAXED_FIELDS = (
    "invoice_number", "invoice_date", "due_date", "vendor_name", "customer_name", "currency",
    "total", "vendor_iban", "subtotal", "tax_amount", "vendor_tax_id",
)  # fmt: skip
ALL_SOURCES += ("kimai-din5008", "aerix-nota")
TEMPLATE_FIELDS["kimai-din5008"] = _TAXED_FIELDS
TEMPLATE_FIELDS["aerix-nota"] = _TAXED_FIELDS
TEMPLATES["kimai-din5008"] = (templates_a.kimai_din5008, "A4", True)
TEMPLATES["aerix-nota"] = (templates_a.aerix_nota, "A4", True)
SUITES = {  # vendored folder -> (short prefix, repository, licence)
    "xrechnung-testsuite": ("xrts", "itplr-kosit/xrechnung-testsuite", "Apache-2.0"),
    "en16931-examples": ("en16931", "ConnectingEurope/eInvoicing-EN16931", "EUPL-1.2"),
    "kosit-visualization": ("xrviz", "itplr-kosit/xrechnung-visualization", "Apache-2.0"),
}


def manifest() -> dict[str, Any]:
    return json.loads((HERE / "manifest.json").read_text())


def _licence(man: dict[str, Any], repo: str) -> str:
    """Return the licence the manifest records for a repository (its first word: "MIT")."""
    lic = next(r["licence"] for r in man["repositories"] if r["name"] == repo)
    return lic.split()[0]


def _commit(repo: str) -> str:
    return next(r["commit"] for r in manifest()["repositories"] if r["name"] == repo)


def instances() -> list[tuple[str, Path, dict[str, Any]]]:
    """Return (case key, path, truth) for every e-invoice XML instance vendored."""
    out = []
    for suite in SUITES:
        for path in sorted((SOURCES / suite).rglob("*")):
            if path.suffix.lower() != ".xml" or path.name.startswith("LICENSE"):
                continue
            t = truth.read(path)
            if t is None:
                continue
            key = re.sub(r"[_-](ubl|uncefact|cii)$", "", path.stem, flags=re.I)
            out.append((f"{suite}/{key}", path, t))
    return out


def family_of(key: str) -> str:
    return "kosit-html" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "kosit-fo"


def _name(path: Path) -> str:
    suite = path.relative_to(SOURCES).parts[0]
    return f"{SUITES[suite][0]}-{path.stem}"


def _saxon(src_dir: Path, xsl: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["java", "-cp", SAXON, "net.sf.saxon.Transform", f"-s:{src_dir}", f"-xsl:{xsl}",
         f"-o:{out_dir}"],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode and not any(out_dir.iterdir()):
        raise RuntimeError(f"saxon {xsl.name} failed: {proc.stderr.strip()[-300:]}")


def _fop_config(work: Path) -> Path:
    conf = (KOSIT / "conf" / "fop.xconf").read_text()
    conf = conf.replace('embed-url="fonts/', f'embed-url="{KOSIT / "conf" / "fonts"}/')
    path = work / "fop.xconf"
    path.write_text(conf)
    return path


def _fop(conf: Path, fo: Path, pdf: Path) -> bool:
    proc = subprocess.run(
        ["fop", "-c", str(conf), "-fo", str(fo), "-pdf", str(pdf)], capture_output=True
    )
    return proc.returncode == 0 and pdf.exists()


def kosit(cases: list[tuple[str, Path, dict]], fam: str, out: Path, work: Path) -> list[Path]:
    """Render the cases through the KoSIT stylesheets; return the PDFs written."""
    xsl = KOSIT / "src" / "xsl"
    by_sheet: dict[str, Path] = {}
    for _key, path, t in cases:
        head = path.read_text(errors="ignore")[:2000]
        credit = "<CreditNote" in head or ":CreditNote" in head
        root_name = "cii" if t["syntax"] == "CII" else (
            "ubl-creditnote" if credit else "ubl-invoice")  # fmt: skip
        d = work / fam / "in" / root_name
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, d / f"{_name(path)}.xml")
        by_sheet[root_name] = d
    xr = work / fam / "xr"
    for sheet, d in by_sheet.items():
        _saxon(d, xsl / f"{sheet}-xr.xsl", xr)
    dest = out / fam
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    if fam == "kosit-html":
        htm = work / fam / "html"
        _saxon(xr, xsl / "xrechnung-html.xsl", htm)
        pages = {dest / f"{p.stem}.pdf": p for p in sorted(htm.glob("*.html"))}
        written = print_html(pages)
    else:
        fo = work / fam / "fo"
        _saxon(xr, xsl / "xr-pdf.xsl", fo)
        conf = _fop_config(work)
        jobs = [(f, dest / f"{f.stem}.pdf") for f in sorted(fo.glob("*.xml"))]
        with ThreadPoolExecutor(2) as pool:
            oks = list(pool.map(lambda j: _fop(conf, *j), jobs))
        written = [pdf for (_f, pdf), ok in zip(jobs, oks, strict=True) if ok]
    return written


def print_html(pages: dict[Path, Path | str], paper: str = "A4") -> list[Path]:
    """Print HTML files (or strings) to PDF with Debian's Chromium; return the PDFs."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page()
        page.route(
            "**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_()
        )
        for pdf, src in pages.items():
            if isinstance(src, Path):
                page.goto(src.resolve().as_uri())
            else:
                page.set_content(src)
            page.emulate_media(media="print")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            margin = {"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"}
            page.pdf(path=str(pdf), format=paper, print_background=True, margin=margin)
            written.append(pdf)
        browser.close()
    return written


# --- is the truth printed? -------------------------------------------------------------

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]  # fmt: skip


def page_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _date_forms(v: str) -> list[str]:
    d = date.fromisoformat(v)
    m = _MONTHS[d.month - 1]
    return [v, f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.day}.{d.month}.{d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{m} {d.day}, {d.year}", f"{m} {d.day}th, {d.year}", f"{m} {d.day}st, {d.year}",
            f"{m} {d.day}nd, {d.year}", f"{m} {d.day}rd, {d.year}", f"{d.day} {m} {d.year}",
            f"{d.day:02d}-{d.month:02d}-{d.year}"]  # fmt: skip


def _amount_forms(v: str) -> list[str]:
    x = abs(Decimal(v))
    en = f"{x:,.2f}"
    de = en.replace(",", "_").replace(".", ",").replace("_", ".")
    return [f"{x:.2f}", en, de, f"{x:.2f}".replace(".", ",")]


def on_page(key: str, value: str, text: str) -> bool:
    """Return whether a truth value is printed in ``text`` (already casefolded, one space)."""
    if key in ("invoice_date", "due_date"):
        return any(f in text for f in _date_forms(value))
    if key in ("subtotal", "tax_amount", "total"):
        return any(f in text for f in _amount_forms(value))
    if key in ("vendor_iban", "vendor_tax_id"):
        return value.casefold() in text.replace(" ", "")
    if key == "currency":
        sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get(value, "\0")
        return value.casefold() in text or sym in text
    return " ".join(value.split()).casefold() in text


def check(doc: dict[str, Any], pdf: Path) -> dict[str, Any]:
    """Mark the truth fields the page does not print, and the lines whose amount it omits."""
    text = " ".join(page_text(pdf).split()).casefold()
    doc["unverified"] = [k for k, v in doc["fields"].items() if not on_page(k, v, text)]
    for ln in doc["lines"]:
        if "amount" in ln and not on_page("total", ln["amount"], text):
            ln["in_text"] = False
    if any(ln.get("description", "").casefold() not in text for ln in doc["lines"]):
        # the visualiser does not print the items (the KoSIT viewer prints its overview
        # tab only): no line truth, so line F1 leaves the document out, as for MINIMUM
        doc["lines_not_printed"] = len(doc["lines"])
        doc["lines"] = []
    return doc


def _entry(pdf: Path, out: Path, t: dict[str, Any], **meta: Any) -> dict[str, Any]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    pages = len(doc)
    doc.close()
    entry = {
        "file": str(pdf.relative_to(out)),
        "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
        "pages": pages,
        "kind": t["kind"],
        "text_source": "pdf",
        **meta,
        "fields": t["fields"],
        "unverified": [],
        "lines": t["lines"],
        "decision": None,
    }
    return check(entry, pdf)


def build(out: Path, sources: tuple[str, ...] = ALL_SOURCES, n_templates: int = 30) -> dict:
    """Build the named sources under ``out``; return the truth document (also written)."""
    start = time.perf_counter()
    unknown = set(sources) - set(ALL_SOURCES)
    if unknown:
        raise SystemExit(f"unknown source(s) {sorted(unknown)}; known: {', '.join(ALL_SOURCES)}")
    man = manifest()
    fams = {s["name"]: s for s in man["sources"]}
    out.mkdir(parents=True, exist_ok=True)
    docs: list[dict[str, Any]] = []
    cases = instances()
    with tempfile.TemporaryDirectory(prefix="corpus3p-") as tmp:
        work = Path(tmp)
        for fam in ("kosit-html", "kosit-fo"):
            if fam not in sources:
                continue
            mine = [c for c in cases if family_of(c[0]) == fam]
            by_name = {_name(p): (p, t) for _k, p, t in mine}
            for pdf in kosit(mine, fam, out, work):
                path, t = by_name[pdf.stem]
                suite = path.relative_to(SOURCES).parts[0]
                _pre, repo, lic = SUITES[suite]
                rel = path.relative_to(SOURCES / suite)
                docs.append(_entry(
                    pdf, out, t, source=fam, layout_family=fams[fam]["layout_family"],
                    origin=f"{repo}:{rel}@{_commit(repo)}", license=lic,
                    profile=t["syntax"],
                ))  # fmt: skip
    for fam, (fill, paper, taxed) in TEMPLATES.items():
        if fam not in sources:
            continue
        repo = fams[fam]["inputs"][0]
        seed0 = int(hashlib.sha256(fam.encode()).hexdigest()[:6], 16)
        invs = {
            out / fam / f"{fam}-{i:03d}.pdf": values.invoice(seed0 + i, taxed)
            for i in range(n_templates)
        }
        print_html({pdf: fill(inv) for pdf, inv in invs.items()}, paper=paper)
        for pdf, inv in invs.items():
            t = values.truth(inv, TEMPLATE_FIELDS[fam])
            docs.append(_entry(
                pdf, out, t, source=fam, layout_family=fams[fam]["layout_family"],
                origin=f"{repo}@{_commit(repo)} + devkit/corpus3p/values.py",
                license=_licence(man, repo),
            ))  # fmt: skip
    result = {
        "schema": "bursar.eval.truth/1",
        "source": "corpus3p",
        "built_in_s": round(time.perf_counter() - start, 1),
        "sources": {s: sum(d["source"] == s for d in docs) for s in sources},
        "documents": docs,
    }
    (out / "truth.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    shutil.copy(HERE / "manifest.json", out / "manifest.json")
    return result


def sample(corpus: Path, dest: Path, per_source: int = 2) -> int:
    """Copy the first ``per_source`` documents of each source (at most three pages, with
    at least five printed fields) and their truth to ``dest`` (the tests' sample)."""
    res = json.loads((corpus / "truth.json").read_text())
    picked: list[dict[str, Any]] = []
    for src in res["sources"]:
        docs = [
            d
            for d in res["documents"]
            if d["source"] == src
            and d["pages"] <= 3
            and d["lines"]
            and len(set(d["fields"]) - set(d["unverified"])) >= 5
        ]
        picked += docs[:per_source]
    for d in picked:
        (dest / d["file"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / d["file"], dest / d["file"])
    sources = {s: sum(d["source"] == s for d in picked) for s in res["sources"]}
    out = {**res, "sources": sources, "documents": picked}
    (dest / "truth.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return len(picked)
