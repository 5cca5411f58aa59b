"""The lists a staffer reads (issue #16): the member list counts whom the statistics count,
the other states are a filter; pipeline, transfers and badges page like the member list."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_member
from tochuc.members.selectors import member_suggestions
from tochuc.members.services import member_death, member_remove
from tochuc.orgs.models import SubtreeCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def leavers(two_provinces):
    """Province A with one member removed and one dead besides its three counted."""
    a, _ = two_provinces
    removed = make_member(a.staff, a.branch1, full_name="Vi Văn Xóa")
    dead = make_member(a.staff, a.branch2, full_name="Nông Thị Mất", gender="female")
    member_remove(
        actor=a.staff,
        member=removed,
        reason="absence",
        effective_date=date(2026, 1, 5),
        document_symbol="4-QĐ/ĐU",
    )
    member_death(actor=a.staff, member=dead, effective_date=date(2026, 1, 9))
    return a


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _total(org) -> int:
    return SubtreeCount.objects.get(organization=org, dimension="member", value="total").count


@pytest.mark.parametrize("where", ["province", "school", "branch2"])
def test_list_total_is_the_statistics_total(leavers, where):
    a = leavers
    org = getattr(a, where)
    client = _client(a.staff)
    page = client.get("/members/", {"organization": org.pk}).content.decode()
    stats = client.get(f"/api/v1/organizations/{org.pk}/stats").json()["members"]["total"]
    api = client.get("/api/v1/members", {"organization": org.pk}).json()
    assert stats == _total(org)
    assert f"Tìm thấy <b>{stats}</b> đảng viên" in page
    assert api["count"] == stats
    names = {m["full_name"] for m in api["results"]}
    assert not names & {"Vi Văn Xóa", "Nông Thị Mất"}


def test_the_other_states_are_a_filter(leavers):
    a = leavers
    client = _client(a.staff)
    by_state = {
        state: {
            m["full_name"]
            for m in client.get(
                "/api/v1/members", {"organization": a.province.pk, "state": state}
            ).json()["results"]
        }
        for state in ("removed", "deceased", "all", "counted")
    }
    assert by_state["removed"] == {"Vi Văn Xóa"}
    assert by_state["deceased"] == {"Nông Thị Mất"}
    assert by_state["all"] == by_state["counted"] | {"Vi Văn Xóa", "Nông Thị Mất"}
    assert len(by_state["counted"]) == 3

    page = client.get("/members/", {"organization": a.province.pk, "state": "all"})
    text = page.content.decode()
    assert "Tìm thấy <b>5</b> đảng viên" in text
    assert "Vi Văn Xóa" in text
    assert '<option value="all" selected>Tất cả tình trạng</option>' in text
    dead = client.get("/members/", {"organization": a.province.pk, "state": "deceased"})
    assert "Nông Thị Mất" in dead.content.decode()
    assert "Vi Văn Xóa" not in dead.content.decode()


def test_default_search_and_export_leave_out_the_uncounted(leavers):
    a = leavers
    client = _client(a.staff)
    found = client.get("/members/", {"organization": a.province.pk, "q": "vi van xoa"})
    assert "Tìm thấy <b>0</b> đảng viên" in found.content.decode()
    found = client.get("/members/", {"q": "vi van xoa", "state": "all"})
    assert "Tìm thấy <b>1</b> đảng viên" in found.content.decode()

    from io import BytesIO

    from openpyxl import load_workbook

    xlsx = client.get("/members/", {"organization": a.province.pk, "format": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert "Nguyễn Văn An" in cells
    assert not cells & {"Vi Văn Xóa", "Nông Thị Mất"}


def test_a_search_without_results_suggests_the_closest_names_in_scope(two_provinces):
    a, b = two_provinces
    make_member(a.staff, a.branch1, full_name="Nguyễn Văn Ân")
    make_member(b.staff, b.office, full_name="Nguyễn Văn Ẩn")  # outside A's scope
    client = _client(a.staff)
    page = client.get("/members/", {"q": "ngyuen van an", "state": "counted"})
    text = page.content.decode()
    assert "Tìm thấy <b>0</b> đảng viên" in text
    assert "Có phải bạn muốn tìm" in text
    assert 'href="?state=counted&amp;q=Nguy%E1%BB%85n%20V%C4%83n%20An">Nguyễn Văn An</a>' in text
    assert "Nguyễn Văn Ẩn" not in text  # the same key as A's "Ân"; shown with A's accents
    followed = client.get("/members/", {"state": "counted", "q": "Nguyễn Văn An"})
    assert "Tìm thấy <b>2</b> đảng viên" in followed.content.decode()

    api = client.get("/api/v1/members", {"q": "ngyuen van an"}).json()
    assert api["count"] == 0
    assert api["suggestions"] == ["Nguyễn Văn An"]
    # Lê Văn Bình is B's: A's staff is never offered the name, B's staff is.
    assert client.get("/api/v1/members", {"q": "le van bihn"}).json()["suggestions"] == []
    other = _client(b.staff).get("/api/v1/members", {"q": "le van bihn"}).json()
    assert other["suggestions"] == ["Lê Văn Bình"]


def test_no_suggestions_when_something_is_found_or_for_numbers(two_provinces):
    a, _ = two_provinces
    client = _client(a.staff)
    found = client.get("/api/v1/members", {"q": "nguyen van an"}).json()
    assert found["count"] == 1 and found["suggestions"] == []
    assert client.get("/api/v1/members", {"q": "0049"}).json()["suggestions"] == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet="nguyễn văn antrhịbìlêoà ", min_size=1, max_size=20))
def test_suggestions_are_names_of_the_actors_list(two_provinces, text):
    a, _ = two_provinces
    own = {"Nguyễn Văn An", "Trần Thị Ánh", "Hoàng Văn Dũng"}
    got = member_suggestions(actor=a.staff, q=text)
    assert len(got) <= 5
    assert set(got) <= own


@pytest.mark.parametrize("page_size", [1, 2, 50])
def test_a_large_subtree_counts_and_pages_the_counted(leavers, monkeypatch, page_size):
    """The path of a province (counted off the indexes, paged by the ordered walks)."""
    from tochuc.members.selectors import search as selectors

    monkeypatch.setattr(selectors, "LARGE_SUBTREE", 1)
    a = leavers
    client = _client(a.staff)
    seen, page_no, pages = [], 1, 1
    while page_no <= pages:
        params = {"organization": a.province.pk, "page": page_no, "page_size": page_size}
        body = client.get("/api/v1/members", params).json()
        assert body["count"] == _total(a.province) == 3
        seen += [m["full_name"] for m in body["results"]]
        pages, page_no = body["pages"], page_no + 1
    assert sorted(seen) == sorted(m.full_name for m in a.members)
    women = client.get("/api/v1/members", {"organization": a.province.pk, "gender": "female"})
    assert women.json()["count"] == 1  # Nông Thị Mất, dead, is not counted


def test_a_branch_in_lists_carries_its_parent(two_provinces):
    a, _ = two_provinces
    client = _client(a.staff)
    html = client.get("/members/", {"organization": a.province.pk}).content.decode()
    # a branch of a grassroots committee, a grassroots branch of a commune's committee
    assert "Chi bộ Giáo viên — Đảng bộ Trường THPT Cao Bằng" in html
    assert "Chi bộ thôn Nà Cao Bằng — Đảng bộ xã Một Cao Bằng" in html


def test_the_list_reads_the_parents_without_a_query_each(two_provinces):
    a, _ = two_provinces
    client = _client(a.staff)
    client.get("/members/", {"organization": a.province.pk})  # the session, the rules cached
    few = _queries(client, a)
    for org in (a.branch2, a.village, a.office, a.branch1):
        make_member(a.staff, org, full_name="Lò Văn Số")
    assert _queries(client, a) == few


def _queries(client, a) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/members/", {"organization": a.province.pk})
    return len(captured)


WORDS = ["Hai", "Ba", "Bốn", "Năm", "Sáu"]


def _candidates(a, n):
    from tochuc.members.services import candidate_create

    for i in range(n):
        candidate_create(
            actor=a.staff,
            organization=a.branch1 if i % 2 else a.village,
            full_name=f"Quàng Văn Cử {WORDS[i]}",
            gender="male",
            birth_date=date(2000, 1, 1),
            listed_on=date(2026, 1, 2),
        )


def test_the_admission_pipeline_pages(two_provinces, monkeypatch):
    from tochuc.members import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    a, _ = two_provinces
    _candidates(a, 5)
    client = _client(a.staff)
    first = client.get("/members/candidates/", {"organization": a.province.pk}).content.decode()
    assert "Trang 1 / 3" in first
    assert "(5)</h2>" in first  # the step's count is of all its files
    shown = {f"Quàng Văn Cử {WORDS[i]}" for i in range(5) if f"Quàng Văn Cử {WORDS[i]}" in first}
    assert len(shown) == 2
    assert f'href="?organization={a.province.pk}&amp;page=2"' in first
    last = client.get("/members/candidates/", {"organization": a.province.pk, "page": 3})
    text = last.content.decode()
    assert "Trang 3 / 3" in text
    assert sum(f"Quàng Văn Cử {WORDS[i]}" in text for i in range(5)) == 1
    assert "Chi bộ Giáo viên — Đảng bộ Trường THPT Cao Bằng" in first + text


def test_the_transfer_lists_page_each_on_its_own(two_provinces, monkeypatch):
    from tochuc.members import views
    from tochuc.members.services import member_transfer_start

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    a, b = two_provinces
    movers = [make_member(a.staff, a.branch2, full_name=f"Sầm Văn Đi {WORDS[i]}") for i in range(3)]
    for i, m in enumerate(movers):
        member_transfer_start(
            actor=a.staff,
            member=m,
            kind="permanent",
            to_org=b.office,
            start_date=date(2026, 3, 2 + i),
            letter_symbol=f"{i}-GGT",
            dues_paid_to=date(2026, 2, 1),
        )
    sent = _client(a.staff).get("/members/transfers/").content.decode()
    assert "Đã giới thiệu đi, chờ nơi đến tiếp nhận (3)" in sent
    assert "Trang 1 / 2" in sent and 'href="?out=2"' in sent
    assert sum(f"Sầm Văn Đi {WORDS[i]}" in sent for i in range(3)) == 2
    assert "Chi bộ Hành chính — Đảng bộ Trường THPT Cao Bằng" in sent
    received = _client(b.staff).get("/members/transfers/", {"in": 2}).content.decode()
    assert "Chờ tiếp nhận tại đơn vị (3)" in received and "Trang 2 / 2" in received
    assert sum(f"Sầm Văn Đi {WORDS[i]}" in received for i in range(3)) == 1
    assert "Chi bộ Sở Nội vụ — Đảng bộ Khối cơ quan tỉnh Lạng Sơn" in received


def test_the_badge_list_pages_and_awards_the_page_shown(two_provinces, admin, monkeypatch):
    from tochuc.members import views
    from tochuc.members.models import Badge

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    a, _ = two_provinces
    due = [
        make_member(
            admin,
            a.branch1,
            full_name=f"Nông Văn Đủ {WORDS[i]}",
            birth_date=date(1960, 1, 1),
            admission_date=date(1996, 2, 3),
            official_date=date(1997, 2, 3),
        )
        for i in range(3)
    ]
    client = _client(a.staff)
    url = "/members/badges/?occasion=2026-02-03&page=2"
    html = client.get(url).content.decode()
    assert "Trang 2 / 2" in html
    assert "«Chọn tất cả» chỉ chọn 1 người của trang đang xem (trang 2 / 2)" in html
    assert "Chi bộ Giáo viên — Đảng bộ Trường THPT Cao Bằng" in html
    shown = [m for m in due if f"{m.pk}:30:due" in html]
    assert len(shown) == 1
    response = client.post(
        url, {"pick": [f"{shown[0].pk}:30:due"], "document_symbol": "9-QĐ/TU"}, follow=True
    )
    assert "Đã ghi nhận trao Huy hiệu Đảng cho 1 đảng viên." in response.content.decode()
    assert list(Badge.objects.values_list("member_id", flat=True)) == [shown[0].pk]
    left = client.get("/members/badges/?occasion=2026-02-03").content.decode()
    assert sum(f"{m.pk}:30:due" in left for m in due) == 2
