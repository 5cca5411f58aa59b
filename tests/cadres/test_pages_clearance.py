"""The clearance pages: the counts by purpose with seed 001's sentence, each count opening its
cases, a case, the forms that open and conclude one; for the permission's holders only (404
for anyone else, and no count anywhere), every read audited once."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from tests.factories import make_document, make_user
from tochuc.cadres.models import ClearancePurpose, PoliticalClearance
from tochuc.cadres.services import cadre_create, clearance_conclude, clearance_open
from tochuc.core.models import AuditEvent
from tochuc.members.services import candidate_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(two_provinces):
    a, b = two_provinces
    right = Permission.objects.get(codename="see_clearance")
    for p in (a, b):
        p.vetter = make_user(f"vetter_{p.province.code}", "staff", p.province)
        p.vetter.user_permissions.add(right)
    return a, b


@pytest.fixture
def cases(cleared):
    """Seed 001 in small: 4 nhân sự đại hội, 2 quy hoạch cấp ủy, 1 bổ nhiệm in A's commune,
    concluded in 2026; one pending; one in B."""
    a, b = cleared
    wanted = {"Nhân sự đại hội": 4, "Quy hoạch cấp ủy": 2, "Bổ nhiệm cán bộ và kết nạp Đảng": 1}
    for name, n in wanted.items():
        purpose = ClearancePurpose.objects.get(name=name)
        for i in range(n):
            case = clearance_open(
                actor=a.vetter,
                organization=a.commune,
                purpose=purpose,
                requested_on=date(2026, 3, 1),
                full_name=f"Vi Văn {name[:3]}{i}",
            )
            clearance_conclude(
                actor=a.vetter, case=case, result="clear", concluded_on=date(2026, 3, 10)
            )
    a.pending = clearance_open(
        actor=a.vetter,
        organization=a.commune,
        purpose=ClearancePurpose.objects.get(name="Quy hoạch cấp ủy"),
        requested_on=date(2026, 4, 1),
        full_name="Hoàng Thị Chờ",
        birth_date=date(1985, 2, 3),
    )
    b.case = clearance_open(
        actor=b.vetter,
        organization=b.province,
        purpose=ClearancePurpose.objects.get(name="Nhân sự đại hội"),
        requested_on=date(2026, 3, 1),
        full_name="Lục Văn Lạng",
    )
    return a, b


def login(client, user):
    client.force_login(user)
    return client


PERIOD = {"from": "01/01/2026", "to": "31/12/2026"}


def test_the_counts_give_seed_001s_sentence_and_open_their_cases(client, cases):
    a, _ = cases
    login(client, a.vetter)
    before = AuditEvent.objects.filter(action="clearance.counts").count()
    page = client.get("/cadres/clearance/", {"organization": a.province.pk, **PERIOD})
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        "Kết luận tiêu chuẩn chính trị 7 trường hợp. Trong đó, có 4 trường hợp nhân sự đại hội; "
        "2 trường hợp quy hoạch cấp ủy; 1 trường hợp bổ nhiệm cán bộ và kết nạp Đảng." in text
    )
    assert "Lục Văn Lạng" not in text
    assert AuditEvent.objects.filter(action="clearance.counts").count() == before + 1
    planning = ClearancePurpose.objects.get(name="Quy hoạch cấp ủy")
    link = f"purpose={planning.pk}&amp;from=01/01/2026&amp;to=31/12/2026"
    assert link in text
    listed = client.get(
        "/cadres/clearance/cases/",
        {"organization": a.province.pk, "purpose": planning.pk, **PERIOD},
    ).content.decode()
    assert "Tìm thấy <b>2</b> trường hợp (Quy hoạch cấp ủy)" in listed
    assert "Vi Văn Quy0" in listed and "Hoàng Thị Chờ" not in listed  # pending: not concluded
    assert AuditEvent.objects.filter(action="clearance.list").count() == 1
    every = client.get("/cadres/clearance/cases/", {"organization": a.province.pk})
    assert "Tìm thấy <b>8</b> trường hợp" in every.content.decode()


def test_a_case_opens_audited_and_concludes_by_a_decisions_symbol(client, cases, admin):
    a, _ = cases
    login(client, a.vetter)
    url = f"/cadres/clearance/{a.pending.pk}/"
    page = client.get(url).content.decode()
    assert "Hoàng Thị Chờ" in page and "03/02/1985" in page and "Đang thẩm định" in page
    assert AuditEvent.objects.filter(action="clearance.view", target_id=a.pending.pk).count() == 1
    # refusals: a day before the request, a symbol the registry does not have
    refused = client.post(url, {"result": "clear", "concluded_on": "31/03/2026"})
    assert refused.status_code == 400
    assert "trước ngày đề nghị 01/04/2026" in refused.content.decode()
    unknown = client.post(
        url, {"result": "clear", "concluded_on": "05/04/2026", "decision": "99-QĐ/TU"}
    )
    assert "Sổ văn bản chưa có văn bản số 99-QĐ/TU" in unknown.content.decode()
    a.pending.refresh_from_db()
    assert a.pending.result == "pending"
    document = make_document(admin, a.commune, type_name="Kết luận", title="Kết luận thẩm định")
    done = client.post(
        url,
        {
            "result": "not_clear",
            "concluded_on": "05/04/2026",
            "conclusion": "Có vấn đề về lịch sử chính trị.",
            "decision": document.symbol,
        },
    )
    assert done.status_code == 302
    a.pending.refresh_from_db()
    assert (a.pending.result, a.pending.decision) == ("not_clear", document)
    page = client.get(url).content.decode()
    assert "Không đủ tiêu chuẩn chính trị" in page and document.symbol in page
    assert "Ghi kết luận" not in page


def test_the_form_opens_a_case_for_each_kind_of_person(client, cleared):
    a, _ = cleared
    login(client, a.vetter)
    purpose = ClearancePurpose.objects.get(name="Nhân sự đại hội")
    cadre = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Nông Văn Cán",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    candidate = candidate_create(
        actor=a.staff,
        organization=a.village,
        full_name="Hà Thị Ưu",
        gender="female",
        birth_date=date(2001, 4, 5),
        listed_on=date(2026, 3, 1),
    )
    url = f"/cadres/clearance/new/?organization={a.commune.pk}"
    form = client.get(f"{url}&cadre={cadre.pk}").content.decode()
    assert f'value="Nông Văn Cán ({cadre.birth_date:%Y})"' in form
    assert "Hà Thị Ưu" not in form  # the subtree's people are typed, not listed
    base = {"purpose": purpose.pk, "requested_on": "02/03/2026"}
    # nobody chosen: the service's message, nothing written
    refused = client.post(url, base)
    assert refused.status_code == 400
    assert "Chọn người được thẩm định hoặc nhập họ và tên." in refused.content.decode()
    wrong = client.post(url, {**base, "person": "000000000000"})
    assert "không có cán bộ, đảng viên nào có tên hoặc số đã ghi" in wrong.content.decode()
    assert not PoliticalClearance.objects.exists()
    member = a.members[0]
    for person in (
        {"person": "Nông Văn Cán"},
        {"person": member.citizen_id},
        {"person": "ha thi uu"},
        {"full_name": "Vi Văn Mới", "birth_date": "01/02/1990"},
    ):
        response = client.post(url, {**base, **person})
        assert response.status_code == 302, response.content.decode()[-600:]
    names = sorted(PoliticalClearance.objects.values_list("full_name", flat=True))
    assert names == sorted(["Nông Văn Cán", member.full_name, "Hà Thị Ưu", "Vi Văn Mới"])
    case = PoliticalClearance.objects.get(full_name="Vi Văn Mới")
    assert (case.organization, case.birth_date) == (a.commune, date(1990, 2, 1))
    assert PoliticalClearance.objects.get(full_name="Hà Thị Ưu").candidate == candidate


def test_without_the_permission_every_clearance_url_is_404_and_no_count_shows(client, cases):
    a, _ = cases
    login(client, a.staff)
    org = {"organization": a.commune.pk}
    for url in (
        "/cadres/clearance/",
        "/cadres/clearance/cases/",
        "/cadres/clearance/new/",
        f"/cadres/clearance/{a.pending.pk}/",
    ):
        for params in ({}, org):
            assert client.get(url, params).status_code == 404, url
        assert client.post(f"{url}?organization={a.commune.pk}", {}).status_code in (404, 405)
    posted = client.post(
        f"/cadres/clearance/new/?organization={a.commune.pk}",
        {"purpose": 1, "requested_on": "02/03/2026", "full_name": "Vi Văn X"},
    )
    assert posted.status_code == 404
    conclude = client.post(
        f"/cadres/clearance/{a.pending.pk}/", {"result": "clear", "concluded_on": "05/04/2026"}
    )
    assert conclude.status_code == 404
    assert PoliticalClearance.objects.filter(result="pending").count() == 2
    assert not AuditEvent.objects.filter(actor=a.staff, action__startswith="clearance").exists()
    # nor on the other pages: a cadre's record, the profile
    cadre = cadre_create(
        actor=a.staff,
        organization=a.commune,
        full_name="Nông Văn Cán",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    clearance_open(
        actor=a.vetter,
        organization=a.commune,
        purpose=ClearancePurpose.objects.get(name="Nhân sự đại hội"),
        requested_on=date(2026, 3, 1),
        cadre=cadre,
    )
    for url in (f"/cadres/{cadre.pk}/", f"/cadres/profile/?organization={a.commune.pk}"):
        text = client.get(url).content.decode()
        assert "tiêu chuẩn chính trị" not in text and "Nhân sự đại hội" not in text, url
    record = login(client, a.vetter).get(f"/cadres/{cadre.pk}/").content.decode()
    assert "Kết luận tiêu chuẩn chính trị" in record and "Nhân sự đại hội" in record
    profile = client.get(f"/cadres/profile/?organization={a.commune.pk}").content.decode()
    assert 'href="/cadres/clearance/' in profile  # the navigation's link, for the vetter only
    seen = AuditEvent.objects.filter(action="clearance.view", target_type="cadre")
    assert seen.count() == 1 and seen.get().actor == a.vetter  # one row for the page


def test_another_provinces_vetter_gets_404(client, cases):
    a, b = cases
    login(client, b.vetter)
    assert client.get(f"/cadres/clearance/{a.pending.pk}/").status_code == 404
    for url in ("/cadres/clearance/", "/cadres/clearance/cases/", "/cadres/clearance/new/"):
        assert client.get(url, {"organization": a.commune.pk}).status_code == 404
    own = client.get("/cadres/clearance/cases/").content.decode()
    assert "Lục Văn Lạng" in own and "Hoàng Thị Chờ" not in own and "Vi Văn" not in own
    response = client.post(
        f"/cadres/clearance/{a.pending.pk}/", {"result": "clear", "concluded_on": "05/04/2026"}
    )
    assert response.status_code == 404
    a.pending.refresh_from_db()
    assert a.pending.result == "pending"


def test_a_case_is_opened_only_for_people_of_the_subtree(client, cases, two_provinces):
    a, b = cases
    login(client, a.vetter)
    theirs = cadre_create(
        actor=b.staff,
        organization=b.commune,
        full_name="Nông Văn Ngoài",
        birth_date=date(1980, 1, 1),
        gender="male",
    )
    url = f"/cadres/clearance/new/?organization={a.commune.pk}"
    base = {"purpose": ClearancePurpose.objects.first().pk, "requested_on": "02/03/2026"}
    before = PoliticalClearance.objects.count()
    for person in ({"person": theirs.full_name}, {"person": b.members[0].citizen_id}):
        response = client.post(url, {**base, **person})
        assert response.status_code == 400
        page = response.content.decode().replace(f'value="{person["person"]}"', "")  # typed
        assert "Nông Văn Ngoài" not in page and b.members[0].full_name not in page
    assert PoliticalClearance.objects.count() == before


def test_a_viewer_with_the_permission_reads_but_does_not_conclude(client, cases):
    a, _ = cases
    reader = make_user("reader_a", "viewer", a.province)
    reader.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    login(client, reader)
    url = f"/cadres/clearance/{a.pending.pk}/"
    page = client.get(url).content.decode()
    assert "Hoàng Thị Chờ" in page and "Ghi kết luận" not in page
    response = client.post(url, {"result": "clear", "concluded_on": "05/04/2026"})
    assert response.status_code == 403
    assert "chỉ có quyền xem" in response.content.decode()
    a.pending.refresh_from_db()
    assert a.pending.result == "pending"
