"""The roles a person can have (kept import-light: the CLI builds its options from it)."""

ROLES = ("clerk", "approver", "controller", "admin", "auditor")
