"""Fixtures of the members' tests."""

from datetime import date

import pytest

from tests.factories import make_member


@pytest.fixture
def probationer(two_provinces, admin):
    a, _ = two_provinces
    return make_member(
        admin,
        a.branch1,
        full_name="Lò Văn Pọm",
        status="probationary",
        official_date=None,
        admission_date=date(2025, 3, 10),
        ceremony_date=date(2025, 3, 25),
    )
