"""The cadre tab of a member's record: positions, planning and seats for whoever sees the
record; clearance cases only with the right, that read audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from tests.factories import make_user
from tochuc.cadres.models import ClearancePurpose, PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_of_member,
    clearance_open,
    planning_add,
    position_create,
)
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def test_the_record_shows_the_cadre_tab_and_clearance_only_with_the_right(
    client, two_provinces, admin
):
    a, _ = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    secretary = position_create(
        actor=a.staff, organization=a.school, title=PositionTitle.objects.get(name="Bí thư")
    )
    cadre_appoint(
        actor=a.staff, cadre=cadre, position=secretary, on=date(2021, 3, 1), kind="election"
    )
    deputy = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Phó Bí thư")
    )
    planning_add(
        actor=a.staff,
        cadre=cadre,
        position=deputy,
        term=Term.objects.get(name="2025–2030"),
        on=date(2025, 2, 1),
    )
    clearance_open(
        actor=admin,
        organization=a.province,
        purpose=ClearancePurpose.objects.get(name="Quy hoạch cấp ủy"),
        requested_on=date(2025, 1, 10),
        cadre=cadre,
    )
    client.force_login(a.staff)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "<h2>Cán bộ</h2>" in page
    assert f"Bí thư — {a.school.name}" in page and "01/03/2021" in page
    assert f"Phó Bí thư — {a.commune.name}" in page and "2025–2030" in page
    assert "Kết luận tiêu chuẩn chính trị" not in page  # no right: not even the heading
    assert not AuditEvent.objects.filter(action="clearance.view").exists()

    vetter = make_user("vetter", "staff", a.province)
    vetter.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    client.force_login(vetter)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Kết luận tiêu chuẩn chính trị" in page and "Quy hoạch cấp ủy" in page
    assert AuditEvent.objects.filter(action="clearance.view", actor=vetter).count() == 1

    # a member who is not a cadre: the tab offers the appointment that makes them one
    other = client.get(f"/members/{a.members[1].pk}/").content.decode()
    assert "Chưa là cán bộ" in other and "Bổ nhiệm, bầu vào chức vụ" in other
    client.force_login(a.viewer)  # who cannot write sees no tab for a non-cadre
    assert "<h2>Cán bộ</h2>" not in client.get(f"/members/{a.members[1].pk}/").content.decode()


def test_a_member_is_appointed_from_the_record_and_a_position_added_from_its_page(
    staff_a, two_provinces
):
    a, _ = two_provinces
    response = staff_a.post(
        f"/cadres/positions/new/?organization={a.school.pk}",
        {"title": PositionTitle.objects.get(name="Bí thư").pk, "seats": 1},
        follow=True,
    )
    assert f"Đã thêm chức vụ Bí thư — {a.school.name}." in response.content.decode()
    member = a.members[0]
    position = a.school.positions.get()
    response = staff_a.post(
        f"/cadres/appoint/{member.pk}/",
        {"position": position.pk, "kind": "election", "on": "01/03/2021"},
        follow=True,
    )
    text = response.content.decode()
    assert f"Đã ghi Bí thư — {a.school.name} từ 01/03/2021." in text
    assert member.cadre.holdings.get().position == position
    again = staff_a.post(
        f"/cadres/appoint/{a.members[1].pk}/",
        {"position": position.pk, "kind": "election", "on": "01/03/2022"},
        follow=True,
    ).content.decode()
    assert "đã đủ 1 người vào ngày 01/03/2022" in again
    from tochuc.cadres.models import Cadre

    assert not Cadre.objects.filter(member=a.members[1]).exists()  # refused: nothing written


def test_the_record_shows_only_the_clearance_cases_of_the_readers_subtree(
    client, two_provinces, admin
):
    a, b = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    purpose = ClearancePurpose.objects.get(name="Quy hoạch cấp ủy")
    clearance_open(
        actor=admin,
        organization=a.province,
        purpose=purpose,
        requested_on=date(2025, 1, 10),
        cadre=cadre,
    )
    clearance_open(  # a case another province's committee opened about the same person
        actor=admin,
        organization=b.province,
        purpose=ClearancePurpose.objects.get(name="Đi nước ngoài"),
        requested_on=date(2025, 2, 10),
        cadre=cadre,
    )
    vetter = make_user("vetter_commune", "staff", a.commune)
    vetter.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    client.force_login(vetter)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Kết luận tiêu chuẩn chính trị" in page
    assert "Quy hoạch cấp ủy" not in page  # the province's case: above the commune
    assert "Đi nước ngoài" not in page
