"""Transfers through the pages and the API: the letter, the acceptance, the scope."""

import pytest

from tests.factories import make_admin, make_province, make_user
from tochuc.members.models import Transfer

pytestmark = pytest.mark.django_db


def test_transfer_through_the_pages(client, two_provinces):
    a, b = two_provinces
    member = a.members[0]
    client.force_login(a.staff)
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert f"/members/{member.pk}/transfer/" in html
    form = {
        "kind": "permanent",
        "to_org": "không có",
        "start_date": "02/03/2026",
        "letter_symbol": "25-GGT/ĐU",
        "dues_paid_to": "02/2026",
    }
    response = client.post(f"/members/{member.pk}/transfer/", form)
    assert response.status_code == 400
    assert "Không tìm thấy chi bộ «không có»" in response.content.decode()
    response = client.post(f"/members/{member.pk}/transfer/", {**form, "to_org": b.office.code})
    assert response.status_code == 302
    html = client.get("/members/transfers/").content.decode()
    assert "Đã giới thiệu đi" in html and "Chi bộ Sở Nội vụ" in html and "quá hạn" in html
    client.force_login(b.staff)
    html = client.get("/members/transfers/").content.decode()
    assert "Nguyễn Văn An" in html and "Tiếp nhận" in html
    transfer = Transfer.objects.get()
    response = client.post(
        "/members/transfers/", {"transfer": transfer.pk, "on": "09/03/2026"}, follow=True
    )
    assert "Đã tiếp nhận sinh hoạt của Nguyễn Văn An." in response.content.decode()
    member.refresh_from_db()
    assert member.organization_id == b.office.pk
    assert client.get(f"/members/{member.pk}/").status_code == 200  # now B's member
    client.force_login(a.staff)
    assert client.get(f"/members/{member.pk}/").status_code == 404


def test_transfer_api_both_sides_and_nobody_else(client, two_provinces):
    a, b = two_provinces
    member = a.members[1]
    client.force_login(a.staff)
    payload = {
        "kind": "temporary",
        "to_org_id": b.office.pk,
        "start_date": "2026-03-02",
        "until": "2026-12-31",
        "letter_symbol": "3-GGT/ĐU",
        "dues_paid_to": "2026-02-01",
    }
    response = client.post(
        f"/api/v1/members/{member.pk}/transfers", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    tid = response.json()["id"]
    assert client.get("/api/v1/transfers?direction=out").json()[0]["id"] == tid
    assert (
        client.post(
            f"/api/v1/transfers/{tid}/accept",
            {"accepted_on": "2026-03-05"},
            content_type="application/json",
        ).status_code
        == 404
    )
    outsider = make_user(
        "staff_c", "staff", make_province(make_admin("root2"), "Hà Giang", "C").province
    )
    client.force_login(outsider)
    assert client.get(f"/api/v1/transfers/{tid}").status_code == 404
    assert client.get("/api/v1/transfers?direction=in").json() == []
    assert client.post(f"/api/v1/transfers/{tid}/cancel").status_code == 404
    client.force_login(b.staff)
    assert client.get("/api/v1/transfers?direction=in").json()[0]["member_name"] == "Trần Thị Ánh"
    response = client.post(
        f"/api/v1/transfers/{tid}/accept",
        {"accepted_on": "2026-03-05"},
        content_type="application/json",
    )
    assert response.json()["status"] == "accepted"
    html = client.get(f"/members/?organization={b.province.pk}").content.decode()
    assert "Sinh hoạt tạm thời tại đây (1, không tính vào số lượng)" in html
    assert client.get("/api/v1/transfers?direction=sideways").status_code == 422


def test_end_a_temporary_stay_on_the_page(client, two_provinces):
    from datetime import date

    from tochuc.members.services import member_transfer_accept, member_transfer_start

    a, b = two_provinces
    t = member_transfer_start(
        actor=a.staff,
        member=a.members[0],
        kind="temporary",
        to_org=b.office,
        start_date=date(2026, 3, 2),
        until=date(2026, 9, 30),
        letter_symbol="7-GGT",
        dues_paid_to=date(2026, 2, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=t, accepted_on=date(2026, 3, 5))
    client.force_login(a.staff)
    html = client.get("/members/transfers/").content.decode()
    assert "Đang sinh hoạt tạm thời (1)" in html and "đã hết hạn" in html
    response = client.post(
        "/members/transfers/", {"transfer": t.pk, "do": "end", "on": "30/09/2026"}, follow=True
    )
    assert "Đã kết thúc sinh hoạt tạm thời của Nguyễn Văn An." in response.content.decode()
    t.refresh_from_db()
    assert t.status == "ended"


def test_arrival_from_outside_the_system(client, two_provinces):
    from tochuc.members.models import Member

    a, _ = two_provinces
    client.force_login(a.staff)
    url = f"/members/new/?organization={a.village.pk}&arrival=1"
    form = {
        "full_name": "Lục Văn Tới",
        "gender": "male",
        "birth_date": "01/02/1980",
        "ethnicity": "Nùng",
        "religion": "Không",
        "admission_date": "03/02/2005",
        "official_date": "03/02/2006",
        "status": "official",
        "arrived_on": "",
        "letter_symbol": "",
        "origin": "",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập ngày tiếp nhận" in html and "Nhập số giấy giới thiệu" in html
    assert not Member.objects.filter(full_name="Lục Văn Tới").exists()
    response = client.post(
        url,
        {
            **form,
            "arrived_on": "05/10/2026",
            "letter_symbol": "88-GGT/ĐU",
            "origin": "Đảng bộ Quân khu 1",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(full_name="Lục Văn Tới")
    event = member.events.get()
    assert (event.kind, event.document_symbol, event.details["from"]) == (
        "arrive",
        "88-GGT/ĐU",
        "Đảng bộ Quân khu 1",
    )
