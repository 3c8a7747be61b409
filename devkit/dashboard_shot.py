"""Draw the Grafana dashboard's panels from a real Prometheus and screenshot them.

Grafana is not packaged in Debian, so this draws ``installer/grafana/bursar.json`` itself:
a short demo run (PostgreSQL, a ``bursar worker --metrics-port``, ``bursar inbox serve``,
Debian's Prometheus scraping both every second, synthetic documents queued in waves),
then every panel's queries go through Prometheus's HTTP API (``query_range``) and a small
static HTML page draws them (lines for time series, a number for stats), which headless
Chromium screenshots to ``docs/dashboard.png``.

    python -m devkit.dashboard_shot [--out docs/dashboard.png] [--docs 36] [--minutes 3]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLOURS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff", "#ffb357"]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback only
        return json.loads(resp.read().decode())


def query_range(port: int, expr: str, start: float, end: float, step: float) -> list[dict]:
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    answer = _get(f"http://127.0.0.1:{port}/api/v1/query_range?{q}")
    return answer["data"]["result"] if answer.get("status") == "success" else []


def _label(metric: dict, legend: str | None) -> str:
    if legend:
        out = legend
        for k, v in metric.items():
            out = out.replace("{{" + k + "}}", v)
        return out
    return (
        ", ".join(f"{k}={v}" for k, v in metric.items() if k not in ("job", "instance")) or "value"
    )


def _svg(series: list[tuple[str, list[tuple[float, float]]]], start: float, end: float) -> str:
    w, h, pad = 360, 120, 4
    ys = [y for _, pts in series for _, y in pts]
    if not ys:
        return '<div class="nodata">no data</div>'
    lo, hi = min(0.0, min(ys)), max(ys)
    hi = hi if hi > lo else lo + 1
    lines, legend = [], []
    for k, (name, pts) in enumerate(series[:8]):
        c = COLOURS[k % len(COLOURS)]
        xy = " ".join(
            f"{pad + (t - start) / (end - start) * (w - 2 * pad):.1f},"
            f"{h - pad - (y - lo) / (hi - lo) * (h - 2 * pad):.1f}"
            for t, y in pts
        )
        lines.append(f'<polyline fill="none" stroke="{c}" stroke-width="1.6" points="{xy}"/>')
        legend.append(f'<span style="color:{c}">&#9644;</span> {html.escape(name)}')
    axis = f'<text x="{w - 2}" y="11" class="ax">{hi:.3g}</text>'
    return (
        f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}">{axis}{"".join(lines)}</svg>'
        f'<div class="legend">{"<br>".join(legend)}</div>'
    )


def render(dashboard: dict, port: int, start: float, end: float) -> str:
    """Return the HTML page of every panel, drawn from Prometheus's answers."""
    step = max(1.0, (end - start) / 120)
    cells = []
    for panel in dashboard.get("panels", []):
        if panel.get("type") not in ("timeseries", "stat"):
            continue
        series = []
        for target in panel.get("targets", []):
            for r in query_range(port, target["expr"], start, end, step):
                pts = [(float(t), float(v)) for t, v in r["values"] if v not in ("NaN", "+Inf")]
                series.append((_label(r["metric"], target.get("legendFormat")), pts))
        title = html.escape(panel.get("title", ""))
        if panel["type"] == "stat":
            last = [pts[-1][1] for _, pts in series if pts]
            body = (
                f'<div class="stat">{last[0]:.4g}</div>'
                if last
                else '<div class="nodata">no data</div>'
            )  # noqa: E501
        else:
            body = _svg(series, start, end)
        cells.append(f'<div class="panel"><div class="title">{title}</div>{body}</div>')
    style = (
        "body{background:#111217;color:#ccccdc;font:12px sans-serif;margin:12px}"
        "h1{font-size:16px;margin:0 0 8px}"
        ".grid{display:grid;grid-template-columns:repeat(4,380px);gap:8px}"
        ".panel{background:#181b1f;border:1px solid #2c3235;padding:6px;min-height:150px}"
        ".title{font-weight:bold;margin-bottom:4px}.legend{font-size:10px;margin-top:2px}"
        ".stat{font-size:34px;color:#73bf69;text-align:center;margin-top:30px}"
        ".nodata{color:#666;text-align:center;margin-top:40px}.ax{fill:#888;font-size:9px;"
        "text-anchor:end}"
    )
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(end))
    head = f"<h1>{html.escape(dashboard.get('title', 'Bursar'))} &mdash; last "
    head += f"{(end - start) / 60:.0f} min of a demo run, from Prometheus ({when})</h1>"
    return (
        f"<html><head><style>{style}</style></head><body>{head}"
        f'<div class="grid">{"".join(cells)}</div></body></html>'
    )


def screenshot(page_html: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1580, "height": 900})
        page.goto(page_html.as_uri())
        page.screenshot(path=str(out), full_page=True)
        browser.close()


def demo(tmp: Path, docs: int, minutes: float, out: Path) -> None:
    from devkit.pgserver import PostgresServer, free_port, pg_bin
    from devkit.synth import generate

    binary, bindir = shutil.which("prometheus"), pg_bin()
    if binary is None or bindir is None:
        raise SystemExit("needs Debian's prometheus and postgresql packages")
    server = PostgresServer(bindir)
    server.start()
    procs: list[subprocess.Popen] = []  # type: ignore[type-arg]
    log = open(tmp / "procs.log", "w")  # noqa: SIM115 - closed in finally
    try:
        url = server.create_database()
        env = {k: v for k, v in os.environ.items() if not k.startswith("BURSAR_")}
        env.update(BURSAR_HOME=str(tmp / "home"), BURSAR_CONFIG=str(tmp / "absent.toml"),
                   BURSAR_DATABASE_URL=url, BURSAR_INBOX_SECRET="x" * 40,
                   BURSAR_DEFAULT_MODELS="kind,fields")  # fmt: skip

        def bursar(*args: str) -> None:
            subprocess.run([sys.executable, "-m", "bursar", *args], env=env, check=True,
                           capture_output=True, timeout=600)  # fmt: skip

        corpus = tmp / "corpus"
        generate(corpus, count=docs, seed=5, scans=False, claims=False, einvoices=False,
                 discrepancies=True)  # fmt: skip
        bursar("init")
        for kind in ("vendors", "purchase_orders", "receipts"):
            bursar("import", kind, str(corpus / "master" / f"{kind}.csv"))
        wport, iport, pport = free_port(), free_port(), free_port()
        (tmp / "prometheus.yml").write_text(
            "global:\n  scrape_interval: 2s\n  evaluation_interval: 2s\nscrape_configs:\n"
            f"  - job_name: bursar-worker\n    static_configs: [{{targets: ['127.0.0.1:{wport}']}}]\n"  # noqa: E501
            f"  - job_name: bursar-inbox\n    static_configs: [{{targets: ['127.0.0.1:{iport}']}}]\n"  # noqa: E501
        )
        start = time.time()
        prom = [binary, f"--config.file={tmp / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{pport}"]  # fmt: skip
        procs.append(subprocess.Popen(prom, stdout=log, stderr=log))
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "bursar", "worker", "--metrics-port", str(wport)],
            env=env, stdout=log, stderr=log))  # fmt: skip
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "bursar", "inbox", "serve", "--port", str(iport)],
            env=env, stdout=log, stderr=log))  # fmt: skip
        files = sorted(map(str, (corpus / "docs").glob("*.pdf")))
        waves = 4
        for k in range(waves):  # documents arrive in waves, so the rates move
            bursar("ingest", *files[k::waves], "--no-wait")
            time.sleep(minutes * 60 / waves)
        end = time.time()
        dashboard = json.loads((REPO / "installer" / "grafana" / "bursar.json").read_text())
        page = tmp / "dashboard.html"
        page.write_text(render(dashboard, pport, start, end))
        out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(page, out)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "dashboard.png")
    ap.add_argument("--docs", type=int, default=36)
    ap.add_argument("--minutes", type=float, default=3.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bursar-dash-") as tmp:
        demo(Path(tmp), args.docs, args.minutes, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
