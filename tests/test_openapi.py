"""The OpenAPI document lists every answer an endpoint gives, 4xx included."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _operations():
    schema = Client().get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _call(client, method, path, **headers):
    url = re.sub(r"\{[^}]+\}", "999999", path)
    if method == "GET":
        return client.get(url, {"organization": 999999}, **headers)
    return client.generic(method, url, json.dumps({}), content_type="application/json", **headers)


def test_every_operation_documents_its_errors(two_provinces):
    a, _ = two_provinces
    operations = list(_operations())
    assert len(operations) > 40
    for method, path, operation in operations:
        documented = {int(code) for code in operation["responses"]}
        assert {401, 429} <= documented, (method, path)
        assert (method != "GET") <= (403 in documented), (method, path)
        assert ("{" in path) <= (404 in documented), (method, path)
        # Whatever a user gets — anonymous, read-only, or staff naming an id that does not
        # exist — is a documented answer with the documented body.
        for user in (None, a.viewer, a.staff):
            client = Client()
            if user:
                client.force_login(user)
            response = _call(client, method, path)
            if response.status_code == 404 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                continue  # Django's own 404 for a URL that matches no route's converter
            assert response.status_code in documented, (method, path, user, response.content)
            if response.status_code >= 400:
                assert response.json()["detail"], (method, path)


def test_every_operation_is_named_in_vietnamese():
    # django-ninja names an operation without a summary after its function ("Member Create")
    english = re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+)+$")
    for method, path, operation in _operations():
        summary = operation.get("summary", "")
        assert summary and not english.match(summary), (method, path, summary)
