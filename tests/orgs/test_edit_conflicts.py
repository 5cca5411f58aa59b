"""The rename and move forms of an organization carry the version they were read at
(issue #16): a form opened before somebody else's change is refused, naming it."""

import re

import pytest
from django.test import Client

from tochuc.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _tab(user):
    client = Client()
    client.force_login(user)
    return client


def _versions(html: str) -> list[str]:
    return re.findall(r'name="version" value="([0-9a-f]+)"', html)


def test_a_move_from_a_page_opened_before_a_rename_is_refused(two_provinces, admin):
    a, _ = two_provinces
    page = f"/organizations/{a.school.pk}/"
    tab_a, tab_b = _tab(a.staff), _tab(admin)
    (version_a, _) = _versions(tab_a.get(page).content.decode())
    (_, version_b) = _versions(tab_b.get(page).content.decode())
    renamed = tab_a.post(
        f"{page}rename/", {"name": "Đảng bộ Trường THPT Chuyên", "version": version_a}
    )
    assert renamed.status_code == 302
    moved = tab_b.post(f"{page}move/", {"new_parent": str(a.bloc.pk), "version": version_b})
    html = moved.content.decode()
    assert moved.status_code == 400
    assert "Tên Đảng bộ Trường THPT Cao Bằng → Đảng bộ Trường THPT Chuyên" in html
    assert "Tải lại trang để xem bản mới" in html
    assert Organization.objects.get(pk=a.school.pk).parent_id == a.commune.pk


def test_a_rename_from_a_page_opened_before_a_move_is_refused(two_provinces, admin):
    a, _ = two_provinces
    page = f"/organizations/{a.school.pk}/"
    tab_a, tab_b = _tab(a.staff), _tab(admin)
    (_, version_a) = _versions(tab_a.get(page).content.decode())
    (version_b, _) = _versions(tab_b.get(page).content.decode())
    assert tab_a.post(f"{page}move/", {"new_parent": str(a.bloc.pk), "version": version_a})
    refused = tab_b.post(f"{page}rename/", {"name": "Đảng bộ mới", "version": version_b})
    assert refused.status_code == 400
    assert f"Trực thuộc {a.commune.name} → {a.bloc.name}" in refused.content.decode()
    assert Organization.objects.get(pk=a.school.pk).name == "Đảng bộ Trường THPT Cao Bằng"


def test_an_organization_name_states_its_limit_and_a_longer_one_is_refused(two_provinces):
    a, _ = two_provinces
    tab = _tab(a.staff)
    page = tab.get(f"/organizations/{a.school.pk}/").content.decode()
    assert 'maxlength="255"' in page and "Tối đa 255 ký tự." in page
    refused = tab.post(f"/organizations/{a.school.pk}/rename/", {"name": "Chi bộ " + "x" * 300})
    assert "Tên tổ chức dài 307 ký tự, quá giới hạn 255 ký tự" in refused.content.decode()
