"""``GET /metrics``: the inbox's Prometheus endpoint (event metrics + database figures).

With ``metrics_token`` set, only a scrape with ``Authorization: Bearer <token>`` gets an
answer; without one, only a scrape from this machine (loopback) does: the inbox's port is
often open to the office, and queue depths and reasons are nobody else's business. Labels
carry no amounts, names of people or document contents: stages, statuses, reasons, queues,
bots, jobs, models.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from bursar.observe.exposition import registry, render

router = APIRouter()
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def sources() -> list:
    """Return every database figure source: the core's, the bots' and the scheduler's."""
    import bots.metrics
    import scheduler.metrics
    from bursar.observe.collectors import CORE_SOURCES

    return [*CORE_SOURCES, ("bots", bots.metrics.source), ("scheduler", scheduler.metrics.source)]


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return PlainTextResponse("metrics need the bearer token\n", status_code=401)
    elif (request.client.host if request.client else "") not in LOOPBACK:
        return PlainTextResponse(
            "metrics from another machine need metrics_token (BURSAR_METRICS_TOKEN)\n",
            status_code=401,
        )
    reg = getattr(request.app.state, "metrics_registry", None)
    if reg is None:
        reg = request.app.state.metrics_registry = registry(sources())
    body, content_type = await run_in_threadpool(render, reg)
    return Response(body, media_type=content_type)
