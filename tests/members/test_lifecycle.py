"""The member's life after admission: each rule, each refusal, the counts, the timeline."""

from datetime import date, timedelta

import pytest

from tests.factories import make_member
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.core.workdays import add_working_days, is_working_day, working_days_between
from tochuc.members.counters import stats_drift
from tochuc.members.models import MemberEvent
from tochuc.members.services import (
    confirm_deadline,
    member_confirm,
    member_death,
    member_discipline,
    member_exempt,
    member_exempt_end,
    member_readmit,
    member_remove,
    probation_end,
)
from tochuc.orgs.selectors import organization_stats

pytestmark = pytest.mark.django_db


def test_working_days_skip_weekends_and_tet():
    # Tết 2026: 16–20 February are public holidays; 14–15 and 21–22 are weekends.
    assert not is_working_day(date(2026, 2, 17)) and not is_working_day(date(2026, 2, 21))
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)


def _members(org, actor):
    return organization_stats(actor=actor, organization=org)["members"]


def test_confirm_counts_official_from_the_end_of_probation(probationer, two_provinces):
    a, _ = two_provinces
    assert probation_end(probationer) == date(2026, 3, 25)
    assert confirm_deadline(probationer) == add_working_days(date(2026, 3, 25), 30)
    with pytest.raises(ServiceError) as err:
        member_confirm(
            actor=a.staff,
            member=probationer,
            effective_date=date(2026, 3, 20),
            document_symbol="15-QĐ/ĐU",
        )
    assert "Chưa hết thời gian dự bị" in err.value.text() and "25/03/2026" in err.value.text()
    before = _members(a.province, a.staff)
    member = member_confirm(
        actor=a.staff,
        member=probationer,
        effective_date=date(2026, 7, 1),
        document_symbol="15-QĐ/ĐU",
    )
    assert (member.status, member.official_date) == ("official", date(2026, 3, 25))
    event = member.events.get()
    assert event.kind == "confirm" and event.details["late_working_days"] > 0
    after = _members(a.province, a.staff)
    assert after["official"] == before["official"] + 1
    assert after["probationary"] == before["probationary"] - 1
    assert stats_drift() == []
    with pytest.raises(ServiceError, match="đã là đảng viên chính thức"):
        member_confirm(
            actor=a.staff,
            member=member,
            effective_date=date(2026, 7, 2),
            document_symbol="16-QĐ/ĐU",
        )


def test_confirm_on_time_is_not_late(probationer, two_provinces):
    a, _ = two_provinces
    member = member_confirm(
        actor=a.staff,
        member=probationer,
        effective_date=date(2026, 3, 30),
        document_symbol="15-QĐ/ĐU",
    )
    assert member.events.get().details["late_working_days"] == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"effective_date": None}, "effective_date", "Nhập ngày hiệu lực"),
        (
            {"effective_date": date.today() + timedelta(days=30)},
            "effective_date",
            "sau ngày hôm nay",
        ),
        ({"effective_date": date(2009, 1, 1)}, "effective_date", "từ ngày vào Đảng"),
        ({"document_symbol": " "}, "document_symbol", "số, ký hiệu"),
    ],
)
def test_every_action_checks_its_date_and_document(two_provinces, changes, field, message):
    a, _ = two_provinces
    member = a.members[0]
    kwargs = {"effective_date": date(2024, 1, 2), "document_symbol": "3-QĐ/ĐU"} | changes
    with pytest.raises(ServiceError) as err:
        member_exempt(actor=a.staff, member=member, **kwargs)
    assert message in " ".join(err.value.errors[field])
    member.refresh_from_db()
    assert member.state == "active" and not member.events.exists()


@pytest.mark.parametrize(
    ("status", "form", "allowed"),
    [
        ("official", "reprimand", True),
        ("official", "warning", True),
        ("official", "dismissal", True),
        ("official", "expulsion", True),
        ("probationary", "reprimand", True),
        ("probationary", "warning", True),
        ("probationary", "dismissal", False),
        ("probationary", "expulsion", False),
        ("official", "demotion", False),
    ],
)
def test_discipline_forms_by_status(two_provinces, admin, status, form, allowed):
    a, _ = two_provinces
    extra = {"official_date": None} if status == "probationary" else {}
    member = make_member(
        admin,
        a.branch1,
        full_name="Vi Văn Thắng",
        status=status,
        admission_date=date(2025, 1, 5) if extra else date(2010, 5, 19),
        **extra,
    )
    call = lambda: member_discipline(  # noqa: E731
        actor=a.staff,
        member=member,
        form=form,
        effective_date=date(2026, 2, 2),
        document_symbol="7-QĐ/UBKT",
    )
    if allowed:
        assert call().events.get().details["form"] == form
    else:
        with pytest.raises(ServiceError) as err:
            call()
        assert "form" in err.value.errors


def test_expulsion_and_readmission(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    total = _members(a.province, a.staff)["total"]
    member = member_discipline(
        actor=a.staff,
        member=member,
        form="expulsion",
        effective_date=date(2020, 1, 1),
        document_symbol="1-QĐ/UBKT",
    )
    assert member.state == "expelled" and _members(a.province, a.staff)["total"] == total - 1
    with pytest.raises(ServiceError, match="Không thể thi hành kỷ luật"):
        member_discipline(
            actor=a.staff,
            member=member,
            form="warning",
            effective_date=date(2020, 2, 1),
            document_symbol="2-QĐ/UBKT",
        )
    member = member_readmit(
        actor=a.staff, member=member, effective_date=date(2023, 1, 1), document_symbol="9-QĐ/ĐU"
    )
    assert (member.state, member.status, member.official_date) == ("active", "probationary", None)
    assert member.ceremony_date == date(2023, 1, 1)
    assert member.admission_date == date(2010, 5, 19)  # party age keeps the first admission
    assert _members(a.province, a.staff)["total"] == total
    assert [e.kind for e in member.events.all()] == ["discipline", "readmit"]
    assert stats_drift() == []


def test_removal_reasons(probationer, two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as err:
        member_remove(
            actor=a.staff,
            member=a.members[0],
            reason="probation",
            effective_date=date(2026, 1, 5),
            document_symbol="4-QĐ/ĐU",
        )
    assert "chỉ dành cho đảng viên dự bị" in err.value.text()
    member = member_remove(
        actor=a.staff,
        member=probationer,
        reason="probation",
        effective_date=date(2026, 4, 1),
        document_symbol="4-QĐ/ĐU",
    )
    assert member.state == "removed"
    assert member.events.get().details["reason_label"].startswith("Không đủ điều kiện")


def test_exemption_is_counted_and_can_end(two_provinces):
    a, _ = two_provinces
    total = _members(a.province, a.staff)["total"]
    member = member_exempt(
        actor=a.staff,
        member=a.members[0],
        effective_date=date(2025, 6, 1),
        document_symbol="5-QĐ/ĐU",
        note="Tuổi cao, sức yếu",
    )
    assert member.state == "exempted" and _members(a.province, a.staff)["total"] == total
    with pytest.raises(ServiceError, match="Không thể miễn"):
        member_exempt(
            actor=a.staff, member=member, effective_date=date(2025, 6, 2), document_symbol="6-QĐ/ĐU"
        )
    member = member_exempt_end(actor=a.staff, member=member, effective_date=date(2025, 9, 1))
    assert member.state == "active"


def test_death_leaves_the_counts_and_the_audit_keeps_it(two_provinces):
    a, _ = two_provinces
    total = _members(a.province, a.staff)["total"]
    member = member_death(actor=a.staff, member=a.members[1], effective_date=date(2026, 1, 9))
    assert member.state == "deceased" and _members(a.province, a.staff)["total"] == total - 1
    audit = AuditEvent.objects.get(action="member.death", target_id=member.pk)
    assert audit.before["state"] == "active" and audit.after["state"] == "deceased"
    assert stats_drift() == []


def test_actions_stay_in_scope(two_provinces):
    a, b = two_provinces
    kwargs = {"effective_date": date(2025, 6, 1), "document_symbol": "5-QĐ/ĐU"}
    with pytest.raises(NotFound):
        member_exempt(actor=b.staff, member=a.members[0], **kwargs)
    with pytest.raises(Forbidden):
        member_exempt(actor=a.viewer, member=a.members[0], **kwargs)
    with pytest.raises(NotFound):  # a secretary acts only in their own branch
        member_exempt(actor=a.secretary, member=a.members[1], **kwargs)
    assert member_exempt(actor=a.secretary, member=a.members[0], **kwargs).state == "exempted"
    assert MemberEvent.objects.count() == 1
