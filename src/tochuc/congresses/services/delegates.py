"""The delegates a delegates' congress gathers, allocated to the organizations directly under
it by headcount (largest remainders: each organization its quota's whole part, the seats left
to the largest fractions, at least one each when there are seats enough), recorded with the
headcount they were read from."""

from __future__ import annotations

from django.db import transaction

from tochuc.congresses.models import Congress, DelegateQuota
from tochuc.congresses.services.plans import HOLDS
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.orgs.models import Organization, SubtreeCount


def allocate(seats: int, headcounts: dict[int, int]) -> dict[int, int]:
    """`seats` shared among `headcounts` (key -> members) by largest remainders, at least one
    each when there are as many seats as keys; ties by the larger headcount, then the key."""
    keys = sorted(headcounts)
    if not keys:
        return {}
    floor = 1 if seats >= len(keys) else 0
    left = seats - floor * len(keys)
    total = sum(headcounts.values())
    shares = {k: (left * headcounts[k] / total if total else left / len(keys)) for k in keys}
    given = {k: floor + int(shares[k]) for k in keys}
    rest = seats - sum(given.values())
    order = sorted(keys, key=lambda k: (-(shares[k] - int(shares[k])), -headcounts[k], k))
    for k in order[:rest]:
        given[k] += 1
    return given


def delegates_allocate(*, actor, congress: Congress, seats: int | None) -> list[DelegateQuota]:
    """The congress's `seats` delegates allocated to the organizations directly under its
    organization, by their members today; a new allocation replaces the last one."""
    check_write(actor, congress.organization)
    if congress.kind != Congress.Kind.DELEGATES:
        raise ServiceError(
            {
                "seats": [
                    f"Đại hội {congress.organization.name} là đại hội đảng viên: không phân bổ đại biểu."
                ]
            }
        )
    children = list(
        Organization.objects.filter(
            parent=congress.organization, dissolved_on__isnull=True, kind__in=HOLDS
        ).order_by("path")
    )
    if not children:
        raise ServiceError(
            {"seats": [f"{congress.organization.name} không có tổ chức trực thuộc."]}
        )
    if seats is None or not len(children) <= seats <= 2000:
        raise ServiceError(
            {
                "seats": [
                    f"Số đại biểu từ {len(children)} (mỗi tổ chức trực thuộc ít nhất một) đến 2.000."
                ]
            }
        )
    heads = dict(
        SubtreeCount.objects.filter(
            organization__in=children, dimension="member", value="total"
        ).values_list("organization_id", "count")
    )
    heads = {c.pk: heads.get(c.pk, 0) for c in children}
    given = allocate(seats, heads)
    with transaction.atomic():
        DelegateQuota.objects.filter(congress=congress).delete()
        made = DelegateQuota.objects.bulk_create(
            DelegateQuota(congress=congress, organization_id=pk, members=heads[pk], seats=n)
            for pk, n in given.items()
        )
        audit_record(
            actor=actor,
            action="congress.delegates_allocate",
            target=congress,
            after={"seats": seats, "organizations": len(made)},
        )
    return made
