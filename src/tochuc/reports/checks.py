"""Data checks (kiểm tra dữ liệu): what in a subtree's records breaks a rule or looks wrong,
each with the list to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from tochuc.core.errors import NotFound
from tochuc.core.formats import number
from tochuc.core.rules import rule_value
from tochuc.core.scope import in_scope, scope_path, subtree_q
from tochuc.members.models import COUNTED_STATES, Member, MemberStatus
from tochuc.members.services import confirm_deadline
from tochuc.members.validators import add_months
from tochuc.orgs.models import MEMBER_KINDS, Organization, SubtreeCount

SHOWN = 200  # items listed per check; the count is always the whole


@dataclass
class Check:
    key: str
    title: str
    rule: str  # why it matters, in a sentence
    count: int = 0
    items: list[dict] = field(default_factory=list)  # {"label", "detail", "url"}


def _subtree(actor, organization: Organization | None) -> Q:
    seen = scope_path(actor) is not None if organization is None else in_scope(actor, organization)
    if not seen:
        raise NotFound
    return subtree_q(actor, organization)


def _count_of(dimension: str, value: str):
    return Coalesce(
        Subquery(
            SubtreeCount.objects.filter(
                organization_id=OuterRef("pk"), dimension=dimension, value=value
            ).values("count")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _org_item(org: Organization, detail: str) -> dict:
    return {"label": org.name, "detail": detail, "url": f"/organizations/{org.pk}/"}


def _member_item(m: Member, detail: str) -> dict:
    return {
        "label": m.full_name,
        "detail": f"{detail} — {m.organization.name}",
        "url": f"/members/{m.pk}/",
    }


def data_checks(
    *, actor, organization: Organization | None = None, today: date | None = None
) -> list[Check]:
    """Every check over the subtree (the actor's own when no organization is given)."""
    today = today or date.today()
    within = _subtree(actor, organization)
    orgs = Organization.objects.filter(within, dissolved_on__isnull=True)
    members = Member.objects.filter(
        state__in=COUNTED_STATES, organization__in=orgs.values("id")
    ).select_related("organization")
    out = []

    least = rule_value("branch_min_official", today)
    check = Check(
        "chi-bo-it-dang-vien",
        f"Chi bộ có dưới {least} đảng viên chính thức",
        f"Chi bộ phải có từ {least} đảng viên chính thức trở lên (Điều lệ Đảng, Điều 21); "
        "chi bộ chưa đủ thì cấp ủy cấp trên giới thiệu sinh hoạt ghép.",
    )
    small = (
        orgs.filter(kind__in=MEMBER_KINDS)
        .annotate(official=_count_of("status", "official"))
        .filter(official__lt=least)
        .order_by("path")
    )
    check.count = small.count()
    check.items = [
        _org_item(o, f"{number(o.official)} đảng viên chính thức") for o in small[:SHOWN]
    ]
    out.append(check)

    most = rule_value("grassroots_branch_max_members", today)
    check = Check(
        "chi-bo-co-so-dong",
        f"Chi bộ cơ sở có từ {most} đảng viên trở lên",
        f"Tổ chức cơ sở đảng có từ {most} đảng viên trở lên thì lập đảng bộ cơ sở, "
        "có các chi bộ trực thuộc (Điều lệ Đảng, Điều 21; Quy định 294-QĐ/TW).",
    )
    large = (
        orgs.filter(kind="grassroots_branch")
        .annotate(total=_count_of("member", "total"))
        .filter(total__gte=most)
        .order_by("-total", "path")
    )
    check.count = large.count()
    check.items = [_org_item(o, f"{number(o.total)} đảng viên") for o in large[:SHOWN]]
    out.append(check)

    check = Check(
        "thieu-cccd",
        "Đảng viên chưa có số CCCD",
        "Số căn cước công dân là mã định danh của đảng viên trong cơ sở dữ liệu.",
    )
    missing = members.filter(Q(citizen_id__isnull=True) | Q(citizen_id="")).order_by("sort_key")
    check.count = missing.count()
    check.items = [_member_item(m, "chưa có số CCCD") for m in missing[:SHOWN]]
    out.append(check)

    check = Check(
        "trung-ho-so",
        "Hồ sơ có thể trùng: cùng họ tên và ngày sinh",
        "Số CCCD và số thẻ đảng viên trùng nhau bị từ chối ngay khi nhập; một người có hai "
        "hồ sơ (một hồ sơ thiếu CCCD, hoặc nhập hai lần) thì lộ ra ở họ tên và ngày sinh.",
    )
    # One grouping, read whole: the count is its length (a second query would group again).
    twins = list(
        members.values("search_key", "birth_date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("search_key", "birth_date")
    )
    check.count = len(twins)
    pairs = Q(pk__in=[])
    for twin in twins[:SHOWN]:
        pairs |= Q(search_key=twin["search_key"], birth_date=twin["birth_date"])
    if check.count:  # one query for the records of every pair shown
        for m in members.filter(pairs).order_by("search_key", "birth_date", "id"):
            check.items.append(
                _member_item(m, f"sinh ngày {m.birth_date:%d/%m/%Y}, CCCD {m.citizen_id or '—'}")
            )
    out.append(check)

    probation = rule_value("probation_months", today)
    check = Check(
        "qua-han-du-bi",
        "Đảng viên dự bị quá hạn xét công nhận chính thức",
        f"Hết {probation} tháng dự bị, chi bộ phải xét công nhận chính thức trong "
        f"{rule_value('confirm_deadline_working_days', today)} ngày làm việc "
        "(Quy định 294-QĐ/TW).",
    )
    # A deadline is at least the probation's months after admission: read only those.
    due = members.filter(
        status=MemberStatus.PROBATIONARY, admission_date__lte=add_months(today, -probation)
    ).order_by("admission_date", "id")
    late = [(confirm_deadline(m), m) for m in due]
    late = [(d, m) for d, m in late if d < today]
    check.count = len(late)
    check.items = [
        _member_item(m, f"hạn xét {d:%d/%m/%Y}, kết nạp {m.admission_date:%d/%m/%Y}")
        for d, m in late[:SHOWN]
    ]
    out.append(check)
    return out
