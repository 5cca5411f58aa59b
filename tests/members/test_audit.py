"""Who read whose data, and what an edit changed: every download and every view of a record's
sensitive fields leaves one audit row (who, what, how many people); an edit records the fields
it changed, before and after."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_member
from tochuc import cli
from tochuc.core.models import AuditEvent
from tochuc.members.services import candidate_create, member_photo_set

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _reads():
    return list(AuditEvent.objects.exclude(action__in=["member.create", "member.update"]))


def _one_read(action):
    rows = _reads()
    assert [r.action for r in rows] == [action], [(r.action, r.after) for r in rows]
    return rows[0]


@pytest.fixture
def staff_a(client, two_provinces):
    AuditEvent.objects.all().delete()  # the fixtures' own create rows
    client.force_login(two_provinces[0].staff)
    return client


def test_member_list_download_is_one_row_with_who_what_and_how_many(staff_a, two_provinces):
    a, _ = two_provinces
    response = staff_a.get(
        "/members/", {"organization": a.province.pk, "status": "official", "format": "xlsx"}
    )
    b"".join(response.streaming_content)
    row = _one_read("export.members")
    assert row.actor == a.staff
    assert (row.target_type, row.target_id) == ("organization", a.province.pk)
    assert row.after == {"status": "official", "count": 2}  # An and Ánh, not Dũng
    # The list page itself (no download) is not audited.
    staff_a.get("/members/", {"organization": a.province.pk})
    assert len(_reads()) == 1


def test_the_whole_scope_download_names_no_organization(staff_a, two_provinces):
    response = staff_a.get("/members/", {"q": "an", "format": "xlsx"})
    b"".join(response.streaming_content)
    row = _one_read("export.members")
    assert (row.target_type, row.target_id) == ("", 0)
    assert row.after["q"] == "an" and row.after["count"] >= 1


def test_badge_and_candidate_and_organization_lists_are_audited(staff_a, two_provinces, admin):
    a, _ = two_provinces
    make_member(
        admin,
        a.branch1,
        full_name="Nông Văn Đủ",
        birth_date=date(1960, 1, 1),
        admission_date=date(1996, 2, 3),
        official_date=date(1997, 2, 3),
    )
    candidate_create(
        actor=admin,
        organization=a.branch1,
        full_name="Vi Thị Hoa",
        gender="female",
        birth_date=date(2000, 4, 5),
        listed_on=date(2026, 3, 1),
    )
    AuditEvent.objects.all().delete()
    staff_a.get("/members/badges/?occasion=2026-02-03&format=xlsx")
    row = _one_read("export.badges")
    assert row.after == {"occasion": "2026-02-03", "count": 1} and row.actor == a.staff
    AuditEvent.objects.all().delete()
    staff_a.get(f"/members/candidates/?organization={a.province.pk}&format=xlsx")
    row = _one_read("export.candidates")
    assert row.after == {"count": 1} and row.target_id == a.province.pk
    AuditEvent.objects.all().delete()
    staff_a.get(f"/organizations/{a.commune.pk}/?format=xlsx")
    row = _one_read("export.organizations")
    assert row.after == {"count": 5} and row.target_id == a.commune.pk


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_report_downloads_are_audited(staff_a, two_provinces, fmt):
    a, _ = two_provinces
    staff_a.get(f"/reports/download.{fmt}", {"organization": a.province.pk})
    row = _one_read("export.report")
    assert row.actor == a.staff and row.target_id == a.province.pk
    assert row.after == {"format": fmt, "on": date.today().isoformat()}


def test_a_refused_download_writes_no_row(client, two_provinces):
    a, b = two_provinces
    AuditEvent.objects.all().delete()
    client.force_login(b.staff)
    assert client.get(f"/members/?organization={a.province.pk}&format=xlsx").status_code == 404
    assert _reads() == []


def test_the_command_line_export_is_audited(two_provinces, tmp_path, capsys):
    AuditEvent.objects.all().delete()
    cli.main(["export", "members", "--org", "A", "-o", str(tmp_path / "ds.xlsx")])
    row = _one_read("export.members")
    assert row.actor is None  # the operator, who is no saved user
    assert row.after["count"] == 3 and row.after["via"] == "cli"
    assert row.target_label.startswith("Đảng bộ tỉnh Cao Bằng")


def test_each_view_of_a_record_is_one_row_and_stays_out_of_its_history(staff_a, two_provinces):
    a, _ = two_provinces
    an = a.members[0]
    html = staff_a.get(f"/members/{an.pk}/").content.decode()
    row = _one_read("member.view")
    assert (row.actor, row.target_id, row.after) == (a.staff, an.pk, {"page": "record"})
    assert "Chưa có thay đổi nào được ghi." in html
    staff_a.get(f"/members/{an.pk}/", {"on": "01/01/2015"})
    assert _reads()[0].after == {"page": "record", "on": "2015-01-01"}
    staff_a.get(f"/members/{an.pk}/edit/")
    assert _reads()[0].after == {"page": "edit"}
    # Reads never show as changes in the record's history.
    html = staff_a.get(f"/members/{an.pk}/").content.decode()
    assert "Chưa có thay đổi nào được ghi." in html and "member.view" not in html
    assert len(_reads()) == 4


def test_the_api_record_and_the_photo_are_audited(staff_a, two_provinces):
    a, _ = two_provinces
    an = a.members[0]
    assert staff_a.get(f"/api/v1/members/{an.pk}").status_code == 200
    row = _one_read("member.view")
    assert (row.actor, row.target_id, row.after) == (a.staff, an.pk, {"page": "api"})
    member_photo_set(actor=a.staff, member=an, upload=SimpleUploadedFile("a.png", PNG))
    AuditEvent.objects.all().delete()
    assert staff_a.get(f"/members/{an.pk}/photo/").status_code == 200
    assert _one_read("member.view").after == {"page": "photo"}


def test_a_record_out_of_scope_is_not_found_and_not_audited(client, two_provinces):
    a, b = two_provinces
    AuditEvent.objects.all().delete()
    client.force_login(b.staff)
    assert client.get(f"/members/{a.members[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/members/{a.members[0].pk}").status_code == 404
    assert _reads() == []


# --- what an edit changed ---------------------------------------------------------------------


def _edit_form(member) -> dict:
    """The edit page's fields as the browser sends them back unchanged."""
    form = {
        "full_name": member.full_name,
        "other_names": member.other_names,
        "gender": member.gender,
        "birth_date": member.birth_date.strftime("%d/%m/%Y"),
        "ethnicity": member.ethnicity,
        "religion": member.religion,
        "citizen_id": member.citizen_id or "",
        "party_card_number": member.party_card_number or "",
        "admission_date": member.admission_date.strftime("%d/%m/%Y"),
        "official_date": member.official_date.strftime("%d/%m/%Y"),
        "status": member.status,
        "occupation": member.occupation,
        "education_level": member.education_level,
        "theory_level": member.theory_level,
        "phone": member.phone,
    }
    return form


def test_an_edit_records_the_changed_phone_and_the_history_shows_it(staff_a, two_provinces):
    a, _ = two_provinces
    an = a.members[0]
    an.refresh_from_db()
    url = f"/members/{an.pk}/edit/"
    # Saved unchanged: nothing to record (no row with an empty before and after).
    assert staff_a.post(url, _edit_form(an)).status_code == 302
    assert not AuditEvent.objects.filter(action="member.update").exists()
    assert staff_a.post(url, {**_edit_form(an), "phone": "0987654321"}).status_code == 302
    update = AuditEvent.objects.get(action="member.update")
    assert (update.before, update.after) == ({"phone": ""}, {"phone": "0987654321"})
    assert update.actor == a.staff
    html = staff_a.get(f"/members/{an.pk}/").content.decode()
    assert "<b>Điện thoại</b>: (trống) → 0987654321" in html


def test_an_api_patch_records_what_it_changed(two_provinces):
    from django.test import Client

    a, _ = two_provinces
    an = a.members[0]
    api = Client()
    api.force_login(a.staff)

    def patch(body):
        return api.patch(
            f"/api/v1/members/{an.pk}", json.dumps(body), content_type="application/json"
        )

    assert patch({"phone": ""}).status_code == 200  # the same value: no change to record
    assert not AuditEvent.objects.filter(action="member.update").exists()
    assert patch({"phone": "0912 345 678"}).status_code == 200
    update = AuditEvent.objects.get(action="member.update")
    assert (update.before, update.after) == ({"phone": ""}, {"phone": "0912345678"})
    assert patch({"phone": "0987654321", "occupation": "Giáo viên"}).status_code == 200
    latest = AuditEvent.objects.filter(action="member.update").first()
    assert latest.before == {"phone": "0912345678", "occupation": ""}
    assert latest.after == {"phone": "0987654321", "occupation": "Giáo viên"}


def test_the_downloads_are_listed_where_the_audit_trail_is_read(staff_a, two_provinces, admin):
    """Django admin's audit list (for administrators) shows who downloaded what."""
    from django.test import Client

    a, _ = two_provinces
    b"".join(staff_a.get("/members/", {"organization": a.province.pk, "format": "xlsx"}))
    reader = Client()
    reader.force_login(admin)
    html = reader.get("/admin/core/auditevent/", {"action": "export.members"}).content.decode()
    assert "export.members" in html and "staff_a" in html and a.province.name in html
