"""Third-party invoice layouts with exact truth (issue 24): ``build.py``, ``manifest.json``."""
