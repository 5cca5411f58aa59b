"""Placement periods: derived from the record and timeline, rewritten with every change, and
the source of counts at a past date."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.factories import make_member
from tochuc.core.errors import ServiceError
from tochuc.members.counters import member_counts_at
from tochuc.members.models import Member, Placement
from tochuc.members.party_age import timeline_of
from tochuc.members.placements import periods_of, placements_rebuild
from tochuc.members.services import (
    member_confirm,
    member_contact_restore,
    member_death,
    member_lose_contact,
    member_readmit,
    member_remove,
    member_transfer_accept,
    member_transfer_start,
)
from tochuc.orgs.counters import subtree_counts
from tochuc.orgs.models import Organization

D = date


def _member(**fields):
    base = {
        "pk": 1,
        "organization_id": 10,
        "admission_date": D(2010, 1, 1),
        "official_date": D(2011, 1, 1),
    }
    return SimpleNamespace(**(base | fields))


_ids = iter(range(1, 10_000))


def _event(event_kind, day, organization_id=None, **details):
    return SimpleNamespace(
        id=next(_ids),
        kind=event_kind,
        effective_date=day,
        organization_id=organization_id,
        details=details,
    )


def _shape(periods):
    return [
        (p.organization_id, p.start_date, p.end_date, p.state, p.official_from) for p in periods
    ]


CASES = {
    "a record with no events is one period": (
        _member(),
        [],
        [(10, D(2010, 1, 1), None, "active", D(2011, 1, 1))],
    ),
    "a permanent transfer moves the member on acceptance": (
        _member(organization_id=20),
        [_event("transfer_in", D(2020, 6, 1), 20, kind="permanent", from_org_id=10)],
        [
            (10, D(2010, 1, 1), D(2020, 6, 1), "active", D(2011, 1, 1)),
            (20, D(2020, 6, 1), None, "active", D(2011, 1, 1)),
        ],
    ),
    "a temporary stay does not move the member": (
        _member(),
        [_event("transfer_in", D(2020, 6, 1), 30, kind="temporary", from_org_id=10)],
        [(10, D(2010, 1, 1), None, "active", D(2011, 1, 1))],
    ),
    "removal and readmission: the first membership keeps its official date": (
        _member(official_date=None),
        [
            _event("remove", D(2015, 1, 1)),
            _event("readmit", D(2017, 1, 1), previous_official_from="2011-01-01"),
        ],
        [
            (10, D(2010, 1, 1), D(2015, 1, 1), "active", D(2011, 1, 1)),
            (10, D(2015, 1, 1), D(2017, 1, 1), "removed", D(2011, 1, 1)),
            (10, D(2017, 1, 1), None, "active", None),
        ],
    ),
    "lost contact is a period of its own": (
        _member(),
        [_event("lost_contact", D(2019, 3, 1)), _event("contact_restore", D(2019, 9, 1))],
        [
            (10, D(2010, 1, 1), D(2019, 3, 1), "active", D(2011, 1, 1)),
            (10, D(2019, 3, 1), D(2019, 9, 1), "lost_contact", D(2011, 1, 1)),
            (10, D(2019, 9, 1), None, "active", D(2011, 1, 1)),
        ],
    ),
    "arrival from outside starts the placement": (
        _member(),
        [_event("arrive", D(2024, 4, 1), 10)],
        [(10, D(2024, 4, 1), None, "active", D(2011, 1, 1))],
    ),
    "an expulsion ends the standing; a warning does not": (
        _member(),
        [
            _event("discipline", D(2012, 1, 1), form="warning"),
            _event("discipline", D(2013, 1, 1), form="expulsion"),
        ],
        [
            (10, D(2010, 1, 1), D(2013, 1, 1), "active", D(2011, 1, 1)),
            (10, D(2013, 1, 1), None, "expelled", D(2011, 1, 1)),
        ],
    ),
    "two changes on one day: the later one stands": (
        _member(),
        [_event("exempt", D(2020, 1, 1)), _event("death", D(2020, 1, 1))],
        [
            (10, D(2010, 1, 1), D(2020, 1, 1), "active", D(2011, 1, 1)),
            (10, D(2020, 1, 1), None, "deceased", D(2011, 1, 1)),
        ],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_periods_of(case):
    member, events, expected = CASES[case]
    assert _shape(periods_of(member, events)) == expected


pytestmark_db = pytest.mark.django_db


def _counts(org, on):
    return {k: v for k, v in member_counts_at(org, on).items() if v}


def _member_dims(org):
    return {k: v for k, v in subtree_counts(org.pk).items() if k[0] != "org_kind"}


@pytestmark_db
def test_counts_at_a_past_date_are_unchanged_by_later_events(two_provinces):
    a, b = two_provinces
    before = D(2025, 12, 31)
    snapshot = {org.pk: _counts(org, before) for org in Organization.objects.all()}
    an, anh, dung = a.members
    t = member_transfer_start(
        actor=a.staff,
        member=an,
        kind="permanent",
        to_org=b.office,
        start_date=D(2026, 3, 2),
        letter_symbol="5-GGT",
        dues_paid_to=D(2026, 2, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=t, accepted_on=D(2026, 3, 10))
    member_remove(
        actor=a.staff,
        member=anh,
        reason="absence",
        effective_date=D(2026, 4, 1),
        document_symbol="9-QĐ/ĐU",
    )
    member_death(
        actor=b.staff, member=Member.objects.get(pk=b.members[0].pk), effective_date=D(2026, 5, 1)
    )
    assert {org.pk: _counts(org, before) for org in Organization.objects.all()} == snapshot
    # ... and today's counts from the periods are the rolled-up counters, for every organization.
    for org in Organization.objects.all():
        assert _counts(org, date.today()) == _member_dims(org), org.name
    assert _counts(a.province, before)[("member", "total")] == 2  # Dũng came in 2026
    assert _counts(a.province, date.today())[("member", "total")] == 1  # Dũng only
    assert _counts(b.province, date.today())[("member", "total")] == 1  # An arrived, Bình died


@pytestmark_db
def test_probationary_on_a_past_date_and_official_after(two_provinces):
    a, _ = two_provinces
    dung = a.members[2]  # admitted 2026-02-03, still probationary
    assert _counts(a.village, D(2026, 2, 2)) == {}
    assert _counts(a.village, D(2026, 3, 1))[("status", "probationary")] == 1
    assert Placement.objects.filter(member=dung).count() == 1


@pytestmark_db
def test_lost_contact_leaves_the_counts_and_party_age_until_restored(two_provinces, admin):
    a, _ = two_provinces
    m = make_member(admin, a.office, full_name="Vi Văn Khải", admission_date=D(2005, 1, 1))
    member_lose_contact(actor=a.staff, member=m, effective_date=D(2025, 1, 1))
    m.refresh_from_db()
    assert m.state == "lost_contact"
    assert _counts(a.office, date.today()).get(("member", "total"), 0) == 0
    assert _member_dims(a.office) == {}
    with pytest.raises(ServiceError, match="mất liên lạc"):
        member_lose_contact(actor=a.staff, member=m, effective_date=D(2025, 2, 1))
    member_contact_restore(actor=a.staff, member=m, effective_date=D(2025, 7, 1))
    m.refresh_from_db()
    assert m.state == "active"
    assert _counts(a.office, date.today())[("member", "total")] == 1
    assert _counts(a.office, D(2025, 3, 1)).get(("member", "total"), 0) == 0
    events = [(e.kind, e.effective_date, e.details) for e in m.events.all()]
    assert timeline_of(m.admission_date, events).gaps == ((D(2025, 1, 1), D(2025, 7, 1)),)


@pytestmark_db
def test_a_member_who_lost_contact_can_be_removed(two_provinces, admin):
    a, _ = two_provinces
    m = make_member(admin, a.office, full_name="Vi Văn Khải")
    member_lose_contact(actor=a.staff, member=m, effective_date=D(2025, 1, 1))
    member_remove(
        actor=a.staff,
        member=m,
        reason="absence",
        effective_date=D(2025, 6, 1),
        document_symbol="3-QĐ/ĐU",
    )
    events = [(e.kind, e.effective_date, e.details) for e in m.events.all()]
    assert timeline_of(m.admission_date, events).gaps == ((D(2025, 1, 1), None),)


@pytestmark_db
def test_readmission_keeps_the_first_membership_official(two_provinces, admin):
    a, _ = two_provinces
    m = make_member(admin, a.office, full_name="Lò Thị Mai", gender="female")
    member_remove(
        actor=a.staff, member=m, reason="absence", effective_date=D(2020, 1, 1), document_symbol="1"
    )
    member_readmit(actor=a.staff, member=m, effective_date=D(2022, 1, 1), document_symbol="2-QĐ/HU")
    assert _counts(a.office, D(2015, 1, 1))[("status", "official")] == 1
    assert _counts(a.office, D(2021, 1, 1)) == {}
    assert _counts(a.office, D(2022, 6, 1))[("status", "probationary")] == 1
    member_confirm(
        actor=a.staff,
        member=Member.objects.get(pk=m.pk),
        effective_date=date.today(),
        document_symbol="3-QĐ/ĐU",
    )
    assert _counts(a.office, D(2023, 1, 2))[("status", "official")] == 1
    assert _counts(a.office, D(2015, 1, 1))[("status", "official")] == 1


@pytestmark_db
def test_rebuild_derives_what_the_services_wrote(two_provinces, admin):
    a, b = two_provinces
    m = make_member(admin, a.office, full_name="Vi Văn Khải")
    member_lose_contact(actor=a.staff, member=m, effective_date=date.today() - timedelta(days=30))
    t = member_transfer_start(
        actor=a.staff,
        member=a.members[0],
        kind="permanent",
        to_org=b.office,
        start_date=D(2026, 3, 2),
        letter_symbol="5-GGT",
        dues_paid_to=D(2026, 2, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=t, accepted_on=D(2026, 3, 10))

    def rows():
        return sorted(
            Placement.objects.values_list(
                "member_id", "organization_id", "start_date", "end_date", "state", "official_from"
            )
        )

    written = rows()
    assert placements_rebuild() == len(written)
    assert rows() == written


@pytestmark_db
def test_stats_on_a_date_from_the_api_and_the_cli(client, two_provinces, capsys):
    import json

    from tochuc.cli import main

    a, b = two_provinces
    client.force_login(a.staff)
    url = f"/api/v1/organizations/{a.province.pk}/stats"
    today = client.get(url).json()
    assert today["members"]["total"] == 3
    past = client.get(f"{url}?on=2025-12-31").json()
    assert past["members"] == {"total": 2, "probationary": 0, "official": 2, "women": 1}
    assert past["organizations"] == today["organizations"]  # founding dates unknown: all
    assert client.get(f"{url}?on=31/12/2025").status_code == 422
    client.force_login(b.staff)
    assert client.get(f"{url}?on=2025-12-31").status_code == 404
    main(["stats", "A", "--date", "2025-12-31", "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert printed["members"] == past["members"] and printed["on"] == "2025-12-31"
    with pytest.raises(SystemExit, match="YYYY-MM-DD"):
        main(["stats", "A", "--date", "31/12/2025"])
