"""The rest of the cadres API (issue #19): moves (rotation with its return, reassignment,
secondment, concurrence) and their list of a period, re-election by age, the staff profile,
the reappointments due, the catalogues an administrator edits and the bodies a committee
manages; and what each refuses to whom."""

from __future__ import annotations

from datetime import date

import pytest

import tests.api
from tests.api import NOT_FOUND, Api
from tests.factories import make_document, make_user
from tochuc.cadres.models import Body, ClearancePurpose, ManagementLevel, PositionTitle
from tochuc.cadres.selectors import congress_day
from tochuc.cadres.services import cadre_appoint, cadre_create, position_create, seat_add
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a


def _cadre(actor, org, name="Đinh Văn Đi", born=date(1978, 4, 2), gender="male", **fields):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=born, gender=gender, **fields
    )


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


# --- moves -------------------------------------------------------------------------------------


def test_a_rotation_with_its_return_and_a_reassignment_are_listed_for_a_period(world, staff_a):
    a, _ = world
    cadre = _cadre(a.staff, a.province)
    decision = make_document(a.staff, a.province, type_name="Quyết định", title="Về luân chuyển")
    rotation = _ok(
        staff_a.post(
            f"/cadres/{cadre.pk}/moves",
            {
                "kind": "rotation",
                "to_id": a.commune.pk,
                "on": "2026-01-01",
                "planned_return": "2028-01-01",
                "decision_id": decision.pk,
            },
        ),
        201,
    )
    assert (rotation["kind_label"], rotation["other_organization_name"]) == (
        "Luân chuyển",
        a.commune.name,
    )
    assert rotation["details"] == {"planned_return": "2028-01-01"}
    assert rotation["decision_symbol"] == decision.symbol
    back = _ok(staff_a.post(f"/cadres/{cadre.pk}/return", {"on": "2027-12-31"}), 201)
    assert back["kind"] == "return"
    _ok(
        staff_a.post(
            f"/cadres/{cadre.pk}/moves",
            {"kind": "reassignment", "to_id": a.bloc.pk, "on": "2028-02-01"},
        ),
        201,
    )

    def listed(**params):
        return _ok(staff_a.get("/cadres/moves", params))

    everything = listed()
    assert everything["count"] == 3
    assert [m["kind"] for m in everything["results"]] == ["reassignment", "return", "rotation"]
    in_2026 = listed(**{"from": "2026-01-01", "to": "2026-12-31"})
    assert [m["full_name"] for m in in_2026["results"]] == ["Đinh Văn Đi"]
    assert listed(kind="rotation,reassignment")["count"] == 2
    paged = listed(page_size=2, page=2)
    assert (paged["count"], paged["pages"], paged["page"], len(paged["results"])) == (3, 2, 2, 1)
    assert listed(organization=a.commune.pk)["count"] == 0  # recorded by the province
    record = _ok(staff_a.get(f"/cadres/{cadre.pk}"))
    assert [e["kind"] for e in record["timeline"]] == ["reassignment", "return", "rotation"]
    assert AuditEvent.objects.filter(action="cadre.rotation").count() == 1


def test_appointments_of_a_period_are_the_moves_of_their_kinds(world, staff_a):
    a, _ = world
    secretary = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    cadre = _cadre(a.staff, a.commune, "Lò Văn Mới")
    cadre_appoint(actor=a.staff, cadre=cadre, position=secretary, on=date(2026, 3, 1))
    found = _ok(
        staff_a.get(
            "/cadres/moves",
            {"kind": "appointment,promotion", "from": "2026-01-01", "to": "2026-06-30"},
        )
    )
    assert [(m["full_name"], m["position_title"]) for m in found["results"]] == [
        ("Lò Văn Mới", "Bí thư")
    ]
    assert (
        _ok(staff_a.get("/cadres/moves", {"kind": "appointment", "to": "2026-02-28"}))["count"] == 0
    )


def test_moves_refuse_naming_the_field(world, staff_a):
    a, _ = world
    cadre = _cadre(a.staff, a.province)
    no_return = staff_a.post(
        f"/cadres/{cadre.pk}/moves", {"kind": "rotation", "to_id": a.commune.pk, "on": "2026-01-01"}
    )
    assert no_return.status_code == 422
    assert no_return.json()["errors"] == {
        "planned_return": ["Luân chuyển cần ghi thời gian dự kiến trở về."]
    }
    same = staff_a.post(
        f"/cadres/{cadre.pk}/moves",
        {"kind": "secondment", "to_id": a.province.pk, "on": "2026-01-01"},
    )
    assert same.status_code == 422 and "to" in same.json()["errors"]
    wrong = staff_a.post(
        f"/cadres/{cadre.pk}/moves",
        {"kind": "promotion", "to_id": a.commune.pk, "on": "2026-01-01"},
    )
    assert wrong.status_code == 422 and "kind" in wrong.json()["errors"]
    not_away = staff_a.post(f"/cadres/{cadre.pk}/return", {"on": "2026-01-01"})
    assert not_away.status_code == 422
    assert not_away.json()["errors"] == {"on": ["Đinh Văn Đi không đang luân chuyển."]}
    bad_kind = staff_a.get("/cadres/moves", {"kind": "appointment,xyz"})
    assert bad_kind.status_code == 422 and "«xyz»" in bad_kind.json()["errors"]["kind"][0]
    backwards = staff_a.get("/cadres/moves", {"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 422 and "to" in backwards.json()["errors"]
    assert not cadre.events.exists()


def test_concurrence_asked_and_given(world, staff_a):
    a, _ = world
    cadre = _cadre(a.staff, a.commune, "Vi Văn Hiệp")
    asked = _ok(
        staff_a.post(
            f"/cadres/{cadre.pk}/concurrence",
            {"other_id": a.bloc.pk, "on": "2026-04-01", "note": "Đề nghị hiệp y bổ nhiệm"},
        ),
        201,
    )
    assert (asked["kind"], asked["organization_id"], asked["other_organization_id"]) == (
        "concurrence_asked",
        a.commune.pk,
        a.bloc.pk,
    )
    given = _ok(
        staff_a.post(
            f"/cadres/{cadre.pk}/concurrence",
            {
                "other_id": a.commune.pk,
                "organization_id": a.bloc.pk,
                "on": "2026-04-10",
                "given": True,
            },
        ),
        201,
    )
    assert (given["kind_label"], given["organization_name"]) == ("Hiệp y", a.bloc.name)


def test_moves_are_not_found_in_another_province(world, staff_a):
    a, b = world
    theirs = _cadre(b.staff, b.province, "Nông Văn Ngoài")
    ours = _cadre(a.staff, a.province)
    calls = [
        (
            f"/cadres/{theirs.pk}/moves",
            {"kind": "reassignment", "to_id": a.bloc.pk, "on": "2026-01-01"},
        ),
        (
            f"/cadres/{ours.pk}/moves",
            {"kind": "reassignment", "to_id": b.bloc.pk, "on": "2026-01-01"},
        ),
        (f"/cadres/{theirs.pk}/return", {"on": "2026-01-01"}),
        (f"/cadres/{theirs.pk}/concurrence", {"other_id": a.bloc.pk, "on": "2026-01-01"}),
        (f"/cadres/{ours.pk}/concurrence", {"other_id": b.province.pk, "on": "2026-01-01"}),
        (
            f"/cadres/{ours.pk}/concurrence",
            {"other_id": a.bloc.pk, "organization_id": b.bloc.pk, "on": "2026-01-01"},
        ),
    ]
    for path, body in calls:
        response = staff_a.post(path, body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path
    other_decision = make_document(b.staff, b.province, type_name="Quyết định", title="X")
    response = staff_a.post(
        f"/cadres/{ours.pk}/moves",
        {
            "kind": "reassignment",
            "to_id": a.bloc.pk,
            "on": "2026-01-01",
            "decision_id": other_decision.pk,
        },
    )
    assert response.status_code == 404
    assert staff_a.get("/cadres/moves", {"organization": b.province.pk}).status_code == 404
    assert not theirs.events.exists() and not ours.events.exists()


def test_a_viewer_reads_the_moves_but_records_none(world):
    a, _ = world
    cadre = _cadre(a.staff, a.province)
    viewer = Api(make_user("lanh_dao", "viewer", a.province))
    response = viewer.post(
        f"/cadres/{cadre.pk}/moves",
        {"kind": "reassignment", "to_id": a.bloc.pk, "on": "2026-01-01"},
    )
    assert response.status_code == 403
    assert _ok(viewer.get("/cadres/moves"))["count"] == 0


# --- re-election, staff profile, reappointments --------------------------------------------------


def test_reelection_lists_who_is_too_old_with_the_reason(world, staff_a):
    a, b = world
    term = Term.objects.get(name="2020–2025")
    # men retire at 62: born 02/10/1965 has 24 months left on 01/10/2025, under 30
    old = _cadre(a.staff, a.commune, "Lò Văn Thiếu", born=date(1965, 10, 2))
    young = _cadre(a.staff, a.commune, "Lò Văn Đủ", born=date(1966, 4, 1))
    for cadre, role in ((old, "member"), (young, "secretary")):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=cadre,
            role=role,
            on=date(2020, 9, 1),
        )
    found = _ok(staff_a.get("/cadres/reelection", {"organization": a.commune.pk, "term": term.pk}))
    assert (found["congress"], found["count"]) == ("2025-10-01", 1)  # the next term's start
    assert found["sentence"].startswith("1 cán bộ không đủ điều kiện tái cử")
    (person,) = found["people"]
    assert (person["full_name"], person["role_label"], person["months_left"]) == (
        "Lò Văn Thiếu",
        "Cấp ủy viên",
        24,
    )
    assert person["reason"].startswith("còn 2 năm công tác khi bắt đầu nhiệm kỳ mới")
    later = _ok(
        staff_a.get(
            "/cadres/reelection",
            {"organization": a.commune.pk, "term": term.pk, "congress": "2026-04-02"},
        )
    )
    assert [p["full_name"] for p in later["people"]] == ["Lò Văn Đủ", "Lò Văn Thiếu"]
    last = Term.objects.order_by("-starts_on").first()
    no_next = _ok(
        staff_a.get("/cadres/reelection", {"organization": a.commune.pk, "term": last.pk})
    )
    # no next term in the catalogue: the day after the last one ends (selectors.congress_day)
    assert no_next["congress"] == congress_day(last).isoformat()
    assert no_next["congress"] == f"{last.end_year}-{last.starts_on:%m-%d}"
    outside = staff_a.get("/cadres/reelection", {"organization": b.commune.pk, "term": term.pk})
    assert outside.status_code == 404


def test_the_staff_profile_counts_every_level(world, staff_a):
    a, b = world
    _cadre(a.staff, a.province, "A", born=date(1996, 6, 2), education_level="thac_si")
    _cadre(a.staff, a.commune, "B", born=date(1970, 1, 1), gender="female", theory_level="cao_cap")
    _cadre(b.staff, b.province, "C")
    p = _ok(staff_a.get("/cadres/profile", {"organization": a.province.pk, "on": "2026-06-01"}))
    assert (p["total"], p["organization_name"]) == (2, a.province.name)
    education = {c["code"]: c["count"] for c in p["by_education"]}
    assert (education["thac_si"], education[""], education["tien_si"]) == (1, 1, 0)
    assert {c["label"]: c["count"] for c in p["by_gender"]} == {"Nam": 1, "Nữ": 1}
    assert [c["count"] for c in p["by_age_band"]] == [1, 0, 0, 1]
    commune = _ok(staff_a.get("/cadres/profile", {"organization": a.commune.pk}))
    assert commune["total"] == 1
    assert staff_a.get("/cadres/profile", {"organization": b.province.pk}).status_code == 404


def test_reappointments_due_within_the_notice(world, staff_a):
    a, b = world
    title = PositionTitle.objects.get(name="Bí thư")
    here = position_create(actor=a.staff, organization=a.commune, title=title)
    there = position_create(actor=b.staff, organization=b.commune, title=title)
    cadre_appoint(
        actor=a.staff,
        cadre=_cadre(a.staff, a.commune, "Lò Văn Hạn"),
        position=here,
        on=date(2021, 10, 1),
    )
    cadre_appoint(
        actor=b.staff,
        cadre=_cadre(b.staff, b.commune, "Nông Văn Hạn"),
        position=there,
        on=date(2021, 10, 1),
    )
    due = _ok(staff_a.get("/cadres/reappointments", {"on": "2026-04-01"}))
    assert [(d["full_name"], d["term_end"], d["position_label"]) for d in due] == [
        ("Lò Văn Hạn", "2026-09-30", here.label)
    ]
    assert _ok(staff_a.get("/cadres/reappointments", {"on": "2025-12-31"})) == []
    assert staff_a.get("/cadres/reappointments", {"organization": b.commune.pk}).status_code == 404


# --- catalogues ----------------------------------------------------------------------------------


def test_an_administrator_edits_the_catalogues(world, admin):
    api = Api(admin)
    title = _ok(
        api.post(
            "/cadres/titles",
            {
                "name": "  Trưởng Ban  Dân vận ",
                "committee_role": "standing",
                "theory_level": "cao_cap",
            },
        ),
        201,
    )
    assert (title["name"], title["committee_role"]) == ("Trưởng Ban Dân vận", "standing")
    renamed = _ok(api.patch(f"/cadres/titles/{title['id']}", {"education_level": "dai_hoc"}))
    assert (renamed["name"], renamed["education_level"]) == ("Trưởng Ban Dân vận", "dai_hoc")
    assert PositionTitle.objects.get(pk=title["id"]).theory_level == "cao_cap"
    level = _ok(api.post("/cadres/management-levels", {"name": "Diện Huyện ủy quản lý"}), 201)
    _ok(api.patch(f"/cadres/management-levels/{level['id']}", {"order": 9}))
    assert ManagementLevel.objects.get(pk=level["id"]).order == 9
    purpose = _ok(api.post("/cadres/clearance/purposes", {"name": "Cử đi học nước ngoài"}), 201)
    _ok(api.patch(f"/cadres/clearance/purposes/{purpose['id']}", {"name": "Cử đi nước ngoài"}))
    assert ClearancePurpose.objects.get(pk=purpose["id"]).name == "Cử đi nước ngoài"
    update = AuditEvent.objects.get(action="clearance_purpose.update")
    assert (update.before, update.after) == (
        {"name": "Cử đi học nước ngoài"},
        {"name": "Cử đi nước ngoài"},
    )
    assert AuditEvent.objects.filter(action="position_title.create").count() == 1
    listed = [t["name"] for t in _ok(api.get("/cadres/titles"))]
    assert "Trưởng Ban Dân vận" in listed


def test_catalogue_edits_refuse_bad_values_by_field(world, admin):
    api = Api(admin)
    taken = api.post("/cadres/titles", {"name": "bí thư"})
    assert taken.status_code == 422
    assert taken.json()["errors"] == {"name": ["Danh mục đã có chức danh «bí thư»."]}
    wrong = api.post(
        "/cadres/titles",
        {"name": "Trưởng phòng Tổng hợp", "committee_role": "boss", "theory_level": "x"},
    )
    assert wrong.status_code == 422
    assert set(wrong.json()["errors"]) == {"committee_role", "theory_level"}
    level = ManagementLevel.objects.order_by("pk").first()
    blank = api.patch(f"/cadres/management-levels/{level.pk}", {"name": "  "})
    assert blank.status_code == 422 and blank.json()["errors"] == {
        "name": ["Nhập tên diện quản lý."]
    }
    assert api.patch("/cadres/titles/999999", {"name": "X"}).status_code == 404
    assert not PositionTitle.objects.filter(name="Trưởng phòng Tổng hợp").exists()


def test_only_an_administrator_edits_the_catalogues(world, staff_a):
    a, _ = world
    title = PositionTitle.objects.get(name="Bí thư")
    refused = staff_a.post("/cadres/titles", {"name": "Trưởng phòng Tổng hợp"})
    assert refused.status_code == 403
    assert "Chỉ quản trị viên" in refused.json()["detail"]
    assert staff_a.patch(f"/cadres/titles/{title.pk}", {"name": "Đổi"}).status_code == 403
    level = ManagementLevel.objects.order_by("pk").first()
    assert staff_a.patch(f"/cadres/management-levels/{level.pk}", {"order": 1}).status_code == 403
    purpose = ClearancePurpose.objects.order_by("pk").first()
    # without the clearance permission the purposes are not even there; with it, not editable
    assert (
        staff_a.patch(f"/cadres/clearance/purposes/{purpose.pk}", {"order": 1}).status_code == 404
    )
    from django.contrib.auth.models import Permission

    vetter = make_user("tham_dinh", "staff", a.province)
    vetter.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    assert Api(vetter).post("/cadres/clearance/purposes", {"name": "X"}).status_code == 403
    assert PositionTitle.objects.get(pk=title.pk).name == "Bí thư"


# --- bodies ----------------------------------------------------------------------------------


def test_bodies_of_an_organization_and_a_position_in_one(world, staff_a):
    a, b = world
    council = _ok(
        staff_a.post(
            "/cadres/bodies",
            {
                "organization_id": a.commune.pk,
                "name": "Hội đồng nhân dân xã Một",
                "kind": "council",
            },
        ),
        201,
    )
    assert council["kind_label"] == "Hội đồng nhân dân"
    board = _ok(
        staff_a.post(
            "/cadres/bodies",
            {"organization_id": a.province.pk, "name": "Ban Tổ chức Tỉnh ủy", "kind": "agency"},
        ),
        201,
    )
    unit = _ok(
        staff_a.post(
            "/cadres/bodies",
            {
                "organization_id": a.province.pk,
                "name": "Phòng Tổ chức đảng - đảng viên",
                "kind": "department",
                "parent_id": board["id"],
            },
        ),
        201,
    )
    assert unit["parent_id"] == board["id"]
    Body.objects.create(
        organization=b.province, name="Ủy ban nhân dân tỉnh Lạng Sơn", kind="government"
    )
    names = [x["name"] for x in _ok(staff_a.get("/cadres/bodies"))]
    assert names == [
        "Ban Tổ chức Tỉnh ủy",
        "Phòng Tổ chức đảng - đảng viên",
        "Hội đồng nhân dân xã Một",
    ]
    commune = _ok(staff_a.get("/cadres/bodies", {"organization": a.commune.pk}))
    assert [x["id"] for x in commune] == [council["id"]]
    position = _ok(
        staff_a.post(
            "/cadres/positions",
            {
                "organization_id": a.commune.pk,
                "title_id": PositionTitle.objects.get(name="Bí thư").pk,
                "body_id": council["id"],
            },
        ),
        201,
    )
    assert position["label"] == "Bí thư — Hội đồng nhân dân xã Một"
    assert AuditEvent.objects.filter(action="body.create").count() == 3


def test_bodies_refuse_by_field_and_outside(world, staff_a):
    a, b = world
    body = {"organization_id": a.commune.pk, "name": "Ủy ban nhân dân xã Một", "kind": "government"}
    _ok(staff_a.post("/cadres/bodies", body), 201)
    again = staff_a.post("/cadres/bodies", {**body, "name": "ủy ban nhân dân xã một", "kind": "x"})
    assert again.status_code == 422
    assert set(again.json()["errors"]) == {"name", "kind"}
    board = Body.objects.create(organization=a.province, name="Ban Tổ chức Tỉnh ủy", kind="agency")
    elsewhere = staff_a.post("/cadres/bodies", {**body, "name": "Phòng X", "parent_id": board.pk})
    assert elsewhere.status_code == 422 and "parent" in elsewhere.json()["errors"]
    theirs = Body.objects.create(organization=b.province, name="Ban Tổ chức", kind="agency")
    for call in (
        {**body, "organization_id": b.commune.pk, "name": "Phòng Y"},
        {**body, "name": "Phòng Z", "parent_id": theirs.pk},
    ):
        response = staff_a.post("/cadres/bodies", call)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert staff_a.get("/cadres/bodies", {"organization": b.province.pk}).status_code == 404
    assert Body.objects.count() == 3
