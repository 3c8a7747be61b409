"""One registry for a ``/metrics`` answer: this process's events plus database figures.

Each process that does work exposes its own event metrics (Prometheus scrapes every
worker: the pull model, one target per process). Where ``PROMETHEUS_MULTIPROC_DIR`` is
set, the event metrics are read from every process's files there instead, so one
endpoint covers a pool of processes on one machine. The database figures
(``collectors``) come from whichever process is asked to add them: the inbox and
``bursar metrics serve``, not every worker, so that they are scraped once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

from bursar.observe.collectors import DatabaseCollector, Source


class _ProcessEvents(Collector):
    """This process's event metrics, or every process's in multiprocess mode."""

    def collect(self) -> Iterator[Metric]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            yield from multiprocess.MultiProcessCollector(None).collect()
        else:
            yield from REGISTRY.collect()


def registry(sources: Sequence[tuple[str, Source]] = ()) -> CollectorRegistry:
    """Return a registry of the event metrics and, when given, database sources."""
    reg = CollectorRegistry(auto_describe=False)
    reg.register(_ProcessEvents())
    if sources:
        reg.register(DatabaseCollector(sources))
    return reg


def render(reg: CollectorRegistry) -> tuple[bytes, str]:
    """Return the text exposition of ``reg`` and its content type."""
    return generate_latest(reg), CONTENT_TYPE_LATEST


def serve(port: int, reg: CollectorRegistry, addr: str = "127.0.0.1") -> None:
    """Answer ``GET /metrics`` on ``addr:port`` from a daemon thread of this process."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=addr, registry=reg)
