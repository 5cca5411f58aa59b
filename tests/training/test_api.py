"""/api/v1/training as a script uses it: a class opened, people enrolled, a completion that
raises a member's level, the class seen by a trainee's branch with its own people only."""

from __future__ import annotations

import pytest

import tests.api
from tests.api import NOT_FOUND, Api
from tochuc.training.models import Programme

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a


def _programme(name="Trung cấp lý luận chính trị - hành chính") -> int:
    return Programme.objects.get(name=name).pk


def test_a_class_is_opened_filled_and_completed_through_the_api(world, staff_a):
    a, b = world
    refused = staff_a.post(
        "/training/classes",
        {
            "organization_id": a.province.pk,
            "programme_id": _programme(),
            "name": "",
            "mode": "part_time",
            "starts_on": "2025-09-01",
            "ends_on": "2025-03-01",
        },
    )
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"name", "ends_on"}
    made = staff_a.post(
        "/training/classes",
        {
            "organization_id": a.province.pk,
            "programme_id": _programme(),
            "name": "Lớp trung cấp LLCT-HC K12",
            "mode": "part_time",
            "starts_on": "2025-03-01",
            "ends_on": "2025-09-30",
            "planned_size": 60,
        },
    )
    assert made.status_code == 201, made.content
    klass = made.json()
    enrol = f"/training/classes/{klass['id']}/trainees"
    an = staff_a.post(enrol, {"enrolled_on": "2025-03-01", "member_id": a.members[0].pk})
    assert an.status_code == 201, an.content
    anh = staff_a.post(enrol, {"enrolled_on": "2025-03-01", "member_id": a.members[1].pk})
    twice = staff_a.post(enrol, {"enrolled_on": "2025-03-02", "member_id": a.members[0].pk})
    assert twice.status_code == 422 and "đã có trong lớp" in twice.json()["detail"]
    outside = staff_a.post(enrol, {"enrolled_on": "2025-03-01", "member_id": b.members[0].pk})
    assert outside.status_code == 404 and outside.json() == NOT_FOUND

    done = staff_a.post(
        f"/training/trainees/{an.json()['id']}/complete",
        {"on": "2025-09-30", "result": "Giỏi", "certificate_number": "TC-1"},
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["level_given"]) == ("completed", "trung_cap")
    record = staff_a.get(f"/members/{a.members[0].pk}").json()
    assert record["theory_level"] == "trung_cap"

    # the branch of An sees the class and An only; province B sees nothing
    branch = Api(a.secretary).get(f"/training/classes/{klass['id']}").json()
    assert [t["full_name"] for t in branch["trainees"]] == [a.members[0].full_name]
    assert Api(a.secretary).get("/training/classes").json()["count"] == 1
    other = Api(b.staff)
    assert other.get(f"/training/classes/{klass['id']}").status_code == 404
    assert other.get("/training/classes").json()["count"] == 0
    assert (
        other.post(
            f"/training/trainees/{anh.json()['id']}/drop", {"on": "2025-05-01", "reason": "X"}
        ).status_code
        == 404
    )

    cancelled = staff_a.post(
        f"/training/classes/{klass['id']}/cancel", {"on": "2025-11-01", "reason": "Sai đối tượng"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert staff_a.get(f"/members/{a.members[0].pk}").json()["theory_level"] == ""
    assert len(staff_a.get("/training/programmes").json()) == Programme.objects.count()


def test_a_class_is_held_with_a_school_of_its_level_or_above_only(world, staff_a):
    from tochuc.training.models import School

    a, b = world
    ours = School.objects.create(
        organization=a.province, name="Trường Chính trị tỉnh", kind="school"
    )
    theirs = School.objects.create(
        organization=b.province, name="Trường Chính trị B", kind="school"
    )
    body = {
        "organization_id": a.commune.pk,
        "programme_id": _programme(),
        "name": "Lớp trung cấp xã",
        "mode": "part_time",
        "starts_on": "2025-03-01",
        "ends_on": "2025-09-30",
    }
    refused = staff_a.post("/training/classes", body | {"co_organizer_ids": [theirs.pk]})
    assert refused.status_code == 422
    assert f"Không có cơ sở đào tạo số {theirs.pk}" in refused.json()["detail"]
    made = staff_a.post("/training/classes", body | {"co_organizer_ids": [ours.pk]})
    assert made.status_code == 201, made.content
    assert made.json()["co_organizers"] == ["Trường Chính trị tỉnh"]


def test_the_trainees_and_who_to_send_next_through_the_api(world, staff_a):
    from datetime import date

    from tochuc.cadres.models import PositionTitle
    from tochuc.cadres.services import cadre_appoint, cadre_of_member, position_create
    from tochuc.training.services import class_create, trainee_complete, trainee_enrol

    a, b = world
    klass = class_create(
        actor=a.staff,
        organization=a.province,
        programme=Programme.objects.get(name="Sơ cấp lý luận chính trị"),
        name="Lớp sơ cấp K1",
        mode="full_time",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 5),
    )
    for m in a.members[:2]:
        t = trainee_enrol(actor=a.staff, training_class=klass, on=date(2026, 1, 5), member=m)
    trainee_complete(actor=a.staff, trainee=t, on=date(2026, 3, 5))
    done = staff_a.get(
        "/training/trainees", {"status": "completed", "from": "2026-01-01", "gender": "female"}
    )
    assert done.status_code == 200
    assert [r["full_name"] for r in done.json()["results"]] == ["Trần Thị Ánh"]
    assert done.json()["results"][0]["class_name"] == "Lớp sơ cấp K1"

    cadre = cadre_of_member(actor=a.staff, member=a.members[0])
    title = PositionTitle.objects.get(name="Bí thư")
    position = position_create(actor=a.staff, organization=a.commune, title=title)
    cadre_appoint(actor=a.staff, cadre=cadre, position=position, on=date(2026, 1, 5))
    listed = staff_a.get("/training/send-next", {"organization": a.province.pk})
    assert listed.status_code == 200
    (row,) = listed.json()["results"]
    assert (row["full_name"], row["theory_level"], row["needed"]) == (
        "Nguyễn Văn An",
        "",
        "cao_cap",
    )
    assert row["positions"] == [
        {"position": f"Bí thư — {a.commune.name}", "how": "đang giữ", "theory_level": "cao_cap"}
    ]
    theirs = Api(b.staff).get("/training/send-next", {"organization": a.province.pk})
    assert theirs.status_code == 404
