"""A tiny job for the scheduler's tests, run as a real child process.

``python jobscript.py MODE [COUNTER_FILE]``: ok | app | business | hang | slow.
Speaks the bots' contract: exit 0/1/3 and one JSON object as the last stdout line.
Each run appends a line to COUNTER_FILE (so tests can count real executions).
"""

import json
import os
import sys
import time
from pathlib import Path

mode = sys.argv[1]
if len(sys.argv) > 2:
    with Path(sys.argv[2]).open("a") as f:
        f.write(f"{os.getpid()}\n")
print(f"jobscript {mode} starting", file=sys.stderr)
if mode == "hang":
    time.sleep(600)
if mode == "slow":
    time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 3)
codes = {"ok": 0, "slow": 0, "app": 1, "business": 3}
kind = {1: "application", 3: "business"}.get(codes[mode])
print(
    json.dumps(
        {
            "bot": "test",
            "run_id": 0,
            "status": "failed" if kind else "succeeded",
            "error_type": kind,
            "message": f"{mode} happened" if kind else None,
            "items": {"new": 2, "done": 2, "failed": 0, "skipped": 1},
        }
    )
)
sys.exit(codes[mode])
