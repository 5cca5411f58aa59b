"""Clearance cases and their counts by purpose (seed 001: "kết luận tiêu chuẩn chính trị 278
trường hợp. Trong đó, có 104 trường hợp nhân sự phục vụ Đại hội ..."), for users with the
permission only, in their subtree; every read of a case is audited, and so is a count."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from tochuc.cadres.models import ClearancePurpose, PoliticalClearance
from tochuc.cadres.services.clearance import clearance_right
from tochuc.core.audit import audit_read
from tochuc.core.errors import NotFound
from tochuc.core.formats import number
from tochuc.core.scope import subtree_q


def clearance_get(actor, pk: int) -> PoliticalClearance:
    clearance_right(actor)
    try:
        case = (
            PoliticalClearance.objects.filter(subtree_q(actor, field="organization__path"))
            .select_related("purpose", "organization", "decision", "cadre")
            .get(pk=pk)
        )
    except (PoliticalClearance.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    audit_read(actor=actor, action="clearance.view", target=case, details={})
    return case


def clearance_list(
    actor,
    *,
    purpose: ClearancePurpose | None = None,
    start: date | None = None,
    end: date | None = None,
    organization=None,
    audited: bool = True,
) -> QuerySet[PoliticalClearance]:
    """The cases of the subtree, the latest asked first; with `start` or `end`, those concluded
    in the period (what clearance_counts counts, so a count opens its cases). The read is
    audited, once (`audited=False`: the caller writes its own row, a download's)."""
    clearance_right(actor)
    cases = PoliticalClearance.objects.filter(subtree_q(actor, organization, "organization__path"))
    if purpose is not None:
        cases = cases.filter(purpose=purpose)
    if start:
        cases = cases.filter(concluded_on__gte=start)
    if end:
        cases = cases.filter(concluded_on__lte=end)
    details = {"purpose": purpose.pk if purpose else None}
    details |= {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
    }
    if audited:
        audit_read(actor=actor, action="clearance.list", target=organization, details=details)
    return cases.select_related("purpose", "organization", "decision").order_by(
        "-requested_on", "-id"
    )


def clearance_counts(
    actor, start: date, end: date, organization=None
) -> list[tuple[ClearancePurpose, int]]:
    """The cases concluded from `start` to `end` in the subtree, by purpose (every purpose of
    the catalogue, 0 included), in the catalogue's order; and their total is the sum."""
    clearance_right(actor)
    counted = dict(
        PoliticalClearance.objects.filter(
            subtree_q(actor, organization, "organization__path"),
            concluded_on__gte=start,
            concluded_on__lte=end,
        )
        .values_list("purpose_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    audit_read(
        actor=actor,
        action="clearance.counts",
        target=organization,
        details={"from": start.isoformat(), "to": end.isoformat()},
    )
    return [(p, counted.get(p.pk, 0)) for p in ClearancePurpose.objects.order_by("order", "name")]


def clearance_sentence(counts: list[tuple[ClearancePurpose, int]]) -> str:
    """ "kết luận tiêu chuẩn chính trị 278 trường hợp. Trong đó, có 104 trường hợp nhân sự
    đại hội; 102 trường hợp quy hoạch cấp ủy; ..." (the purposes with cases)."""
    total = sum(n for _, n in counts)
    parts = [f"{number(n)} trường hợp {p.name[0].lower() + p.name[1:]}" for p, n in counts if n]
    text = f"Kết luận tiêu chuẩn chính trị {number(total)} trường hợp"
    return text + (". Trong đó, có " + "; ".join(parts) + "." if parts else ".")
