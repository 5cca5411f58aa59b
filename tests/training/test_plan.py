"""The yearly training plan of an organizer against what it did: per programme the classes it
organized itself in the year (not cancelled) and their trainees (not dropped), with the share
of the plan reached; set, changed and cleared by its writers, refused with messages."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.errors import ServiceError
from tochuc.core.models import AuditEvent
from tochuc.training.models import Programme, TrainingPlan
from tochuc.training.selectors import plan_table
from tochuc.training.services import (
    class_cancel,
    class_create,
    plan_set,
    trainee_drop,
    trainee_enrol,
)

pytestmark = pytest.mark.django_db

PRIMARY = "Sơ cấp lý luận chính trị"


def _class(actor, org, name, starts):
    return class_create(
        actor=actor,
        organization=org,
        programme=Programme.objects.get(name=PRIMARY),
        name=name,
        mode="full_time",
        starts_on=starts,
        ends_on=starts,
    )


def test_the_plan_against_what_was_done(two_provinces):
    a, _ = two_provinces
    primary = Programme.objects.get(name=PRIMARY)
    plan_set(
        actor=a.staff, organization=a.commune, year=2026, programme=primary, classes=4, trainees=160
    )
    k1 = _class(a.staff, a.commune, "Sơ cấp K1", date(2026, 3, 1))
    for m in a.members:
        trainee_enrol(actor=a.staff, training_class=k1, on=k1.starts_on, member=m)
    trainee_drop(actor=a.staff, trainee=k1.trainees.first(), on=k1.starts_on, reason="Ốm")
    gone = _class(a.staff, a.commune, "Sơ cấp hủy", date(2026, 4, 1))
    class_cancel(actor=a.staff, training_class=gone, on=date(2026, 4, 1), reason="X")
    _class(a.staff, a.commune, "Sơ cấp năm trước", date(2025, 4, 1))
    _class(a.staff, a.school, "Lớp của cấp dưới", date(2026, 4, 1))  # not the commune's own
    (row,) = plan_table(a.staff, a.commune, 2026)
    assert (row.programme, row.plan.classes, row.classes, row.plan.trainees, row.trainees) == (
        primary,
        4,
        1,
        160,
        2,
    )
    assert (row.classes_percent, row.trainees_percent) == ("25,00%", "1,25%")


def test_a_plan_is_changed_cleared_and_refused_with_messages(two_provinces):
    a, b = two_provinces
    primary = Programme.objects.get(name=PRIMARY)
    args = {"organization": a.commune, "year": 2026, "programme": primary}
    plan_set(actor=a.staff, classes=2, trainees=80, **args)
    plan_set(actor=a.staff, classes=3, trainees=90, note="Bổ sung", **args)
    assert TrainingPlan.objects.get().classes == 3
    with pytest.raises(ServiceError) as refused:
        plan_set(actor=a.staff, classes=0, trainees=10, **args)
    assert refused.value.errors == {"classes": ["Kế hoạch 10 học viên cần ít nhất một lớp."]}
    with pytest.raises(ServiceError) as refused:
        plan_set(
            actor=a.staff,
            organization=a.commune,
            year=1990,
            programme=primary,
            classes=1,
            trainees=1,
        )
    assert "year" in refused.value.errors
    plan_set(actor=a.staff, classes=0, trainees=0, **args)
    assert not TrainingPlan.objects.exists()
    assert AuditEvent.objects.filter(action="training.plan_set").count() == 3


def test_the_page_shows_and_sets_the_plan_for_its_writers_only(client, two_provinces):
    a, b = two_provinces
    primary = Programme.objects.get(name=PRIMARY)
    client.force_login(a.staff)
    url = f"/training/plan/?organization={a.commune.pk}&year=2026"
    bad = client.post(url, {"programme": primary.pk, "classes": "0", "trainees": "5"})
    assert bad.status_code == 400 and "cần ít nhất một lớp" in bad.content.decode()
    done = client.post(url, {"programme": primary.pk, "classes": "2", "trainees": "70"})
    assert done.status_code == 302
    shown = client.get(done.url).content.decode()
    assert PRIMARY in shown and "Đã ghi kế hoạch năm 2026." in shown
    client.force_login(b.staff)
    assert client.get(url).status_code == 404
    client.force_login(a.viewer)
    page = client.get(url)
    assert page.status_code == 200 and "Ghi kế hoạch" not in page.content.decode()
    assert (
        client.post(url, {"programme": primary.pk, "classes": "1", "trainees": "1"}).status_code
        == 403
    )


def test_the_plan_through_the_api_and_the_command_line(world, capsys):
    from tests.api import Api
    from tochuc.cli import main

    a, b = world
    primary = Programme.objects.get(name=PRIMARY)
    api = Api(a.staff)
    body = {"organization_id": a.commune.pk, "year": 2026, "programme_id": primary.pk}
    refused = api.put("/training/plans", body | {"classes": 0, "trainees": 5})
    assert refused.status_code == 422
    done = api.put("/training/plans", body | {"classes": 2, "trainees": 70})
    assert done.status_code == 200
    assert done.json() == [
        {
            "programme_id": primary.pk,
            "programme_name": PRIMARY,
            "planned_classes": 2,
            "planned_trainees": 70,
            "classes": 0,
            "trainees": 0,
            "note": "",
        }
    ]
    got = api.get("/training/plans", {"organization": a.commune.pk, "year": 2026})
    assert got.json() == done.json()
    assert (
        Api(b.staff)
        .get("/training/plans", {"organization": a.commune.pk, "year": 2026})
        .status_code
        == 404
    )
    main(["training", "plan", "A-X1", "--year", "2026"])
    out = capsys.readouterr().out
    assert f"{PRIMARY}: kế hoạch 2 lớp, 70 học viên; thực hiện 0 lớp (0,00%), 0 học viên" in out
