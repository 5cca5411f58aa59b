"""The cadres API: positions with their holders and vacancies, a cadre's record, appointments
and their end, the planning table and its changes, the committee on a day, the clearance cases
and their counts (only with the permission), and what each refuses to whom."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

import tests.api
from tests.api import NOT_FOUND, Api
from tests.factories import make_document, make_user
from tochuc.cadres.models import ClearancePurpose, Holding, Position, PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    clearance_open,
    planning_add,
    position_create,
    seat_add,
)
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a


def _title(name: str) -> int:
    return PositionTitle.objects.get(name=name).pk


def _term() -> Term:
    return Term.objects.get(name="2025–2030")  # from 01/10/2025


def _official(api, org, name="Lò Văn Cán", born="1975-06-15", gender="male", **fields):
    body = {"organization_id": org.pk, "full_name": name, "birth_date": born, "gender": gender}
    response = api.post("/cadres", {**body, **fields})
    assert response.status_code == 201, response.content
    return response.json()


def _vetter(username, org):
    user = make_user(username, "staff", org)
    user.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    return user


def test_positions_show_their_holders_on_a_day_and_the_seats_left(world, staff_a):
    a, _ = world
    response = staff_a.post(
        "/cadres/positions",
        {"organization_id": a.commune.pk, "title_id": _title("Phó Bí thư"), "seats": 2},
    )
    assert response.status_code == 201, response.content
    deputy = response.json()
    assert deputy["label"] == f"Phó Bí thư — {a.commune.name}"
    assert (deputy["vacant"], deputy["holders"]) == (2, [])
    cadre = _official(staff_a, a.commune)
    decision = make_document(a.staff, a.commune, type_name="Quyết định", title="Về bổ nhiệm")
    appointed = staff_a.post(
        f"/cadres/{cadre['id']}/appointments",
        {"position_id": deputy["id"], "on": "2025-10-01", "decision_id": decision.pk},
    )
    assert appointed.status_code == 201, appointed.content
    assert appointed.json()["term_end"] == "2030-09-30"  # 5 years

    def listed(**params):
        response = staff_a.get("/cadres/positions", {"organization": a.commune.pk, **params})
        assert response.status_code == 200, response.content
        return {p["id"]: p for p in response.json()["results"]}

    row = listed(on="2025-10-01")[deputy["id"]]
    assert [h["full_name"] for h in row["holders"]] == ["Lò Văn Cán"]
    assert row["vacant"] == 1
    assert listed(on="2025-09-30")[deputy["id"]]["vacant"] == 2
    assert deputy["id"] in listed(on="2025-10-01", vacant=True)
    # a page at a time, counted: the positions of the day and those short of holders
    first = staff_a.get(
        "/cadres/positions", {"organization": a.commune.pk, "on": "2025-10-01", "page_size": 1}
    ).json()
    total = Position.objects.filter(organization__path__startswith=a.commune.path).count()
    assert (first["count"], first["pages"], len(first["results"])) == (total, total, 1)
    assert first["vacant"] == len(listed(on="2025-10-01", vacant=True))

    ended = staff_a.post(
        f"/cadres/holdings/{appointed.json()['id']}/end",
        {"on": "2026-03-31", "kind": "retirement", "reason": "Đủ tuổi nghỉ hưu"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end"] == "2026-03-31"
    assert listed(on="2026-04-01")[deputy["id"]]["vacant"] == 2
    record = staff_a.get(f"/cadres/{cadre['id']}").json()
    assert [h["position_label"] for h in record["holdings"]] == [deputy["label"]]
    assert [(e["kind_label"], e["effective_date"]) for e in record["timeline"]] == [
        ("Nghỉ hưu", "2026-03-31"),
        ("Bổ nhiệm", "2025-10-01"),
    ]
    assert record["timeline"][1]["decision_id"] == decision.pk


def test_a_full_position_and_a_bad_input_are_refused_naming_the_field(world, staff_a):
    a, _ = world
    bad = staff_a.post(
        "/cadres/positions",
        {"organization_id": a.commune.pk, "title_id": _title("Bí thư"), "seats": 0},
    )
    assert bad.status_code == 422 and "seats" in bad.json()["errors"]
    assert "Số người đảm nhiệm từ 1 đến 20." in bad.json()["detail"]
    nobody = staff_a.post(
        "/cadres", {"organization_id": a.commune.pk, "full_name": " ", "gender": "x"}
    )
    assert nobody.status_code == 422
    assert set(nobody.json()["errors"]) == {"full_name", "birth_date", "gender"}
    person = {"organization_id": a.commune.pk, "birth_date": "1980-01-01", "gender": "male"}
    long = staff_a.post("/cadres", {**person, "full_name": "Lò " * 50})
    assert long.status_code == 422 and "Họ và tên dài quá 128 ký tự." in long.json()["detail"]
    secretary = staff_a.post(
        "/cadres/positions", {"organization_id": a.commune.pk, "title_id": _title("Bí thư")}
    ).json()
    first, second = (_official(staff_a, a.commune, n) for n in ("Lò Văn Một", "Lò Văn Hai"))
    body = {"position_id": secretary["id"], "on": "2025-10-01"}
    assert staff_a.post(f"/cadres/{first['id']}/appointments", body).status_code == 201
    full = staff_a.post(f"/cadres/{second['id']}/appointments", body)
    assert full.status_code == 422 and "position" in full.json()["errors"]
    assert "đã đủ 1 người vào ngày 01/10/2025 (Lò Văn Một)" in full.json()["detail"]
    viewer = Api(a.viewer)
    assert viewer.post(f"/cadres/{second['id']}/appointments", body).status_code == 403
    assert Holding.objects.count() == 1


def test_a_member_becomes_a_cadre_once(world, staff_a):
    a, _ = world
    member = a.members[0]
    response = staff_a.post("/cadres/from-member", {"member_id": member.pk})
    assert response.status_code == 201, response.content
    record = response.json()
    assert (record["member_id"], record["full_name"]) == (member.pk, member.full_name)
    again = staff_a.post("/cadres/from-member", {"member_id": member.pk}).json()
    assert again["id"] == record["id"]


def test_the_planning_table_lists_people_with_their_age_and_warnings(world, staff_a):
    a, _ = world
    term = _term()
    secretary = position_create(
        actor=a.staff, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    young = _official(staff_a, a.commune, "Lục Văn Trẻ", born="1985-01-01", theory_level="cao_cap")
    late = _official(staff_a, a.commune, "Hoàng Thị Muộn", born="1970-02-02", gender="female")
    for cadre in (young, late):
        response = staff_a.post(
            "/cadres/planning",
            {
                "cadre_id": cadre["id"],
                "position_id": secretary.pk,
                "term_id": term.pk,
                "on": "2025-03-01",
            },
        )
        assert response.status_code == 201, response.content
    twice = staff_a.post(
        "/cadres/planning",
        {
            "cadre_id": young["id"],
            "position_id": secretary.pk,
            "term_id": term.pk,
            "on": "2025-04-01",
        },
    )
    assert twice.status_code == 422 and "đã có trong quy hoạch" in twice.json()["detail"]

    def table(on="2025-10-01"):
        response = staff_a.get(
            "/cadres/planning", {"organization": a.commune.pk, "term": term.pk, "on": on}
        )
        assert response.status_code == 200, response.content
        [row] = response.json()
        return row

    row = table()
    assert [(p["full_name"], p["age_at_start"]) for p in row["planned"]] == [
        ("Hoàng Thị Muộn", 55),
        ("Lục Văn Trẻ", 40),
    ]
    muon = row["planned"][0]
    assert muon["warnings"][0].startswith(
        "Đến đầu nhiệm kỳ 2025–2030 (01/10/2025) còn 4 năm 4 tháng công tác, dưới 5 năm"
    )
    assert row["warnings"] == []
    no_reason = staff_a.post(
        f"/cadres/planning/{muon['planning_id']}/remove", {"on": "2026-01-01", "reason": " "}
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    review = staff_a.post(
        f"/cadres/planning/{muon['planning_id']}/reviews",
        {"year": 2026, "kept": False, "note": "Không đủ tuổi"},
    )
    assert review.status_code == 201, review.content
    assert len(table()["planned"]) == 2  # on 01/10/2025 she was still planned
    row = table("2027-01-01")
    assert [p["full_name"] for p in row["planned"]] == ["Lục Văn Trẻ"]
    assert row["warnings"][0].startswith("1 người quy hoạch, chưa đủ 2")
    record = staff_a.get(f"/cadres/{late['id']}").json()
    assert [(p["removed_on"], p["removal_reason"]) for p in record["plans"]] == [
        ("2026-12-31", "Không đủ tuổi")
    ]


def test_the_committee_on_any_day(world, staff_a):
    a, _ = world
    term = _term()
    first, second, deputy = (
        _official(staff_a, a.commune, n) for n in ("Hà Văn Một", "Hà Văn Hai", "Hà Văn Ba")
    )
    added = staff_a.post(
        "/cadres/committees/seats",
        {
            "organization_id": a.commune.pk,
            "term_id": term.pk,
            "cadre_id": deputy["id"],
            "role": "deputy",
            "on": "2025-10-01",
        },
    )
    assert added.status_code == 201, added.content
    seat = staff_a.post(
        "/cadres/committees/seats",
        {
            "organization_id": a.commune.pk,
            "term_id": term.pk,
            "cadre_id": first["id"],
            "role": "secretary",
            "on": "2025-10-01",
        },
    )
    assert seat.status_code == 201, seat.content
    assert seat.json()["role_label"] == "Bí thư"
    body = {
        "organization_id": a.commune.pk,
        "term_id": term.pk,
        "cadre_id": second["id"],
        "role": "secretary",
        "on": "2026-01-01",
    }
    refused = staff_a.post("/cadres/committees/seats", body)
    assert refused.status_code == 422 and "đã có bí thư Hà Văn Một" in refused.json()["detail"]
    ended = staff_a.post(f"/cadres/committees/seats/{seat.json()['id']}/end", {"on": "2025-12-31"})
    assert ended.status_code == 200 and ended.json()["end"] == "2025-12-31"
    assert staff_a.post("/cadres/committees/seats", body).status_code == 201

    def sitting(on):
        response = staff_a.get("/cadres/committees", {"organization": a.commune.pk, "on": on})
        assert response.status_code == 200, response.content
        return [s["full_name"] for s in response.json()]

    assert sitting("2025-09-30") == []
    assert sitting("2025-12-31") == ["Hà Văn Một", "Hà Văn Ba"]  # the secretary first
    assert sitting("2026-01-01") == ["Hà Văn Hai", "Hà Văn Ba"]


def test_catalogues(world, staff_a):
    titles = staff_a.get("/cadres/titles").json()
    assert "Bí thư" in [t["name"] for t in titles]
    assert staff_a.get("/cadres/management-levels").status_code == 200
    assert "2025–2030" in [t["name"] for t in staff_a.get("/cadres/terms").json()]


def test_clearance_is_for_the_permission_only_and_every_read_is_audited(world, staff_a):
    a, b = world
    vetter = Api(_vetter("vetter_a", a.province))
    purpose = ClearancePurpose.objects.get(name="Nhân sự đại hội")
    cadre = _official(staff_a, a.commune, "Vi Văn Xét", born="1980-01-01")
    opened = vetter.post(
        "/cadres/clearance",
        {
            "organization_id": a.province.pk,
            "purpose_id": purpose.pk,
            "requested_on": "2026-01-05",
            "cadre_id": cadre["id"],
        },
    )
    assert opened.status_code == 201, opened.content
    case = opened.json()
    assert (case["full_name"], case["birth_date"], case["result"]) == (
        "Vi Văn Xét",
        "1980-01-01",
        "pending",
    )
    read = vetter.get(f"/cadres/clearance/{case['id']}")
    assert read.status_code == 200 and read.json()["purpose_name"] == "Nhân sự đại hội"
    assert AuditEvent.objects.filter(action="clearance.view", target_id=case["id"]).count() == 1
    # The cadre's record shows the case to the vetter (another audited read), to no one else.
    record = vetter.get(f"/cadres/{cadre['id']}").json()
    assert [c["purpose_name"] for c in record["clearances"]] == ["Nhân sự đại hội"]
    assert AuditEvent.objects.filter(action="clearance.view", target_id=case["id"]).count() == 2
    assert staff_a.get(f"/cadres/{cadre['id']}").json()["clearances"] == []
    early = vetter.post(
        f"/cadres/clearance/{case['id']}/conclude",
        {"result": "clear", "concluded_on": "2026-01-04"},
    )
    assert early.status_code == 422 and "trước ngày đề nghị 05/01/2026" in early.json()["detail"]
    done = vetter.post(
        f"/cadres/clearance/{case['id']}/conclude",
        {"result": "clear", "concluded_on": "2026-02-01"},
    )
    assert done.status_code == 200 and done.json()["result_label"] == "Đủ tiêu chuẩn chính trị"
    counts = vetter.get("/cadres/clearance/counts", {"start": "2026-01-01", "end": "2026-12-31"})
    assert counts.status_code == 200, counts.content
    assert counts.json()["total"] == 1
    assert counts.json()["sentence"] == (
        "Kết luận tiêu chuẩn chính trị 1 trường hợp. Trong đó, có 1 trường hợp nhân sự đại hội."
    )
    assert AuditEvent.objects.filter(action="clearance.counts").count() == 1

    # The staff without the right, and a vetter of the other province: nothing, not even the
    # purposes or the counts.
    b_vetter = Api(_vetter("vetter_b", b.province))
    calls = [
        ("GET", "/cadres/clearance/purposes", None),
        ("GET", "/cadres/clearance/counts", {"start": "2026-01-01", "end": "2026-12-31"}),
        ("GET", f"/cadres/clearance/{case['id']}", None),
        (
            "POST",
            f"/cadres/clearance/{case['id']}/conclude",
            {"result": "clear", "concluded_on": "2026-03-01"},
        ),
        (
            "POST",
            "/cadres/clearance",
            {
                "organization_id": a.province.pk,
                "purpose_id": purpose.pk,
                "requested_on": "2026-01-05",
                "full_name": "Vi Văn Khác",
            },
        ),
    ]
    audits = AuditEvent.objects.count()
    for method, path, body in calls:
        response = staff_a.call(method, path, body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), (method, path)
    for method, path, body in calls[2:]:
        response = b_vetter.call(method, path, body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), (method, path)
    assert AuditEvent.objects.count() == audits
    assert (
        b_vetter.get(
            "/cadres/clearance/counts", {"start": "2026-01-01", "end": "2026-12-31"}
        ).json()["total"]
        == 0
    )


def test_another_province_gets_404_on_every_operation_with_an_id(world):
    a, b = world
    term = _term()
    admin_like = a.staff
    position = position_create(
        actor=admin_like, organization=a.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    cadre = cadre_create(
        actor=admin_like,
        organization=a.commune,
        full_name="Nông Văn Riêng",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    holding = cadre_appoint(actor=admin_like, cadre=cadre, position=position, on=date(2025, 10, 1))
    plan = planning_add(
        actor=admin_like, cadre=cadre, position=position, term=term, on=date(2025, 3, 1)
    )
    seat = seat_add(
        actor=admin_like,
        organization=a.commune,
        term=term,
        cadre=cadre,
        role="member",
        on=date(2025, 10, 1),
    )
    vetter = _vetter("vetter_a", a.province)
    case = clearance_open(
        actor=vetter,
        organization=a.province,
        purpose=ClearancePurpose.objects.first(),
        requested_on=date(2026, 1, 5),
        cadre=cadre,
    )
    # B's own ones, to aim A's objects at.
    b_position = position_create(
        actor=b.staff, organization=b.commune, title=PositionTitle.objects.get(name="Bí thư")
    )
    b_cadre = cadre_create(
        actor=b.staff,
        organization=b.commune,
        full_name="Nông Văn Khác",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    outsider = Api(b.staff)
    b_vetter = Api(_vetter("vetter_b", b.province))
    calls = [
        (outsider, "GET", f"/cadres/{cadre.pk}", None),
        (
            outsider,
            "POST",
            f"/cadres/{cadre.pk}/appointments",
            {"position_id": b_position.pk, "on": "2026-01-01"},
        ),
        (
            outsider,
            "POST",
            f"/cadres/{b_cadre.pk}/appointments",
            {"position_id": position.pk, "on": "2026-01-01"},
        ),
        (outsider, "POST", f"/cadres/holdings/{holding.pk}/end", {"on": "2026-01-01"}),
        (outsider, "POST", "/cadres/from-member", {"member_id": a.members[0].pk}),
        (
            outsider,
            "POST",
            "/cadres",
            {
                "organization_id": a.commune.pk,
                "full_name": "X",
                "birth_date": "1980-01-01",
                "gender": "male",
            },
        ),
        (
            outsider,
            "POST",
            "/cadres/positions",
            {"organization_id": a.commune.pk, "title_id": _title("Bí thư")},
        ),
        (outsider, "GET", "/cadres/positions", {"organization": a.commune.pk}),
        (outsider, "GET", "/cadres/planning", {"organization": a.commune.pk, "term": term.pk}),
        (
            outsider,
            "POST",
            "/cadres/planning",
            {
                "cadre_id": cadre.pk,
                "position_id": b_position.pk,
                "term_id": term.pk,
                "on": "2025-03-01",
            },
        ),
        (
            outsider,
            "POST",
            "/cadres/planning",
            {
                "cadre_id": b_cadre.pk,
                "position_id": position.pk,
                "term_id": term.pk,
                "on": "2025-03-01",
            },
        ),
        (
            outsider,
            "POST",
            f"/cadres/planning/{plan.pk}/remove",
            {"on": "2026-01-01", "reason": "X"},
        ),
        (
            outsider,
            "POST",
            f"/cadres/planning/{plan.pk}/reviews",
            {"year": 2026, "kept": False, "note": "X"},
        ),
        (outsider, "GET", "/cadres/committees", {"organization": a.commune.pk}),
        (
            outsider,
            "POST",
            "/cadres/committees/seats",
            {
                "organization_id": a.commune.pk,
                "term_id": term.pk,
                "cadre_id": b_cadre.pk,
                "role": "member",
                "on": "2026-01-01",
            },
        ),
        (
            outsider,
            "POST",
            "/cadres/committees/seats",
            {
                "organization_id": b.commune.pk,
                "term_id": term.pk,
                "cadre_id": cadre.pk,
                "role": "member",
                "on": "2026-01-01",
            },
        ),
        (outsider, "POST", f"/cadres/committees/seats/{seat.pk}/end", {"on": "2026-01-01"}),
        (b_vetter, "GET", f"/cadres/clearance/{case.pk}", None),
        (
            b_vetter,
            "POST",
            f"/cadres/clearance/{case.pk}/conclude",
            {"result": "clear", "concluded_on": "2026-02-01"},
        ),
        (
            b_vetter,
            "POST",
            "/cadres/clearance",
            {
                "organization_id": b.province.pk,
                "purpose_id": case.purpose_id,
                "requested_on": "2026-01-05",
                "cadre_id": cadre.pk,
            },
        ),
        (
            b_vetter,
            "GET",
            "/cadres/clearance/counts",
            {"start": "2026-01-01", "end": "2026-12-31", "organization": a.province.pk},
        ),
    ]
    for api, method, path, body in calls:
        response = api.call(method, path, body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), (method, path, body)
    assert Holding.objects.get(pk=holding.pk).end is None
    assert not b_cadre.holdings.exists() and not b_cadre.plans.exists()


@pytest.mark.parametrize(
    ("path", "queries"),
    [("/cadres/clearance/purposes", 5), ("/cadres/clearance/counts", 8)],
)
def test_clearance_lists_take_a_fixed_number_of_queries(
    world, path, queries, django_assert_num_queries
):
    a, _ = world
    vetter = Api(_vetter("vetter_a", a.province))
    params = {"start": "2026-01-01", "end": "2026-12-31"}
    vetter.get(path, params)
    with django_assert_num_queries(queries):
        assert vetter.get(path, params).status_code == 200
    for i in range(5):
        ClearancePurpose.objects.create(name=f"Mục đích {i}", order=100 + i)
    with django_assert_num_queries(queries):
        response = vetter.get(path, params)
    assert response.status_code == 200
