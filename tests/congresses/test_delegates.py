"""Delegates allocated by headcount to the organizations under a delegates' congress: largest
remainders, at least one each, the whole number given; a members' congress allocates nothing;
a new allocation replaces the last."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.congresses.models import Congress, DelegateQuota
from tochuc.congresses.services import delegates_allocate, plan_generate
from tochuc.congresses.services.delegates import allocate
from tochuc.core.errors import NotFound, ServiceError
from tochuc.orgs.models import Term


@given(
    st.dictionaries(st.integers(1, 500), st.integers(0, 5000), min_size=1, max_size=40),
    st.integers(0, 400),
)
def test_every_seat_is_given_by_largest_remainders(heads, seats):
    got = allocate(seats, heads)
    assert set(got) == set(heads) and sum(got.values()) == seats
    if seats >= len(heads):
        assert min(got.values()) >= 1
    for a in heads:  # a larger organization never gets fewer delegates
        for b in heads:
            if heads[a] > heads[b]:
                assert got[a] >= got[b]


def test_seed_like_shares():
    assert allocate(10, {1: 500, 2: 300, 3: 200}) == {1: 5, 2: 3, 3: 2}
    assert allocate(4, {1: 90, 2: 5, 3: 5}) == {1: 2, 2: 1, 3: 1}  # at least one each


@pytest.mark.django_db
def test_a_delegates_congress_allocates_to_the_organizations_under_it(two_provinces, admin):
    a, b = two_provinces
    term = Term.objects.get(name="2025–2030")
    plan_generate(actor=admin, organization=a.province, term=term, on=date(2025, 3, 1))
    commune = Congress.objects.get(organization=a.commune, term=term)
    with pytest.raises(ServiceError) as refused:
        delegates_allocate(actor=a.staff, congress=commune, seats=1)
    assert "Số đại biểu từ 2" in refused.value.text()
    made = delegates_allocate(actor=a.staff, congress=commune, seats=5)
    by_org = {q.organization_id: (q.members, q.seats) for q in made}
    assert by_org == {a.school.pk: (2, 3), a.village.pk: (1, 2)}
    delegates_allocate(actor=a.staff, congress=commune, seats=3)
    assert DelegateQuota.objects.filter(congress=commune).count() == 2  # replaced
    branch = Congress.objects.get(organization=a.branch1, term=term)
    with pytest.raises(ServiceError):
        delegates_allocate(actor=a.staff, congress=branch, seats=3)
    with pytest.raises(NotFound):
        delegates_allocate(actor=b.staff, congress=commune, seats=5)


@pytest.mark.django_db
def test_the_allocation_from_the_page_and_the_api(world, client):
    from tests.api import Api

    a, _ = world
    term = Term.objects.get(name="2025–2030")
    plan_generate(actor=a.staff, organization=a.province, term=term, on=date(2025, 3, 1))
    commune = Congress.objects.get(organization=a.commune, term=term)
    client.force_login(a.staff)
    url = f"/congresses/{commune.pk}/"
    refused = client.post(url, {"do": "allocate", "seats": "1"}, follow=True)
    assert "Số đại biểu từ 2" in refused.content.decode()
    client.post(url, {"do": "allocate", "seats": "5"})
    shown = client.get(url).content.decode()
    assert "Phân bổ đại biểu" in shown and a.school.name in shown
    got = Api(a.staff).get(f"/congresses/{commune.pk}/delegates").json()
    assert [(q["organization_id"], q["seats"]) for q in got] == [
        (a.school.pk, 3),
        (a.village.pk, 2),
    ]
    again = Api(a.staff).post(f"/congresses/{commune.pk}/delegates", {"seats": 2}).json()
    assert [q["seats"] for q in again] == [1, 1]
