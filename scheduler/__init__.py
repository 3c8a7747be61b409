"""When work runs (issue 14) and where (the engine, issue 17).

``scheduler.triggers`` (APScheduler 3.11 triggers + holiday calendars), ``scheduler.jobs``
(the ``schedule`` table, audited changes), ``scheduler.service`` (the one scheduler
process per database, with its lease in ``scheduler.lease``), ``scheduler.runner`` (one
run: a child process with a time limit, retries, auto-disable, alerts) and
``scheduler.tasks`` (the same run as a Procrastinate task on PostgreSQL). The engine
itself is ``bursar.engine`` and ``bursar.engine.worker``.
"""
