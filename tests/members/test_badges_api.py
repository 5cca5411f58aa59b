"""/api/v1/badges: the Huy hiệu Đảng list of a subtree for an occasion, and recording the
awards, read and written through what the page uses; nothing outside the user's subtree."""

from datetime import date

import pytest

from tests.api import NOT_FOUND, Api
from tests.factories import make_member
from tochuc.members.badges import badge_candidates
from tochuc.members.models import Badge

pytestmark = pytest.mark.django_db

OCCASION = date(2026, 2, 3)


@pytest.fixture
def due(two_provinces, admin):
    """Two members of A and one of B who reach 30 years on the occasion."""
    a, b = two_provinces
    made = [
        make_member(
            admin,
            org,
            full_name=name,
            birth_date=date(1970, 5, 5),
            admission_date=date(1996, 1, 10),
            official_date=date(1997, 2, 10),
        )
        for org, name in (
            (a.branch1, "Vi Văn Ba Mươi"),
            (a.branch2, "Vi Thị Đủ"),
            (b.office, "Vi Văn Lạng"),
        )
    ]
    return a, b, made


def _list(api, **params):
    return api.get("/badges", {"occasion": OCCASION.isoformat(), **params})


def test_the_list_is_the_pages_list_within_the_subtree(due):
    a, b, (first, second, other) = due
    got = _list(Api(a.staff)).json()
    expected = badge_candidates(actor=a.staff, occasion=OCCASION)
    assert got["occasion"] == "2026-02-03" and got["count"] == len(expected) >= 2
    assert [(r["member_id"], r["years"], r["kind"]) for r in got["results"]] == [
        (c.member.pk, c.years, c.kind) for c in expected
    ]
    row = next(r for r in got["results"] if r["member_id"] == first.pk)
    assert row["organization_name"] == a.branch1.name and row["kind_label"] == "Đủ tuổi Đảng"
    assert row["reached"] == "2026-01-10"
    assert other.pk not in {r["member_id"] for r in got["results"]}
    # One organization's subtree; another province's is not found.
    narrowed = _list(Api(a.staff), organization=a.branch2.pk).json()
    assert {r["member_id"] for r in narrowed["results"]} == {second.pk}
    response = _list(Api(a.staff), organization=b.office.pk)
    assert response.status_code == 404 and response.json() == NOT_FOUND


def test_the_list_pages_like_the_other_lists(due):
    a, *_ = due
    api = Api(a.staff)
    whole = _list(api).json()
    first = _list(api, page_size=1).json()
    assert first["pages"] == whole["count"] and len(first["results"]) == 1
    last = _list(api, page_size=1, page=999).json()  # the nearest page, as the page's pager
    assert last["page"] == whole["count"]
    assert last["results"][0] == whole["results"][-1]


def test_the_next_occasion_by_default(due):
    from tochuc.members.badges import next_badge_occasion

    a, *_ = due
    got = Api(a.staff).get("/badges").json()
    assert got["occasion"] == next_badge_occasion(date.today()).isoformat()


def test_awards_are_recorded_as_the_page_records_them(due):
    a, _, (first, second, _) = due
    body = {
        "occasion": "2026-02-03",
        "document_symbol": "12-QĐ/TU",
        "awards": [
            {"member_id": first.pk, "years": 30, "kind": "due"},
            {"member_id": second.pk, "years": 30},
        ],
    }
    response = Api(a.staff).post("/badges/awards", body)
    assert response.status_code == 201 and response.json() == {"awarded": 2}
    badge = Badge.objects.get(member=first)
    assert (badge.years, badge.occasion, badge.document_symbol) == (30, OCCASION, "12-QĐ/TU")
    assert first.pk not in {r["member_id"] for r in _list(Api(a.staff)).json()["results"]}
    # A second award of the same level is refused naming the member, and nothing is written.
    again = Api(a.staff).post("/badges/awards", body)
    assert again.status_code == 422 and again.json()["detail"].startswith("Vi Văn Ba Mươi đã nhận")
    assert Badge.objects.filter(member__in=[first, second]).count() == 2


def test_an_empty_choice_and_a_wrong_kind_are_refused(due):
    a, _, (first, *_) = due
    api = Api(a.staff)
    empty = api.post("/badges/awards", {"occasion": "2026-02-03", "awards": []})
    assert empty.status_code == 422
    assert empty.json()["detail"] == "Chọn ít nhất một đảng viên trong danh sách."
    wrong = api.post(
        "/badges/awards",
        {"occasion": "2026-02-03", "awards": [{"member_id": first.pk, "years": 30, "kind": "x"}]},
    )
    assert wrong.status_code == 422 and not Badge.objects.exists()


def test_nobody_outside_and_no_viewer_records(due):
    a, b, (first, _, other) = due
    body = {"occasion": "2026-02-03", "awards": [{"member_id": other.pk, "years": 30}]}
    outside = Api(a.staff).post("/badges/awards", body)
    assert outside.status_code == 404 and outside.json() == NOT_FOUND
    assert "Vi Văn Lạng" not in outside.content.decode()
    body["awards"] = [{"member_id": first.pk, "years": 30}]
    viewer = Api(a.viewer).post("/badges/awards", body)
    assert viewer.status_code == 403 and not Badge.objects.exists()
    assert _list(Api(a.viewer)).status_code == 200  # a viewer reads the list


def test_the_list_takes_a_fixed_number_of_queries(due, admin, django_assert_num_queries):
    """The session, the user, the scope's path, the members due, their events (and the
    organization asked for): however many rows."""
    a, *_ = due
    api = Api(a.staff)
    for i in range(3):
        make_member(
            admin,
            a.branch1,
            full_name=f"Vi Văn Thêm {'ABC'[i]}",
            birth_date=date(1970, 5, 5),
            admission_date=date(1996, 1, 10 + i),
            official_date=date(1997, 2, 10),
        )
    _list(api)  # the rules are read once a minute
    with django_assert_num_queries(5):
        assert _list(api).json()["count"] == 5
    with django_assert_num_queries(6):
        _list(api, organization=a.branch1.pk)
