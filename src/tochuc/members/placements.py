"""Placement periods: where each member stood, and with which standing, from which day.

They are derived from the member's record and timeline: every service that changes either
rewrites the member's periods in the same transaction (`placements_refresh`), and
`placements_rebuild` derives them all again. Counts at a past date read them alone: each
period carries a copy of what the record counts under (counters.placement_copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from tochuc.core.bulk import indexes_deferred, insert_many
from tochuc.members.counters import placement_copy, placement_copy_sql
from tochuc.members.models import Member, MemberEvent, MemberState, Placement
from tochuc.orgs.versions import covering

K = MemberEvent.Kind
# What each event makes of the member's standing (an expulsion is a discipline, see below).
STATE_AFTER = {
    K.EXEMPT: MemberState.EXEMPTED,
    K.EXEMPT_END: MemberState.ACTIVE,
    K.REMOVE: MemberState.REMOVED,
    K.DEATH: MemberState.DECEASED,
    K.LEAVE: MemberState.LEFT,
    K.LOST_CONTACT: MemberState.LOST_CONTACT,
    K.CONTACT_RESTORE: MemberState.ACTIVE,
    K.READMIT: MemberState.ACTIVE,
}
# Events that can change a placement; a member with none of them has one period.
PLACING_KINDS = [*STATE_AFTER, K.TRANSFER_IN, K.REASSIGN, K.ARRIVE, K.CONFIRM, K.DISCIPLINE]


@dataclass(frozen=True)
class Period:
    organization_id: int
    start_date: date
    end_date: date | None
    state: str
    official_from: date | None


def _moves(event) -> bool:
    """A permanent transfer accepted moves the member (a temporary one does not), and so
    does a restructuring that merges, splits or dissolves their branch."""
    if event.kind == K.REASSIGN:
        return True
    return event.kind == K.TRANSFER_IN and (event.details or {}).get("kind") == "permanent"


def periods_of(member: Member, events) -> list[Period]:
    """The member's periods, oldest first, from the record and MemberEvent rows (any order).

    The first period starts at admission (or at arrival from outside the system), in the
    organization the first move left. A readmission starts a new membership whose official
    date is the record's; an earlier membership keeps the date it had.
    """
    events = sorted(events, key=lambda e: (e.effective_date, e.id or 0))
    moves = [e for e in events if _moves(e)]
    org = (moves[0].details.get("from_org_id") if moves else None) or member.organization_id
    arrivals = [e.effective_date for e in events if e.kind == K.ARRIVE]
    start = arrivals[0] if arrivals else member.admission_date
    state, term = MemberState.ACTIVE, 0
    official: dict[int, date | None] = {}
    changes = [(start, org, state, term)]
    for e in events:
        details = e.details or {}
        if _moves(e):
            org = e.organization_id
        elif e.kind == K.CONFIRM:
            official[term] = date.fromisoformat(details["official_from"])
            continue
        elif e.kind == K.DISCIPLINE and details.get("form") == "expulsion":
            state = MemberState.EXPELLED
        elif e.kind in STATE_AFTER:
            if e.kind == K.READMIT:
                previous = details.get("previous_official_from")
                official.setdefault(term, date.fromisoformat(previous) if previous else None)
                term += 1
            state = STATE_AFTER[e.kind]
        else:
            continue
        changes.append((max(e.effective_date, start), org, state, term))
    official[term] = member.official_date  # the record is the truth for the membership now
    periods: list[Period] = []
    for i, (day, org_id, st, t) in enumerate(changes):
        following = changes[i + 1][0] if i + 1 < len(changes) else None
        if following == day:
            continue  # superseded by a later change on the same day
        if periods and (
            periods[-1].organization_id,
            periods[-1].state,
            periods[-1].official_from,
        ) == (
            org_id,
            st,
            official.get(t),
        ):
            periods[-1] = Period(org_id, periods[-1].start_date, following, st, official.get(t))
        else:
            periods.append(Period(org_id, day, following, st, official.get(t)))
    return periods


def _rows(member: Member, events) -> list[Placement]:
    copy = placement_copy(member)
    return [Placement(member_id=member.pk, **vars(p), **copy) for p in periods_of(member, events)]


def placements_refresh(member: Member) -> None:
    """Rewrite one member's periods (call inside the service's transaction, after its event)."""
    events = list(member.events.filter(kind__in=PLACING_KINDS))
    Placement.objects.filter(member=member).delete()
    Placement.objects.bulk_create(_rows(member, events))


def placements_create(members: list[Member]) -> None:
    """The periods of members just created, who have no events yet (an import)."""
    insert_many(Placement, [p for m in members for p in _rows(m, [])])


def placements_refresh_many(ids: list[int]) -> int:
    """Rewrite the periods of many members (a restructuring, a rebuild), in chunks."""
    written = 0
    for i in range(0, len(ids), 2000):
        chunk = list(Member.objects.filter(id__in=ids[i : i + 2000]))
        by_member: dict[int, list] = {}
        for e in MemberEvent.objects.filter(member__in=chunk, kind__in=PLACING_KINDS):
            by_member.setdefault(e.member_id, []).append(e)
        Placement.objects.filter(member__in=chunk).delete()
        rows = [p for m in chunk for p in _rows(m, by_member.get(m.pk, []))]
        insert_many(Placement, rows)
        written += len(rows)
    return written


# The covering indexes a rebuild writes once after its rows, not row by row (PostgreSQL).
BUILT_AFTER = ("placement_admitted", "placement_org")


def placements_rebuild() -> int:
    """Derive every member's periods again; returns the number of periods written.

    A member whose timeline holds no placing event has one period, written by one
    INSERT ... SELECT (the nation's millions in seconds); the others are replayed.
    """
    table = connection.ops.quote_name(Placement._meta.db_table)
    members = connection.ops.quote_name(Member._meta.db_table)
    events = connection.ops.quote_name(MemberEvent._meta.db_table)
    kinds = ", ".join(f"'{k}'" for k in PLACING_KINDS)
    copy = placement_copy_sql("m")
    with transaction.atomic(), indexes_deferred(BUILT_AFTER):
        Placement.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (member_id, organization_id, start_date, end_date, state, "
                f"official_from, {', '.join(copy)}) SELECT m.id, m.organization_id, "
                f"m.admission_date, NULL, m.state, m.official_date, {', '.join(copy.values())} "
                f"FROM {members} m WHERE NOT EXISTS (SELECT 1 FROM {events} e "
                f"WHERE e.member_id = m.id AND e.kind IN ({kinds}))"
            )
            written = cursor.rowcount
        replay = Member.objects.filter(events__kind__in=PLACING_KINDS).distinct().order_by("id")
        written += placements_refresh_many(list(replay.values_list("id", flat=True)))
    return written


def placement_on(member: Member, on: date) -> Placement | None:
    """The member's period that covers `on` (None before admission or arrival)."""
    return member.placements.select_related("organization").filter(covering(on)).first()
