"""The job scheduler (APScheduler 3.11 with its job store on the Bursar database): cron
triggers, pause, run now, run history, retries with backoff for system errors, alerts.

It calls ``bursar.pipeline`` and the bots. Not built yet.
"""
