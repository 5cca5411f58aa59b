"""Huy hiệu Đảng: who is due on an occasion, early and posthumous cases, and the award."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.factories import make_member
from tochuc.core.errors import ServiceError
from tochuc.members.badges import badge_candidates, badge_occasions, next_badge_occasion
from tochuc.members.models import Badge
from tochuc.members.services import member_badge_award, member_death, member_readmit, member_remove

pytestmark = pytest.mark.django_db

OCCASION = date(2026, 2, 3)


def _member(admin, org, name, admitted, born=date(1960, 1, 1)):
    return make_member(
        admin,
        org,
        full_name=name,
        birth_date=born,
        admission_date=admitted,
        official_date=date(admitted.year + 1, admitted.month, admitted.day),
    )


def _listed(actor, occasion=OCCASION, org=None):
    return {
        (c.member.full_name, c.years, c.kind)
        for c in badge_candidates(actor=actor, organization=org, occasion=occasion)
    }


def test_occasions():
    assert badge_occasions(2026) == [
        date(2026, 2, 3),
        date(2026, 5, 19),
        date(2026, 9, 2),
        date(2026, 11, 7),
    ]
    assert next_badge_occasion(date(2026, 11, 24)) == date(2027, 2, 3)
    assert next_badge_occasion(date(2026, 9, 2)) == date(2026, 9, 2)


def test_due_early_and_not_yet(two_provinces, admin):
    a, _ = two_provinces
    _member(admin, a.branch1, "Nông Văn Đủ", date(1996, 2, 3))
    _member(admin, a.branch1, "Nông Văn Sớm", date(1996, 9, 1))
    _member(admin, a.branch1, "Nông Văn Chưa", date(1998, 1, 1))
    _member(admin, a.branch2, "Nông Văn Bốn Mươi", date(1985, 1, 1))
    listed = _listed(a.staff)
    assert ("Nông Văn Đủ", 30, "due") in listed
    assert ("Nông Văn Sớm", 30, "early") in listed
    assert ("Nông Văn Bốn Mươi", 40, "due") in listed  # the highest level reached
    assert not any(name == "Nông Văn Chưa" for name, _, _ in listed)
    assert ("Nông Văn Đủ", 30, "due") not in _listed(a.staff, occasion=date(2025, 11, 7))


def test_gaps_delay_the_badge_and_awards_are_not_listed_again(two_provinces, admin):
    a, _ = two_provinces
    m = _member(admin, a.branch1, "Lương Văn Gián", date(1996, 1, 1))
    member_remove(
        actor=admin,
        member=m,
        reason="absence",
        effective_date=date(2000, 1, 1),
        document_symbol="1-QĐ/ĐU",
    )
    member_readmit(
        actor=admin, member=m, effective_date=date(2001, 1, 1), document_symbol="2-QĐ/ĐU"
    )
    # Without the year outside it would be due on 01/01/2026; with it, on 02/01/2027.
    listed = _listed(a.staff)
    assert ("Lương Văn Gián", 30, "due") not in listed
    assert ("Lương Văn Gián", 30, "early") in listed
    d = _member(admin, a.branch1, "Lương Văn Nhận", date(1995, 1, 1))
    member_badge_award(
        actor=a.staff, member=d, years=30, occasion=OCCASION, document_symbol="15-QĐ/TU"
    )
    assert not any(name == "Lương Văn Nhận" for name, _, _ in _listed(a.staff))
    badge = Badge.objects.get(member=d)
    assert badge.years == 30 and d.events.get(kind="badge").details["years"] == 30
    with pytest.raises(ServiceError, match="đã nhận Huy hiệu 30 năm"):
        member_badge_award(
            actor=a.staff, member=d, years=30, occasion=OCCASION, document_symbol="16-QĐ/TU"
        )
    with pytest.raises(ServiceError) as err:
        member_badge_award(
            actor=a.staff, member=d, years=40, occasion=date(2026, 3, 3), document_symbol="16-QĐ/TU"
        )
    assert "occasion" in err.value.errors


def test_posthumous(two_provinces, admin):
    a, _ = two_provinces
    m = _member(admin, a.branch1, "Mã Văn Khuất", date(1996, 1, 10))
    member_death(actor=admin, member=m, effective_date=date(2025, 12, 1))
    assert ("Mã Văn Khuất", 30, "posthumous") in _listed(a.staff)


def test_badge_list_is_scoped(two_provinces, admin):
    a, b = two_provinces
    _member(admin, a.branch1, "Nông Văn Đủ", date(1990, 2, 3))
    assert not any(name == "Nông Văn Đủ" for name, _, _ in _listed(b.staff))
    assert ("Nông Văn Đủ", 30, "due") in _listed(a.staff, org=a.branch1)
    assert not _listed(a.staff, org=a.village)


def test_badges_page_export_and_award(client, two_provinces, admin):
    a, b = two_provinces
    m = _member(admin, a.branch1, "Nông Văn Đủ", date(1996, 2, 3))
    client.force_login(a.staff)
    html = client.get("/members/badges/?occasion=2026-02-03").content.decode()
    assert "Nông Văn Đủ" in html and "30 năm" in html
    response = client.get("/members/badges/?occasion=2026-02-03&format=xlsx")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    assert sheet["B4"].value == "Nông Văn Đủ" and sheet["F4"].value == 30
    response = client.post(
        "/members/badges/?occasion=2026-02-03",
        {"pick": [f"{m.pk}:30:due"], "document_symbol": ""},
        follow=True,
    )
    assert "Nhập số, ký hiệu của quyết định" in response.content.decode()
    assert not Badge.objects.exists()
    response = client.post(
        "/members/badges/?occasion=2026-02-03",
        {"pick": [f"{m.pk}:30:due"], "document_symbol": "9-QĐ/TU"},
        follow=True,
    )
    assert "Đã ghi nhận trao Huy hiệu Đảng cho 1 đảng viên." in response.content.decode()
    assert Badge.objects.get().member_id == m.pk
    client.force_login(b.staff)
    assert client.get(f"/members/badges/?organization={a.province.pk}").status_code == 404
    response = client.post(
        "/members/badges/?occasion=2026-05-19",
        {"pick": [f"{m.pk}:40:due"], "document_symbol": "1-QĐ/TU"},
    )
    assert response.status_code == 404


def test_a_batch_award_is_all_or_nothing(two_provinces, admin):
    from tochuc.members.services import member_badges_award

    a, _ = two_provinces
    ok = _member(admin, a.branch1, "Nông Văn Đủ", date(1996, 2, 3))
    done = _member(admin, a.branch2, "Nông Văn Rồi", date(1990, 1, 1))
    member_badge_award(
        actor=a.staff, member=done, years=30, occasion=date(2025, 2, 3), document_symbol="1-QĐ/TU"
    )
    # The member is named once: the refusal already starts with the name.
    with pytest.raises(ServiceError, match="^Nông Văn Rồi đã nhận Huy hiệu 30 năm"):
        member_badges_award(
            actor=a.staff,
            awards=[(ok, 30, "due"), (done, 30, "due")],
            occasion=OCCASION,
            document_symbol="2-QĐ/TU",
        )
    assert not Badge.objects.filter(member=ok).exists()
    assert (
        member_badges_award(
            actor=a.staff, awards=[(ok, 30, "due")], occasion=OCCASION, document_symbol="2-QĐ/TU"
        )
        == 1
    )


def test_a_batch_award_refuses_an_unknown_kind_before_writing(two_provinces, admin):
    from tochuc.members.services import member_badges_award

    a, _ = two_provinces
    ok = _member(admin, a.branch1, "Nông Văn Đủ", date(1996, 2, 3))
    with pytest.raises(ServiceError, match="Nông Văn Đủ: diện xét «soon» không có"):
        member_badges_award(
            actor=a.staff, awards=[(ok, 30, "soon")], occasion=OCCASION, document_symbol="2-QĐ/TU"
        )
    assert not Badge.objects.filter(member=ok).exists()
