"""The shape of a state change, for every app's services: scope, lock, validate, write,
event, counts and audit, in one transaction (Zulip's zerver/actions).

    with action(actor=actor, name="member.confirm", target=member, fields=STATE) as act:
        member = act.row          # locked, read afresh: check the change on this row
        ...                       # validate (raise ServiceError), write, event, counts
        act.after["event"] = event.pk

`action` checks that the actor may write in the target's organization, opens the
transaction, locks the target's row and hands it over; when the body ends it writes the audit
row: the `fields` as locked and as the body left them, with what the body added to
`act.before` / `act.after`. Anything the body raises rolls all of it back, audit included.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model, QuerySet

from tochuc.core.audit import audit_record
from tochuc.core.scope import check_write


@dataclass
class Action:
    row: Model
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


@contextmanager
def action(
    *,
    actor,
    name: str,
    target: Model,
    fields: Sequence[str] = (),
    organization: Model | None = None,
    organizations: bool = False,
    lock: QuerySet | None = None,
) -> Iterator[Action]:
    """`name`: the audit row's action. `organization`: where the actor must be allowed to
    write (the target's own by default; `organizations`: a change of the tree's structure).
    `lock`: the queryset to read the row through (`select_related` for what the body reads)."""
    check_write(
        actor,
        organization if organization is not None else target.organization,
        organizations=organizations,
    )
    with transaction.atomic():
        rows = lock if lock is not None else type(target)._default_manager.all()
        row = rows.select_for_update().get(pk=target.pk)
        act = Action(row=row, before={f: getattr(row, f) for f in fields})
        yield act
        audit_record(
            actor=actor,
            action=name,
            target=act.row,
            before=act.before,
            after={f: getattr(act.row, f) for f in fields} | act.after,
        )
