"""The inbox Jobs page (issue 14): scheduled jobs with their next run in the job's own time
zone, last result, history with log tails; pause, resume and run-now for operators.

The page only changes the database (through ``scheduler.jobs``, audited with the person's
name); the running scheduler picks the change up within a tick. Control is enforced here,
server-side: people without a control role see the page but cannot change anything.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox.actions import Refused
from bursar.inbox.users import Person
from bursar.inbox.web import render, require_person, set_flash

CONTROL_ROLES = ("admin", "controller")  # who may pause, resume and run jobs now
JobName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)


def _can_control(me: Person) -> bool:
    return me.role in CONTROL_ROLES


@router.get("/jobs")
def jobs_page(request: Request, me: Person = Depends(require_person)) -> Response:
    from bursar.alerts import open_alerts
    from scheduler.lease import Lease, describe
    from scheduler.views import job_rows

    with session_scope(write=False) as session:
        alerts = open_alerts(session, 10)
    ctx = {
        "rows": job_rows(),
        "alerts": alerts,
        "can_control": _can_control(me),
        "lease": describe(Lease().current()),
    }
    return render(request, "jobs.html", ctx)


@router.get("/jobs/{name}")
def job_page(request: Request, name: JobName, me: Person = Depends(require_person)) -> Response:
    from scheduler.views import job_detail

    detail = job_detail(name)
    return render(request, "job.html", {"d": detail, "can_control": _can_control(me)})


@router.post("/jobs/alerts/{alert_id}/ack")
def alert_ack(
    request: Request,
    alert_id: Annotated[int, Path(ge=1, le=2**62)],
    me: Person = Depends(require_person),
) -> Response:
    from bursar.alerts import acknowledge

    if not _can_control(me):
        raise Refused(f"{me.role}s cannot acknowledge alerts; ask an admin or a controller")
    with session_scope() as session:
        acknowledge(session, alert_id, me.name)
    return set_flash(
        request, RedirectResponse("/jobs", status_code=303), "ok", "alert acknowledged"
    )


@router.post("/jobs/{name}/{verb}")
def job_action(
    request: Request,
    name: JobName,
    verb: Annotated[str, Path(pattern="^(pause|resume|run-now)$")],
    me: Person = Depends(require_person),
) -> Response:
    from scheduler import jobs

    if not _can_control(me):
        raise Refused(f"{me.role}s cannot change jobs; ask an admin or a controller")
    back = f"/jobs/{name}" if request.query_params.get("detail") else "/jobs"
    try:
        with session_scope() as session:
            if verb == "run-now":
                run = jobs.run_now(session, name, actor=me.name)
                message = f"{name}: run {run.id} queued; it starts within seconds"
            else:
                getattr(jobs, verb)(session, name, actor=me.name)
                message = f"{name}: {'paused' if verb == 'pause' else 'resumed'}"
    except BursarError as exc:
        return set_flash(request, RedirectResponse(back, status_code=303), "error", exc.one_line())
    return set_flash(request, RedirectResponse(back, status_code=303), "ok", message)
