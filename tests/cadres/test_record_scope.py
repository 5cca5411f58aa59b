"""The cadre section of a member's page and the API's cadre read show the same scoped record
(review #19, finding 2): a commune's user sees nothing of the province's post its member
holds, nor may end it."""

from datetime import date

import pytest

from tests.api import Api
from tests.factories import make_user
from tochuc.cadres.models import PositionTitle
from tochuc.cadres.services import cadre_appoint, cadre_of_member, position_create

pytestmark = pytest.mark.django_db


def test_a_commune_user_sees_nothing_of_a_province_post(two_provinces, client):
    a, _ = two_provinces
    member = a.members[0]  # branch1, under the commune
    cadre = cadre_of_member(actor=a.staff, member=member)
    title = PositionTitle.objects.get(name="Phó Bí thư")
    post = position_create(actor=a.staff, organization=a.province, title=title, seats=2)
    cadre_appoint(actor=a.staff, cadre=cadre, position=post, on=date(2024, 1, 1))
    holding = cadre.holdings.get()
    province_post = f"Phó Bí thư — {a.province.name}"

    client.force_login(a.staff)  # the province sees its post and may end it
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert province_post in page
    forms = f"/cadres/appoint/{member.pk}/forms/"
    assert 'name="end-holding"' in client.get(forms).content.decode()

    commune = make_user("commune_r", "staff", a.commune)
    client.force_login(commune)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "<h2>Cán bộ</h2>" in page
    assert province_post not in page
    assert 'name="end-holding"' not in client.get(forms).content.decode()
    assert Api(user=commune).get(f"/cadres/{cadre.pk}").json()["holdings"] == []
    response = client.post(
        f"/cadres/{cadre.pk}/moves/",
        {"do": "end", "end-holding": holding.pk, "end-kind": "dismissal", "end-on": "01/02/2026"},
        follow=True,
    )
    assert "Đã ghi thôi giữ chức vụ." not in response.content.decode()
    holding.refresh_from_db()
    assert holding.end is None
