"""The form for a new organization proposes the kind usually created there (issue #16)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _proposed_kind(client, org) -> str:
    page = client.get(f"/organizations/{org.pk}/").content.decode()
    form = page[page.index('name="kind"') :]
    return re.search(r'<option value="(\w+)"[^>]*selected', form).group(1)


def test_the_usual_child_kind_is_proposed(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    # under a đảng bộ xã / phường: a chi bộ cơ sở, not another đảng bộ cấp trên cơ sở
    assert _proposed_kind(client, a.commune) == "grassroots_branch"
    assert _proposed_kind(client, a.school) == "branch"
