"""Moves on the timeline (rotation with its return, reassignment, concurrence), re-election
eligibility by age on its boundary, and the staff profile of an office."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.models import CadreEvent
from tochuc.cadres.selectors import reelection_ineligible, staff_profile
from tochuc.cadres.services import (
    cadre_concurrence,
    cadre_create,
    cadre_move,
    cadre_return,
    seat_add,
)
from tochuc.core.errors import NotFound, ServiceError
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db
K = CadreEvent.Kind


def person(actor, org, name, born=date(1978, 4, 2), gender="male", **fields):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=born, gender=gender, **fields
    )


def test_a_rotation_states_its_return_and_ends_with_it(two_provinces):
    a, b = two_provinces
    cadre = person(a.staff, a.province, "Đinh Văn Đi")
    with pytest.raises(ServiceError, match="thời gian dự kiến trở về"):
        cadre_move(actor=a.staff, cadre=cadre, kind=K.ROTATION, to=a.commune, on=date(2026, 1, 1))
    with pytest.raises(ServiceError, match="không đang luân chuyển"):
        cadre_return(actor=a.staff, cadre=cadre, on=date(2026, 1, 1))
    cadre_move(
        actor=a.staff,
        cadre=cadre,
        kind=K.ROTATION,
        to=a.commune,
        on=date(2026, 1, 1),
        planned_return=date(2028, 1, 1),
    )
    cadre_return(actor=a.staff, cadre=cadre, on=date(2027, 12, 31))
    cadre_move(actor=a.staff, cadre=cadre, kind=K.REASSIGNMENT, to=a.bloc, on=date(2028, 2, 1))
    assert list(cadre.events.values_list("kind", flat=True)) == [
        K.REASSIGNMENT,
        K.RETURN,
        K.ROTATION,
    ]
    rotation = cadre.events.get(kind=K.ROTATION)
    assert rotation.details == {"planned_return": "2028-01-01"}
    with pytest.raises(NotFound):  # another province's staff
        cadre_move(
            actor=b.staff, cadre=cadre, kind=K.REASSIGNMENT, to=b.province, on=date(2028, 3, 1)
        )


def test_concurrence_asked_and_given(two_provinces):
    a, b = two_provinces
    cadre = person(a.staff, a.commune, "Vi Văn Hiệp")
    asked = cadre_concurrence(
        actor=a.staff, cadre=cadre, other=a.bloc, on=date(2026, 4, 1), given=False
    )
    given = cadre_concurrence(
        actor=a.staff,
        cadre=cadre,
        other=a.commune,
        on=date(2026, 4, 10),
        given=True,
        organization=a.bloc,
    )
    assert (asked.kind, given.kind) == (K.CONCURRENCE_ASKED, K.CONCURRENCE_GIVEN)
    assert given.organization == a.bloc and given.other_organization == a.commune


def test_reelection_needs_the_rules_months_left_on_the_boundary(two_provinces):
    a, _ = two_provinces
    term = Term.objects.get(name="2020–2025")
    congress = date(2025, 10, 1)
    # men retire at 62: born 01/04/1966 → 01/04/2028, 30 months after 01/10/2025 (eligible);
    # born 02/10/1965 → 02/10/2027, 24 months (not)
    eligible = person(a.staff, a.commune, "Lò Văn Đủ", born=date(1966, 4, 1))
    old = person(a.staff, a.commune, "Lò Văn Thiếu", born=date(1965, 10, 2))
    short = person(a.staff, a.commune, "Lò Văn Sát", born=date(1966, 3, 31))
    for cadre, role in ((eligible, "secretary"), (old, "member"), (short, "standing")):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=cadre,
            role=role,
            on=date(2020, 9, 1),
        )
    found = reelection_ineligible(a.staff, term, congress)
    assert [i.seat.cadre.full_name for i in found] == ["Lò Văn Sát", "Lò Văn Thiếu"]
    assert found[1].months == 24
    assert found[1].reason.startswith(
        "còn 2 năm công tác khi bắt đầu nhiệm kỳ mới, dưới 2 năm 6 tháng"
    )


def test_the_staff_profile_counts_by_level_gender_and_age(two_provinces):
    a, b = two_provinces
    on = date(2026, 6, 1)
    person(a.staff, a.province, "A", born=date(1996, 6, 2), education_level="thac_si")  # 29
    person(
        a.staff,
        a.province,
        "B",
        born=date(1996, 6, 1),
        education_level="thac_si",
        theory_level="cao_cap",
        gender="female",
    )  # 30
    person(
        a.staff,
        a.commune,
        "C",
        born=date(1970, 1, 1),
        education_level="dai_hoc",
        theory_level="trung_cap",
    )  # 56
    person(b.staff, b.province, "D")
    profile = staff_profile(a.staff, a.province, on)
    assert profile.total == 3
    assert profile.by_education == {"thac_si": 2, "dai_hoc": 1}
    assert profile.by_theory == {"": 1, "cao_cap": 1, "trung_cap": 1}
    assert profile.by_gender == {"male": 2, "female": 1}
    assert profile.by_age_band == {"Dưới 30": 1, "30–39": 1, "40–49": 0, "Từ 50": 1}
