"""Who to send next: the cadres short of the theory level a position of theirs asks for
(held on the day, or planned in the term in force), by the highest level asked; a completed
class takes them off, a running class shows where they study; another province's never
appear."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tochuc.cadres.models import PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    cadre_of_member,
    holding_end,
    planning_add,
    position_create,
)
from tochuc.orgs.models import Term
from tochuc.training.models import Programme
from tochuc.training.send import lacking, positions_lacking
from tochuc.training.services import class_create, trainee_complete, trainee_enrol

pytestmark = pytest.mark.django_db


def today() -> date:
    return date.today()


def _position(actor, org, title):
    return position_create(
        actor=actor, organization=org, title=PositionTitle.objects.get(name=title)
    )


def _class(actor, org, programme, ends):
    return class_create(
        actor=actor,
        organization=org,
        programme=Programme.objects.get(name=programme),
        name=f"Lớp {programme}",
        mode="part_time",
        starts_on=today() - timedelta(days=100),
        ends_on=ends,
    )


@pytest.fixture
def office(two_provinces, admin):
    """In A: An (no level) holds the commune's Bí thư (asks cao cấp); Ánh (sơ cấp) is planned
    for the commune's Trưởng phòng (trung cấp); Hà (outside the Party's rolls, cao cấp) holds a
    Bí thư (nothing lacking); Lò held a Bí thư until last year (no longer). In B: Bình holds
    a Bí thư."""
    a, b = two_provinces
    term = Term.objects.filter(starts_on__lte=today()).order_by("-starts_on").first()
    an, anh = (cadre_of_member(actor=admin, member=m) for m in a.members[:2])
    anh.member.theory_level = "so_cap"
    anh.member.save()
    anh.theory_level = "so_cap"
    anh.save()
    start = today() - timedelta(days=200)
    cadre_appoint(actor=admin, cadre=an, position=_position(admin, a.commune, "Bí thư"), on=start)
    planning_add(
        actor=admin,
        cadre=anh,
        position=_position(admin, a.commune, "Trưởng phòng"),
        term=term,
        on=start,
    )
    ha = cadre_create(
        actor=admin,
        organization=a.bloc,
        full_name="Hà Văn Đủ",
        birth_date=date(1975, 1, 1),
        gender="male",
        theory_level="cao_cap",
    )
    cadre_appoint(actor=admin, cadre=ha, position=_position(admin, a.bloc, "Bí thư"), on=start)
    lo = cadre_create(
        actor=admin,
        organization=a.bloc,
        full_name="Lò Văn Cũ",
        birth_date=date(1970, 1, 1),
        gender="male",
    )
    old = cadre_appoint(
        actor=admin, cadre=lo, position=_position(admin, a.school, "Bí thư"), on=start
    )
    holding_end(actor=admin, holding=old, on=start + timedelta(days=10))
    binh = cadre_of_member(actor=admin, member=b.members[0])
    cadre_appoint(
        actor=admin, cadre=binh, position=_position(admin, b.province, "Bí thư"), on=start
    )
    return a, b, an, anh


def test_the_cadres_short_of_their_positions_level(office):
    a, _, an, anh = office
    found = list(lacking(a.staff, a.province, today()))
    assert {c.full_name: (c.has, c.needed) for c in found} == {
        "Nguyễn Văn An": (0, 3),  # none, cao cấp asked
        "Trần Thị Ánh": (1, 2),  # sơ cấp, trung cấp asked
    }
    positions = positions_lacking(found, today())
    assert positions[an.pk] == [(f"Bí thư — {a.commune.name}", "đang giữ", "cao_cap")]
    assert positions[anh.pk] == [(f"Trưởng phòng — {a.commune.name}", "quy hoạch", "trung_cap")]
    assert [c.full_name for c in lacking(a.staff, a.province, today(), level="cao_cap")] == [
        "Nguyễn Văn An"
    ]
    assert list(lacking(a.staff, a.bloc, today())) == []  # Hà has it, Lò no longer holds


def test_a_running_class_shows_and_a_completion_takes_them_off(office, admin):
    a, b, an, anh = office
    middle = _class(
        admin, a.province, "Trung cấp lý luận chính trị - hành chính", today() + timedelta(days=60)
    )
    t = trainee_enrol(actor=admin, training_class=middle, on=middle.starts_on, member=anh.member)
    studying = {c.full_name: c.studying_in for c in lacking(a.staff, a.province, today())}
    assert studying == {"Nguyễn Văn An": None, "Trần Thị Ánh": middle.name}
    assert [c.full_name for c in lacking(a.staff, a.province, today(), studying=False)] == [
        "Nguyễn Văn An"
    ]
    trainee_complete(actor=admin, trainee=t, on=today())
    assert [c.full_name for c in lacking(a.staff, a.province, today())] == ["Nguyễn Văn An"]
    assert [c.full_name for c in lacking(b.staff, b.province, today())] == ["Lê Văn Bình"]


def test_the_page_lists_them_with_their_positions(office, client):
    a, b, an, _ = office
    client.force_login(a.staff)
    page = client.get("/training/send-next/", {"organization": a.province.pk})
    shown = page.content.decode()
    assert page.status_code == 200
    assert "Nguyễn Văn An" in shown and "Trần Thị Ánh" in shown and "Lê Văn Bình" not in shown
    assert f"Bí thư — {a.commune.name} (đang giữ)" in shown
    only = client.get("/training/send-next/", {"organization": a.province.pk, "level": "trung_cap"})
    assert "Trần Thị Ánh" in only.content.decode() and "Nguyễn Văn An" in only.content.decode()
    client.force_login(b.staff)
    assert "Nguyễn Văn An" not in client.get("/training/send-next/").content.decode()


def test_the_command_line_lists_them(office, capsys):
    from tochuc.cli import main

    a, _, _, _ = office
    main(["training", "send-next", "A"])
    out = capsys.readouterr().out
    assert (
        f"Nguyễn Văn An (1985), Chi bộ Giáo viên: Chưa qua đào tạo, cần cao cấp — Bí thư — "
        f"{a.commune.name} (đang giữ)"
    ) in out
    assert "2 cán bộ cần cử đi đào tạo ngày" in out
    main(["training", "send-next", "A", "--level", "cao_cap"])
    assert "1 cán bộ cần cử đi đào tạo" in capsys.readouterr().out


def test_a_page_reads_its_positions_in_a_fixed_number_of_queries(
    office, admin, django_assert_max_num_queries
):
    from tochuc.cadres.services import body_create

    a, _, an, _ = office
    for i in range(3):  # positions of bodies (HĐND, UBND ...): their names read with them
        body = body_create(
            actor=admin, organization=a.commune, name=f"Phòng {i}", kind="department"
        )
        position = position_create(
            actor=admin,
            organization=a.commune,
            title=PositionTitle.objects.get(name="Trưởng phòng"),
            body=body,
        )
        cadre_appoint(actor=admin, cadre=an, position=position, on=today() - timedelta(days=5))
    rows = list(lacking(a.staff, a.province, today()))
    with django_assert_max_num_queries(2):
        found = positions_lacking(rows, today())
    assert len(found[an.pk]) == 4
