"""PostgreSQL: each member carries the root of its tree (members_member.top_id, migration
0018), kept by triggers whoever writes the row; a whole province's list is paged through it.
The drift check sees a top that went stale behind the triggers' back; the rebuild sets it."""

from datetime import date

import pytest
from django.db import connection

from tests.factories import make_member, make_user
from tochuc.members.counters import member_tops_drift, member_tops_rebuild, stats_drift
from tochuc.members.selectors import member_list, member_page
from tochuc.members.services.transfers import member_transfer_accept, member_transfer_start
from tochuc.orgs.services import organization_create, organization_move

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the top column exists on PostgreSQL only"
    ),
]


def _tops() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, top_id FROM members_member")
        return dict(cursor.fetchall())


def test_new_moved_and_transferred_members_carry_their_root(two_provinces, admin):
    a, b = two_provinces
    new = make_member(admin, a.village, full_name="Lò Văn Mới")
    tops = _tops()
    assert tops[new.pk] == a.province.pk
    assert {tops[m.pk] for m in a.members} == {a.province.pk}
    assert {tops[m.pk] for m in b.members} == {b.province.pk}

    # A permanent transfer to the other province, accepted there.
    an = a.members[0]
    letter = member_transfer_start(
        actor=a.staff,
        member=an,
        kind="permanent",
        to_org=b.office,
        start_date=date(2026, 3, 2),
        letter_symbol="5-GGT",
        dues_paid_to=date(2026, 2, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=letter, accepted_on=date(2026, 3, 10))
    assert _tops()[an.pk] == b.province.pk

    # A commune's whole subtree moved to the other province: its members follow.
    organization_move(actor=admin, organization=a.commune, new_parent=b.province)
    assert _tops()[new.pk] == b.province.pk
    # Both provinces put under a new root: every member now has that root.
    center = organization_create(actor=admin, name="Trung ương", kind="central", parent=None)
    organization_move(actor=admin, organization=a.province, new_parent=center)
    organization_move(actor=admin, organization=b.province, new_parent=center)
    assert set(_tops().values()) == {center.pk}
    assert member_tops_drift() == []


def test_the_drift_check_sees_a_stale_top_and_the_rebuild_sets_it(two_provinces):
    a, b = two_provinces
    an = a.members[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_member SET top_id = %s WHERE id = %s", [b.province.pk, an.pk]
        )
    assert (an.organization_id, "member", "top_id", 1, 0) in stats_drift()
    assert member_tops_rebuild() == 1
    assert _tops()[an.pk] == a.province.pk
    assert stats_drift() == []


def test_only_an_actor_who_sees_the_whole_province_pages_it_by_its_root(two_provinces, monkeypatch):
    """A commune's staff naming the province still lists only the commune."""
    from tochuc.members import selectors

    a, _ = two_provinces
    monkeypatch.setattr(selectors, "LARGE_SUBTREE", 0)
    commune_staff = make_user("staff_commune_a", "staff", a.commune)
    outside = make_member(a.staff, a.office, full_name="Hà Văn Ngoài")

    narrowed = member_list(actor=commune_staff, organization=a.province)
    assert narrowed.top is None
    assert outside.pk not in [m.pk for m in member_page(narrowed, 1, 50).object_list]

    for whole in (
        member_list(actor=a.staff, organization=a.province),
        member_list(actor=a.staff),
    ):
        assert whole.top == a.province.pk
        assert outside.pk in [m.pk for m in member_page(whole, 1, 50).object_list]
