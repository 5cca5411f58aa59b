"""The JSON API at /api/v1/: authentication, every endpoint, scope, Vietnamese errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from tests.factories import citizen_id_for
from tochuc.accounts.services import user_create
from tochuc.core.models import AuditEvent
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member
from tochuc.orgs.models import Organization, SubtreeCount

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"detail": "Chưa đăng nhập hoặc token không hợp lệ."}
NOT_FOUND = {"detail": "Không tìm thấy."}


class Api:
    """A client for /api/v1 that logs in by session or by bearer token."""

    def __init__(self, user=None, token=None, **client_options):
        self.client = Client(**client_options)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if user is not None:
            self.client.force_login(user)

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def post(self, path, body):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )

    def patch(self, path, body):
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )

    def call(self, method, path, body=None):
        if method == "GET":
            return self.get(path, body)
        return getattr(self, method.lower())(path, body)


@pytest.fixture
def world(two_provinces, admin):
    a, b = two_provinces
    _, token = user_create(
        actor=admin, username="script_a", role="staff", scope=a.province, with_token=True
    )
    a.token = token
    return a, b


@pytest.fixture
def staff_a(world):
    return Api(world[0].staff)


def new_member(org, **changes) -> dict:
    body = {
        "organization_id": org.pk,
        "full_name": "Trần Thị Bích Ngọc",
        "gender": "female",
        "birth_date": "1992-08-20",
        "admission_date": "2015-03-26",
        "official_date": "2016-03-26",
        "status": "official",
        "citizen_id": citizen_id_for("female", date(1992, 8, 20)),
        "ethnicity": "Tày",
    }
    body.update(changes)
    return body


def member_row(pk) -> dict:
    return Member.objects.filter(pk=pk).values().get()


def everything():
    return (
        list(Member.objects.order_by("pk").values()),
        list(Organization.objects.order_by("pk").values()),
        sorted(SubtreeCount.objects.values_list("organization_id", "dimension", "value", "count")),
        AuditEvent.objects.count(),
    )


# --- authentication ---------------------------------------------------------------------


def endpoints(a, b):
    """Every endpoint, called on A's objects (so only authentication and scope decide)."""
    return [
        ("GET", "/organizations", {"q": "cao bang"}),
        ("GET", f"/organizations/{a.province.pk}", None),
        ("GET", f"/organizations/{a.province.pk}/children", None),
        ("GET", f"/organizations/{a.province.pk}/stats", None),
        (
            "POST",
            "/organizations",
            {"name": "Chi bộ mới", "kind": "branch", "parent_id": a.school.pk},
        ),
        ("PATCH", f"/organizations/{a.school.pk}", {"name": "Đảng bộ mới"}),
        ("GET", "/members", {"q": "an"}),
        ("GET", f"/members/{a.members[0].pk}", None),
        ("POST", "/members", new_member(a.branch1)),
        ("PATCH", f"/members/{a.members[0].pk}", {"phone": "0987654321"}),
    ]


def test_anonymous_gets_401_everywhere(world, settings):
    # Many bad tokens from one address on purpose: the lockout they would cause has its own
    # tests (tests/accounts/test_lockout.py).
    settings.AXES_FAILURE_LIMIT = 1000
    a, b = world
    before = everything()
    for method, path, body in endpoints(a, b):
        for api in (Api(), Api(token="not-a-token"), Api(token=a.token + "x")):
            response = api.call(method, path, body)
            assert response.status_code == 401, (method, path)
            assert response.json() == UNAUTHENTICATED
    assert everything() == before


def test_session_login_and_bearer_token_both_work(world):
    a, _ = world
    by_session = Api(a.staff).get(f"/organizations/{a.province.pk}")
    by_token = Api(token=a.token).get(f"/organizations/{a.province.pk}")
    assert by_session.status_code == by_token.status_code == 200
    assert by_session.json() == by_token.json()
    created = Api(token=a.token).post("/members", new_member(a.branch1))
    assert created.status_code == 201
    audit = AuditEvent.objects.get(action="member.create", target_id=created.json()["id"])
    assert audit.actor.username == "script_a"


def test_session_writes_need_the_csrf_token(world):
    a, _ = world
    api = Api(a.staff, enforce_csrf_checks=True)
    response = api.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 403
    assert member_row(a.members[0].pk)["phone"] == ""
    # scripts use a token and need no CSRF token
    api = Api(token=a.token, enforce_csrf_checks=True)
    response = api.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 200


def test_openapi_lists_every_path(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/v1/organizations": {"get", "post"},
        "/api/v1/organizations/{org_id}": {"get", "patch"},
        "/api/v1/organizations/{org_id}/children": {"get"},
        "/api/v1/organizations/{org_id}/stats": {"get"},
        "/api/v1/members": {"get", "post"},
        "/api/v1/members/{member_id}": {"get", "patch"},
    }.items():
        assert methods <= set(paths[path]), path


# --- organizations ----------------------------------------------------------------------


def test_organization_search(world, staff_a):
    a, b = world
    response = staff_a.get("/organizations", {"q": "cao bang"})
    assert response.status_code == 200
    found = response.json()
    assert [o["name"] for o in found][0] == "Đảng bộ tỉnh Cao Bằng"
    assert found[0] == {
        "id": a.province.pk,
        "code": "A",
        "name": "Đảng bộ tỉnh Cao Bằng",
        "kind": "province",
        "kind_label": "Đảng bộ tỉnh, thành phố",
        "parent_id": None,
        "depth": 0,
    }
    assert staff_a.get("/organizations", {"q": "lang son"}).json() == []
    names = [o["name"] for o in staff_a.get("/organizations", {"kind": "branch"}).json()]
    assert names == ["Chi bộ Giáo viên", "Chi bộ Hành chính"]
    assert len(staff_a.get("/organizations", {"limit": 2}).json()) == 2
    assert staff_a.get("/organizations", {"limit": -1}).json() == []
    response = staff_a.get("/organizations", {"limit": "many"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["phải là số nguyên"]}


def test_organization_detail_children_and_stats(world, staff_a):
    a, _ = world
    detail = staff_a.get(f"/organizations/{a.school.pk}").json()
    assert detail["name"] == "Đảng bộ Trường THPT Cao Bằng"
    assert detail["parent_id"] == a.commune.pk
    children = staff_a.get(f"/organizations/{a.school.pk}/children").json()
    assert {c["name"] for c in children} == {"Chi bộ Giáo viên", "Chi bộ Hành chính"}
    stats = staff_a.get(f"/organizations/{a.province.pk}/stats").json()
    assert stats["organization"]["id"] == a.province.pk
    assert stats["members"] == {"total": 3, "probationary": 1, "official": 2, "women": 1}
    assert stats["organizations"]["grassroots_committee"] == 1
    assert stats["summary"].endswith(
        "3 TCCSĐ (1 đảng bộ cơ sở, 2 chi bộ cơ sở), 2 chi bộ trực thuộc, 3 đảng viên"
    )


def test_organization_create(world, staff_a):
    a, _ = world
    response = staff_a.post(
        "/organizations",
        {
            "name": "Chi bộ  Thư viện",
            "kind": "branch",
            "parent_id": a.school.pk,
            "established_on": "2026-01-15",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Chi bộ Thư viện"
    assert body["depth"] == 3 and body["parent_id"] == a.school.pk
    assert body["code"] == f"TC{body['id']}"
    stats = staff_a.get(f"/organizations/{a.school.pk}/stats").json()
    assert stats["organizations"]["branch"] == 3


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"kind": "branch"}, "name", "thiếu giá trị bắt buộc"),
        ({"name": "Chi bộ X"}, "kind", "thiếu giá trị bắt buộc"),
        ({"name": "Chi bộ X", "kind": "cell"}, "kind", "không hợp lệ"),
        (
            {"name": "Chi bộ X", "kind": "branch", "established_on": "15/01/2026"},
            "established_on",
            "ngày không hợp lệ",
        ),
        ({"name": " ", "kind": "branch"}, "name", "không được để trống"),
        ({"name": "Chi bộ X", "kind": "upper"}, "parent", "không thể trực thuộc"),
    ],
)
def test_organization_create_bad_input(world, staff_a, body, field, words):
    a, _ = world
    before = everything()
    response = staff_a.post("/organizations", {"parent_id": a.school.pk, **body})
    assert response.status_code == 422
    data = response.json()
    assert field in data["errors"]
    assert words in data["detail"]
    assert everything() == before


def test_organization_rename_and_move(world, staff_a, admin):
    a, _ = world
    response = staff_a.patch(
        f"/organizations/{a.school.pk}",
        {
            "name": "Đảng bộ Trường THPT Chuyên",
            "effective_date": "2025-09-01",
        },
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Đảng bộ Trường THPT Chuyên"
    response = staff_a.patch(f"/organizations/{a.school.pk}", {"parent_id": a.bloc.pk})
    assert response.status_code == 200
    assert response.json()["parent_id"] == a.bloc.pk
    assert response.json()["depth"] == 2
    bloc = staff_a.get(f"/organizations/{a.bloc.pk}/stats").json()
    assert bloc["members"]["total"] == 2
    assert stats_drift() == []
    # both at once
    response = staff_a.patch(
        f"/organizations/{a.school.pk}",
        {
            "name": "Đảng bộ Trường THPT Cao Bằng",
            "parent_id": a.commune.pk,
        },
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Đảng bộ Trường THPT Cao Bằng"
    assert response.json()["parent_id"] == a.commune.pk


def test_the_top_of_ones_scope_is_renamed_from_above_only(world, staff_a):
    a, _ = world
    refusal = (
        "«Đảng bộ tỉnh Cao Bằng» là tổ chức gốc trong phạm vi của bạn: chỉ cấp trên mới được "
        "đổi tên / chuyển / giải thể."
    )
    plan = staff_a.post(
        "/restructuring/plans",
        {
            "organization_id": a.province.pk,
            "title": "Đổi tên tỉnh",
            "decision_symbol": "1-QĐ/TU",
            "effective_date": "2026-07-01",
        },
    ).json()
    before = everything()
    for body in ({"name": "Đảng bộ tỉnh khác"}, {"parent_id": a.commune.pk}):
        response = staff_a.patch(f"/organizations/{a.province.pk}", body)
        assert response.status_code == 403, body
        assert response.json() == {"detail": refusal}
    response = staff_a.post(
        f"/restructuring/plans/{plan['id']}/operations",
        {"kind": "rename", "params": {"organization": a.province.pk, "name": "Tỉnh khác"}},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"organization": [refusal]}
    assert everything() == before
    response = staff_a.patch(f"/organizations/{a.commune.pk}", {"name": "Đảng bộ xã Hai"})
    assert response.status_code == 200


def test_a_refused_organization_patch_changes_nothing(world, staff_a):
    a, b = world
    before = everything()
    # rename is fine, the move is not: neither is kept
    response = staff_a.patch(
        f"/organizations/{a.commune.pk}",
        {
            "name": "Đảng bộ phường Một",
            "parent_id": a.branch1.pk,
        },
    )
    assert response.status_code == 422
    assert "parent" in response.json()["errors"]
    response = staff_a.patch(
        f"/organizations/{a.commune.pk}",
        {
            "name": "Đảng bộ phường Một",
            "parent_id": b.province.pk,
        },
    )
    assert response.status_code == 404
    response = staff_a.patch(f"/organizations/{a.commune.pk}", {"name": ""})
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Tên tổ chức không được để trống."]}
    response = staff_a.patch(f"/organizations/{a.commune.pk}", {"parent_id": "abc"})
    assert response.status_code == 422
    assert "parent_id" in response.json()["detail"]
    assert everything() == before


# --- members ----------------------------------------------------------------------------


def test_member_search_and_filters(world, staff_a):
    a, _ = world
    page = staff_a.get("/members").json()
    assert page["count"] == 3 and page["page"] == 1 and page["pages"] == 1
    assert [m["full_name"] for m in page["results"]] == [
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Hoàng Văn Dũng",
    ]
    first = page["results"][0]
    assert first["organization_id"] == a.branch1.pk
    assert first["organization_name"] == "Chi bộ Giáo viên"
    assert first["birth_date"] == "1985-03-15"

    def found(**params):
        response = staff_a.get("/members", params)
        assert response.status_code == 200, response.content
        return [m["full_name"] for m in response.json()["results"]]

    assert found(q="tran thi anh") == ["Trần Thị Ánh"]
    assert found(q=a.members[0].citizen_id) == ["Nguyễn Văn An"]
    assert found(q="004190") == ["Trần Thị Ánh"]
    assert found(organization=a.school.pk) == ["Nguyễn Văn An", "Trần Thị Ánh"]
    assert found(status="probationary") == ["Hoàng Văn Dũng"]
    assert found(gender="female") == ["Trần Thị Ánh"]
    assert found(organization=a.school.pk, gender="male") == ["Nguyễn Văn An"]


def test_member_pages(world, staff_a, admin):
    a, _ = world
    page = staff_a.get("/members", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and page["pages"] == 2 and page["page"] == 2
    assert [m["full_name"] for m in page["results"]] == ["Hoàng Văn Dũng"]
    assert staff_a.get("/members", {"page_size": 2, "page": 99}).json()["page"] == 2
    assert staff_a.get("/members", {"page_size": 2, "page": 0}).json()["page"] == 1
    response = staff_a.get("/members", {"page": "abc"})
    assert response.status_code == 422
    assert response.json()["detail"] == "page: phải là số nguyên"
    for path in ("/members/abc", "/organizations/abc"):
        response = staff_a.get(path)
        assert response.status_code == 422
        assert "phải là số nguyên" in response.json()["detail"]


def test_member_detail(world, staff_a):
    a, _ = world
    an = a.members[0]
    body = staff_a.get(f"/members/{an.pk}").json()
    assert body["full_name"] == "Nguyễn Văn An"
    assert body["citizen_id"] == an.citizen_id
    assert body["status"] == "official"
    assert body["official_date"] == "2011-05-19"
    assert body["organization_name"] == "Chi bộ Giáo viên"
    assert body["ethnicity"] == "Kinh"


def test_member_create(world, staff_a, admin):
    a, _ = world
    response = staff_a.post("/members", new_member(a.branch2, phone="0912 345 678"))
    assert response.status_code == 201
    body = response.json()
    assert body["full_name"] == "Trần Thị Bích Ngọc"
    assert body["organization_name"] == "Chi bộ Hành chính"
    assert body["phone"] == "0912345678"
    saved = Member.objects.get(pk=body["id"])
    assert saved.given_name == "Ngọc"
    assert staff_a.get("/members", {"q": "bich ngoc"}).json()["count"] == 1
    assert staff_a.get(f"/organizations/{a.branch2.pk}/stats").json()["members"]["total"] == 2


def test_member_update(world, staff_a):
    a, _ = world
    dung = a.members[2]
    response = staff_a.patch(
        f"/members/{dung.pk}",
        {
            "status": "official",
            "admission_date": "2024-09-02",
            "official_date": "2025-09-02",
            "theory_level": "so_cap",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "official" and body["official_date"] == "2025-09-02"
    assert body["theory_level"] == "so_cap"
    assert body["full_name"] == "Hoàng Văn Dũng"  # untouched fields stay
    stats = staff_a.get(f"/organizations/{a.province.pk}/stats").json()
    assert stats["members"]["probationary"] == 0
    audit = AuditEvent.objects.filter(action="member.update", target_id=dung.pk).get()
    assert set(audit.after) == {"status", "admission_date", "official_date", "theory_level"}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"birth_date": "31/02/2020"}, "birth_date", "ngày không hợp lệ"),
        ({"birth_date": "2020-02-31"}, "birth_date", "ngày không hợp lệ"),
        ({"birth_date": "abc"}, "birth_date", "ngày không hợp lệ"),
        ({"citizen_id": "123"}, "citizen_id", "12 chữ số"),
        ({"citizen_id": 123}, "citizen_id", "chuỗi"),
        ({"gender": "nam"}, "gender", "Nam hoặc Nữ"),
        ({"phone": "12345"}, "phone", "10 chữ số"),
        ({"youth_union": "maybe"}, "youth_union", "true hoặc false"),
        ({"youth_union": None}, "youth_union", "có hoặc không"),
        ({"status": None}, "status", "dự bị hoặc chính thức"),
        ({"full_name": "Nguyễn Văn 3", "phone": "0987654321"}, "full_name", "chữ cái"),
        ({"admission_date": "2003-03-14"}, "admission_date", "Tuổi khi vào Đảng là 17"),
    ],
)
def test_a_bad_member_patch_is_refused_and_changes_nothing(world, staff_a, body, field, words):
    a, _ = world
    an = a.members[0]
    before = everything()
    response = staff_a.patch(f"/members/{an.pk}", body)
    assert response.status_code == 422, response.content
    data = response.json()
    assert field in data["errors"], data
    assert words in data["detail"]
    assert everything() == before


@pytest.mark.parametrize(
    ("changes", "drop", "field", "words"),
    [
        ({}, "full_name", "full_name", "Họ và tên không được để trống"),
        ({}, "birth_date", "birth_date", "Ngày sinh không được để trống"),
        ({}, "organization_id", "organization_id", "thiếu giá trị bắt buộc"),
        ({"citizen_id": "123"}, None, "citizen_id", "12 chữ số"),
        ({"official_date": "2015-12-01"}, None, "official_date", "ít nhất 12 tháng"),
        ({"ethnicity": "Việt"}, None, "ethnicity", "54 dân tộc"),
        ({"birth_date": "2026-13-01"}, None, "birth_date", "ngày không hợp lệ"),
    ],
)
def test_a_bad_member_post_is_refused(world, staff_a, changes, drop, field, words):
    a, _ = world
    body = new_member(a.branch1, **changes)
    if drop:
        del body[drop]
    before = everything()
    response = staff_a.post("/members", body)
    assert response.status_code == 422, response.content
    data = response.json()
    assert field in data["errors"], data
    assert words in data["detail"]
    assert everything() == before


def test_a_member_only_joins_a_branch(world, staff_a):
    a, _ = world
    response = staff_a.post("/members", new_member(a.school))
    assert response.status_code == 422
    assert "organization" in response.json()["errors"]
    assert "chi bộ" in response.json()["detail"]


def test_duplicate_citizen_id_is_refused(world, staff_a):
    a, _ = world
    response = staff_a.post(
        "/members",
        new_member(a.branch1, citizen_id=a.members[1].citizen_id, birth_date="1990-01-02"),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"Số CCCD {a.members[1].citizen_id} đã có trong hồ sơ một đảng viên khác."
    )


# --- scope on every endpoint ----------------------------------------------------------------


def test_province_a_never_reaches_province_b(world):
    a, b = world
    theirs = b.members[0]
    before = everything()
    for api in (Api(a.staff), Api(token=a.token), Api(a.viewer), Api(a.secretary)):
        for method, path, body in [
            ("GET", f"/organizations/{b.province.pk}", None),
            ("GET", f"/organizations/{b.office.pk}", None),
            ("GET", f"/organizations/{b.province.pk}/children", None),
            ("GET", f"/organizations/{b.province.pk}/stats", None),
            ("GET", f"/organizations/{b.office.pk}/stats", None),
            (
                "POST",
                "/organizations",
                {"name": "Chi bộ lạ", "kind": "grassroots_branch", "parent_id": b.bloc.pk},
            ),
            ("PATCH", f"/organizations/{b.office.pk}", {"name": "Chi bộ đổi tên"}),
            ("PATCH", f"/organizations/{b.office.pk}", {"parent_id": a.bloc.pk}),
            ("PATCH", f"/organizations/{a.office.pk}", {"parent_id": b.bloc.pk}),
            ("GET", f"/members/{theirs.pk}", None),
            ("GET", "/members", {"organization": b.province.pk}),
            ("POST", "/members", new_member(b.office)),
            ("PATCH", f"/members/{theirs.pk}", {"phone": "0987654321"}),
        ]:
            response = api.call(method, path, body)
            # out of sight comes before "may not write": a viewer gets 404 here too
            assert response.status_code == 404, (method, path, response.content)
            assert response.json() == NOT_FOUND
        # nothing of B by list or by search
        for params in [{}, {"q": "lang son"}, {"q": "chi bo so noi vu"}, {"kind": "province"}]:
            listed = api.get("/organizations", params).json()
            assert all(not o["name"].endswith("Lạng Sơn") for o in listed), params
            assert b.office.pk not in {o["id"] for o in listed}
        for params in [
            {},
            {"q": "le van binh"},
            {"q": theirs.citizen_id},
            {"q": theirs.citizen_id[:4]},
            {"gender": "male"},
            {"status": "official"},
        ]:
            page = api.get("/members", params).json()
            assert theirs.pk not in {m["id"] for m in page["results"]}, params
    assert everything() == before


def test_a_viewer_reads_but_cannot_write(world):
    a, _ = world
    viewer = Api(a.viewer)
    assert viewer.get(f"/members/{a.members[0].pk}").status_code == 200
    assert viewer.get(f"/organizations/{a.province.pk}/stats").status_code == 200
    before = everything()
    for method, path, body in [
        (
            "POST",
            "/organizations",
            {"name": "Chi bộ mới", "kind": "branch", "parent_id": a.school.pk},
        ),
        ("PATCH", f"/organizations/{a.school.pk}", {"name": "Đảng bộ mới"}),
        ("PATCH", f"/organizations/{a.school.pk}", {"parent_id": a.bloc.pk}),
        ("POST", "/members", new_member(a.branch1)),
        ("PATCH", f"/members/{a.members[0].pk}", {"phone": "0987654321"}),
    ]:
        response = viewer.call(method, path, body)
        assert response.status_code == 403, (method, path)
        assert response.json() == {
            "detail": "Tài khoản chỉ có quyền xem, không được thay đổi dữ liệu."
        }
    assert everything() == before


def test_a_secretary_works_in_their_branch_only(world):
    a, _ = world
    secretary = Api(a.secretary)
    page = secretary.get("/members").json()
    assert [m["full_name"] for m in page["results"]] == ["Nguyễn Văn An"]
    response = secretary.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 200
    assert (
        secretary.patch(f"/members/{a.members[1].pk}", {"phone": "0987654321"}).status_code == 404
    )
    assert secretary.post("/members", new_member(a.branch1)).status_code == 201
    assert secretary.post("/members", new_member(a.branch2)).status_code == 404
    response = secretary.patch(f"/organizations/{a.branch1.pk}", {"name": "Chi bộ mới"})
    assert response.status_code == 403
    assert "Bí thư chi bộ" in response.json()["detail"]
    assert secretary.get(f"/organizations/{a.school.pk}").status_code == 404


def test_ninja_errors_are_said_in_vietnamese(two_provinces):
    from django.test import Client

    a, _ = two_provinces
    client = Client(enforce_csrf_checks=True)
    client.force_login(a.staff)
    response = client.patch(
        f"/api/v1/members/{a.members[0].pk}", "{}", content_type="application/json"
    )
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    client = Client()
    client.force_login(a.staff)
    response = client.patch(
        f"/api/v1/members/{a.members[0].pk}", "{không phải json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_an_organization_patch_with_an_old_version_is_409_and_writes_nothing(world, staff_a):
    """Issue #16: two scripts (or tabs) read the school; the first renames it, the second
    moves it with the version it read: refused, naming the rename; the school stays put."""
    a, _ = world
    version = staff_a.get(f"/organizations/{a.school.pk}").json()["version"]
    renamed = staff_a.patch(
        f"/organizations/{a.school.pk}", {"name": "Đảng bộ Trường THPT Chuyên", "version": version}
    )
    assert renamed.status_code == 200 and renamed.json()["version"] != version
    stale = staff_a.patch(
        f"/organizations/{a.school.pk}", {"parent_id": a.bloc.pk, "version": version}
    )
    assert stale.status_code == 409
    assert "Tên Đảng bộ Trường THPT Cao Bằng → Đảng bộ Trường THPT Chuyên" in stale.json()["detail"]
    assert staff_a.get(f"/organizations/{a.school.pk}").json()["parent_id"] == a.commune.pk
    fresh = staff_a.patch(
        f"/organizations/{a.school.pk}",
        {"parent_id": a.bloc.pk, "version": renamed.json()["version"]},
    )
    assert fresh.status_code == 200 and fresh.json()["parent_id"] == a.bloc.pk
    schema = staff_a.get("/openapi.json").json()
    assert "409" in schema["paths"]["/api/v1/organizations/{org_id}"]["patch"]["responses"]


def test_an_organization_name_longer_than_its_column_is_refused_naming_the_limit(world, staff_a):
    a, _ = world
    response = staff_a.patch(f"/organizations/{a.school.pk}", {"name": "Chi bộ " + "x" * 300})
    assert response.status_code == 422
    assert "quá giới hạn 255 ký tự" in response.json()["errors"]["name"][0]
