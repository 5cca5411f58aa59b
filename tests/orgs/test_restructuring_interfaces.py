"""Restructuring plans through the API and the pages, scoped like everything else."""

import pytest

from tochuc.members.models import Member
from tochuc.orgs.models import Organization, RestructuringPlan

pytestmark = pytest.mark.django_db


def _plan_payload(org):
    return {
        "organization_id": org.pk,
        "title": "Hợp nhất chi bộ",
        "effective_date": "2026-07-01",
        "decision_symbol": "15-QĐ/TU",
    }


def test_plan_through_the_api(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    response = client.post(
        "/api/v1/restructuring/plans", _plan_payload(a.province), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    url = f"/api/v1/restructuring/plans/{plan_id}"
    bad = client.post(
        f"{url}/operations",
        {"kind": "dissolve", "params": {"organization": b.office.pk}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "phạm vi" in str(bad.json())
    ok = client.post(
        f"{url}/operations",
        {"kind": "dissolve", "params": {"organization": a.branch1.pk, "destination": a.branch2.pk}},
        content_type="application/json",
    )
    assert ok.status_code == 201
    preview = client.get(f"{url}/preview").json()
    assert preview["error"] == "" and preview["after"][str(a.branch2.pk)]["members"] == 2
    assert client.post(f"{url}/apply").json()["status"] == "applied"
    assert Member.objects.filter(organization=a.branch2).count() == 2
    assert client.post(f"{url}/undo").json()["status"] == "undone"
    assert Member.objects.filter(organization=a.branch1).count() == 1

    client.force_login(b.staff)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/preview").status_code == 404
    assert client.post(f"{url}/apply").status_code == 404
    assert client.post(f"{url}/undo").status_code == 404
    assert plan_id not in [p["id"] for p in client.get("/api/v1/restructuring/plans").json()]
    client.force_login(a.viewer)
    assert (
        client.post(
            "/api/v1/restructuring/plans",
            _plan_payload(a.province),
            content_type="application/json",
        ).status_code
        == 403
    )


def test_plan_pages_merge_with_preview(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    response = client.post(
        "/organizations/plans/",
        {
            "title": "Sắp xếp chi bộ Trường THPT",
            "organization": a.province.code,
            "effective_date": "01/07/2026",
            "decision_symbol": "15-QĐ/TU",
        },
    )
    plan = RestructuringPlan.objects.get()
    assert response.status_code == 302
    url = f"/organizations/plans/{plan.pk}/"
    response = client.post(
        url,
        {
            "kind": "merge",
            "sources": f"{a.branch1.code}\n{a.branch2.code}",
            "name": "Chi bộ Trường THPT",
            "new_kind": "branch",
            "parent": a.school.code,
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Xem trước kết quả" in html and "giải thể" in html
    assert "Hợp nhất «Chi bộ Giáo viên», «Chi bộ Hành chính» thành «Chi bộ Trường THPT»" in html
    assert "chỉ có 2 đảng viên chính thức" in html
    client.post(url, {"do": "apply"})
    plan.refresh_from_db()
    assert plan.status == "applied"
    assert Organization.objects.get(name="Chi bộ Trường THPT").members.count() == 2
    html = client.get("/organizations/plans/").content.decode()
    assert "Đã thực hiện" in html
    response = client.post(url, {"kind": "split", "organization": "không có"}, follow=True)
    assert "Phương án đã thực hiện: không thêm bước được nữa." in response.content.decode()
    assert plan.operations.count() == 1


def test_split_through_the_page_with_assignments(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    client.post(
        "/organizations/plans/",
        {
            "title": "Chia tách",
            "organization": a.province.code,
            "effective_date": "01/07/2026",
            "decision_symbol": "16-QĐ/TU",
        },
    )
    plan = RestructuringPlan.objects.get()
    url = f"/organizations/plans/{plan.pk}/"
    anh = a.members[1]
    response = client.post(
        url,
        {
            "kind": "split",
            "organization": a.branch2.code,
            "parts": "Chi bộ Hành chính 1 | chi bộ trực thuộc\nChi bộ Hành chính 2 | branch",
            "assign": f"{anh.citizen_id} = 2",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    op = plan.operations.get()
    assert op.params["members"] == {str(anh.pk): 1}
    bad = client.post(url, {"kind": "split", "organization": a.branch2.code, "parts": "X | không"})
    assert "Loại tổ chức «không» không có" in bad.content.decode()


def test_plan_from_a_file_with_the_cli(two_provinces, tmp_path, capsys):
    import json

    from tochuc.cli import main

    a, _ = two_provinces
    spec = {
        "title": "Giải thể chi bộ",
        "organization": a.province.code,
        "effective_date": "2026-07-01",
        "decision_symbol": "20-QĐ/TU",
        "operations": [
            {
                "kind": "dissolve",
                "params": {"organization": a.branch1.code, "destination": a.branch2.code},
            }
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    main(["orgs", "restructure", str(path)])
    out = capsys.readouterr().out
    assert "Chi bộ Giáo viên (1) -> giải thể" in out and "Chỉ xem trước" in out
    assert not RestructuringPlan.objects.exists()
    main(["orgs", "restructure", str(path), "--apply"])
    assert RestructuringPlan.objects.get().status == "applied"
    assert Member.objects.filter(organization=a.branch2).count() == 2
    spec["operations"][0]["params"]["organization"] = "không có"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit, match="Không tìm thấy tổ chức"):
        main(["orgs", "restructure", str(path)])
