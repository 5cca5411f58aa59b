"""The training work's writes: a class and its dates, a trainee once, the theory level a
completion gives (never lowering it, taken back when the class is cancelled), with the
member's events."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.services import cadre_create
from tochuc.core.errors import NotFound, ServiceError
from tochuc.members.models import MemberEvent
from tochuc.members.services import candidate_create
from tochuc.training.models import Programme, Trainee
from tochuc.training.services import (
    class_cancel,
    class_create,
    trainee_complete,
    trainee_drop,
    trainee_enrol,
)

pytestmark = pytest.mark.django_db


def programme(name: str) -> Programme:
    return Programme.objects.get(name=name)


MIDDLE = "Trung cấp lý luận chính trị - hành chính"
BASIC = "Sơ cấp lý luận chính trị"


def make_class(a, name=MIDDLE, starts=date(2025, 3, 1), ends=date(2025, 9, 30), **extra):
    return class_create(
        actor=a.staff,
        organization=a.province,
        programme=programme(name),
        name=f"Lớp {name} K1",
        mode="part_time",
        starts_on=starts,
        ends_on=ends,
        **extra,
    )


def test_the_catalogue_says_which_level_each_programme_gives(db):
    levels = dict(Programme.objects.values_list("name", "theory_level"))
    assert levels[MIDDLE] == "trung_cap" and levels[BASIC] == "so_cap"
    assert levels["Bồi dưỡng nhận thức về Đảng"] == ""
    assert Programme.objects.get(name="Bồi dưỡng nhận thức về Đảng").for_candidates


def test_a_class_with_its_dates_out_of_order_is_refused_naming_the_fields(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as refused:
        class_create(
            actor=a.staff,
            organization=a.province,
            programme=programme(MIDDLE),
            name=" ",
            mode="x",
            starts_on=date(2025, 9, 1),
            ends_on=date(2025, 3, 1),
            planned_size=0,
        )
    assert set(refused.value.errors) == {"name", "mode", "ends_on", "planned_size"}
    assert "Ngày kết thúc 01/03/2025 trước ngày khai giảng 01/09/2025." in refused.value.text()


def test_a_completion_raises_the_members_level_with_an_event_naming_the_class(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    klass = make_class(a)
    trainee = trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=member)
    assert (trainee.organization, trainee.full_name) == (member.organization, member.full_name)
    with pytest.raises(ServiceError) as early:
        trainee_complete(
            actor=a.staff, trainee=trainee, on=date(2025, 9, 30), certificate_date=date(2025, 1, 1)
        )
    assert "Ngày cấp 01/01/2025 trước ngày khai giảng 01/03/2025." in early.value.text()
    trainee_complete(
        actor=a.staff,
        trainee=trainee,
        on=date(2025, 9, 30),
        result="Khá",
        certificate_number="TC-123",
        certificate_date=date(2025, 10, 5),
    )
    member.refresh_from_db()
    assert member.theory_level == "trung_cap"
    event = member.events.get(kind=MemberEvent.Kind.TRAINING)
    assert event.effective_date == date(2025, 9, 30)
    assert event.details == {
        "class": klass.name, "before": "", "after": "trung_cap", "level_label": "Trung cấp"
    }  # fmt: skip
    trainee.refresh_from_db()
    assert (trainee.status, trainee.level_before, trainee.level_given) == (
        "completed",
        "",
        "trung_cap",
    )

    # a lower programme afterwards changes nothing, and writes no level event
    lower = make_class(a, BASIC, starts=date(2026, 1, 5), ends=date(2026, 2, 5))
    again = trainee_enrol(actor=a.staff, training_class=lower, on=date(2026, 1, 5), member=member)
    trainee_complete(actor=a.staff, trainee=again, on=date(2026, 2, 5))
    member.refresh_from_db()
    assert member.theory_level == "trung_cap"
    assert member.events.filter(kind=MemberEvent.Kind.TRAINING).count() == 1
    again.refresh_from_db()
    assert again.level_given == ""


def test_a_class_cancelled_after_completion_takes_the_level_back(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    klass = make_class(a)
    trainee = trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=member)
    trainee_complete(actor=a.staff, trainee=trainee, on=date(2025, 9, 30))
    second = trainee_enrol(
        actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[1]
    )
    with pytest.raises(ServiceError):
        class_cancel(actor=a.staff, training_class=klass, on=date(2025, 11, 1), reason=" ")
    class_cancel(actor=a.staff, training_class=klass, on=date(2025, 11, 1), reason="Sai đối tượng")
    member.refresh_from_db()
    assert member.theory_level == ""
    undo = member.events.get(kind=MemberEvent.Kind.TRAINING_UNDO)
    assert undo.details == {
        "class": klass.name, "before": "trung_cap", "after": "", "level_label": "Chưa qua đào tạo"
    }  # fmt: skip
    # nobody more completes in a cancelled class, nor enrols in it
    with pytest.raises(ServiceError) as done:
        trainee_complete(actor=a.staff, trainee=second, on=date(2025, 9, 30))
    assert f"Lớp {klass.name} đã hủy." in done.value.text()
    with pytest.raises(ServiceError) as refused:
        trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[2])
    assert "không nhận thêm học viên" in refused.value.text()


def test_a_level_raised_since_by_another_class_is_kept_when_the_first_is_cancelled(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    first = make_class(a, BASIC, starts=date(2024, 1, 2), ends=date(2024, 3, 1))
    done = trainee_enrol(actor=a.staff, training_class=first, on=date(2024, 1, 2), member=member)
    trainee_complete(actor=a.staff, trainee=done, on=date(2024, 3, 1))
    second = make_class(a)
    later = trainee_enrol(actor=a.staff, training_class=second, on=date(2025, 3, 1), member=member)
    trainee_complete(actor=a.staff, trainee=later, on=date(2025, 9, 30))
    class_cancel(actor=a.staff, training_class=first, on=date(2025, 11, 1), reason="Sai đối tượng")
    member.refresh_from_db()
    assert member.theory_level == "trung_cap"
    assert not member.events.filter(kind=MemberEvent.Kind.TRAINING_UNDO).exists()


def test_the_same_person_twice_is_refused_and_nothing_written(two_provinces):
    a, _ = two_provinces
    klass = make_class(a)
    trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[0])
    with pytest.raises(ServiceError) as refused:
        trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 2), member=a.members[0])
    assert f"{a.members[0].full_name} đã có trong lớp {klass.name}." in refused.value.text()
    assert Trainee.objects.count() == 1


def test_candidates_cadres_and_people_not_in_the_system_are_enrolled(two_provinces):
    a, _ = two_provinces
    klass = make_class(a, "Bồi dưỡng nhận thức về Đảng")
    candidate = candidate_create(
        actor=a.staff,
        organization=a.village,
        full_name="Hà Thị Ưu",
        gender="female",
        birth_date=date(2001, 4, 5),
        listed_on=date(2025, 1, 3),
    )
    official = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Lò Văn Mặt",
        birth_date=date(1975, 6, 1),
        gender="male",
    )
    on = date(2025, 3, 1)
    people = [
        trainee_enrol(actor=a.staff, training_class=klass, on=on, candidate=candidate),
        trainee_enrol(actor=a.staff, training_class=klass, on=on, cadre=official),
        trainee_enrol(
            actor=a.staff, training_class=klass, on=on, full_name="Vi Văn Ngoài", gender="male"
        ),
    ]
    assert [p.organization for p in people] == [a.village, a.commune, a.province]
    # the candidate's completion is the admission's course step, dated by the certificate
    trainee_complete(
        actor=a.staff, trainee=people[0], on=date(2025, 3, 6), certificate_date=date(2025, 3, 8)
    )
    candidate.refresh_from_db()
    assert (candidate.step, candidate.course_date) == ("course", date(2025, 3, 8))
    with pytest.raises(ServiceError) as refused:
        trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 10, 1), full_name="X")
    assert "sau ngày kết thúc lớp 30/09/2025" in refused.value.text()
    with pytest.raises(ServiceError) as two:
        trainee_enrol(
            actor=a.staff, training_class=klass, on=on, member=a.members[0], cadre=official
        )
    assert "Một học viên là một người" in two.value.text()


def test_another_province_neither_enrols_its_people_nor_writes_in_the_class(two_provinces):
    a, b = two_provinces
    klass = make_class(a)
    with pytest.raises(NotFound):
        trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=b.members[0])
    with pytest.raises(NotFound):
        trainee_enrol(actor=b.staff, training_class=klass, on=date(2025, 3, 1), member=b.members[0])
    trainee = trainee_enrol(
        actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[0]
    )
    with pytest.raises(NotFound):
        trainee_complete(actor=b.staff, trainee=trainee, on=date(2025, 9, 30))
    with pytest.raises(NotFound):
        trainee_drop(actor=b.staff, trainee=trainee, on=date(2025, 5, 1), reason="X")
    trainee.refresh_from_db()
    assert trainee.status == "enrolled"


def test_a_trainee_who_left_cannot_complete(two_provinces):
    a, _ = two_provinces
    klass = make_class(a)
    trainee = trainee_enrol(
        actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[0]
    )
    with pytest.raises(ServiceError):
        trainee_drop(actor=a.staff, trainee=trainee, on=date(2025, 5, 1), reason="")
    trainee_drop(actor=a.staff, trainee=trainee, on=date(2025, 5, 1), reason="Chuyển công tác")
    with pytest.raises(ServiceError) as refused:
        trainee_complete(actor=a.staff, trainee=trainee, on=date(2025, 9, 30))
    assert "đã thôi học" in refused.value.text()
    a.members[0].refresh_from_db()
    assert a.members[0].theory_level == ""


def test_the_members_record_shows_the_class_that_gave_the_level(two_provinces, client):
    a, _ = two_provinces
    member = a.members[0]
    klass = make_class(a)
    trainee = trainee_enrol(actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=member)
    trainee_complete(actor=a.staff, trainee=trainee, on=date(2025, 9, 30))
    client.force_login(a.staff)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Hoàn thành lớp đào tạo, bồi dưỡng" in page
    assert f"{klass.name}; lý luận chính trị: Trung cấp." in page
    section = page.split("<h2>Đào tạo, bồi dưỡng</h2>")[1].split("</section>")[0]
    assert klass.name in section and "Hoàn thành" in section and "01/03/2025–30/09/2025" in section
    other = client.get(f"/members/{a.members[1].pk}/").content.decode()
    assert "<h2>Đào tạo, bồi dưỡng</h2>" not in other  # no class: no section


def test_cadres_in_a_running_class_are_studying_in_the_staff_profile(two_provinces, client):
    """Seed 002's «3 đồng chí đang học cao cấp»: the cadres enrolled in a class running on the
    day, by the level it gives; a finished enrolment, a fostering class or another day: not."""
    from tochuc.cadres.selectors.terms import staff_profile, staff_sentence
    from tochuc.cadres.services import cadre_of_member

    a, _ = two_provinces
    member_cadre = cadre_of_member(actor=a.staff, member=a.members[0])
    outside = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Lò Văn Học",
        birth_date=date(1980, 2, 3),
        gender="male",
    )
    high = make_class(
        a, "Cao cấp lý luận chính trị", starts=date(2026, 1, 5), ends=date(2026, 12, 20)
    )
    trainee_enrol(actor=a.staff, training_class=high, on=date(2026, 1, 5), member=a.members[0])
    trainee_enrol(actor=a.staff, training_class=high, on=date(2026, 1, 5), cadre=outside)
    fostering = make_class(
        a, "Bồi dưỡng cấp ủy viên", starts=date(2026, 1, 5), ends=date(2026, 12, 20)
    )
    trainee_enrol(actor=a.staff, training_class=fostering, on=date(2026, 1, 5), cadre=outside)
    p = staff_profile(a.staff, a.province, date(2026, 6, 1))
    assert p.studying == {"cao_cap": 2}
    assert staff_sentence("X", p).endswith("; 2 đồng chí đang học cao cấp.")
    assert staff_profile(a.staff, a.province, date(2027, 1, 1)).studying == {}
    assert staff_profile(a.staff, a.school, date(2026, 6, 1)).studying == {"cao_cap": 1}
    client.force_login(a.staff)
    page = client.get(
        "/cadres/profile/",
        {"organization": a.province.pk, "on": "01/06/2026", "studying_for": "cao_cap"},
    ).content.decode()
    listed = page.split('id="nguoi"')[1]
    assert "Đang học lý luận chính trị: Cao cấp · 2 người" in listed
    assert member_cadre.full_name in listed and "Lò Văn Học" in listed


def test_the_command_lists_the_classes_an_organization_sees(two_provinces, capsys):
    from tochuc.cli import main

    a, _ = two_provinces
    klass = make_class(a)
    trainee = trainee_enrol(
        actor=a.staff, training_class=klass, on=date(2025, 3, 1), member=a.members[0]
    )
    trainee_complete(actor=a.staff, trainee=trainee, on=date(2025, 9, 30))
    main(["training", "classes", "A-CB1"])  # the branch of the trainee sees the class
    out = capsys.readouterr().out
    assert f"01/03/2025–30/09/2025 {klass.name} ({MIDDLE}, Đảng bộ tỉnh Cao Bằng)" in out
    assert "1 học viên, 1 hoàn thành" in out and out.strip().endswith("1 lớp.")


def test_a_completion_keeps_the_sessions_missed(two_provinces, admin):
    from datetime import date

    from tochuc.core.errors import ServiceError
    from tochuc.training.models import Programme
    from tochuc.training.services import class_create, trainee_complete, trainee_enrol

    a, _ = two_provinces
    klass = class_create(
        actor=admin,
        organization=a.commune,
        programme=Programme.objects.get(name="Bồi dưỡng cấp ủy viên"),
        name="Bồi dưỡng cấp ủy K1",
        mode="full_time",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 5),
    )
    t = trainee_enrol(actor=admin, training_class=klass, on=klass.starts_on, member=a.members[0])
    with pytest.raises(ServiceError) as refused:
        trainee_complete(actor=admin, trainee=t, on=klass.ends_on, absences=1000)
    assert refused.value.errors == {"absences": ["Số buổi vắng từ 0 đến 999."]}
    assert trainee_complete(actor=admin, trainee=t, on=klass.ends_on, absences=2).absences == 2
