"""A member's cadre record follows the member's record (review #19, finding 1): a transfer,
an update, a restructuring's reassignment and its undo move or change the cadre with them."""

from datetime import date

import pytest

from tests.api import Api
from tests.factories import make_member, make_user
from tochuc.cadres.models import Cadre
from tochuc.cadres.selectors import cadre_get
from tochuc.cadres.services import cadre_of_member
from tochuc.core.errors import NotFound
from tochuc.members.services import member_transfer_accept, member_transfer_start, member_update
from tochuc.orgs.services.restructuring import (
    organization_merge,
    plan_apply,
    plan_create,
    plan_operation_add,
    plan_undo,
)

pytestmark = pytest.mark.django_db


def test_a_transfer_takes_the_cadre_to_the_new_province(two_provinces, client):
    a, b = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    transfer = member_transfer_start(
        actor=a.staff,
        member=member,
        kind="permanent",
        to_org=b.office,
        start_date=date(2026, 1, 2),
        letter_symbol="2-GGT",
        dues_paid_to=date(2025, 12, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=transfer, accepted_on=date(2026, 1, 20))
    cadre.refresh_from_db()
    assert cadre.organization == b.office
    assert cadre_get(b.staff, cadre.pk) == cadre
    with pytest.raises(NotFound):
        cadre_get(a.staff, cadre.pk)
    assert Api(user=b.staff).get(f"/cadres/{cadre.pk}").status_code == 200
    assert Api(user=a.staff).get(f"/cadres/{cadre.pk}").status_code == 404
    client.force_login(b.staff)
    assert "<h2>Cán bộ</h2>" in client.get(f"/members/{member.pk}/").content.decode()
    client.force_login(a.staff)
    assert client.get(f"/cadres/{cadre.pk}/").status_code == 404


def test_an_update_of_the_member_changes_the_cadre(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    member_update(
        actor=a.staff,
        member=member,
        changes={"theory_level": "cao_cap", "birth_date": date(1985, 11, 6)},
    )
    cadre.refresh_from_db()
    assert (cadre.theory_level, cadre.birth_date) == ("cao_cap", date(1985, 11, 6))
    member_update(actor=a.staff, member=member, changes={"full_name": "Nguyễn Văn Bình"})
    cadre.refresh_from_db()
    assert cadre.full_name == "Nguyễn Văn Bình"
    assert cadre.sort_key == member.__class__.objects.get(pk=member.pk).sort_key


def test_a_restructuring_moves_the_cadres_of_a_branch(two_provinces, admin):
    a, _ = two_provinces
    others = [make_member(admin, a.branch1, full_name=f"Cán bộ {c}", citizen_id=None) for c in "XY"]
    cadres = [cadre_of_member(actor=a.staff, member=m) for m in (a.members[0], *others)]
    stays = cadre_of_member(actor=a.staff, member=a.members[1])  # branch2: not moved
    school = make_user("school_r", "staff", a.school)
    assert cadre_get(school, cadres[0].pk)
    organization_merge(actor=a.staff, sources=[a.branch1], target=a.village, on=date(2026, 7, 1))
    assert {c.organization_id for c in Cadre.objects.filter(pk__in=[c.pk for c in cadres])} == {
        a.village.pk
    }
    with pytest.raises(NotFound):
        cadre_get(school, cadres[0].pk)
    stays.refresh_from_db()
    assert stays.organization == a.branch2


def test_a_plan_undone_brings_the_cadres_back(two_provinces):
    a, _ = two_provinces
    cadre = cadre_of_member(actor=a.staff, member=a.members[0])
    plan = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp chi bộ trường học",
        effective_date=date(2026, 7, 1),
        decision_symbol="15-QĐ/TU",
    )
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="merge",
        params={"sources": [a.branch1.pk], "target": a.village.pk},
    )
    plan = plan_apply(actor=a.staff, plan=plan)
    cadre.refresh_from_db()
    assert cadre.organization == a.village
    plan_undo(actor=a.staff, plan=plan)
    cadre.refresh_from_db()
    assert cadre.organization == a.branch1
