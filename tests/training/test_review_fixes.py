"""What a review of the training work found, held: a cancelled class's completions count for
nothing; a member who moved away is still completed by the organizer and counted where they
are now; an outside official's level is raised and taken back like a member's; a member's
cadre record enrols the member; the candidates' course steps go with a cancel; the people
enrolled are the organizer's; dates out of order and odd years are messages, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api import Api
from tochuc.cadres.services import cadre_create, cadre_of_member
from tochuc.core.errors import NotFound, ServiceError
from tochuc.members.changes import members_changed
from tochuc.members.models import AdmissionStep, Member
from tochuc.members.services import candidate_create, candidate_step
from tochuc.training.figures import trainee_figures
from tochuc.training.models import Programme, Trainee
from tochuc.training.selectors import trainees_filtered
from tochuc.training.services import (
    class_cancel,
    class_create,
    trainee_complete,
    trainee_enrol,
)

pytestmark = pytest.mark.django_db

MIDDLE = "Trung cấp lý luận chính trị - hành chính"


def _class(actor, org, programme=MIDDLE, starts=date(2025, 3, 1), ends=date(2025, 9, 30)):
    return class_create(
        actor=actor,
        organization=org,
        programme=Programme.objects.get(name=programme),
        name=f"Lớp {programme[:20]}",
        mode="part_time",
        starts_on=starts,
        ends_on=ends,
    )


def test_a_cancelled_classs_completions_count_for_nothing(two_provinces, admin):
    a, _ = two_provinces
    klass = _class(admin, a.province)
    t = trainee_enrol(actor=admin, training_class=klass, on=klass.starts_on, member=a.members[0])
    trainee_complete(actor=admin, trainee=t, on=klass.ends_on)
    class_cancel(actor=admin, training_class=klass, on=date(2025, 10, 1), reason="Sai đối tượng")
    p = a.province.path
    found = trainee_figures(date(2025, 12, 1), p, str(int(p) + 1).zfill(len(p)), len(p) + 8)
    assert not any(n for counter in found.values() for n in counter.values())
    assert not trainees_filtered(admin, a.province, {"status": "completed"}, date.today()).exists()


def test_a_member_who_moved_away_is_completed_and_counted_where_they_are(two_provinces, admin):
    a, b = two_provinces
    klass = _class(admin, a.province)
    m = a.members[0]
    t = trainee_enrol(actor=a.staff, training_class=klass, on=klass.starts_on, member=m)
    Member.objects.filter(pk=m.pk).update(organization=b.office)  # a transfer accepted
    members_changed([m.pk])
    t.refresh_from_db()
    assert t.organization == b.office  # the trainee follows the member
    assert not trainees_filtered(a.staff, a.province, {}, date.today()).exists()
    assert list(trainees_filtered(b.staff, b.province, {}, date.today())) == [t]
    done = trainee_complete(actor=a.staff, trainee=t, on=klass.ends_on)  # the organizer still
    m.refresh_from_db()
    assert done.level_given == "trung_cap" and m.theory_level == "trung_cap"
    class_cancel(actor=a.staff, training_class=klass, on=date(2025, 10, 1), reason="Sai")
    m.refresh_from_db()
    assert m.theory_level == ""


def test_an_outside_officials_level_is_raised_and_taken_back(two_provinces, admin):
    a, _ = two_provinces
    official = cadre_create(
        actor=admin,
        organization=a.commune,
        full_name="Hà Văn Hội",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    klass = _class(admin, a.province)
    t = trainee_enrol(actor=admin, training_class=klass, on=klass.starts_on, cadre=official)
    trainee_complete(actor=admin, trainee=t, on=klass.ends_on)
    official.refresh_from_db()
    assert official.theory_level == "trung_cap"
    class_cancel(actor=admin, training_class=klass, on=date(2025, 10, 1), reason="Sai")
    official.refresh_from_db()
    assert official.theory_level == ""


def test_a_members_cadre_record_enrols_the_member_once(world):
    a, _ = world
    klass = _class(a.staff, a.province)
    cadre = cadre_of_member(actor=a.staff, member=a.members[0])
    api = Api(a.staff)
    url = f"/training/classes/{klass.pk}/trainees"
    first = api.post(url, {"enrolled_on": "2025-03-01", "cadre_id": cadre.pk})
    assert first.status_code == 201 and first.json()["member_id"] == a.members[0].pk
    again = api.post(url, {"enrolled_on": "2025-03-01", "member_id": a.members[0].pk})
    assert again.status_code == 422 and "đã có trong lớp" in again.json()["detail"]


def test_a_cancel_takes_back_the_candidates_course_step_while_it_is_their_last(
    two_provinces, admin
):
    a, _ = two_provinces

    def candidate(name):
        return candidate_create(
            actor=admin,
            organization=a.village,
            full_name=name,
            gender="female",
            birth_date=date(2001, 4, 5),
            listed_on=date(2025, 1, 3),
        )

    course = _class(
        admin, a.commune, "Bồi dưỡng nhận thức về Đảng", date(2025, 3, 1), date(2025, 3, 5)
    )
    first, second = candidate("Hà Thị Một"), candidate("Hà Thị Hai")
    for c in (first, second):
        t = trainee_enrol(actor=admin, training_class=course, on=course.starts_on, candidate=c)
        trainee_complete(actor=admin, trainee=t, on=course.ends_on)
    second.refresh_from_db()
    assert second.step == AdmissionStep.COURSE
    candidate_step(
        actor=admin, candidate=second, step=AdmissionStep.APPLICATION, on=date(2025, 4, 1)
    )
    with pytest.raises(ServiceError) as refused:
        class_cancel(actor=admin, training_class=course, on=date(2025, 5, 1), reason="Sai")
    assert "Hà Thị Hai đã qua bước học lớp" in refused.value.text()
    first.refresh_from_db()
    assert first.step == AdmissionStep.COURSE  # nothing half-done
    second.steps.filter(step=AdmissionStep.APPLICATION).delete()
    second.step, second.step_date = AdmissionStep.COURSE, date(2025, 3, 5)
    second.save()
    class_cancel(actor=admin, training_class=course, on=date(2025, 5, 1), reason="Sai")
    first.refresh_from_db()
    assert (first.step, first.course_date) == (AdmissionStep.LISTED, None)


def test_the_people_enrolled_are_the_organizers_and_dates_keep_their_order(two_provinces, admin):
    a, _ = two_provinces
    bloc_class = _class(admin, a.bloc)
    with pytest.raises(NotFound):  # the commune's member is not the bloc's
        trainee_enrol(
            actor=admin, training_class=bloc_class, on=date(2025, 3, 1), member=a.members[0]
        )
    klass = _class(admin, a.province)
    with pytest.raises(ServiceError) as refused:
        trainee_enrol(
            actor=admin,
            training_class=klass,
            on=date(2025, 3, 1),
            full_name="Vi Văn Sau",
            birth_date=date.today() + timedelta(days=1),
        )
    assert "chưa đến" in refused.value.errors["birth_date"][0]
    with pytest.raises(ServiceError) as refused:
        trainee_enrol(
            actor=admin, training_class=klass, on=date(1990, 1, 1), full_name="Vi Văn Sớm"
        )
    assert "hơn 90 ngày" in refused.value.errors["enrolled_on"][0]
    t = trainee_enrol(actor=admin, training_class=klass, on=date(2025, 6, 1), member=a.members[0])
    with pytest.raises(ServiceError) as refused:
        trainee_complete(actor=admin, trainee=t, on=date(2025, 4, 1))
    assert refused.value.errors == {"on": ["Ngày hoàn thành trước ngày nhập học 01/06/2025."]}
    with pytest.raises(ServiceError) as refused:
        trainee_complete(actor=admin, trainee=t, on=None)
    assert refused.value.errors == {"on": ["Nhập ngày hoàn thành."]}
    assert Trainee.objects.get(pk=t.pk).status == "enrolled"


def test_odd_years_and_levels_are_messages(world, client):
    a, _ = world
    client.force_login(a.staff)
    page = client.get("/training/plan/", {"organization": a.commune.pk, "year": "0"})
    assert page.status_code == 200 and "Năm kế hoạch từ 2000 đến 2100" in page.content.decode()
    api = Api(a.staff)
    assert api.get("/training/plans", {"organization": a.commune.pk, "year": 0}).status_code == 422
    refused = api.get("/training/send-next", {"level": "xyz"})
    assert refused.status_code == 422 and "Trình độ «xyz» không có" in refused.json()["detail"]
