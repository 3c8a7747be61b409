"""One error hierarchy for Bursar.

Three families, because they are handled differently:

* ``InputError`` -- the caller gave us something bad (a corrupt PDF, a wrong CSV row).
  Recorded, reported in one line, never retried. CLI exit code 2.
* ``BusinessError`` -- the document is fine but does not match the books (a missing PO,
  a price variance). Routed to the inbox, never retried.
* ``SystemError_`` -- something outside us failed (a portal timed out, the DB is down).
  Retried with backoff by the scheduler. CLI exit code 1.

Messages say what, where and what to do, in one line, and never contain secrets.
"""

from __future__ import annotations


class BursarError(Exception):
    """Base of every error Bursar raises on purpose."""

    exit_code = 1
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, where: str | None = None):
        self.message = message
        self.where = where
        if code is not None:
            self.code = code
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Return the error as a single line: ``where: message``."""
        text = " ".join(str(self.message).split())
        return f"{self.where}: {text}" if self.where else text


class InputError(BursarError):
    """Bad input from the user: a file, a CSV row, an option."""

    exit_code = 2
    code = "bad_input"


class ConfigError(InputError):
    """A setting is missing or wrong."""

    code = "bad_config"


class BusinessError(BursarError):
    """The document does not match the books; routed to a person, never retried."""

    exit_code = 1
    code = "business"


class SystemError_(BursarError):  # noqa: N801 - the builtin SystemError means something else
    """Something outside Bursar failed (timeout, portal down, DB unreachable); retryable."""

    exit_code = 1
    code = "system"
    retryable = True


class ModelMissingError(SystemError_):
    """A model or its base weights are not installed."""

    code = "model_missing"
    retryable = False
