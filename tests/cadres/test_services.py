"""The cadre work's first services: records, positions and appointments (seats, the age of a
first appointment, the term's end), planning and the planner's warnings on their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.ages import months_left, retirement_day
from tochuc.cadres.models import CadreEvent, Holding, PositionTitle
from tochuc.cadres.selectors import cadre_get, planning_table, reappointments_due, vacancies
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    cadre_of_member,
    holding_end,
    planning_add,
    planning_remove,
    planning_review,
    position_create,
)
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent, Regulation
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def title(name: str) -> PositionTitle:
    return PositionTitle.objects.get(name=name)


def official(actor, org, name="Lò Văn Cán", born=date(1975, 6, 15), gender="male", **fields):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=born, gender=gender, **fields
    )


def test_a_members_cadre_record_copies_the_person_once(two_provinces):
    a, b = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    assert (cadre.full_name, cadre.birth_date, cadre.organization) == (
        member.full_name,
        member.birth_date,
        member.organization,
    )
    assert cadre_of_member(actor=a.staff, member=member) == cadre  # one record per member
    assert cadre_get(a.staff, cadre.pk) == cadre
    with pytest.raises(NotFound):
        cadre_get(b.staff, cadre.pk)
    with pytest.raises(NotFound):
        cadre_of_member(actor=b.staff, member=member)


def test_an_outside_official_is_refused_by_field_in_vietnamese(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError) as refused:
        cadre_create(
            actor=a.staff, organization=a.province, full_name=" ", birth_date=None, gender="x"
        )
    assert set(refused.value.errors) == {"full_name", "birth_date", "gender"}
    assert "Nhập họ và tên." in refused.value.text()
    with pytest.raises(Forbidden):
        official(a.viewer, a.province)


def test_a_position_takes_as_many_holders_as_its_seats_on_each_day(two_provinces):
    a, _ = two_provinces
    deputy = position_create(
        actor=a.staff, organization=a.commune, title=title("Phó Bí thư"), seats=2
    )
    first, second, third = (
        official(a.staff, a.commune, n) for n in ("Lò Văn A", "Lò Văn B", "Lò Văn C")
    )
    one = cadre_appoint(actor=a.staff, cadre=first, position=deputy, on=date(2025, 10, 1))
    cadre_appoint(actor=a.staff, cadre=second, position=deputy, on=date(2025, 10, 1))
    with pytest.raises(
        ServiceError, match="đã đủ 2 người vào ngày 01/01/2026 .Lò Văn A, Lò Văn B."
    ):
        cadre_appoint(actor=a.staff, cadre=third, position=deputy, on=date(2026, 1, 1))
    assert [p for p, free in vacancies(a.staff, date(2026, 1, 1))] == []
    holding_end(actor=a.staff, holding=one, on=date(2025, 12, 31))
    # the seat is free from the next day: the third takes it
    assert vacancies(a.staff, date(2026, 1, 1)) == [(deputy, 1)]
    cadre_appoint(actor=a.staff, cadre=third, position=deputy, on=date(2026, 1, 1))
    kinds = list(first.events.values_list("kind", flat=True))
    assert kinds == [CadreEvent.Kind.DISMISSAL, CadreEvent.Kind.APPOINTMENT]
    assert AuditEvent.objects.filter(action="cadre.appointment").count() == 3


def test_a_first_appointment_needs_five_years_left_on_the_boundary(two_provinces):
    a, _ = two_provinces
    head = position_create(actor=a.staff, organization=a.province, title=title("Trưởng phòng"))
    # a man born 10/03/1969 retires at 62 on 10/03/2031: 5 years from 10/03/2026 exactly
    cadre = official(a.staff, a.province, born=date(1969, 3, 10))
    assert retirement_day(cadre.birth_date, "male", date(2026, 3, 10)) == date(2031, 3, 10)
    with pytest.raises(ServiceError, match="còn 4 năm 11 tháng công tác vào ngày 11/03/2026"):
        cadre_appoint(actor=a.staff, cadre=cadre, position=head, on=date(2026, 3, 11))
    assert not Holding.objects.exists()
    holding = cadre_appoint(actor=a.staff, cadre=cadre, position=head, on=date(2026, 3, 10))
    assert holding.term_end == date(2031, 3, 9)  # a 5-year term (the rule)
    # a reappointment asks no age
    holding_end(actor=a.staff, holding=holding, on=date(2026, 3, 31))
    cadre_appoint(
        actor=a.staff, cadre=cadre, position=head, on=date(2026, 5, 1), kind="reappointment"
    )


def test_the_retirement_age_is_a_rule_with_its_date(two_provinces):
    Regulation.objects.create(
        key="retirement_age", value={"male": 60, "female": 55}, effective_from=date(2000, 1, 1)
    )
    Regulation.objects.create(
        key="retirement_age", value={"male": 62, "female": 60}, effective_from=date(2028, 1, 1)
    )
    born = date(1970, 1, 15)
    assert retirement_day(born, "female", date(2020, 1, 1)) == date(2025, 1, 15)
    assert retirement_day(born, "female", date(2028, 6, 1)) == date(2030, 1, 15)
    assert months_left(born, "male", date(2029, 1, 16)) == 35


def test_reappointments_due_within_the_notice(two_provinces):
    a, b = two_provinces
    head = position_create(actor=a.staff, organization=a.commune, title=title("Trưởng phòng"))
    cadre = official(a.staff, a.commune)
    holding = cadre_appoint(actor=a.staff, cadre=cadre, position=head, on=date(2021, 8, 1))
    assert holding.term_end == date(2026, 7, 31)
    assert list(reappointments_due(a.staff, date(2026, 1, 30))) == []
    assert list(reappointments_due(a.staff, date(2026, 1, 31))) == [holding]  # 6 months ahead
    assert list(reappointments_due(b.staff, date(2026, 1, 31))) == []


def test_the_planning_table_warns_with_each_rules_value(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")  # from 01/10/2025
    secretary = position_create(actor=a.staff, organization=a.commune, title=title("Bí thư"))
    holder = official(
        a.staff, a.commune, "Hà Văn Giữ", theory_level="cao_cap", education_level="dai_hoc"
    )
    cadre_appoint(actor=a.staff, cadre=holder, position=secretary, on=date(2024, 1, 1))
    young = official(
        a.staff,
        a.commune,
        "Lục Văn Trẻ",
        born=date(1985, 1, 1),
        theory_level="cao_cap",
        education_level="dai_hoc",
    )
    # a woman of 1970: at 60 she retires 02/02/2030, 4 years 4 months after 01/10/2025
    late = official(a.staff, a.commune, "Hoàng Thị Muộn", born=date(1970, 2, 2), gender="female")
    for cadre in (young, late):
        planning_add(actor=a.staff, cadre=cadre, position=secretary, term=term, on=date(2025, 3, 1))
    with pytest.raises(ServiceError, match="đã có trong quy hoạch"):
        planning_add(actor=a.staff, cadre=young, position=secretary, term=term, on=date(2025, 4, 1))
    [row] = planning_table(a.commune.positions.all(), term, date(2025, 10, 1))
    assert row.holders == [holder]
    assert [p.plan.cadre for p in row.planned] == [late, young]  # by given name: Muộn, Trẻ
    warnings = {p.plan.cadre.full_name: p.warnings for p in row.planned}
    assert warnings["Lục Văn Trẻ"] == []
    assert warnings["Hoàng Thị Muộn"][0].startswith(
        "Đến đầu nhiệm kỳ 2025–2030 (01/10/2025) còn 4 năm 4 tháng công tác, dưới 5 năm"
    )
    assert any("lý luận chính trị Chưa qua đào tạo" in w for w in warnings["Hoàng Thị Muộn"])
    assert row.warnings == []  # 2 people: within 2-4
    planning_review(actor=a.staff, planning=late.plans.get(), year=2026, kept=False, note="Tuổi")
    [row] = planning_table(a.commune.positions.all(), term, date(2026, 12, 31))
    assert row.warnings == [
        "1 người quy hoạch, chưa đủ 2 (Quy định 50-QĐ/TW (2021): mỗi chức danh quy hoạch "
        "2-4 người (chưa đối chiếu văn bản))."
    ]
    with pytest.raises(ServiceError, match="Ghi lý do"):
        planning_remove(actor=a.staff, planning=young.plans.get(), on=date(2026, 1, 1), reason="")


def test_a_person_planned_for_too_many_positions_is_warned(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2025–2030")
    cadre = official(a.staff, a.province, born=date(1980, 1, 1))
    for name in ("Bí thư", "Phó Bí thư", "Chủ tịch Ủy ban nhân dân", "Trưởng Ban Tổ chức"):
        position = position_create(actor=a.staff, organization=a.province, title=title(name))
        planning_add(actor=a.staff, cadre=cadre, position=position, term=term, on=date(2025, 1, 1))
    rows = planning_table(a.province.positions.all(), term, date(2025, 10, 1))
    assert all(
        "Quy hoạch 4 chức danh trong nhiệm kỳ, quá 3" in " ".join(r.planned[0].warnings)
        for r in rows
    )


def test_a_position_established_later_is_not_in_a_past_days_list_nor_appointable_before(
    two_provinces,
):
    a, _ = two_provinces
    position = position_create(
        actor=a.staff,
        organization=a.province,
        title=title("Phó Bí thư"),
        established_on=date(2025, 7, 1),
    )
    assert position not in {p for p, _ in vacancies(a.staff, date(2025, 6, 30), a.province)}
    assert position in {p for p, _ in vacancies(a.staff, date(2025, 7, 1), a.province)}
    with pytest.raises(ServiceError) as refused:
        cadre_appoint(
            actor=a.staff,
            cadre=official(a.staff, a.province),
            position=position,
            on=date(2025, 6, 1),
        )
    assert refused.value.errors["on"] == [f"Chức vụ {position.label} không có vào ngày 01/06/2025."]
