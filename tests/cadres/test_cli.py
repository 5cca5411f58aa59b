"""`tochuc cadres ...`: what the operator types and reads."""

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
from tochuc.cli import main
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(two_provinces, admin):
    a, _ = two_provinces
    secretary = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Phó Bí thư")
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
    clearance_conclude(
        actor=admin,
        case=case,
        result="clear",
        concluded_on=date(2025, 5, 20),
    )
    return a


def test_the_tables_read_from_the_command_line(office, capsys):
    main(["cadres", "planning", "A-X1", "--term", "2025-2030", "--on", "2025-10-01"])
    out = capsys.readouterr().out
    assert "Bí thư — Đảng bộ xã Một Cao Bằng — đang giữ: Hà Văn Giữ" in out
    assert "Lục Thị Trẻ (37 tuổi đầu nhiệm kỳ)" in out
    assert "1 người quy hoạch, chưa đủ 2" in out
    assert "2 chức vụ, 1 lượt quy hoạch (2025–2030)." in out

    main(["cadres", "reelection", "A-X1", "--term", "2020-2025", "--congress", "2025-10-01"])
    out = capsys.readouterr().out
    assert "Hà Văn Giữ — Bí thư, Đảng bộ xã Một Cao Bằng: còn 2 năm công tác" in out
    assert "1 cán bộ không đủ điều kiện tái cử (tuổi), nhiệm kỳ 2020–2025." in out

    main(["cadres", "profile", "A-X1", "--on", "2026-01-01"])
    out = capsys.readouterr().out
    assert "Đảng bộ xã Một Cao Bằng: 2 cán bộ." in out and "1 thạc sĩ" in out

    main(["cadres", "vacancies", "A-X1", "--on", "2026-01-01"])
    assert "Phó Bí thư — Đảng bộ xã Một Cao Bằng: thiếu 1" in capsys.readouterr().out

    main(["cadres", "clearance", "A-X1", "--from", "2025-01-01", "--to", "2025-12-31"])
    assert capsys.readouterr().out.strip() == (
        "Kết luận tiêu chuẩn chính trị 1 trường hợp. Trong đó, có 1 trường hợp nhân sự đại hội."
    )


def test_an_unknown_term_is_refused_naming_the_terms(office, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["cadres", "planning", "A-X1", "--term", "2031-2036"])
    assert "Không có nhiệm kỳ «2031-2036»: chọn một trong 2000–2005" in str(exit_.value.code)
