"""Chuyển sinh hoạt đảng: both sides see it, nobody else; counts follow on acceptance."""

from datetime import date

import pytest

from tests.factories import make_admin, make_province, make_user
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.workdays import add_working_days
from tochuc.members.counters import stats_drift
from tochuc.members.selectors import temporary_members, transfer_get, transfer_list
from tochuc.members.services import (
    member_transfer_accept,
    member_transfer_cancel,
    member_transfer_start,
)
from tochuc.orgs.selectors import organization_stats

pytestmark = pytest.mark.django_db

LETTER = {
    "start_date": date(2026, 3, 2),
    "letter_symbol": "25-GGT/ĐU",
    "dues_paid_to": date(2026, 2, 15),
}


def _total(actor, org):
    return organization_stats(actor=actor, organization=org)["members"]["total"]


def test_permanent_transfer_between_provinces(two_provinces):
    a, b = two_provinces
    member = a.members[0]
    transfer = member_transfer_start(
        actor=a.staff, member=member, kind="permanent", to_org=b.office, **LETTER
    )
    assert transfer.status == "pending" and transfer.dues_paid_to == date(2026, 2, 1)
    assert transfer.report_deadline == add_working_days(date(2026, 3, 2), 30)
    # Visible to both sides, to nobody else.
    assert transfer_get(actor=b.staff, pk=transfer.pk) == transfer
    assert list(transfer_list(actor=b.staff, direction="in")) == [transfer]
    assert list(transfer_list(actor=a.staff, direction="out")) == [transfer]
    outsider = make_user(
        "staff_c", "staff", make_province(make_admin("root2"), "Hà Giang", "C").province
    )
    with pytest.raises(NotFound):
        transfer_get(actor=outsider, pk=transfer.pk)
    # Still counted at home until accepted; the sending side cannot accept it.
    a_total, b_total = _total(a.staff, a.province), _total(b.staff, b.province)
    with pytest.raises(NotFound):
        member_transfer_accept(actor=a.staff, transfer=transfer, accepted_on=date(2026, 3, 10))
    with pytest.raises(ServiceError) as err:
        member_transfer_accept(actor=b.staff, transfer=transfer, accepted_on=date(2026, 2, 1))
    assert "accepted_on" in err.value.errors
    member_transfer_accept(actor=b.staff, transfer=transfer, accepted_on=date(2026, 3, 10))
    member.refresh_from_db()
    assert member.organization_id == b.office.pk
    assert _total(a.staff, a.province) == a_total - 1
    assert _total(b.staff, b.province) == b_total + 1
    assert [e.kind for e in member.events.all()] == ["transfer_out", "transfer_in"]
    assert stats_drift() == []
    with pytest.raises(ServiceError, match="Đã tiếp nhận"):
        member_transfer_accept(actor=b.staff, transfer=transfer, accepted_on=date(2026, 3, 11))


def test_leaving_the_system_leaves_the_counts(two_provinces):
    a, _ = two_provinces
    total = _total(a.staff, a.province)
    transfer = member_transfer_start(
        actor=a.staff,
        member=a.members[1],
        kind="permanent",
        to_org=None,
        destination="Đảng bộ Quân khu 1",
        **LETTER,
    )
    assert transfer.status == "left"
    a.members[1].refresh_from_db()
    assert a.members[1].state == "left" and _total(a.staff, a.province) == total - 1
    assert stats_drift() == []


def test_temporary_transfer_is_listed_not_counted(two_provinces):
    a, b = two_provinces
    with pytest.raises(ServiceError) as err:
        member_transfer_start(
            actor=a.staff,
            member=a.members[0],
            kind="temporary",
            to_org=b.office,
            until=date(2026, 4, 1),
            **LETTER,
        )
    assert "từ 3 tháng đến 24 tháng" in err.value.text()
    transfer = member_transfer_start(
        actor=a.staff,
        member=a.members[0],
        kind="temporary",
        to_org=b.office,
        until=date(2026, 12, 31),
        **LETTER,
    )
    b_total = _total(b.staff, b.province)
    member_transfer_accept(actor=b.staff, transfer=transfer, accepted_on=date(2026, 3, 5))
    a.members[0].refresh_from_db()
    assert a.members[0].organization_id == a.branch1.pk  # stays on the home roll
    assert _total(b.staff, b.province) == b_total
    assert [t.member for t in temporary_members(actor=b.staff, organization=b.province)] == [
        a.members[0]
    ]
    with pytest.raises(NotFound):
        temporary_members(actor=b.staff, organization=a.province)


def test_refusals_and_cancel(two_provinces):
    a, b = two_provinces
    m = a.members[0]
    for kwargs, field in [
        ({"to_org": a.school}, "to_org"),
        ({"to_org": a.branch1}, "to_org"),
        ({"to_org": None}, "to_org"),
        ({"to_org": b.office, "dues_paid_to": None}, "dues_paid_to"),
    ]:
        with pytest.raises(ServiceError) as err:
            member_transfer_start(actor=a.staff, member=m, kind="permanent", **(LETTER | kwargs))
        assert field in err.value.errors
    with pytest.raises(NotFound):
        member_transfer_start(actor=b.staff, member=m, kind="permanent", to_org=b.office, **LETTER)
    t = member_transfer_start(actor=a.staff, member=m, kind="permanent", to_org=b.office, **LETTER)
    with pytest.raises(ServiceError, match="đang có một giấy giới thiệu"):
        member_transfer_start(actor=a.staff, member=m, kind="permanent", to_org=a.village, **LETTER)
    with pytest.raises(NotFound):
        member_transfer_cancel(actor=b.staff, transfer=t)
    assert member_transfer_cancel(actor=a.staff, transfer=t).status == "cancelled"


def test_a_temporary_stay_ends(two_provinces):
    from tochuc.members.services import member_transfer_end

    a, b = two_provinces
    t = member_transfer_start(
        actor=a.staff,
        member=a.members[0],
        kind="temporary",
        to_org=b.office,
        until=date(2026, 12, 31),
        **LETTER,
    )
    with pytest.raises(ServiceError, match="đã được tiếp nhận"):
        member_transfer_end(actor=a.staff, transfer=t, ended_on=date(2026, 6, 1))
    member_transfer_accept(actor=b.staff, transfer=t, accepted_on=date(2026, 3, 5))
    with pytest.raises(ServiceError) as err:
        member_transfer_end(actor=b.staff, transfer=t, ended_on=date(2026, 3, 1))
    assert "ended_on" in err.value.errors
    assert (
        member_transfer_end(actor=b.staff, transfer=t, ended_on=date(2026, 6, 1)).status == "ended"
    )
    assert not temporary_members(actor=b.staff, organization=b.province).exists()
