"""``python -m bursar`` runs the CLI."""

from bursar.cli import run

run()
