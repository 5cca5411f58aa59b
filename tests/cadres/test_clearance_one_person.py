"""A clearance case is one person's (review #19, finding 8): a cadre with a member, or a
person chosen with a name typed, is refused on the field, by the service, for the form and
the API alike."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from tests.api import Api
from tests.factories import make_user
from tochuc.cadres.models import ClearancePurpose, PoliticalClearance
from tochuc.cadres.services import cadre_create, cadre_of_member, clearance_open
from tochuc.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _vetter(org):
    user = make_user("vetter_one", "staff", org)
    user.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    return user


def test_a_case_names_one_person_only(two_provinces, client):
    a, _ = two_provinces
    vetter = _vetter(a.province)
    purpose = ClearancePurpose.objects.get(name="Nhân sự đại hội")
    cadre = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Lò Văn X",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    base = {"actor": vetter, "organization": a.province, "purpose": purpose}
    with pytest.raises(ServiceError) as refused:
        clearance_open(
            **base,
            requested_on=date(2026, 1, 1),
            cadre=cadre,
            member=a.members[1],
            full_name="Người Khác",
        )
    assert set(refused.value.errors) == {"member", "full_name"}
    assert "chỉ của một người" in refused.value.errors["member"][0]
    with pytest.raises(ServiceError) as long:  # the column's length, said, not a 500
        clearance_open(**base, requested_on=date(2026, 1, 1), full_name="Lò " * 50)
    assert long.value.errors == {"full_name": ["Họ và tên dài quá 128 ký tự."]}

    api = Api(user=vetter)
    body = {
        "organization_id": a.province.pk,
        "purpose_id": purpose.pk,
        "requested_on": "2026-01-05",
        "cadre_id": cadre.pk,
        "member_id": a.members[1].pk,
    }
    response = api.post("/cadres/clearance", body)
    assert response.status_code == 422
    assert "member" in response.json()["errors"]

    client.force_login(vetter)
    page = client.post(
        f"/cadres/clearance/new/?organization={a.province.pk}",
        {
            "purpose": purpose.pk,
            "requested_on": "02/03/2026",
            "person": cadre.full_name,
            "full_name": "Người Khác",
        },
    )
    assert page.status_code == 400
    assert "Một hồ sơ thẩm định chỉ của một người: đã chọn cán bộ" in page.content.decode()
    assert not PoliticalClearance.objects.exists()

    one = clearance_open(**base, requested_on=date(2026, 1, 1), cadre=cadre)
    assert (one.full_name, one.member_id) == ("Lò Văn X", None)


def test_the_record_offers_to_open_a_case_to_those_who_write_only(two_provinces, client):
    """Review #19, finding 13b: a viewer with the right reads the cases, is not sent to a form
    they may not post."""
    a, _ = two_provinces
    member = a.members[0]
    cadre_of_member(actor=a.staff, member=member)
    link = "Mở hồ sơ kết luận tiêu chuẩn chính trị"
    client.force_login(_vetter(a.province))
    assert link in client.get(f"/members/{member.pk}/").content.decode()
    reader = make_user("reader_one", "viewer", a.province)
    reader.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    client.force_login(reader)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Kết luận tiêu chuẩn chính trị" in page and link not in page
