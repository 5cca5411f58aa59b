"""A whole list enrolled at once: the members a member-list filter finds in the organizer's
subtree, or the cadres still short of the level the class gives (who to send next); a
preview first, then one write; those already in the class passed over; nothing half-written
when one is refused; another subtree's people never listed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tochuc.cadres.models import PositionTitle
from tochuc.cadres.services import cadre_appoint, cadre_of_member, position_create
from tochuc.core.errors import ServiceError
from tochuc.training.models import Programme, Trainee
from tochuc.training.services import class_create, trainee_enrol, trainees_enrol_many

pytestmark = pytest.mark.django_db


def _class(actor, org, programme="Bồi dưỡng lý luận chính trị cho đảng viên mới"):
    return class_create(
        actor=actor,
        organization=org,
        programme=Programme.objects.get(name=programme),
        name="Lớp đảng viên mới K3",
        mode="full_time",
        starts_on=date.today() - timedelta(days=3),
        ends_on=date.today() + timedelta(days=30),
    )


def test_the_filtered_members_are_enrolled_once_each(client, two_provinces):
    a, _ = two_provinces
    klass = _class(a.staff, a.commune)
    trainee_enrol(actor=a.staff, training_class=klass, on=klass.starts_on, member=a.members[0])
    client.force_login(a.staff)
    url = f"/training/{klass.pk}/enrol-list/"
    preview = client.get(url, {"source": "members"})
    shown = preview.content.decode()
    assert preview.status_code == 200 and "Danh sách có <b>3</b> người" in shown
    women = client.get(url, {"source": "members", "gender": "female"}).content.decode()
    assert "Danh sách có <b>1</b> người" in women and "Trần Thị Ánh" in women
    done = client.post(
        f"{url}?source=members", {"enrolled_on": klass.starts_on.strftime("%d/%m/%Y")}
    )
    assert done.status_code == 302
    assert klass.trainees.count() == 3  # An already there, passed over
    page = client.get(done.url).content.decode()
    assert "Đã ghi 2 người vào lớp; 1 người đã có trong lớp." in page


def test_the_cadres_short_of_the_classes_level_are_offered(client, two_provinces, admin):
    a, b = two_provinces
    klass = _class(a.staff, a.province, "Cao cấp lý luận chính trị")
    for member, org in ((a.members[0], a.commune), (b.members[0], b.province)):
        cadre = cadre_of_member(actor=admin, member=member)
        title = PositionTitle.objects.get(name="Bí thư")
        position = position_create(actor=admin, organization=org, title=title)
        cadre_appoint(actor=admin, cadre=cadre, position=position, on=date(2026, 1, 5))
    client.force_login(a.staff)
    url = f"/training/{klass.pk}/enrol-list/"
    shown = client.get(url).content.decode()  # a class giving a level: who to send next
    assert "Nguyễn Văn An" in shown and "Lê Văn Bình" not in shown
    assert (
        client.post(url, {"enrolled_on": klass.starts_on.strftime("%d/%m/%Y")}).status_code == 302
    )
    (trainee,) = Trainee.objects.filter(training_class=klass)
    assert trainee.member == a.members[0]  # the member, not only the cadre record
    assert "Danh sách có <b>0</b> người" in client.get(url).content.decode()  # now studying


def test_a_refusal_writes_nobody_and_names_the_person(two_provinces):
    a, b = two_provinces
    klass = _class(a.staff, a.commune)
    with pytest.raises(ServiceError) as refused:
        trainees_enrol_many(
            actor=a.staff,
            training_class=klass,
            people=[a.members[1], a.members[0]],
            on=klass.ends_on + timedelta(days=1),
        )
    assert refused.value.text().startswith("Trần Thị Ánh: Ngày nhập học")
    assert not klass.trainees.exists()


def test_another_subtree_and_a_reader_get_nothing(client, two_provinces):
    a, b = two_provinces
    klass = _class(a.staff, a.commune)
    client.force_login(b.staff)
    assert client.get(f"/training/{klass.pk}/enrol-list/").status_code == 404
    client.force_login(a.staff)
    outside = client.get(
        f"/training/{klass.pk}/enrol-list/", {"source": "members", "organization": a.bloc.pk}
    )
    assert outside.status_code == 404  # the bloc is not under the commune
    client.force_login(a.viewer)
    refused = client.post(
        f"/training/{klass.pk}/enrol-list/?source=members",
        {"enrolled_on": klass.starts_on.strftime("%d/%m/%Y")},
    )
    assert refused.status_code == 403 and not klass.trainees.exists()
