"""The JSON API's organizations: search, detail, children, stats, create, rename, move."""

from __future__ import annotations

import pytest

import tests.api
from tests.api import everything
from tochuc.members.counters import stats_drift

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a  # the API client, over tests/conftest.py's page client


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
