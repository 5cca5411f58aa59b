"""Finding members: search, filters, official order, scope, history, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.paginator import Paginator

from tests.factories import make_member
from tochuc.accounts.models import User
from tochuc.core.errors import NotFound
from tochuc.members.selectors import member_get, member_history, member_list
from tochuc.members.services import member_update

pytestmark = pytest.mark.django_db


TODAY = date(2026, 6, 1)


def names(qs) -> list[str]:
    return [m.full_name for m in qs]


@pytest.fixture
def provinces(two_provinces, admin):
    """two_provinces, with levels and a party card on some of A's members."""
    a, b = two_provinces
    an, anh, dung = a.members
    member_update(
        actor=admin,
        member=an,
        changes={
            "theory_level": "cao_cap",
            "education_level": "thac_si",
            "party_card_number": "93012345",
        },
    )
    member_update(
        actor=admin,
        member=anh,
        changes={
            "theory_level": "trung_cap",
            "education_level": "dai_hoc",
        },
    )
    member_update(
        actor=admin,
        member=b.members[0],
        changes={
            "theory_level": "cao_cap",
            "party_card_number": "93019999",
        },
    )
    return a, b


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("NGUYEN VAN AN", ["Nguyễn Văn An"]),
        ("  tran   thi  anh ", ["Trần Thị Ánh"]),
        ("ánh", ["Trần Thị Ánh"]),
        ("hoang van dung", ["Hoàng Văn Dũng"]),
        ("dũng", ["Hoàng Văn Dũng"]),
        ("van", ["Nguyễn Văn An", "Hoàng Văn Dũng"]),
        ("le van binh", []),  # B's member
        ("Phạm", []),
    ],
)
def test_search_by_name_ignores_accents(provinces, q, expected):
    a, _ = provinces
    assert names(member_list(actor=a.staff, q=q)) == expected


def test_search_by_citizen_id_prefix(provinces):
    a, b = provinces
    an, anh, dung = a.members
    assert names(member_list(actor=a.staff, q=an.citizen_id)) == ["Nguyễn Văn An"]
    assert names(member_list(actor=a.staff, q="004190")) == ["Trần Thị Ánh"]  # women born 199x
    assert names(member_list(actor=a.staff, q="004 190")) == ["Trần Thị Ánh"]
    assert set(names(member_list(actor=a.staff, q="004085"))) == {"Nguyễn Văn An", "Hoàng Văn Dũng"}
    assert names(member_list(actor=a.staff, q="079")) == []
    # B's member has a CCCD with the same prefix: never shown to A's staff
    assert b.members[0].citizen_id.startswith("004085")
    assert b.members[0] not in member_list(actor=a.staff, q=b.members[0].citizen_id)


def test_search_by_party_card_number(provinces):
    a, b = provinces
    assert names(member_list(actor=a.staff, q="93012345")) == ["Nguyễn Văn An"]
    assert names(member_list(actor=a.staff, q="9301")) == ["Nguyễn Văn An"]
    assert names(member_list(actor=b.staff, q="9301")) == ["Lê Văn Bình"]
    assert names(member_list(actor=a.staff, q="93019999")) == []


# --- filters ----------------------------------------------------------------------------


def test_filter_by_organization_takes_the_whole_subtree(provinces):
    a, _ = provinces
    assert set(names(member_list(actor=a.staff, organization=a.commune))) == {
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Hoàng Văn Dũng",
    }
    assert set(names(member_list(actor=a.staff, organization=a.school))) == {
        "Nguyễn Văn An",
        "Trần Thị Ánh",
    }
    assert names(member_list(actor=a.staff, organization=a.branch1)) == ["Nguyễn Văn An"]
    assert names(member_list(actor=a.staff, organization=a.bloc)) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "probationary"}, {"Hoàng Văn Dũng"}),
        ({"status": "official"}, {"Nguyễn Văn An", "Trần Thị Ánh"}),
        ({"gender": "female"}, {"Trần Thị Ánh"}),
        ({"gender": "male"}, {"Nguyễn Văn An", "Hoàng Văn Dũng"}),
        ({"theory_level": "cao_cap"}, {"Nguyễn Văn An"}),
        ({"theory_level": "none"}, {"Hoàng Văn Dũng"}),
        ({"education_level": "dai_hoc"}, {"Trần Thị Ánh"}),
        ({"education_level": "none"}, {"Hoàng Văn Dũng"}),
        ({"age_band": "31-40"}, {"Trần Thị Ánh"}),  # born 02/01/1990: 36
        ({"age_band": "41-50"}, {"Nguyễn Văn An", "Hoàng Văn Dũng"}),  # born 15/03/1985: 41
        ({"age_band": "18-30"}, set()),
        ({"status": "official", "gender": "male", "theory_level": "cao_cap"}, {"Nguyễn Văn An"}),
        ({"q": "van", "status": "probationary"}, {"Hoàng Văn Dũng"}),
    ],
)
def test_filters(provinces, filters, expected):
    a, _ = provinces
    assert set(names(member_list(actor=a.staff, today=TODAY, **filters))) == expected


def test_age_bands_count_by_birth_year(two_provinces, admin):
    """As the statistics count age: the year of the list minus the year of birth."""
    a, _ = two_provinces
    joined = {"admission_date": date(2018, 9, 2), "official_date": date(2019, 9, 2)}
    make_member(admin, a.branch2, full_name="Vũ Văn Ba", birth_date=date(1996, 1, 1), **joined)
    make_member(admin, a.branch2, full_name="Vũ Văn Tư", birth_date=date(1996, 12, 31), **joined)
    # in 2026 both are 30 (18–30), whatever their birthday ...
    for day in (date(2026, 1, 1), date(2026, 12, 31)):
        assert set(names(member_list(actor=a.staff, age_band="18-30", today=day))) == {
            "Vũ Văn Ba",
            "Vũ Văn Tư",
        }
    # ... and in 2027 both are 31
    assert names(member_list(actor=a.staff, age_band="31-40", today=date(2027, 1, 1))) == [
        "Trần Thị Ánh",
        "Vũ Văn Ba",
        "Vũ Văn Tư",
    ]


# --- official order -----------------------------------------------------------------------


def test_lists_follow_the_official_vietnamese_order(two_provinces, admin):
    a, _ = two_provinces
    people = [
        ("Đỗ Văn Đức", date(1980, 1, 1)),
        ("Phạm Thị Dương", date(1980, 1, 1)),
        ("Trần Văn An", date(1990, 1, 1)),
        ("Nguyễn Văn Bình", date(1980, 1, 1)),
        ("Lê Văn An", date(1980, 1, 1)),
        ("Nguyễn Thị An", date(1980, 1, 1)),
        ("Vũ Văn Ánh", date(1980, 1, 1)),
        ("Hà Thị Ân", date(1980, 1, 1)),
        ("Mai Văn Ăn", date(1980, 1, 1)),
        ("Lò Văn Dũng", date(1980, 1, 1)),
        ("Lò Văn Duy", date(1980, 1, 1)),
        ("Trần Văn An", date(1980, 1, 1)),
    ]
    for name, born in people:
        make_member(admin, a.office, full_name=name, birth_date=born)
    listed = [
        (m.full_name, m.birth_date.year) for m in member_list(actor=a.staff, organization=a.office)
    ]
    assert listed == [
        ("Lê Văn An", 1980),
        ("Nguyễn Thị An", 1980),
        ("Trần Văn An", 1980),
        ("Trần Văn An", 1990),
        ("Vũ Văn Ánh", 1980),
        ("Mai Văn Ăn", 1980),
        ("Hà Thị Ân", 1980),
        ("Nguyễn Văn Bình", 1980),
        ("Lò Văn Dũng", 1980),
        ("Lò Văn Duy", 1980),
        ("Phạm Thị Dương", 1980),
        ("Đỗ Văn Đức", 1980),
    ]


# --- scope ------------------------------------------------------------------------------


def test_staff_never_see_another_provinces_members(provinces):
    a, b = provinces
    theirs = set(b.members)
    probes = [
        {},
        {"q": "le van binh"},
        {"q": "binh"},
        {"q": "Lê"},
        {"q": b.members[0].citizen_id},
        {"q": b.members[0].citizen_id[:3]},
        {"q": "93019999"},
        {"organization": b.province},
        {"organization": b.office},
        {"status": "official"},
        {"gender": "male"},
        {"theory_level": "cao_cap"},
        {"education_level": "none"},
        {"age_band": "41-50"},
    ]
    for filters in probes:
        seen = set(member_list(actor=a.staff, today=TODAY, **filters))
        assert not seen & theirs, filters
        assert all(m.organization.path.startswith(a.province.path) for m in seen)
    assert set(member_list(actor=a.staff)) == set(a.members)
    assert set(member_list(actor=b.staff)) == set(b.members)


def test_a_secretary_sees_their_branch_only(provinces):
    a, _ = provinces
    assert names(member_list(actor=a.secretary)) == ["Nguyễn Văn An"]
    assert names(member_list(actor=a.secretary, organization=a.school)) == ["Nguyễn Văn An"]
    assert names(member_list(actor=a.secretary, q="anh")) == []


def test_the_actors_subtree_is_the_scope_narrowed_to_an_organization(provinces, admin):
    from tochuc.core.scope import subtree_path

    a, b = provinces
    assert subtree_path(a.staff) == a.province.path and subtree_path(admin) == ""
    assert subtree_path(a.staff, a.school) == a.school.path
    assert subtree_path(a.secretary, a.school) == a.branch1.path  # above the scope: the scope
    assert subtree_path(a.secretary, a.branch2) is None
    assert subtree_path(a.staff, b.province) is None
    assert subtree_path(admin, b.office) == b.office.path


def test_no_scope_sees_nothing(provinces):
    lost = User.objects.create_user(username="noscope", password="x" * 10, role="staff")
    assert list(member_list(actor=lost)) == []


def test_get_is_scoped(provinces):
    a, b = provinces
    an = a.members[0]
    assert member_get(actor=a.staff, pk=an.pk) == an
    assert member_get(actor=a.secretary, pk=an.pk).organization == a.branch1
    for actor, pk in [
        (b.staff, an.pk),
        (a.staff, b.members[0].pk),
        (a.secretary, a.members[1].pk),
        (a.staff, 10**9),
        (a.staff, "abc"),
        (a.staff, None),
    ]:
        with pytest.raises(NotFound):
            member_get(actor=actor, pk=pk)


# --- history ----------------------------------------------------------------------------


def test_history_lists_the_changes_newest_first(provinces, admin):
    a, b = provinces
    an = a.members[0]
    member_update(actor=a.staff, member=an, changes={"phone": "0987654321"})
    rows = list(member_history(actor=a.staff, member=an))
    assert [r.action for r in rows] == ["member.update", "member.update", "member.create"]
    assert rows[0].actor == a.staff
    assert rows[0].before == {"phone": ""} and rows[0].after == {"phone": "0987654321"}
    assert rows[1].actor == admin
    assert rows[1].after == {
        "theory_level": "cao_cap",
        "education_level": "thac_si",
        "party_card_number": "93012345",
    }
    assert rows[2].after["full_name"] == "Nguyễn Văn An"
    # only this member's rows
    assert all(r.target_type == "member" and r.target_id == an.pk for r in rows)
    with pytest.raises(NotFound):
        member_history(actor=b.staff, member=an)


# --- query counts -----------------------------------------------------------------------


def test_a_page_of_fifty_members_renders_in_a_fixed_number_of_queries(
    two_provinces, admin, django_assert_num_queries
):
    a, _ = two_provinces
    for i in range(60):
        make_member(
            admin,
            (a.branch1, a.branch2, a.village, a.office)[i % 4],
            full_name=f"Nguyễn Văn {'ABCDEGHIKLMNOPQSTUVXY'[i % 21]}an",
        )
    actor = User.objects.get(username="staff_a")  # as a request would load it
    with django_assert_num_queries(4):  # the scope, its size, the count, the page
        page = Paginator(member_list(actor=actor).select_related("organization"), 50).get_page(1)
        rows = [(m.full_name, m.organization.name, m.birth_date) for m in page.object_list]
    assert len(rows) == 50
    assert page.paginator.count == 63


def test_large_and_small_subtree_plans_give_the_same_lists(two_provinces, admin, monkeypatch):
    """A large subtree is read through the ordered index, a small one through the
    organization index: the rows and their order must not depend on which."""
    from tochuc.members.selectors import search as selectors

    a, _ = two_provinces
    for i in range(12):
        make_member(admin, a.branch1, full_name=f"Đỗ Thị {'ABCDEGHIKLM'[i % 11]}ương")

    def lists():
        return [
            [m.pk for m in member_list(actor=a.staff, **filters)]
            for filters in ({}, {"organization": a.school}, {"q": "thi"}, {"status": "official"})
        ]

    small = lists()
    monkeypatch.setattr(selectors, "LARGE_SUBTREE", 0)
    assert lists() == small
    assert all(small)


@pytest.mark.parametrize("walk", [0, 10**9])
def test_every_page_of_a_large_subtree_is_in_order_walked_or_sorted(
    two_provinces, admin, monkeypatch, walk
):
    """Deep pages of a large subtree are sorted through the organizations' index, the first
    ones walk the ordered index: page after page, the same list either way, in scope."""
    from tochuc.members.selectors import member_page
    from tochuc.members.selectors import search as selectors

    a, b = two_provinces
    for i in range(12):
        make_member(admin, a.branch1, full_name=f"Đỗ Văn {'ABCDEGHIKLM'[i % 11]}ải")
    make_member(admin, b.office, full_name="Đỗ Văn Bên")
    expected = {
        who: [m.pk for m in member_list(actor=actor, **filters)]
        for who, actor, filters in (
            ("a", a.staff, {}),
            ("commune", a.staff, {"organization": a.commune}),
            ("everything", admin, {}),
        )
    }
    monkeypatch.setattr(selectors, "LARGE_SUBTREE", 0)
    monkeypatch.setattr(selectors, "WALK", walk)
    for who, actor, filters in (
        ("a", a.staff, {}),
        ("commune", a.staff, {"organization": a.commune}),
        ("everything", admin, {}),
    ):
        pages, number = [], 1
        while True:
            page = member_page(member_list(actor=actor, **filters), number, 5)
            pages += [m.pk for m in page.object_list]
            assert page.paginator.count == len(expected[who])
            if not page.has_next():
                break
            number += 1
        assert pages == expected[who], who
    assert "Đỗ Văn Bên" not in [m.full_name for m in member_list(actor=a.staff)]
