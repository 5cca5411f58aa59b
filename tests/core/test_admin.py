"""Django admin speaks Vietnamese, the other projects' apps included (issue #16)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_admin_index_has_no_english_leftovers(client, admin):
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Quản trị tochuc" in page
    for vietnamese in ("Tác vụ nền", "Đăng nhập sai và khóa đăng nhập", "Xác thực hai bước"):
        assert vietnamese in page
    text = re.sub(r"<[^>]+>", " ", page)
    for english in ("Django", "Task Result", "Access attempt", "Access log", "TOTP device"):
        assert english.lower() not in text.lower(), english


def test_a_new_user_defaults_to_the_least_right(client, admin):
    client.force_login(admin)
    page = client.get("/users/").content.decode()
    selected = re.search(r'<option value="(\w+)"[^>]*selected', page)
    assert selected and selected.group(1) == "viewer"
