"""The rename and move forms of an organization carry the version they were read at
(issue #16): a form opened before somebody else's change is refused, naming it."""

import re
from datetime import date

import pytest
from django.test import Client

from tochuc.orgs.models import Organization

pytestmark = pytest.mark.django_db


def _tab(user):
    client = Client()
    client.force_login(user)
    return client


def _versions(html: str) -> list[str]:
    return re.findall(r'name="version" value="([0-9a-f.-]+)"', html)


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


@pytest.fixture
def plan(two_provinces):
    from tochuc.orgs.services.restructuring import plan_create, plan_operation_add

    a, _ = two_provinces
    plan = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp chi bộ",
        effective_date=date(2026, 7, 1),
        decision_symbol="15-QĐ/TU",
    )
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="dissolve",
        params={"organization": a.branch1.pk, "destination": a.branch2.pk},
    )
    return plan


def test_applying_a_plan_from_a_page_older_than_its_steps_is_refused(two_provinces, plan):
    from tochuc.orgs.services.restructuring import plan_operation_add

    a, _ = two_provinces
    url = f"/organizations/plans/{plan.pk}/"
    tab_b = _tab(a.staff)
    (version, *_) = _versions(tab_b.get(url).content.decode())
    # Meanwhile, in another tab, a step is added.
    plan_operation_add(
        actor=a.staff,
        plan=plan,
        kind="rename",
        params={"organization": a.branch2.pk, "name": "Chi bộ Giáo viên hợp nhất"},
    )
    refused = tab_b.post(url, {"do": "apply", "version": version}, follow=True)
    html = refused.content.decode()
    assert "Phương án «Sắp xếp chi bộ» đã được sửa sau khi bạn mở trang: thêm bước 2" in html
    assert "chưa có gì được thực hiện" in html
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert Organization.objects.get(pk=a.branch1.pk).dissolved_on is None
    (fresh, *_) = _versions(html)
    tab_b.post(url, {"do": "apply", "version": fresh})
    plan.refresh_from_db()
    assert plan.status == "applied"


def test_a_plan_applied_with_an_old_if_match_is_409(two_provinces, plan):
    a, _ = two_provinces
    api = _tab(a.staff)
    url = f"/api/v1/restructuring/plans/{plan.pk}"
    version = api.get(url).json()["version"]
    step = api.delete(f"{url}/operations/{plan.operations.get().pk}", HTTP_IF_MATCH=f'"{version}"')
    assert step.status_code == 204
    refused = api.post(f"{url}/apply", HTTP_IF_MATCH=f'"{version}"')
    assert refused.status_code == 409
    assert "bỏ 1 bước" in refused.json()["detail"]
    plan.refresh_from_db()
    assert plan.status == "draft"
