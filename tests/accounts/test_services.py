"""Creating users and API tokens."""

from __future__ import annotations

import hashlib

import pytest

from tochuc.accounts.models import ApiToken, User
from tochuc.accounts.services import api_token_create, user_create
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_scoped_user(two_provinces, admin):
    a, _ = two_provinces
    user, token = user_create(
        actor=admin,
        username=" nguyenvana ",
        role="staff",
        scope=a.province,
        password="mat-khau-dai",
        full_name="Nguyễn Văn A",
    )
    saved = User.objects.get(pk=user.pk)
    assert saved.username == "nguyenvana"
    assert saved.role == "staff"
    assert saved.scope == a.province
    assert saved.full_name == "Nguyễn Văn A"
    assert saved.check_password("mat-khau-dai")
    assert not saved.is_staff and not saved.is_superuser
    assert token is None
    assert not ApiToken.objects.filter(user=saved).exists()
    audit = AuditEvent.objects.get(action="user.create", target_id=saved.pk)
    assert audit.actor == admin
    assert audit.after == {"username": "nguyenvana", "role": "staff", "scope": a.province.pk}


def test_without_a_password_the_user_cannot_log_in_by_password(two_provinces, admin):
    a, _ = two_provinces
    user, _ = user_create(actor=admin, username="script", role="viewer", scope=a.province)
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_only_administrators_create_users(two_provinces):
    a, _ = two_provinces
    for actor in (a.staff, a.viewer, a.secretary, None):
        with pytest.raises(Forbidden) as caught:
            user_create(actor=actor, username="x", role="viewer", scope=a.province)
        assert "quản trị" in str(caught.value)
    assert not User.objects.filter(username="x").exists()


def test_an_administrator_has_no_scope(admin, two_provinces):
    a, _ = two_provinces
    user, _ = user_create(
        actor=admin, username="admin2", role="admin", scope=a.province, password="mat-khau-dai"
    )
    saved = User.objects.get(pk=user.pk)
    assert saved.scope is None
    assert saved.is_admin and saved.is_staff and saved.is_superuser


@pytest.mark.parametrize("role", ["staff", "viewer", "secretary"])
def test_everyone_else_needs_a_scope(admin, role):
    with pytest.raises(ServiceError) as caught:
        user_create(actor=admin, username="x", role=role, scope=None)
    assert caught.value.errors == {
        "scope": ["Người dùng không phải quản trị phải có phạm vi (một tổ chức đảng)."]
    }
    assert not User.objects.filter(username="x").exists()


def test_a_secretarys_scope_is_a_branch(two_provinces, admin):
    a, _ = two_provinces
    for org in (a.province, a.commune, a.school):
        with pytest.raises(ServiceError) as caught:
            user_create(actor=admin, username="bithu", role="secretary", scope=org)
        assert caught.value.errors == {"scope": ["Bí thư chi bộ phải có phạm vi là một chi bộ."]}
    for i, org in enumerate((a.branch1, a.village)):
        user, _ = user_create(actor=admin, username=f"bithu{i}", role="secretary", scope=org)
        assert User.objects.get(pk=user.pk).scope == org


def test_bad_input_is_named(two_provinces, admin):
    a, _ = two_provinces
    cases = [
        ({"username": "staff_a"}, "username", "Tên đăng nhập «staff_a» đã có."),
        ({"username": "  "}, "username", "Tên đăng nhập không được để trống."),
        ({"role": "boss"}, "role", "Vai trò phải là một trong: admin, staff, viewer, secretary."),
        ({"password": "ngan"}, "password", "Mật khẩu phải có ít nhất 8 ký tự."),
    ]
    users = User.objects.count()
    for changes, field, message in cases:
        kwargs = {"username": "moi", "role": "staff", "scope": a.province, **changes}
        with pytest.raises(ServiceError) as caught:
            user_create(actor=admin, **kwargs)
        assert caught.value.errors == {field: [message]}
    assert User.objects.count() == users


def test_the_token_is_shown_once_and_only_its_hash_is_kept(two_provinces, admin, client):
    a, b = two_provinces
    user, token = user_create(
        actor=admin, username="script_a", role="viewer", scope=a.province, with_token=True
    )
    assert token and len(token) >= 32
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash != token
    assert token not in stored.key_hash
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    # the token authenticates as that user, with that user's scope
    response = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {o["name"] for o in response.json()} == {
        "Đảng bộ tỉnh Cao Bằng",
        "Đảng bộ xã Một Cao Bằng",
        "Đảng bộ Trường THPT Cao Bằng",
        "Chi bộ Giáo viên",
        "Chi bộ Hành chính",
        "Chi bộ thôn Nà Cao Bằng",
        "Đảng bộ Khối cơ quan tỉnh Cao Bằng",
        "Chi bộ Sở Nội vụ",
    }
    response = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {token}x")
    assert response.status_code == 401
    # a deactivated user's token no longer works
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_tokens_are_distinct(two_provinces, admin):
    a, _ = two_provinces
    tokens = {api_token_create(actor=admin, user=a.staff) for _ in range(3)}
    assert len(tokens) == 3
    assert ApiToken.objects.filter(user=a.staff).count() == 3


def test_users_make_their_own_tokens_only(two_provinces):
    a, b = two_provinces
    assert api_token_create(actor=a.staff, user=a.staff)
    with pytest.raises(Forbidden):
        api_token_create(actor=a.staff, user=b.staff)
    assert not ApiToken.objects.filter(user=b.staff).exists()
