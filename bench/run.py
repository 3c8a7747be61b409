"""Run every benchmark in turn (``make bench``) and write ``bench/results.md``.

Each benchmark prints its own figures and records the ones for the results table
(``bench/record.py``) with their targets and, where measured in the same run, the
peer's figure; plots go to ``bench/plots/``. ``bench/results.md`` says which machine
the figures come from, lists them, shows the plots and keeps each benchmark's output.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PLOTS = HERE / "plots"
BENCHES = [
    "pipeline.py",
    "extract.py",
    "match.py",
    "models.py",
    "bots.py",
    "bots_mail.py",
    "audit.py",
    "importer.py",
    "workers.py",
]


def run_one(path: Path) -> tuple[int, str, float]:
    """Run one benchmark, echoing its output; return (exit code, output, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(path)],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = []
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        out.append(line)
    return proc.wait(), "".join(out), time.perf_counter() - start


def machine() -> str:
    """Return one line describing this machine."""
    import os
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


def write_results(outputs: dict[str, tuple[int, str, float]], started: str, where: str) -> Path:
    """Write ``bench/results.md`` from the recorded figures, the plots and the outputs."""
    import json

    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` ({started}) on {where}.",
        "Figures vary run to run on a shared machine; ratios are measured within one run.",
        "",
        "| benchmark | figure | value | target | peer (same run) |",
        "|---|---|---|---|---|",
    ]
    for name in outputs:
        path = RESULTS / f"{Path(name).stem}.json"
        if not path.exists():
            continue
        for row in json.loads(path.read_text()):
            cells = [Path(name).stem, row["figure"], row["value"], row["target"], row["peer"]]
            lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
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
    target.write_text("\n".join(lines) + "\n")
    return target


def main() -> int:
    only = sys.argv[1:]
    failed = []
    outputs: dict[str, tuple[int, str, float]] = {}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    where = machine()  # before the benchmarks load the machine themselves
    for name in BENCHES:
        if only and name.removesuffix(".py") not in only:
            continue
        path = HERE / name
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"\n== {name}", flush=True)
        (RESULTS / f"{path.stem}.json").unlink(missing_ok=True)
        rc, out, secs = run_one(path)
        outputs[name] = (rc, out, secs)
        print(f"== {name}: exit {rc} after {secs:.0f} s", flush=True)
        if rc:
            failed.append(name)
    if not only:
        print(f"results: {write_results(outputs, started, where).relative_to(HERE.parent)}")
    if failed:
        print("benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
