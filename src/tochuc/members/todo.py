"""Members' sections of the to-do screen (todo.registry): probations ending, candidates'
files lapsing, transfers waiting, the next badge occasion, branches short of members."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from tochuc.core.formats import short_date
from tochuc.core.rules import rule_value
from tochuc.core.scope import scope_path, scope_q
from tochuc.members.badges import next_badge_occasion
from tochuc.members.models import AdmissionStep, Member, MemberState, MemberStatus
from tochuc.members.selectors import candidate_warnings, transfer_list
from tochuc.members.services import confirm_deadline, probation_end
from tochuc.members.validators import add_months
from tochuc.orgs.models import MEMBER_KINDS, Organization, SubtreeCount
from tochuc.todo.registry import Link, Row, Section, register

TODO_ROWS = 50  # rows a list shows, with its full count
BRANCH_ROWS = 200  # small branches are few (a hundred in the national demo): nearly all shown


def probations(actor, today: date) -> Section:
    """Probationers whose probation ends within a month or has ended, the earliest first."""
    orgs = Organization.objects.filter(scope_q(actor))
    soon = add_months(today, 1)
    # Probation ends a fixed number of months after the ceremony (or decision): read the
    # starts that can end by `soon` (a week's margin for month ends), keep those that do.
    months = rule_value("probation_months", today)
    probationers = Member.objects.filter(
        organization__in=orgs.values("id"),
        status=MemberStatus.PROBATIONARY,
        state=MemberState.ACTIVE,
        admission_date__lte=add_months(soon, -months + 1),
    ).alias(started=Coalesce("ceremony_date", "admission_date"))
    starts = probationers.filter(started__lte=add_months(soon, -months) + timedelta(days=7))
    ending = sorted(
        (end, pk)
        for pk, admitted, ceremony in starts.values_list("id", "admission_date", "ceremony_date")
        if (end := probation_end(SimpleNamespace(admission_date=admitted, ceremony_date=ceremony)))
        <= soon
    )
    shown = ending[:TODO_ROWS]
    members = Member.objects.select_related("organization").in_bulk([pk for _, pk in shown])
    rows = []
    for end, pk in shown:
        m = members[pk]
        deadline = confirm_deadline(m)
        rows.append(
            Row(
                text=m.full_name,
                url=reverse("members:detail", args=[pk]),
                cells=(m.organization.name, short_date(end), short_date(deadline)),
                due=deadline,
                overdue=deadline < today,
                action=Link("Công nhận", reverse("members:action", args=[pk, "confirm"])),
            )
        )
    return Section(
        kind="probations",
        title="Xét công nhận đảng viên chính thức",
        count=len(ending),
        rows=rows,
        columns=("Đảng viên", "Chi bộ", "Hết dự bị", "Hạn xét"),
        empty="Không có đảng viên dự bị nào sắp hết hoặc quá hạn xét.",
        more_note=f"Hiện {len(rows)} người có hạn xét sớm nhất;",
        more=Link("xem toàn bộ đảng viên dự bị", reverse("members:list") + "?status=probationary"),
    )


def candidates(actor, today: date) -> Section:
    """The admission board's warnings: ceremonies overdue, course certificates lapsing."""
    warnings = candidate_warnings(actor=actor, today=today)
    rows = [
        Row(
            text=w["candidate"].full_name,
            url=reverse("members:candidate", args=[w["candidate"].pk]),
            place=w["candidate"].organization.name,
            warning=w["warning"],
            # After the decision, the one warning is the ceremony's deadline passed.
            overdue=w["candidate"].step == AdmissionStep.DECISION,
        )
        for w in warnings[:TODO_ROWS]
    ]
    return Section(
        kind="candidates",
        title="Phát triển đảng viên",
        count=len(warnings),
        rows=rows,
        empty="Không có hồ sơ nào quá hạn hay sắp hết hạn giấy chứng nhận.",
        more_note=f"Hiện {len(rows)} hồ sơ đầu;",
        more=Link("xem bảng phát triển đảng viên", reverse("members:candidates")),
    )


def transfers(actor, today: date) -> Section:
    """Letters waiting for the actor's side to receive, and letters issued not yet received
    past their report deadline."""
    url = reverse("members:transfers")
    incoming = transfer_list(actor=actor, direction="in").count()
    late = transfer_list(actor=actor, direction="out").filter(report_deadline__lt=today).count()
    return Section(
        kind="transfers",
        title="Chuyển sinh hoạt",
        count=None,
        rows=[
            Row(text="giấy giới thiệu chờ đơn vị tiếp nhận", url=url, count=incoming),
            Row(
                text="đảng viên đã giới thiệu đi quá hạn chưa được tiếp nhận",
                url=url,
                count=late,
                overdue=late > 0,
            ),
        ],
    )


def badges(actor, today: date) -> Section:
    """The list for the next badge occasion (drawn up when opened: a province's is long)."""
    occasion = next_badge_occasion(today)
    return Section(
        kind="badges",
        title="Huy hiệu Đảng",
        count=None,
        rows=[
            Row(
                text=f"Danh sách đề nghị đợt {short_date(occasion)}",
                url=f"{reverse('members:badges')}?occasion={occasion:%Y-%m-%d}",
                due=occasion,
            )
        ],
    )


def small_branches(actor, today: date) -> Section:
    """Branches with fewer official members than a branch needs to stand (3, Điều lệ Đảng)."""
    least = rule_value("branch_min_official", today)
    orgs = Organization.objects.filter(scope_q(actor))
    official = SubtreeCount.objects.filter(
        organization=OuterRef("pk"), dimension="status", value=MemberStatus.OFFICIAL
    ).values("count")[:1]
    branches = orgs.filter(kind__in=MEMBER_KINDS, dissolved_on__isnull=True).annotate(
        official=Coalesce(Subquery(official), 0)
    )
    if scope_path(actor) == "":
        # The whole country: one pass over the counter rows saying "3 official or more"
        # (0,4 s) beats looking up 250.000 branches' (1,5 s); a province's 15.000: 40 ms.
        enough = SubtreeCount.objects.filter(
            dimension="status", value=MemberStatus.OFFICIAL, count__gte=least
        ).values("organization_id")
        small = branches.exclude(pk__in=enough)
    else:
        small = branches.filter(official__lt=least)
    # Few: read once, for the list and its count.
    found = list(small.only("id", "name", "kind").order_by("official", "name"))
    return Section(
        kind="small_branches",
        title=f"Chi bộ dưới {least} đảng viên chính thức",
        count=len(found),
        rows=[
            Row(
                text=o.name,
                url=reverse("orgs:detail", args=[o.pk]),
                note=f"{o.official} đảng viên chính thức",
            )
            for o in found[:BRANCH_ROWS]
        ],
    )


def register_all() -> None:
    """Called by MembersConfig.ready: the screen's order of members' sections."""
    for order, contribution in enumerate(
        (probations, candidates, transfers, badges, small_branches), start=1
    ):
        register(contribution, order=10 * order)
