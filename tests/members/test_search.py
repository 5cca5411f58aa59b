"""Name search at scale (issue #7): prefix and substring, accent-free, official order, scope,
the capped count, and the same answers whichever way the database is read.

On PostgreSQL a name is matched against the distinct names (members_search_key, kept by
triggers) and read name by name; on SQLite against the covering index. Both must give the
same lists: the tests run on both (.ci/run)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_member, make_user
from tochuc.core.text import search_key
from tochuc.members.models import Member
from tochuc.members.selectors import member_list, member_page
from tochuc.members.selectors import search as selectors
from tochuc.members.services import member_update

pytestmark = pytest.mark.django_db

NAMES = [
    "Trần Thị Hoa",
    "Trần Thị Hòa",
    "Trần Thị Hoài An",
    "Nguyễn Văn Hoàng",
    "Nguyễn Văn Trung",
    "Lê Nguyễn Văn Trung",
    "Phạm Khoa",
    "Đỗ Thị Thoa",
    "Nguyễn Văn Anh",
]
# A's members whose name contains "hoa", also inside a word (Khoa, Thoa, Hoàng)
HOA = {
    "Trần Thị Hoa",
    "Trần Thị Hòa",
    "Trần Thị Hoài An",
    "Nguyễn Văn Hoàng",
    "Hoàng Văn Dũng",
    "Phạm Khoa",
    "Đỗ Thị Thoa",
}


def names(members) -> list[str]:
    return [m.full_name for m in members]


def official(members) -> list[str]:
    """The names of `members` in official order, computed here from their sort keys."""
    return [m.full_name for m in sorted(members, key=lambda m: (m.sort_key, m.pk))]


def pages(qs, size=3) -> list[str]:
    """Every page of member_page, concatenated."""
    first = member_page(qs, 1, size)
    rows = list(first.object_list)
    for number in range(2, first.paginator.num_pages + 1):
        rows += member_page(qs, number, size).object_list
    return names(rows)


@pytest.fixture
def people(two_provinces, admin):
    """two_provinces plus NAMES spread over province A's organizations, and in B a namesake
    of A's "Nguyễn Văn Trung"."""
    a, b = two_provinces
    places = [a.branch1, a.branch2, a.village, a.office]
    for i, name in enumerate(NAMES):
        make_member(
            admin,
            places[i % len(places)],
            full_name=name,
            gender="female" if " Thị " in name else "male",
            birth_date=date(1970 + i, 1 + i % 12, 1 + i),
        )
    b.trung = make_member(admin, b.office, full_name="Nguyễn Văn Trung")
    return a, b


def everyone(a) -> list[Member]:
    return list(Member.objects.filter(organization__path__startswith=a.province.path))


# --- what a search finds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # typed from the start of the name: family name first
        ("tran thi", {"Trần Thị Hoa", "Trần Thị Hòa", "Trần Thị Hoài An", "Trần Thị Ánh"}),
        ("nguyen van trung", {"Nguyễn Văn Trung", "Lê Nguyễn Văn Trung"}),
        # a substring anywhere, even inside a word
        ("van an", {"Nguyễn Văn An", "Nguyễn Văn Anh"}),
        ("van trung", {"Nguyễn Văn Trung", "Lê Nguyễn Văn Trung"}),
        ("oan", {"Nguyễn Văn Hoàng", "Hoàng Văn Dũng"}),
        ("hoa", HOA),
        ("oa", HOA),
        ("hoai", {"Trần Thị Hoài An"}),
        # with accents, in capitals
        ("HÒA", HOA),
        ("đỗ thị", {"Đỗ Thị Thoa"}),
        ("do thi", {"Đỗ Thị Thoa"}),
        ("zzz qqq", set()),
        ("le van binh", set()),  # B's member
    ],
)
def test_finds_by_prefix_and_by_substring_without_accents(people, q, expected):
    a, _ = people
    found = member_list(actor=a.staff, q=q)
    assert set(names(found)) == expected
    page = member_page(found, 1)
    assert set(names(page.object_list)) == expected
    assert page.paginator.count == len(expected)
    assert not page.paginator.capped


def test_results_come_in_official_order(people):
    a, _ = people
    for q in ("tran thi", "oa", "van", "nguyen", "a"):
        expected = official(m for m in everyone(a) if search_key(q) in m.search_key)
        assert names(member_list(actor=a.staff, q=q)) == expected, q
        assert pages(member_list(actor=a.staff, q=q)) == expected, q


# --- scope ------------------------------------------------------------------------------


def test_a_province_never_sees_another_provinces_members(people, admin):
    a, b = people
    assert b.trung not in member_list(actor=a.staff, q="nguyen van trung")
    assert names(member_list(actor=b.staff, q="nguyen van trung")) == ["Nguyễn Văn Trung"]
    assert member_list(actor=b.staff, q="nguyen van trung").get() == b.trung
    both = member_list(actor=admin, q="nguyen van trung")
    assert b.trung in both
    assert len(names(both)) == 3


@pytest.mark.parametrize("large", [False, True])
def test_a_subtree_sees_only_itself_whichever_way_it_is_read(people, admin, monkeypatch, large):
    """A small subtree is read through its organizations, a large one tests each name's
    members against the subtree: the same members either way."""
    a, _ = people
    if large:
        monkeypatch.setattr(selectors, "LARGE_SUBTREE", 0)
    commune_user = make_user("commune_a", "staff", a.commune)
    in_commune = [m for m in everyone(a) if m.organization_id != a.office.pk]
    for q in ("tran thi", "van trung", "oa", "an"):
        key = search_key(q)
        expected = official(m for m in in_commune if key in m.search_key)
        assert names(member_list(actor=commune_user, q=q)) == expected
        assert pages(member_list(actor=commune_user, q=q)) == expected
        # the same through an organization picked in the list, by the administrator
        assert pages(member_list(actor=admin, q=q, organization=a.commune)) == expected
    assert names(member_list(actor=a.secretary, q="tran thi")) == ["Trần Thị Hoa"]


def test_a_user_without_a_scope_finds_nobody(people, monkeypatch):
    a, _ = people
    nobody = make_user("nobody", "staff", None)
    for large in (False, True):
        monkeypatch.setattr(selectors, "LARGE_SUBTREE", 0 if large else 5_000)
        assert list(member_list(actor=nobody, q="tran thi")) == []
        page = member_page(member_list(actor=nobody, q="tran thi"), 1)
        assert (page.paginator.count, list(page.object_list)) == (0, [])


# --- many matches: the capped count -------------------------------------------------------


@pytest.mark.parametrize("keys", [3_000, 0])  # 0: as for a fragment found in many names
def test_a_count_beyond_the_cap_says_so_and_the_pages_stay_in_order(people, monkeypatch, keys):
    a, _ = people
    monkeypatch.setattr(selectors, "SEARCH_CAP", 3)
    monkeypatch.setattr(selectors, "SEARCH_KEYS", keys)
    expected = official(m for m in everyone(a) if "oa" in m.search_key)  # 7 members
    page = member_page(member_list(actor=a.staff, q="oa"), 1, 2)
    assert page.paginator.capped
    assert page.paginator.count == 3  # shown as "more than 3"
    assert page.paginator.num_pages == 2
    assert names(page.object_list) == expected[:2]
    assert names(member_page(member_list(actor=a.staff, q="oa"), 2, 2).object_list) == expected[2:4]
    # up to the cap: exact, not capped
    page = member_page(member_list(actor=a.staff, q="tran thi hoa"), 1, 2)  # Hoa, Hòa, Hoài An
    assert (page.paginator.count, page.paginator.capped) == (3, False)


def test_a_capped_search_with_a_filter_counts_the_filtered_rows(people, monkeypatch):
    a, _ = people
    monkeypatch.setattr(selectors, "SEARCH_CAP", 3)
    page = member_page(member_list(actor=a.staff, q="oa", gender="male"), 1)
    assert (page.paginator.count, page.paginator.capped) == (3, False)  # of 7
    assert set(names(page.object_list)) == {"Nguyễn Văn Hoàng", "Phạm Khoa", "Hoàng Văn Dũng"}


# --- the names the search knows ---------------------------------------------------------


def test_a_new_or_renamed_member_is_found_by_the_new_name(people, admin):
    a, _ = people
    new = make_member(admin, a.branch1, full_name="Vi Thị Ngọc Xuyến")
    assert list(member_list(actor=a.staff, q="ngoc xuyen")) == [new]
    member_update(actor=admin, member=new, changes={"full_name": "Vi Thị Ngọc Xuân"})
    assert list(member_list(actor=a.staff, q="ngoc xuan")) == [new]
    assert list(member_list(actor=a.staff, q="ngoc xuyen")) == []
    assert member_page(member_list(actor=a.staff, q="ngoc xuyen"), 1).paginator.count == 0


def test_members_inserted_in_bulk_are_found(people):
    """Imports and the demo insert many rows in one statement (COPY on PostgreSQL)."""
    a, _ = people
    model = Member.objects.get(full_name="Phạm Khoa")
    rows = []
    for i, given in enumerate(["Khuê", "Khuyến", "Khuyên"]):
        row = Member.objects.get(pk=model.pk)
        row.pk, row.citizen_id, row.party_card_number = None, f"09919900{i:04d}", None
        row.full_name, row.given_name = f"Phạm {given}", given
        row.search_key = search_key(row.full_name)
        rows.append(row)
    Member.objects.bulk_create(rows)
    assert set(names(member_list(actor=a.staff, q="pham khu"))) == {
        "Phạm Khuê",
        "Phạm Khuyến",
        "Phạm Khuyên",
    }


# --- digits: CCCD and party card ------------------------------------------------------


def test_digits_still_search_citizen_ids_and_party_cards(people, admin):
    a, b = people
    hoa = Member.objects.get(full_name="Trần Thị Hoa")
    member_update(actor=admin, member=hoa, changes={"party_card_number": "93077001"})
    page = member_page(member_list(actor=a.staff, q=hoa.citizen_id), 1)
    assert names(page.object_list) == ["Trần Thị Hoa"]
    assert names(member_list(actor=a.staff, q="9307 7")) == ["Trần Thị Hoa"]
    assert list(member_list(actor=b.staff, q=hoa.citizen_id)) == []
    assert list(member_list(actor=b.staff, q="93077")) == []
