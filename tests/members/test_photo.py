"""The record's photo: only JPEG/PNG up to 2 MB, and only those who see the record see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, member, content=PNG, name="anh.png"):
    return client.post(
        f"/members/{member.pk}/photo/upload/",
        {"photo": SimpleUploadedFile(name, content, content_type="image/png")},
        follow=True,
    )


def test_upload_and_view_photo(client, two_provinces, tmp_path, django_capture_on_commit_callbacks):
    a, _ = two_provinces
    member = a.members[0]
    client.force_login(a.staff)
    html = _upload(client, member).content.decode()
    assert "Đã cập nhật ảnh." in html
    member.refresh_from_db()
    assert member.photo.name.endswith(".png")
    response = client.get(f"/members/{member.pk}/photo/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert AuditEvent.objects.filter(action="member.photo", target_id=member.pk).exists()
    # A second photo replaces the first file.
    old = tmp_path / member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, member)
    assert not old.exists()


def test_only_jpeg_or_png_and_small(client, two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    client.force_login(a.staff)
    html = _upload(client, member, content=b"%PDF-1.4 not a photo", name="anh.png").content.decode()
    assert "Ảnh phải là tệp JPEG hoặc PNG." in html
    big = b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)
    html = _upload(client, member, content=big, name="anh.jpg").content.decode()
    assert "Ảnh không được lớn hơn 2 MB." in html
    member.refresh_from_db()
    assert not member.photo


def test_photo_stays_in_scope(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    _upload(client, a.members[0])
    client.force_login(b.staff)
    assert client.get(f"/members/{a.members[0].pk}/photo/").status_code == 404
    assert _upload(client, a.members[1]).status_code == 404
    client.force_login(a.viewer)
    assert client.get(f"/members/{a.members[0].pk}/photo/").status_code == 200
    assert _upload(client, a.members[1]).status_code == 403
