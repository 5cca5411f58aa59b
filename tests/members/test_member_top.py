"""PostgreSQL: each member's root of its tree and sort key (members_order, migration 0018),
kept by triggers whoever writes the members; a whole province's list is paged through it.
The drift check sees a row that went stale behind the triggers' back; the rebuild fills it."""

from datetime import date

import pytest
from django.db import connection

from tests.factories import make_member, make_user
from tochuc.members.counters import member_order_drift, member_order_rebuild, stats_drift
from tochuc.members.models import Member
from tochuc.members.selectors import member_list, member_page
from tochuc.members.services.records import member_update
from tochuc.members.services.transfers import member_transfer_accept, member_transfer_start
from tochuc.orgs.services import organization_create, organization_move

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="members_order exists on PostgreSQL only"
    ),
]


def _tops() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT member_id, top_id FROM members_order")
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
    assert member_order_drift() == []


def test_a_renamed_member_takes_its_new_place_and_a_deleted_one_leaves(two_provinces):
    a, _ = two_provinces
    an, anh, _ = a.members
    member_update(actor=a.staff, member=an, changes={"full_name": "Nguyễn Văn Zương"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT sort_key FROM members_order WHERE member_id = %s", [an.pk])
        assert cursor.fetchone()[0] == Member.objects.get(pk=an.pk).sort_key
    Member.objects.filter(pk=anh.pk).delete()
    assert anh.pk not in _tops()
    assert member_order_drift() == []


def test_the_drift_check_sees_a_stale_row_and_the_rebuild_fills_them(two_provinces):
    a, b = two_provinces
    an, anh, _ = a.members
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_order SET top_id = %s WHERE member_id = %s", [b.province.pk, an.pk]
        )
        cursor.execute("DELETE FROM members_order WHERE member_id = %s", [anh.pk])
        cursor.execute("INSERT INTO members_order VALUES (999999, %s, 'x')", [a.province.pk])
    drift = stats_drift()
    assert (an.organization_id, "member", "order", 1, 0) in drift
    assert (anh.organization_id, "member", "order", 1, 0) in drift
    assert (0, "member", "order", 1, 0) in drift
    assert member_order_rebuild() == Member.objects.count()
    assert _tops()[an.pk] == a.province.pk
    assert stats_drift() == []


def test_only_an_actor_who_sees_the_whole_province_pages_it_by_its_root(two_provinces, monkeypatch):
    """A commune's staff naming the province still lists only the commune."""
    from tochuc.members.selectors import search as selectors

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
    # A filter narrows the list: the province's order alone does not page it.
    assert member_list(actor=a.staff, status="official").top is None


def test_the_cli_check_names_the_fix_and_the_rebuild_applies_it(two_provinces, capsys):
    from tochuc.cli import main

    a, _ = two_provinces
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_order WHERE member_id = %s", [a.members[0].pk])
    with pytest.raises(SystemExit) as stopped:
        main(["stats", "--check"])
    assert stopped.value.code == 1
    assert "chạy «tochuc stats --rebuild» để tính lại" in capsys.readouterr().out
    main(["stats", "--rebuild"])
    assert f"thứ tự của {Member.objects.count()} đảng viên" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["stats", "--check"])
    assert stopped.value.code == 0
    assert "khớp dữ liệu" in capsys.readouterr().out
