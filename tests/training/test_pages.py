"""The training pages as the office uses them: a class opened with its decision typed by its
symbol and the province's school beside it, people enrolled by name, a completion that raises
a member's level, a leaving, a cancel that takes the level back; a trainee's branch reading the
class with its own people only; every refusal a message on its field."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_document, make_user
from tochuc.training.models import Programme, School, Trainee, TrainingClass
from tochuc.training.services import class_create, trainee_enrol

pytestmark = pytest.mark.django_db

MIDDLE = "Trung cấp lý luận chính trị - hành chính"


@pytest.fixture
def school(two_provinces):
    a, _ = two_provinces
    return School.objects.create(
        organization=a.province, name="Trường Chính trị Hoàng Đình Giong", kind="school"
    )


def _form(**changes) -> dict:
    return {
        "programme": Programme.objects.get(name=MIDDLE).pk,
        "name": "Lớp trung cấp LLCT-HC K12",
        "mode": "part_time",
        "place": "Trung tâm Chính trị xã",
        "starts_on": "01/03/2025",
        "ends_on": "30/09/2025",
        "planned_size": "60",
        **changes,
    }


def test_a_class_is_opened_with_its_decision_and_the_provinces_school(
    client, two_provinces, school, admin
):
    a, _ = two_provinces
    decision = make_document(admin, a.commune, type_name="Quyết định", issued_on=date(2025, 2, 20))
    client.force_login(a.staff)
    page = client.get("/training/new/", {"organization": a.commune.pk})
    assert page.status_code == 200
    assert school.name in page.content.decode()  # the level above's school, to work with

    url = f"/training/new/?organization={a.commune.pk}"
    bad = client.post(url, _form(name="", decision="99-QĐ/ĐU"))
    assert bad.status_code == 400
    said = bad.content.decode()
    assert "Sổ văn bản chưa có văn bản số 99-QĐ/ĐU" in said and "Tên lớp" in said
    bad = client.post(url, _form(ends_on="01/02/2025"))
    assert bad.status_code == 400
    assert "Ngày kết thúc 01/02/2025 trước ngày khai giảng 01/03/2025." in bad.content.decode()
    assert not TrainingClass.objects.exists()

    done = client.post(
        f"/training/new/?organization={a.commune.pk}",
        _form(decision=decision.symbol, co_organizers=[school.pk]),
    )
    klass = TrainingClass.objects.get()
    assert done.status_code == 302 and done.url == f"/training/{klass.pk}/"
    assert klass.decision == decision and list(klass.co_organizers.all()) == [school]
    shown = client.get(done.url).content.decode()
    assert "Lớp trung cấp LLCT-HC K12" in shown and school.name in shown
    assert decision.symbol in shown and "Đã kết thúc" in shown  # 30/09/2025 is past


def test_people_are_enrolled_by_name_completed_and_the_level_is_raised(client, two_provinces):
    a, b = two_provinces
    klass = class_create(
        actor=a.staff,
        organization=a.province,
        programme=Programme.objects.get(name=MIDDLE),
        name="Lớp K12",
        mode="part_time",
        starts_on=date(2025, 3, 1),
        ends_on=date(2027, 3, 1),
    )
    client.force_login(a.staff)
    url = f"/training/{klass.pk}/enrol/"
    nobody = client.post(url, {"person": "Lê Văn Bình", "enrolled_on": "01/03/2025"})
    assert nobody.status_code == 400  # B's member is not A's to name
    assert "không có cán bộ, đảng viên nào có tên hoặc số đã ghi" in nobody.content.decode()
    assert (
        client.post(url, {"person": "Nguyễn Văn An", "enrolled_on": "01/03/2025"}).status_code
        == 302
    )
    twice = client.post(url, {"person": "Nguyễn Văn An", "enrolled_on": "02/03/2025"})
    assert (
        twice.status_code == 400
        and "Nguyễn Văn An đã có trong lớp Lớp K12." in twice.content.decode()
    )
    outside = client.post(
        url, {"full_name": "Vi Thị Hoa", "gender": "female", "enrolled_on": "01/03/2025"}
    )
    assert outside.status_code == 302
    assert klass.trainees.count() == 2

    an = Trainee.objects.get(member=a.members[0])
    finished = client.post(
        f"/training/trainees/{an.pk}/complete/",
        {"done-on": "20/02/2025", "done-certificate_number": "TC-12/001"},
    )
    assert finished.status_code == 400
    assert "Ngày hoàn thành trước ngày khai giảng 01/03/2025." in finished.content.decode()
    finished = client.post(
        f"/training/trainees/{an.pk}/complete/",
        {"done-on": "15/09/2025", "done-result": "Khá", "done-certificate_number": "TC-12/001"},
    )
    assert finished.status_code == 302
    a.members[0].refresh_from_db()
    assert a.members[0].theory_level == "trung_cap"
    shown = client.get(f"/training/trainees/{an.pk}/").content.decode()
    assert "Hoàn thành" in shown and "TC-12/001" in shown and "Ghi hoàn thành" not in shown

    hoa = Trainee.objects.get(full_name="Vi Thị Hoa")
    assert (
        client.post(f"/training/trainees/{hoa.pk}/drop/", {"drop-on": "01/04/2025"}).status_code
        == 400
    )
    left = client.post(
        f"/training/trainees/{hoa.pk}/drop/",
        {"drop-on": "01/04/2025", "drop-reason": "Chuyển công tác"},
    )
    assert left.status_code == 302
    hoa.refresh_from_db()
    assert hoa.status == "dropped" and hoa.dropped_reason == "Chuyển công tác"

    cancelled = client.post(
        f"/training/{klass.pk}/cancel/",
        {"cancel-on": "01/10/2025", "cancel-reason": "Sai đối tượng"},
    )
    assert cancelled.status_code == 302
    a.members[0].refresh_from_db()
    assert a.members[0].theory_level == ""  # taken back
    page = client.get(f"/training/{klass.pk}/").content.decode()
    assert "Đã hủy" in page and "Ghi vào lớp" not in page


def test_a_trainees_branch_reads_the_class_with_its_own_people_only(client, two_provinces):
    a, b = two_provinces
    klass = class_create(
        actor=a.staff,
        organization=a.province,
        programme=Programme.objects.get(name=MIDDLE),
        name="Lớp K13",
        mode="full_time",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 6, 1),
    )
    for m in a.members[:2]:  # branch1's An, branch2's Ánh
        trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=m)
    client.force_login(a.secretary)  # branch1's secretary
    listed = client.get("/training/").content.decode()
    assert "Lớp K13" in listed
    page = client.get(f"/training/{klass.pk}/")
    shown = page.content.decode()
    assert "Nguyễn Văn An" in shown and "Trần Thị Ánh" not in shown
    assert "Ghi vào lớp" not in shown and "Hủy lớp" not in shown  # the organizer's writes
    other = Trainee.objects.get(member=a.members[1])
    assert client.get(f"/training/trainees/{other.pk}/").status_code == 404
    assert (
        client.post(
            f"/training/{klass.pk}/enrol/", {"full_name": "X", "enrolled_on": "01/03/2025"}
        ).status_code
        == 404
    )

    client.force_login(b.staff)
    assert "Lớp K13" not in client.get("/training/").content.decode()
    assert client.get(f"/training/{klass.pk}/").status_code == 404


def test_the_list_filters_by_year_programme_and_status(client, two_provinces):
    a, _ = two_provinces
    today = date.today()
    for name, start, end in (
        ("Lớp cũ", date(2020, 3, 1), date(2020, 6, 1)),
        ("Lớp đang học", date(today.year - 1, 1, 1), date(today.year + 1, 1, 1)),
    ):
        class_create(
            actor=a.staff,
            organization=a.commune,
            programme=Programme.objects.get(name=MIDDLE),
            name=name,
            mode="full_time",
            starts_on=start,
            ends_on=end,
        )
    client.force_login(a.staff)
    running = client.get("/training/", {"status": "running"}).content.decode()
    assert "Lớp đang học" in running and "Lớp cũ" not in running
    old = client.get("/training/", {"year": "2020"}).content.decode()
    assert "Lớp cũ" in old and "Lớp đang học" not in old
    assert client.get("/training/", {"year": "abc"}).status_code == 200


def test_a_viewer_sees_no_write(client, two_provinces):
    a, _ = two_provinces
    viewer = make_user("viewer_a2", "viewer", a.province)
    client.force_login(viewer)
    assert client.get("/training/", {"organization": a.province.pk}).status_code == 200
    assert (
        "Mở lớp" not in client.get("/training/", {"organization": a.province.pk}).content.decode()
    )
    assert client.post(f"/training/new/?organization={a.province.pk}", _form()).status_code == 403


def test_a_school_is_recorded_and_seen_by_the_levels_below(client, two_provinces):
    from tests.api import Api

    a, b = two_provinces
    client.force_login(a.staff)
    url = f"/training/schools/?organization={a.province.pk}"
    assert client.post(url, {"name": "", "kind": "school"}).status_code == 400
    done = client.post(url, {"name": "Trường Chính trị Hoàng Đình Giong", "kind": "school"})
    assert done.status_code == 302
    twice = client.post(url, {"name": "Trường Chính trị Hoàng Đình Giong", "kind": "school"})
    assert "đã có Trường Chính trị Hoàng Đình Giong" in twice.content.decode()
    api = Api(a.staff)
    made = api.post(
        "/training/schools",
        {"organization_id": a.commune.pk, "name": "Trung tâm Chính trị xã", "kind": "centre"},
    )
    assert made.status_code == 201
    seen = api.get("/training/schools", {"organization": a.commune.pk}).json()
    assert {s["name"] for s in seen} == {
        "Trường Chính trị Hoàng Đình Giong",
        "Trung tâm Chính trị xã",
    }
    below = api.get("/training/schools", {"organization": a.school.pk}).json()
    assert {s["name"] for s in below} == {
        "Trường Chính trị Hoàng Đình Giong",
        "Trung tâm Chính trị xã",
    }
    assert Api(b.staff).get("/training/schools", {"organization": a.commune.pk}).status_code == 404
