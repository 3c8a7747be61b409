"""The sandbox desktop: Xvfb with the "Legacy AP Entry" Tk program on it.

``start`` runs ``Xvfb -displayfd`` (the server picks a free display and says which),
then the program on that display, and waits until its controls are on screen (found
with the same templates the bot uses); ``stop`` ends both. Each is its own process
session, so ``bursar sandbox up`` may exit and leave them running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bursar.errors import ConfigError, SystemError_
from devkit.sandbox.desktop_app import ASSETS

XVFB = "/usr/bin/Xvfb"
SCREEN = "1024x768x24"


@dataclass
class Desktop:
    """A running sandbox desktop: the display, the program's data file, the pids."""

    display: str
    data_file: str
    dir: str
    xvfb_pid: int
    app_pid: int

    def to_state(self) -> dict[str, Any]:
        return asdict(self)


def _start_xvfb(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    proc = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(root / "xvfb.log").open("wb"),
        start_new_session=True,
    )
    os.close(write)
    with os.fdopen(read) as fh:  # Xvfb writes the display number once it accepts clients
        number = fh.readline().strip()
    if not number.isdigit():
        proc.kill()
        raise SystemError_(f"Xvfb did not start: {_tail(root / 'xvfb.log')}", where="sandbox")
    return proc, f":{number}"


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""


def start(timeout_s: float = 20.0) -> Desktop:
    """Start Xvfb and the program on it; return once the program's form is on screen."""
    if not Path(XVFB).exists():
        raise ConfigError("Xvfb is not installed; run `apt-get install -y xvfb`", where="sandbox")
    root = Path(tempfile.mkdtemp(prefix="bursar-desktop-"))
    xvfb, display = _start_xvfb(root)
    data = root / "ap-entries.jsonl"
    env = {**os.environ, "DISPLAY": display}
    app = subprocess.Popen(
        [sys.executable, "-m", "devkit.sandbox.desktop_app", "--data", str(data)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(root / "app.log").open("wb"),
        start_new_session=True,
        cwd=str(Path(__file__).resolve().parents[2]),  # so `-m devkit...` finds this checkout
    )
    desk = Desktop(display, str(data), str(root), xvfb.pid, app.pid)
    try:
        _wait_for_form(desk, app, timeout_s)
    except BaseException:
        stop(desk)
        raise
    return desk


def _wait_for_form(desk: Desktop, app: subprocess.Popen[bytes], timeout_s: float) -> None:
    import mss
    import numpy as np

    from bots.desktop_screen import ControlNotFound, grey, load_controls, locate
    from devkit.sandbox.desktop_app import ASSETS

    vendor = load_controls(ASSETS)["vendor"]
    deadline = time.monotonic() + timeout_s
    with mss.MSS(display=desk.display) as sct:
        while time.monotonic() < deadline:
            if app.poll() is not None:
                why = _tail(Path(desk.dir) / "app.log")
                raise SystemError_(f"the desktop program exited: {why}", where="sandbox")
            with contextlib.suppress(ControlNotFound):
                locate(grey(np.array(sct.grab(sct.monitors[1]))), vendor)
                return
            time.sleep(0.1)
    raise SystemError_(f"the desktop program did not show its form in {timeout_s:.0f} s")


def _alive(pid: int, marker: str) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return marker.encode() in cmdline


def stop(desk: Desktop | dict[str, Any]) -> None:
    """End the program and Xvfb, and remove the sandbox folder (and the data file in it)."""
    if isinstance(desk, dict):
        desk = Desktop(**{k: desk[k] for k in Desktop.__dataclass_fields__})
    for pid, marker in ((desk.app_pid, "desktop_app"), (desk.xvfb_pid, "Xvfb")):
        if _alive(pid, marker):
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
                if not _alive(pid, marker):
                    break
                time.sleep(0.05)
            else:
                os.kill(pid, signal.SIGKILL)
    if Path(desk.dir).name.startswith("bursar-desktop-"):
        shutil.rmtree(desk.dir, ignore_errors=True)


def status(desk: Desktop | dict[str, Any]) -> dict[str, Any]:
    """Return whether the display and the program are running, and how many entries."""
    if isinstance(desk, dict):
        desk = Desktop(**{k: desk[k] for k in Desktop.__dataclass_fields__})
    from devkit.sandbox.desktop_app import read_entries

    return {
        "running": _alive(desk.xvfb_pid, "Xvfb") and _alive(desk.app_pid, "desktop_app"),
        "display": desk.display,
        "entries": len(read_entries(Path(desk.data_file))),
    }


# --- the sandbox registry's view -----------------------------------------------------------------
def entry(desk: Desktop) -> dict[str, Any]:
    """Return the state entry: where it runs, and the ``desktop_entry`` bot's settings."""
    return desk.to_state() | {
        "module": __name__,
        "url": f"x11 DISPLAY={desk.display}",
        "bots": {
            "desktop_entry": {
                "display": desk.display,
                "data_file": desk.data_file,
                "assets": str(ASSETS),
            }
        },
    }


def sandbox_up(ctx: Any) -> dict[str, Any]:
    """``bursar sandbox up``: start the display and the program (no password: none asked)."""
    return entry(start())


def sandbox_down(state: dict[str, Any]) -> None:
    stop(state)


def sandbox_status(state: dict[str, Any]) -> dict[str, Any]:
    return status(state)
