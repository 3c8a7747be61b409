"""Find a desktop program's controls on a screenshot by OpenCV template matching.

``rpaframework-recognition`` would do this for ``RPA.Desktop`` (``image:`` locators) but
pins an older OpenCV, so Bursar matches templates itself: normalised cross-correlation
(``cv2.TM_CCOEFF_NORMED``) of each control's template against a grey screenshot; a
control counts as found when the best score reaches ``threshold``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bursar.errors import SystemError_


class ControlNotFound(SystemError_):
    """A control's template is not on the screen (program closed, moved or changed)."""

    code = "control_not_found"


@dataclass(frozen=True)
class Control:
    """A control's template and where to click, relative to the template's top-left."""

    name: str
    template: np.ndarray  # grey
    click: tuple[int, int]


@dataclass(frozen=True)
class Match:
    """Where a control was found: its click point on the screen and the match score."""

    name: str
    x: int
    y: int
    score: float


def load_controls(assets: Path) -> dict[str, Control]:
    """Return the controls described by ``assets/controls.json``."""
    manifest: dict[str, Any] = json.loads((assets / "controls.json").read_text())
    out = {}
    for name, spec in manifest["controls"].items():
        img = cv2.imread(str(assets / spec["template"]), cv2.IMREAD_GRAYSCALE)
        if img is None:
            raise FileNotFoundError(assets / spec["template"])
        out[name] = Control(name, img, (int(spec["click"][0]), int(spec["click"][1])))
    return out


def grey(screenshot: Path | np.ndarray) -> np.ndarray:
    """Return a screenshot (file or BGR/BGRA array) as a grey array."""
    if isinstance(screenshot, Path):
        img = cv2.imread(str(screenshot), cv2.IMREAD_GRAYSCALE)
        if img is None:
            raise FileNotFoundError(screenshot)
        return img
    if screenshot.ndim == 2:
        return screenshot
    code = cv2.COLOR_BGRA2GRAY if screenshot.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(screenshot, code)


def locate(screen: np.ndarray, control: Control, threshold: float = 0.9) -> Match:
    """Return where ``control`` is on ``screen`` (grey); ``ControlNotFound`` below threshold."""
    th, tw = control.template.shape[:2]
    if screen.shape[0] < th or screen.shape[1] < tw:
        raise ControlNotFound(f"screen is smaller than the {control.name!r} template")
    scores = cv2.matchTemplate(screen, control.template, cv2.TM_CCOEFF_NORMED)
    _min, best, _minloc, (x, y) = cv2.minMaxLoc(scores)
    if best < threshold:
        raise ControlNotFound(
            f"control {control.name!r} not on screen (best match {best:.2f} < {threshold}); "
            "is the program open and unchanged?",
            where="desktop",
        )
    return Match(control.name, x + control.click[0], y + control.click[1], float(best))


def locate_all(
    screen: np.ndarray, controls: dict[str, Control], threshold: float = 0.9
) -> dict[str, Match]:
    """Return every control's match on ``screen``; the first missing one raises."""
    return {name: locate(screen, c, threshold) for name, c in controls.items()}
