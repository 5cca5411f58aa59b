"""The pages of people: the staff profile with seed 002's sentence, an outside official recorded
and their record (the same record view as a member's cadre tab), the moves recorded from it."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.factories import make_document
from tochuc.cadres.models import Body, Cadre, CadreEvent, Holding, PositionTitle
from tochuc.cadres.services import cadre_appoint, cadre_create, cadre_of_member, position_create

pytestmark = pytest.mark.django_db


def official(a, name="Lò Văn Mặt", org=None, **fields):
    data = {"birth_date": date(1975, 6, 1), "gender": "male"} | fields
    return cadre_create(actor=a.staff, organization=org or a.commune, full_name=name, **data)


def test_the_profile_counts_and_says_seed_002s_sentence(staff_a, two_provinces):
    a, b = two_provinces
    department = Body.objects.create(
        organization=a.province, name="Phòng Tổ chức đảng - đảng viên", kind="department"
    )
    head = position_create(
        actor=a.staff,
        organization=a.province,
        body=department,
        title=PositionTitle.objects.get(name="Bí thư"),
    )
    people = [
        ("thac_si", "cao_cap", "female", date(1980, 1, 1)),
        ("thac_si", "cu_nhan", "male", date(1990, 1, 1)),
        ("thac_si", "cao_cap", "male", date(1970, 1, 1)),
        ("dai_hoc", "trung_cap", "female", date(1998, 1, 1)),
    ]
    made = [
        official(
            a, f"Người {i}", a.province, education_level=e, theory_level=t, gender=g, birth_date=d
        )
        for i, (e, t, g, d) in enumerate(people)
    ]
    official(b, "Ở Lạng Sơn", b.province, education_level="tien_si")
    cadre_appoint(actor=a.staff, cadre=made[0], position=head, on=date(2025, 1, 2))
    page = staff_a.get("/cadres/profile/", {"organization": a.province.pk, "on": "01/01/2026"})
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        f"{a.province.name} hiện có 4 cán bộ, nhân viên; trình độ chuyên môn: 3 thạc sĩ, "
        "1 cử nhân; trình độ lý luận chính trị: 3 đồng chí có trình độ cao cấp, cử nhân; "
        "1 trung cấp." in text
    )

    def cell(label, n):  # a figure links to its people, on the same page
        return re.search(
            rf"<td>{re.escape(label)}</td><td><a href=\"\?([^\"]+)#nguoi\">{n}</a>", text
        )

    assert cell("Thạc sĩ", 3) and cell("Nữ", 2) and cell("Dưới 30", 1) and cell("Từ 50", 1)
    assert cell("Phòng Tổ chức đảng - đảng viên", 1)
    assert "<td>Tiến sĩ</td><td>0</td>" in text  # B's doctor is not counted
    assert 'href="/cadres/positions/' in text

    def people(label, n):
        query = html.unescape(cell(label, n).group(1))
        listed = staff_a.get(f"/cadres/profile/?{query}").content.decode()
        section = listed.split('id="nguoi"')[1]
        assert f"· {n} người" in section, section[:300]
        return section

    masters = people("Thạc sĩ", 3)
    assert "Trình độ chuyên môn: Thạc sĩ" in masters
    assert "Người 0" in masters and "Người 3" not in masters and "Ở Lạng Sơn" not in masters
    assert "Người 3" in people("Dưới 30", 1) and "Người 2" in people("Từ 50", 1)
    assert "Người 0" in people("Phòng Tổ chức đảng - đảng viên", 1)
    assert "Người 1" not in people("Nữ", 2)


def test_an_outside_official_is_recorded_and_has_a_record_page(staff_a, two_provinces):
    a, b = two_provinces
    form = staff_a.get("/cadres/new/", {"organization": a.commune.pk}).content.decode()
    assert f'value="{a.commune.code}"' in form
    data = {
        "organization": a.commune.code,
        "full_name": "Lò  Thị Mặt Trận",
        "birth_date": "03/04/1979",
        "gender": "female",
        "education_level": "dai_hoc",
        "theory_level": "trung_cap",
    }
    refused = staff_a.post("/cadres/new/", {**data, "birth_date": "03/04/2099"})
    assert (
        refused.status_code == 400 and "Ngày sinh 03/04/2099 chưa đến." in refused.content.decode()
    )
    outside = staff_a.post("/cadres/new/", {**data, "organization": b.commune.code})
    assert f"Không tìm thấy tổ chức «{b.commune.code}» trong phạm vi" in outside.content.decode()
    assert not Cadre.objects.exists()
    done = staff_a.post("/cadres/new/", data)
    cadre = Cadre.objects.get()
    assert done["Location"] == f"/cadres/{cadre.pk}/"
    assert (cadre.full_name, cadre.organization, cadre.member) == (
        "Lò Thị Mặt Trận",
        a.commune,
        None,
    )
    page = staff_a.get(f"/cadres/{cadre.pk}/").content.decode()
    assert "Lò Thị Mặt Trận" in page and "03/04/1979" in page and "Chưa giữ chức vụ nào." in page
    # a member's cadre record is the member page's tab
    member_cadre = cadre_of_member(actor=a.staff, member=a.members[0])
    moved = staff_a.get(f"/cadres/{member_cadre.pk}/")
    assert moved.status_code == 302 and moved["Location"] == f"/members/{a.members[0].pk}/"


@pytest.fixture
def holder(two_provinces, admin):
    a, _ = two_provinces
    position = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    cadre = official(a)
    holding = cadre_appoint(actor=a.staff, cadre=cadre, position=position, on=date(2021, 1, 4))
    a.document = make_document(admin, a.province, type_name="Quyết định", title="Về cán bộ")
    return a, cadre, holding


def _forms(client, cadre) -> str:
    """The forms «Ghi …» loads into a cadre's record."""
    response = client.get(f"/cadres/{cadre.pk}/forms/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def move(client, cadre, do, **fields):
    data = {"do": do} | {f"{do}-{k}": v for k, v in fields.items()}
    return client.post(f"/cadres/{cadre.pk}/moves/", data)


def test_moves_from_the_record_show_on_its_timeline(staff_a, holder):
    a, cadre, holding = holder
    url = f"/cadres/{cadre.pk}/"
    page = staff_a.get(url).content.decode()
    # the record carries no forms: «Ghi …» loads them when opened (htmx), or as a page
    assert f'hx-get="/cadres/{cadre.pk}/forms/"' in page and "<h3>Luân chuyển" not in page
    forms = _forms(staff_a, cadre)
    assert "Thôi giữ chức vụ, nghỉ hưu" in forms and "Luân chuyển, điều động, biệt phái" in forms
    assert "<!doctype html>" not in forms
    whole = staff_a.get(f"/cadres/{cadre.pk}/forms/").content.decode()
    assert "Ghi hồ sơ cán bộ · Lò Văn Mặt" in whole and f'href="{url}"' in whole
    # a rotation without its planned return: refused, nothing written
    refused = move(staff_a, cadre, "move", kind="rotation", to=a.village.code, on="01/02/2026")
    assert refused["Location"] == url
    assert "Luân chuyển cần ghi thời gian dự kiến trở về." in staff_a.get(url).content.decode()
    assert not cadre.events.exclude(kind="appointment").exists()
    unknown = move(
        staff_a,
        cadre,
        "move",
        kind="reassignment",
        to=a.village.code,
        on="01/02/2026",
        decision="77-QĐ/TU",
    )
    assert unknown.status_code == 302
    assert "Sổ văn bản chưa có văn bản số 77-QĐ/TU" in staff_a.get(url).content.decode()
    move(
        staff_a,
        cadre,
        "move",
        kind="rotation",
        to=a.village.code,
        on="01/02/2026",
        planned_return="31/01/2028",
        decision=a.document.symbol,
    )
    move(staff_a, cadre, "back", on="15/06/2027")
    move(staff_a, cadre, "concur", given="0", other=a.province.code, on="01/03/2026")
    move(
        staff_a,
        cadre,
        "end",
        holding=holding.pk,
        kind="retirement",
        on="30/06/2027",
        reason="Đủ tuổi nghỉ hưu",
    )
    kinds = list(cadre.events.order_by("effective_date", "id").values_list("kind", flat=True))
    assert kinds == ["appointment", "rotation", "concurrence_asked", "return", "retirement"]
    rotation = cadre.events.get(kind="rotation")
    assert rotation.decision == a.document and rotation.other_organization == a.village
    holding.refresh_from_db()
    assert holding.end == date(2027, 6, 30)
    page = staff_a.get(url).content.decode()
    assert "Luân chuyển" in page and "(dự kiến trở về 31/01/2028)" in page
    assert "Kết thúc luân chuyển, trở về" in page and "Đề nghị hiệp y" in page
    assert "Nghỉ hưu" in page and "Đủ tuổi nghỉ hưu" in page and a.document.symbol in page
    assert "Thôi giữ chức vụ, nghỉ hưu</h3>" not in _forms(staff_a, cadre)  # nothing held


def test_a_commune_profile_counts_no_department_of_the_province(staff_a, two_provinces):
    """A commune's cadre holding a post of a province's department: the commune's profile
    has no such department (the province's, out of the commune's subtree)."""
    a, _ = two_provinces
    office = Body.objects.create(
        organization=a.province, name="Văn phòng Tỉnh ủy", kind="department"
    )
    post = position_create(
        actor=a.staff,
        organization=a.province,
        body=office,
        title=PositionTitle.objects.get(name="Bí thư"),
    )
    cadre_appoint(
        actor=a.staff, cadre=official(a, "Người Xã", a.commune), position=post, on=date(2025, 1, 2)
    )
    commune = staff_a.get("/cadres/profile/", {"organization": a.commune.pk}).content.decode()
    assert "Văn phòng Tỉnh ủy" not in commune
    province = staff_a.get("/cadres/profile/", {"organization": a.province.pk}).content.decode()
    assert "Văn phòng Tỉnh ủy" in province


def test_an_outside_official_is_appointed_from_their_record(staff_a, two_provinces):
    a, _ = two_provinces
    position = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Phó Bí thư")
    )
    cadre = official(a)
    response = staff_a.post(
        f"/cadres/{cadre.pk}/moves/",
        {"do": "appoint", "position": position.pk, "kind": "appointment", "on": "01/03/2026"},
    )
    assert response.status_code == 302
    assert Holding.objects.get().cadre == cadre
    assert f"Phó Bí thư — {a.commune.name}" in staff_a.get(f"/cadres/{cadre.pk}/").content.decode()


def test_a_members_cadre_tab_records_moves_too(staff_a, two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    cadre = cadre_of_member(actor=a.staff, member=member)
    page = staff_a.get(f"/members/{member.pk}/").content.decode()
    assert f'hx-get="/cadres/appoint/{member.pk}/forms/"' in page
    forms = staff_a.get(f"/cadres/appoint/{member.pk}/forms/", headers={"HX-Request": "true"})
    assert f'action="/cadres/{cadre.pk}/moves/"' in forms.content.decode()
    response = move(staff_a, cadre, "concur", given="1", other=a.province.code, on="01/03/2026")
    assert response["Location"] == f"/members/{member.pk}/"
    assert CadreEvent.objects.get(cadre=cadre).kind == "concurrence_given"


def test_another_province_gets_404_and_writes_nothing(client, holder, two_provinces):
    a, cadre, holding = holder
    _, b = two_provinces
    client.force_login(b.staff)
    assert client.get(f"/cadres/{cadre.pk}/").status_code == 404
    assert client.get("/cadres/profile/", {"organization": a.commune.pk}).status_code == 404
    assert client.get("/cadres/new/", {"organization": a.commune.pk}).status_code == 404
    for do, fields in (
        ("end", {"holding": holding.pk, "kind": "dismissal", "on": "01/02/2026"}),
        ("back", {"on": "01/02/2026"}),
        ("concur", {"given": "1", "other": b.province.code, "on": "01/02/2026"}),
    ):
        assert move(client, cadre, do, **fields).status_code == 404
    assert cadre.events.count() == 1 and Holding.objects.get().end is None
    client.force_login(a.viewer)  # sees the record, may not write
    page = client.get(f"/cadres/{cadre.pk}/").content.decode()
    assert "Lò Văn Mặt" in page and '<form method="post" action="/cadres/' not in page
    assert "/forms/" not in page and client.get(f"/cadres/{cadre.pk}/forms/").status_code == 403
