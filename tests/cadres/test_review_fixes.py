"""The review of issue #19: limits checked over the whole new interval, a retirement that ends
everything, the term's end from 29/02, the yearly planning review's year and audit, and the
re-election day."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api import Api
from tochuc.cadres.models import CadreEvent, CommitteeSeat, Holding, PositionTitle
from tochuc.cadres.selectors import congress_day, reelection_ineligible
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    cadre_of_member,
    holders_on,
    holding_end,
    planning_add,
    planning_review,
    position_create,
    seat_add,
    seat_end,
    seats_on,
)
from tochuc.cadres.services.positions import term_end_of
from tochuc.core.errors import ServiceError
from tochuc.core.models import AuditEvent, Regulation
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def title(name: str) -> PositionTitle:
    return PositionTitle.objects.get(name=name)


def official(actor, org, name, born=date(1980, 1, 1)):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=born, gender="male"
    )


def test_a_seat_taken_later_is_counted_from_an_earlier_start(two_provinces):
    a, _ = two_provinces
    post = position_create(actor=a.staff, organization=a.commune, title=title("Bí thư"))
    x, y = official(a.staff, a.commune, "Lò Văn X"), official(a.staff, a.commune, "Lò Văn Y")
    first = cadre_appoint(actor=a.staff, cadre=x, position=post, on=date(2026, 6, 1))
    with pytest.raises(
        ServiceError,
        match=r"đã đủ 1 người vào ngày 01/06/2026 \(Lò Văn X\).*Lò Văn X từ 01/06/2026",
    ):
        cadre_appoint(actor=a.staff, cadre=y, position=post, on=date(2026, 1, 1))
    # the cadre already holding it from later may not take it earlier either
    with pytest.raises(ServiceError, match="Lò Văn X giữ chức vụ .* từ 01/06/2026"):
        cadre_appoint(actor=a.staff, cadre=x, position=post, on=date(2026, 1, 1))
    assert [h.cadre for h in holders_on(post, date(2026, 7, 1))] == [x]
    # a holding ending the day before is no matter
    holding_end(actor=a.staff, holding=first, on=date(2026, 6, 30))
    cadre_appoint(actor=a.staff, cadre=y, position=post, on=date(2026, 7, 1))
    with pytest.raises(ServiceError, match=r"\(Lò Văn Y\).*Lò Văn Y từ 01/07/2026"):
        cadre_appoint(actor=a.staff, cadre=x, position=post, on=date(2026, 7, 1))
    assert Holding.objects.filter(position=post).count() == 2


def test_two_seats_full_on_a_later_day_refuse_a_third_from_before(two_provinces):
    a, _ = two_provinces
    post = position_create(
        actor=a.staff, organization=a.commune, title=title("Phó Bí thư"), seats=2
    )
    one, two, three = (official(a.staff, a.commune, f"Lò Văn {n}") for n in "ABC")
    early = cadre_appoint(actor=a.staff, cadre=one, position=post, on=date(2026, 1, 1))
    holding_end(actor=a.staff, holding=early, on=date(2026, 3, 31))
    cadre_appoint(actor=a.staff, cadre=two, position=post, on=date(2026, 5, 1))
    cadre_appoint(actor=a.staff, cadre=one, position=post, on=date(2026, 9, 1))
    # from 01/04 one seat is free until 01/09, when both are held
    with pytest.raises(ServiceError, match="đã đủ 2 người vào ngày 01/09/2026"):
        cadre_appoint(actor=a.staff, cadre=three, position=post, on=date(2026, 4, 1))


def test_one_secretary_over_the_whole_new_seat(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")
    x, y = official(a.staff, a.commune, "Lò Văn X"), official(a.staff, a.commune, "Lò Văn Y")
    seat = seat_add(
        actor=a.staff, organization=a.commune, term=term, cadre=x, role="secretary",
        on=date(2026, 6, 1),
    )  # fmt: skip
    with pytest.raises(
        ServiceError, match=r"đã có bí thư Lò Văn X ngày 01/06/2026.*\(Lò Văn X từ 01/06/2026\)"
    ):
        seat_add(
            actor=a.staff, organization=a.commune, term=term, cadre=y, role="secretary",
            on=date(2026, 1, 1),
        )  # fmt: skip
    with pytest.raises(ServiceError, match="Lò Văn X là Bí thư từ 01/06/2026"):
        seat_add(
            actor=a.staff, organization=a.commune, term=term, cadre=x, role="secretary",
            on=date(2026, 1, 1),
        )  # fmt: skip
    seat_end(actor=a.staff, seat=seat, on=date(2026, 12, 31))
    seat_add(
        actor=a.staff, organization=a.commune, term=term, cadre=y, role="secretary",
        on=date(2027, 1, 1),
    )  # fmt: skip
    on_day = seats_on(a.commune, date(2027, 1, 1)).filter(role="secretary")
    assert [s.cadre for s in on_day] == [y]


def test_a_term_from_the_29th_of_february_ends_on_the_28th(two_provinces):
    assert term_end_of(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert term_end_of(date(2021, 10, 1), 5) == date(2026, 9, 30)
    assert term_end_of(date(2023, 3, 1), 1) == date(2024, 2, 29)
    assert term_end_of(date(2024, 3, 1), 5) == date(2029, 2, 28)
    a, _ = two_provinces
    post = position_create(actor=a.staff, organization=a.commune, title=title("Trưởng phòng"))
    cadre = official(a.staff, a.commune, "Lò Văn Nhuận")
    holding = cadre_appoint(actor=a.staff, cadre=cadre, position=post, on=date(2024, 2, 29))
    assert holding.term_end == date(2029, 2, 28)


def test_a_retirement_ends_every_holding_and_seat_that_day(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")
    cadre = official(a.staff, a.commune, "Lò Văn Hưu", born=date(1966, 1, 1))
    secretary = position_create(actor=a.staff, organization=a.commune, title=title("Bí thư"))
    head = position_create(actor=a.staff, organization=a.commune, title=title("Trưởng phòng"))
    first = cadre_appoint(
        actor=a.staff, cadre=cadre, position=secretary, on=date(2025, 10, 1), kind="election"
    )
    cadre_appoint(
        actor=a.staff, cadre=cadre, position=head, on=date(2025, 11, 1), kind="reappointment"
    )
    seat_add(
        actor=a.staff, organization=a.commune, term=term, cadre=cadre, role="secretary",
        on=date(2025, 10, 1),
    )  # fmt: skip
    holding_end(actor=a.staff, holding=first, on=date(2026, 1, 31), kind="retirement")
    assert not cadre.holdings.filter(end__isnull=True).exists()
    assert set(cadre.holdings.values_list("end", flat=True)) == {date(2026, 1, 31)}
    assert list(CommitteeSeat.objects.filter(cadre=cadre).values_list("end", flat=True)) == [
        date(2026, 1, 31)
    ]
    # a person retires once: one event (the one counted in «Nghỉ hưu»), on the post chosen
    retired = cadre.events.filter(kind=CadreEvent.Kind.RETIREMENT)
    assert [e.position_id for e in retired] == [secretary.pk]
    assert AuditEvent.objects.filter(action="cadre.retirement").count() == 1
    assert vacant_from(head, date(2026, 2, 1))


def test_a_retirement_with_a_post_outside_the_writers_scope_is_refused(two_provinces):
    """A branch's secretary records the retirement of a member who also holds a province
    post: refused, nothing ended (the province records it)."""
    a, _ = two_provinces
    cadre = cadre_of_member(actor=a.staff, member=a.members[0])  # of branch1
    top = position_create(actor=a.staff, organization=a.province, title=title("Chánh Văn phòng"))
    low = position_create(actor=a.staff, organization=a.branch1, title=title("Bí thư"))
    cadre_appoint(actor=a.staff, cadre=cadre, position=top, on=date(2022, 1, 1))
    held = cadre_appoint(
        actor=a.staff, cadre=cadre, position=low, on=date(2022, 1, 1), kind="election"
    )
    with pytest.raises(ServiceError) as refused:
        holding_end(actor=a.secretary, holding=held, on=date(2026, 1, 1), kind="retirement")
    assert "ngoài phạm vi của tài khoản" in refused.value.text()
    assert "Chánh Văn phòng" not in refused.value.text()  # not named to who cannot see it
    assert not cadre.holdings.filter(end__isnull=False).exists()
    assert not cadre.events.filter(kind=CadreEvent.Kind.RETIREMENT).exists()
    # the province's staff may: both posts end, one retirement
    holding_end(actor=a.staff, holding=held, on=date(2026, 1, 1), kind="retirement")
    assert set(cadre.holdings.values_list("end", flat=True)) == {date(2026, 1, 1)}
    assert cadre.events.filter(kind=CadreEvent.Kind.RETIREMENT).count() == 1


def vacant_from(position, on):
    return not holders_on(position, on).exists()


def test_a_dismissal_ends_only_its_holding(two_provinces):
    a, _ = two_provinces
    cadre = official(a.staff, a.commune, "Lò Văn Thôi")
    one = position_create(actor=a.staff, organization=a.commune, title=title("Bí thư"))
    two = position_create(actor=a.staff, organization=a.commune, title=title("Trưởng phòng"))
    first = cadre_appoint(actor=a.staff, cadre=cadre, position=one, on=date(2025, 10, 1))
    cadre_appoint(actor=a.staff, cadre=cadre, position=two, on=date(2025, 10, 1))
    holding_end(actor=a.staff, holding=first, on=date(2026, 1, 31))
    assert list(cadre.holdings.filter(end__isnull=True).values_list("position", flat=True)) == [
        two.pk
    ]


def test_a_review_year_outside_the_plan_is_refused_by_the_api(world):
    a, _ = world
    api = Api(token=a.token)
    post = position_create(
        actor=a.staff, organization=a.commune, title=title("Phó Bí thư"), seats=2
    )
    cadre = official(a.staff, a.commune, "Lò Văn Quy")
    term = Term.objects.get(name="2025–2030")
    plan = planning_add(actor=a.staff, cadre=cadre, position=post, term=term, on=date(2025, 2, 1))
    for year in (0, 2024, 2031, 40000):
        bad = api.post(
            f"/cadres/planning/{plan.pk}/reviews", {"year": year, "kept": False, "note": "x"}
        )
        assert bad.status_code == 422, (year, bad.content)
        assert "year" in bad.json()["errors"]
        assert "ngoài 2025–2030" in bad.json()["detail"]
    before = AuditEvent.objects.filter(action="cadre.planning_review").count()
    kept = api.post(f"/cadres/planning/{plan.pk}/reviews", {"year": 2026, "kept": True})
    assert kept.status_code in (200, 201), kept.content
    assert AuditEvent.objects.filter(action="cadre.planning_review").count() == before + 1
    plan.refresh_from_db()
    assert plan.removed_on is None


def test_a_kept_review_is_audited(two_provinces):
    a, _ = two_provinces
    post = position_create(actor=a.staff, organization=a.commune, title=title("Bí thư"))
    cadre = official(a.staff, a.commune, "Lò Văn Giữ")
    term = Term.objects.get(name="2025–2030")
    plan = planning_add(actor=a.staff, cadre=cadre, position=post, term=term, on=date(2025, 2, 1))
    planning_review(actor=a.staff, planning=plan, year=2025, kept=True)
    row = AuditEvent.objects.get(action="cadre.planning_review")
    assert row.after["review"] == {"planning": plan.pk, "year": 2025, "kept": True}
    planning_review(actor=a.staff, planning=plan, year=2026, kept=False, note="Chuyển công tác")
    plan.refresh_from_db()
    assert plan.removed_on == date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="cadre.planning_review").count() == 2


def test_reelection_counts_a_seat_ending_the_day_before_the_congress(two_provinces):
    a, _ = two_provinces
    t20, t25 = Term.objects.get(name="2020–2025"), Term.objects.get(name="2025–2030")
    old = official(a.staff, a.commune, "Lò Văn Già", born=date(1965, 1, 1))
    seat = seat_add(
        actor=a.staff, organization=a.commune, term=t20, cadre=old, role="member",
        on=date(2020, 10, 1),
    )  # fmt: skip
    seat_end(actor=a.staff, seat=seat, on=date(2025, 9, 30))
    (found,) = reelection_ineligible(a.staff, t20, t25.starts_on, a.commune)
    assert found.seat == seat
    seat_end_earlier = seat_add(
        actor=a.staff, organization=a.commune, term=t20,
        cadre=official(a.staff, a.commune, "Lò Văn Sớm", born=date(1965, 1, 1)),
        role="member", on=date(2020, 10, 1),
    )  # fmt: skip
    seat_end(actor=a.staff, seat=seat_end_earlier, on=date(2025, 9, 29))
    assert [i.seat for i in reelection_ineligible(a.staff, t20, t25.starts_on, a.commune)] == [seat]


def test_reelection_says_the_rule_it_applied_on_the_congress_day(two_provinces):
    a, _ = two_provinces
    t20, t25 = Term.objects.get(name="2020–2025"), Term.objects.get(name="2025–2030")
    Regulation.objects.create(
        key="reelection_months_left", value=36, effective_from=date(2025, 1, 1)
    )
    cadre = official(a.staff, a.commune, "Lò Văn Luật", born=date(1966, 1, 1))
    seat_add(
        actor=a.staff, organization=a.commune, term=t20, cadre=cadre, role="member",
        on=date(2020, 10, 1),
    )  # fmt: skip
    (found,) = reelection_ineligible(a.staff, t20, t25.starts_on, a.commune)
    assert found.need == 36
    assert "dưới 3 năm" in found.reason


def test_the_congress_day_is_the_next_terms_start_else_the_day_after_the_end(two_provinces):
    t20, t25 = Term.objects.get(name="2020–2025"), Term.objects.get(name="2025–2030")
    assert congress_day(t20) == t25.starts_on
    last = Term.objects.order_by("-starts_on").first()
    leap = Term.objects.create(
        name="2096–2101", start_year=2096, end_year=2101, starts_on=date(2096, 2, 29)
    )
    assert congress_day(leap) == date(2101, 3, 1)
    if last.pk != leap.pk:
        assert congress_day(last) == leap.starts_on


def test_the_reelection_page_takes_a_term_from_the_29th_of_february(two_provinces, client):
    a, _ = two_provinces
    leap = Term.objects.create(
        name="2096–2101", start_year=2096, end_year=2101, starts_on=date(2096, 2, 29)
    )
    client.force_login(a.staff)
    page = client.get("/cadres/reelection/", {"organization": a.commune.pk, "term": leap.pk})
    assert page.status_code == 200
    assert page.context["congress"] == date(2101, 3, 1)
