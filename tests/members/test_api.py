"""The JSON API's members: search, pages, detail, create, update, and what each refuses."""

from __future__ import annotations

import pytest

import tests.api
from tests.api import everything, new_member
from tochuc.core.models import AuditEvent
from tochuc.members.models import Member

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a  # the API client, over tests/conftest.py's page client


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
