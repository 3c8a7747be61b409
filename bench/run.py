"""Run every benchmark in turn (``make bench``) and write ``bench/results.md``.

Each benchmark prints its own figures and records the ones for the results table
(``bench/record.py``) with their targets and, where measured in the same run, the
peer's figure; plots go to ``bench/plots/``. ``bench/results.md`` says which machine
the figures come from, lists them, shows the plots and keeps each benchmark's output.

    python bench/run.py                 # all of them (a full run starts from clean results)
    python bench/run.py match ocr       # only these (results.md is left alone)
    python bench/run.py --again models  # rerun these into the existing results.md
    python bench/run.py --again models -- --home DIR   # ... with more arguments

A full run rewrites ``bench/results.md`` after every benchmark, so a run stopped half
way still leaves the figures measured so far. Each benchmark gets ``BENCH_TIMEOUT``
seconds (default 900, or its own in ``LIMITS``); one that runs over is stopped and
marked, the others still run.
Nothing here downloads anything.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PLOTS = HERE / "plots"
# (script, default arguments): the whole run takes ~30 min on 2 idle cores, models.py ~19 of them.
BENCHES: list[tuple[str, list[str]]] = [
    # the plots issue 16 asks for first, so a run stopped early still has them
    ("match.py", ["--synth", "120"]),  # speed vs PO book size; rules quality on a corpus
    ("extract.py", ["--scans", "6"]),  # synthetic, real dev set + learning curve, invoice2data
    ("ocr.py", []),
    # leave-one-source-out over the dev set's families and the third-party corpus (issue 24):
    # the learned ranker (trained again without each held-out source) beside the pure rules,
    # printed and scanned
    ("loso.py", ["--build", "--scans", "2", "--reader", "bench.ranker:loso_reader"]),
    ("trust.py", []),  # issue 23, after loso.py builds the corpus: risk, ECE, AP scenario
    ("workers.py", []),
    ("models.py", []),
    ("layoutmodel.py", ["--shipped"]),  # the shipped layout reader vs the rules, unseen sources
    ("pipeline.py", []),
    ("audit.py", []),
    ("importer.py", []),
    ("scheduler.py", []),
    ("bots.py", []),
    ("bots_mail.py", []),
    ("inbox_pages.py", []),
    # issue 26: 100k open items, 1M decided documents on PostgreSQL (seeding takes minutes)
    ("inbox_scale.py", []),
    ("claims.py", ["--forms", "6"]),  # issue 27: 837 read, adjudication, form field accuracy
    ("observe.py", []),  # issue 25: drift delay and false alarms, served inference
]
# longer limits than 900 s (when BENCH_TIMEOUT is not set): models.py trains two field
# labellers, without and with layout-grammar invoices (about 19 min on 2 shared cores);
# trust.py reads every real document three times with a ranker trained per held-out source
LIMITS = {
    "models.py": 1500, "inbox_scale.py": 2400, "observe.py": 2400, "loso.py": 3600,
    "trust.py": 2400,
}  # fmt: skip
# benchmarks another one runs (their rows follow that one's in the table)
NESTED = {"extract": ["realdev", "learning_curve"]}


def _order(item: tuple[str, object]) -> int:
    names = [n for n, _ in BENCHES]
    return names.index(item[0]) if item[0] in names else len(names)


def run_one(path: Path, args: list[str], timeout: float) -> tuple[int, str, float]:
    """Run one benchmark, echoing its output; return (exit code, output, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(path), *args],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a timeout stops its children too
    )
    timer = threading.Timer(timeout, lambda: _stop(proc))
    timer.start()
    out = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            out.append(line)
        rc = proc.wait()
    finally:
        timer.cancel()
    secs = time.perf_counter() - start
    if rc and secs >= timeout:
        out.append(f"\n(stopped after {timeout:.0f} s: BENCH_TIMEOUT)\n")
    return rc, "".join(out), secs


def _stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        time.sleep(5)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def machine() -> str:
    """Return one line describing this machine."""
    import platform

    cpu = platform.processor() or "cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()[1]
        ram = f"{int(mem) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        ram = "RAM unknown"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({cpu}), {ram}, load {load}, {platform.platform()}"


def _rows(stem: str) -> list[dict]:
    path = RESULTS / f"{stem}.json"
    return json.loads(path.read_text()) if path.exists() else []


def write_results(
    outputs: dict[str, tuple[int, str, float]], started: str, where: str, pending: list[str]
) -> Path:
    """Write ``bench/results.md`` from the recorded figures, the plots and the outputs."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` ({started}) on {where}.",
        "Figures vary run to run on a shared machine; ratios (and peers) are measured "
        "within one run.",
        "",
        "| benchmark | figure | value | target | peer (same run) |",
        "|---|---|---|---|---|",
    ]
    silent = []
    for name, (rc, _, _) in outputs.items():
        stem = Path(name).stem
        rows = [(s, r) for s in (stem, *NESTED.get(stem, [])) for r in _rows(s)]
        if not rows:
            silent.append(f"{name} (exit {rc})")
        for s, row in rows:
            cells = [s, row["figure"], row["value"], row["target"], row["peer"]]
            lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    if silent:
        lines += ["", "Benchmarks that recorded no figure: " + ", ".join(silent) + "."]
    if pending:
        lines += ["", "Not run yet (the run was stopped or is still going): "]
        lines[-1] += ", ".join(pending) + "."
    plots = sorted(PLOTS.glob("*.png")) if PLOTS.exists() else []
    if plots:
        lines += ["", "## Plots", ""]
        lines += [f"![{p.stem}](plots/{p.name})" for p in plots]
    lines += ["", "## Output of each benchmark", ""]
    for name, (rc, out, secs) in outputs.items():
        lines += [
            f"<details><summary>{name}: exit {rc}, {secs:.0f} s</summary>",
            "",
            "```",
            out.rstrip(),
            "```",
            "</details>",
            "",
        ]
    target = HERE / "results.md"
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    os.replace(tmp, target)
    return target


def earlier_run() -> tuple[dict[str, tuple[int, str, float]], str, str]:
    """Return the outputs, start and machine of the run in ``bench/results.md``."""
    text = (HERE / "results.md").read_text()
    head = re.search(r"Written by `make bench` \((.*?)\) on (.*)\.\n", text)
    found = re.findall(
        r"<details><summary>(\S+): exit (-?\d+), (\d+) s</summary>\n\n```\n(.*?)\n```\n</details>",
        text,
        re.S,
    )
    outputs = {name: (int(rc), out + "\n", float(secs)) for name, rc, secs, out in found}
    return outputs, head.group(1) if head else "?", head.group(2) if head else "?"


def main() -> int:
    argv = sys.argv[1:]
    again = argv[:1] == ["--again"]  # rerun some into the existing results.md
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []  # more arguments for them
    argv = argv[: argv.index("--")] if "--" in argv else argv
    only = argv[1:] if again else argv
    timeout = float(os.environ.get("BENCH_TIMEOUT", "900"))
    failed = []
    outputs: dict[str, tuple[int, str, float]] = {}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    where = machine()  # before the benchmarks load the machine themselves
    if again:
        outputs, started, where = earlier_run()
        started += f"; {', '.join(only)} again at {time.strftime('%H:%M UTC', time.gmtime())}"
    todo = [(n, a + extra) for n, a in BENCHES if not only or n.removesuffix(".py") in only]
    if not only:  # a full run starts clean: no figure or plot left from an earlier run
        for old in [*RESULTS.glob("*.json"), *PLOTS.glob("*.png")]:
            old.unlink()
    t_all = time.perf_counter()
    for i, (name, args) in enumerate(todo):
        path = HERE / name
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"\n== {name} {' '.join(args)}".rstrip(), flush=True)
        for stem in (path.stem, *NESTED.get(path.stem, [])):
            (RESULTS / f"{stem}.json").unlink(missing_ok=True)
        limit = timeout if "BENCH_TIMEOUT" in os.environ else LIMITS.get(name, timeout)
        rc, out, secs = run_one(path, args, limit)
        outputs[name] = (rc, out, secs)
        print(f"== {name}: exit {rc} after {secs:.0f} s", flush=True)
        if rc:
            failed.append(name)
        if not only or again:
            pending = [n for n, _ in todo[i + 1 :]]
            write_results(dict(sorted(outputs.items(), key=_order)), started, where, pending)
    print(f"all benchmarks: {time.perf_counter() - t_all:.0f} s")
    if not only or again:
        print(f"results: {(HERE / 'results.md').relative_to(HERE.parent)}")
    if failed:
        print("benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
