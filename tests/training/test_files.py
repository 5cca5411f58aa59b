"""The training lists as .xlsx: each the rows its page shows with the same filters, each
download audited; another subtree's file holds nothing of it."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tochuc.core.models import AuditEvent
from tochuc.training.models import Programme
from tochuc.training.services import class_create, plan_set, trainee_complete, trainee_enrol

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(body)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture
def classes(two_provinces):
    a, b = two_provinces
    primary = Programme.objects.get(name="Sơ cấp lý luận chính trị")
    klass = class_create(
        actor=a.staff,
        organization=a.commune,
        programme=primary,
        name="Sơ cấp K7",
        mode="full_time",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 5, 1),
    )
    for m in a.members[:2]:
        t = trainee_enrol(actor=a.staff, training_class=klass, on=klass.starts_on, member=m)
    trainee_complete(actor=a.staff, trainee=t, on=date(2026, 5, 1), certificate_number="SC-7/2")
    plan_set(
        actor=a.staff, organization=a.commune, year=2026, programme=primary, classes=2, trainees=80
    )
    return a, b, klass


def test_each_list_downloads_as_its_page_shows_it(client, classes):
    a, _, klass = classes
    client.force_login(a.staff)
    org = {"organization": a.commune.pk}
    listed = _rows(client.get("/training/", org | {"format": "xlsx"}))
    header = listed.index(next(r for r in listed if r and r[0] == "STT"))
    assert listed[header + 1][1:4] == ["Sơ cấp K7", "Sơ cấp lý luận chính trị", a.commune.name]
    people = _rows(client.get("/training/people/", org | {"status": "completed", "format": "xlsx"}))
    assert [r[1] for r in people if r and isinstance(r[0], int)] == ["Trần Thị Ánh"]
    assert any("SC-7/2" in r for r in people if r)
    plan = _rows(client.get("/training/plan/", org | {"year": 2026, "format": "xlsx"}))
    row = next(r for r in plan if r and r[1] == "Sơ cấp lý luận chính trị")
    assert row[2:5] == [2, 1, "50,00%"]
    send = client.get("/training/send-next/", org | {"format": "xlsx"})
    assert send.status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "export.training_classes",
        "export.training_trainees",
        "export.training_plan",
        "export.training_send_next",
    } <= actions


def test_another_subtrees_file_holds_nothing_of_it(client, classes):
    a, b, _ = classes
    client.force_login(b.staff)
    listed = _rows(client.get("/training/", {"format": "xlsx"}))
    assert not any("Sơ cấp K7" in r for r in listed if r)
    people = _rows(client.get("/training/people/", {"format": "xlsx"}))
    assert not any("Trần Thị Ánh" in r for r in people if r)
    assert (
        client.get("/training/plan/", {"organization": a.commune.pk, "format": "xlsx"}).status_code
        == 404
    )
