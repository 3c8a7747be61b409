"""JSON API for approval chains and delegations (issue 26); approving a step is the usual
``POST /api/items/{id}/approve``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from bursar.db import session_scope
from bursar.inbox import actions, chain, delegation
from bursar.inbox.api import ERRORS, ItemId
from bursar.inbox.auditpage import AUDIT_ROLES
from bursar.inbox.users import Person
from bursar.inbox.web import require_person

router = APIRouter(prefix="/api", dependencies=[Depends(require_person)], tags=["inbox"])


class DelegationIn(BaseModel):
    delegate: str = Field(min_length=1, max_length=64)
    starts_on: str = Field(max_length=10, description="First day, YYYY-MM-DD (UTC)")
    ends_on: str = Field(max_length=10, description="Last day, YYYY-MM-DD (included)")
    delegator: str | None = Field(
        default=None, max_length=64, description="Default: you; an admin may name anyone"
    )
    reason: str | None = Field(default=None, max_length=500)


@router.get("/items/{item_id}/chain", responses=ERRORS)
def item_chain(item_id: ItemId) -> dict[str, Any]:
    """Return whose turn it is: the chain, the steps done (by whom, for whom), the step
    waiting and since when, and any escalation."""
    with session_scope(write=False) as session:
        return chain.state(session, actions.load_item(session, item_id)).to_json()


@router.get("/delegations", responses=ERRORS)
def list_delegations(person: Person = Depends(require_person)) -> list[dict[str, Any]]:
    """Return your delegations (given and held); all of them for admins and auditors."""
    everyone = person.role == "admin" or person.role in AUDIT_ROLES
    with session_scope(write=False) as session:
        rows = delegation.listing(session, None if everyone else person.name)
        return [delegation.to_json(d) for d in rows]


@router.post("/delegations", responses=ERRORS, status_code=201)
def create_delegation(
    body: DelegationIn, person: Person = Depends(require_person)
) -> dict[str, Any]:
    """Let ``delegate`` act for you (or, for an admin, for ``delegator``) between two dates."""
    with session_scope() as session:
        row = delegation.create(
            session, body.delegator or person.name, body.delegate, body.starts_on,
            body.ends_on, actor=person, reason=body.reason,
        )  # fmt: skip
        return delegation.to_json(row)


@router.post("/delegations/{delegation_id}/revoke", responses=ERRORS)
def revoke_delegation(
    delegation_id: Annotated[int, Path(ge=1, le=2**62)], person: Person = Depends(require_person)
) -> dict[str, Any]:
    """End a delegation now (its delegator, its delegate or an admin)."""
    with session_scope() as session:
        return delegation.to_json(delegation.revoke(session, delegation_id, actor=person))
