"""A client for the JSON API at /api/v1/ and what its tests share (tests/<app>/test_api.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from tests.factories import citizen_id_for
from tochuc.core.models import AuditEvent
from tochuc.members.models import Member
from tochuc.orgs.models import Organization, SubtreeCount

UNAUTHENTICATED = {"detail": "Chưa đăng nhập hoặc token không hợp lệ."}
NOT_FOUND = {"detail": "Không tìm thấy."}


class Api:
    """A client for /api/v1 that logs in by session or by bearer token."""

    def __init__(self, user=None, token=None, **client_options):
        self.client = Client(**client_options)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if user is not None:
            self.client.force_login(user)

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def post(self, path, body):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )

    def patch(self, path, body):
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )

    def put(self, path, body):
        return self.client.put(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )

    def call(self, method, path, body=None):
        if method == "GET":
            return self.get(path, body)
        return getattr(self, method.lower())(path, body)


@pytest.fixture
def staff_a(world):
    """Province A's staff through the API; a test module takes it with `staff_a =
    tests.api.staff_a`, over tests/conftest.py's page client of the same name."""
    return Api(world[0].staff)


def new_member(org, **changes) -> dict:
    body = {
        "organization_id": org.pk,
        "full_name": "Trần Thị Bích Ngọc",
        "gender": "female",
        "birth_date": "1992-08-20",
        "admission_date": "2015-03-26",
        "official_date": "2016-03-26",
        "status": "official",
        "citizen_id": citizen_id_for("female", date(1992, 8, 20)),
        "ethnicity": "Tày",
    }
    body.update(changes)
    return body


def member_row(pk) -> dict:
    return Member.objects.filter(pk=pk).values().get()


def everything():
    return (
        list(Member.objects.order_by("pk").values()),
        list(Organization.objects.order_by("pk").values()),
        sorted(SubtreeCount.objects.values_list("organization_id", "dimension", "value", "count")),
        AuditEvent.objects.count(),
    )
