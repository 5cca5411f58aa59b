"""What the cadre tests share: a commune's office with its positions, holder, plan, committee
seat and a concluded clearance case (the files', the commands' and the pages' tables)."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.models import ClearancePurpose, PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    clearance_conclude,
    clearance_open,
    planning_add,
    position_create,
    seat_add,
)
from tochuc.orgs.models import Term


@pytest.fixture
def office(two_provinces, admin):
    a, _ = two_provinces
    secretary = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    position_create(
        actor=a.staff,
        organization=a.commune,
        title=PositionTitle.objects.get(name="Phó Bí thư"),
        seats=2,
    )
    holder = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Hà Văn Giữ",
        birth_date=date(1965, 10, 2),
        gender="male",
        education_level="dai_hoc",
    )
    cadre_appoint(actor=a.staff, cadre=holder, position=secretary, on=date(2021, 1, 4))
    young = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Lục Thị Trẻ",
        birth_date=date(1988, 1, 1),
        gender="female",
        education_level="thac_si",
        theory_level="cao_cap",
    )
    planning_add(
        actor=a.staff,
        cadre=young,
        position=secretary,
        term=Term.objects.get(name="2025–2030"),
        on=date(2025, 3, 1),
    )
    seat_add(
        actor=a.staff,
        organization=a.commune,
        term=Term.objects.get(name="2020–2025"),
        cadre=holder,
        role="secretary",
        on=date(2020, 9, 1),
    )
    case = clearance_open(
        actor=admin,
        organization=a.commune,
        purpose=ClearancePurpose.objects.get(name="Nhân sự đại hội"),
        requested_on=date(2025, 5, 1),
        full_name="Lục Thị Trẻ",
    )
    clearance_conclude(actor=admin, case=case, result="clear", concluded_on=date(2025, 5, 20))
    return a
