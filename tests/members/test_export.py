"""The member list's download (issue #16): it starts at once, one at a time per user, and its
audit row counts the rows the file holds."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tochuc.core.models import AuditEvent
from tochuc.members import views

pytestmark = pytest.mark.django_db


def _download(client, org):
    return client.get("/members/", {"organization": org.pk, "format": "xlsx"})


def test_the_download_starts_before_the_list_is_read(staff_a, two_provinces, monkeypatch):
    a, _ = two_provinces
    read = []
    rows = views.member_rows

    def member_rows(qs):
        read.append(True)
        yield from rows(qs)

    monkeypatch.setattr(views, "member_rows", member_rows)
    response = _download(staff_a, a.province)
    assert response.status_code == 200 and response["Content-Type"].endswith(".sheet")
    # No length announced: the browser shows the bytes as they come.
    assert not response.has_header("Content-Length")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK") and read == []
    data = first + b"".join(chunks)
    names = [
        r[1] for r in load_workbook(BytesIO(data)).active.iter_rows(min_row=4, values_only=True)
    ]
    assert sorted(names) == sorted(m.full_name for m in a.members)
    event = AuditEvent.objects.get(action="export.members")
    assert event.after == {"count": 3} and event.actor == a.staff


def test_a_second_download_waits_for_the_first(staff_a, two_provinces):
    a, _ = two_provinces
    first = iter(_download(staff_a, a.province).streaming_content)
    next(first)
    second = _download(staff_a, a.commune)
    assert second.status_code == 409
    assert "Đang tải danh sách này, chờ tải xong" in second.content.decode()
    assert not AuditEvent.objects.filter(action="export.members").exists()
    b"".join(first)
    assert AuditEvent.objects.get(action="export.members").after["count"] == 3
    again = _download(staff_a, a.commune)
    assert again.status_code == 200
    b"".join(again.streaming_content)


def test_another_user_is_not_held_up(staff_a, two_provinces, client):
    from django.test import Client

    a, b = two_provinces
    first = iter(_download(staff_a, a.province).streaming_content)
    next(first)
    other = Client()
    other.force_login(b.staff)
    response = _download(other, b.province)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    b"".join(first)


def test_a_download_stopped_half_way_is_audited_and_frees_the_user(staff_a, two_provinces):
    a, _ = two_provinces
    response = _download(staff_a, a.province)
    next(iter(response.streaming_content))
    # The browser went away: the server closes what it was reading (the test client's wrapper,
    # which closes the response without ending the test's database connection).
    response._iterator.close()
    event = AuditEvent.objects.get(action="export.members")
    assert event.after == {"count": 0, "stopped": True}
    assert _download(staff_a, a.province).status_code == 200


def test_the_list_page_download_link_is_clicked_once(staff_a, two_provinces):
    a, _ = two_provinces
    page = staff_a.get("/members/", {"organization": a.province.pk}).content.decode()
    assert 'format=xlsx" data-download-once="Đang tải tệp Excel' in page
