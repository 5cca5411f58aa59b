"""The JSON API of the registry: search, read, register with "Lấy số", change, links, files,
follow-up, references, the catalogues, and what each refuses to whom."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import tests.api
from tests.api import NOT_FOUND, Api
from tests.factories import make_document, make_user
from tochuc.core.models import AuditEvent
from tochuc.documents.models import Attachment, Document, DocumentType, Issuer
from tochuc.documents.services import (
    attachment_add,
    document_link,
    report_request_create,
)
from tochuc.documents.services.issuers import issuers_of

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _type(name="Nghị quyết") -> int:
    return DocumentType.objects.get(name=name).pk


def _issuer(org) -> int:
    return issuers_of(org)[0].pk


def _upload(api, path, name="nq.pdf", data=PDF):
    return api.client.post(
        f"/api/v1{path}", {"file": SimpleUploadedFile(name, data)}, **api.headers
    )


def _new(org, **changes) -> dict:
    body = {
        "doc_type_id": _type(),
        "issuer_id": _issuer(org),
        "title": "Về nâng cao chất lượng tổ chức cơ sở đảng và đảng viên",
        "issued_on": "2026-03-02",
        "take_number": True,
    }
    body.update(changes)
    return body


def test_register_with_take_number_then_a_typed_duplicate_is_refused(world, staff_a):
    a, _ = world
    response = staff_a.post("/documents", _new(a.province, period_start=2026, period_end=2030))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["symbol"] == "01-NQ/TU" and body["number"] == 1
    assert body["label"] == "Nghị quyết số 01-NQ/TU ngày 02/03/2026"
    assert body["sequence"] == "2025–2030"
    assert body["organization_name"] == "Đảng bộ tỉnh Cao Bằng"
    assert body["status"] == "issued" and body["status_label"] == "Ban hành"
    second = staff_a.post("/documents", _new(a.province)).json()
    assert second["symbol"] == "02-NQ/TU"
    typed = staff_a.post("/documents", _new(a.province, take_number=False, symbol="2-nq/tu"))
    assert typed.status_code == 422
    data = typed.json()
    assert "symbol" in data["errors"]
    assert "02-NQ/TU đã dùng" in data["detail"] and "Về nâng cao chất lượng" in data["detail"]
    # A number typed by hand lifts the counter: "Lấy số" goes on after it.
    ten = staff_a.post("/documents", _new(a.province, take_number=False, symbol="Số 10 - NQ/TU"))
    assert ten.json()["symbol"] == "10-NQ/TU"
    assert staff_a.post("/documents", _new(a.province)).json()["symbol"] == "11-NQ/TU"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "Nhập trích yếu"),
        ({"take_number": False}, "symbol", "phải có số, ký hiệu"),
        ({"take_number": False, "symbol": "7-KH/TU"}, "symbol", "không phải của loại"),
        ({"period_start": 2030, "period_end": 2025}, "period_end", "năm kết thúc trước"),
        ({"status": "lost"}, "status", "không có"),
        ({"issued_on": "2026-02-30"}, "issued_on", "ngày không hợp lệ"),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(world, staff_a, changes, field, words):
    a, _ = world
    response = staff_a.post("/documents", _new(a.province, **changes))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert words in response.json()["detail"]
    assert not Document.objects.exists()


def test_an_outside_body_s_document_is_kept_by_the_user_s_organization(world, staff_a):
    a, _ = world
    tw = Issuer.objects.get(code="TW", organization=None)
    body = _new(a.province, issuer_id=tw.pk, take_number=False, symbol="22-NQ/TW")
    body["issued_on"] = "2008-02-02"
    response = staff_a.post("/documents", body)
    assert response.status_code == 201, response.content
    assert response.json()["organization_id"] == a.province.pk
    assert response.json()["issuer_name"].startswith("Ban Chấp hành Trung ương")


def test_search_filters_and_pages(world, staff_a):
    a, b = world
    make_document(a.staff, a.province, title="Về công tác phát triển đảng viên")
    make_document(
        a.staff,
        a.province,
        type_name="Đề án",
        title="Nâng cao chất lượng sinh hoạt chi bộ",
        period_start=2021,
        period_end=2025,
        issued_on=date(2021, 6, 1),
    )
    make_document(a.staff, a.commune, type_name="Kế hoạch", title="Kế hoạch của xã")
    make_document(b.staff, b.province, title="Văn bản của Lạng Sơn")

    def found(**params):
        response = staff_a.get("/documents", params)
        assert response.status_code == 200, response.content
        return [d["title"] for d in response.json()["results"]]

    everything = found()
    assert len(everything) == 3 and "Văn bản của Lạng Sơn" not in everything
    assert found(q="phat trien dang vien") == ["Về công tác phát triển đảng viên"]
    assert found(q="01-ĐA/TU") == ["Nâng cao chất lượng sinh hoạt chi bộ"]
    assert found(doc_type=_type("Kế hoạch")) == ["Kế hoạch của xã"]
    assert found(period=2023) == ["Nâng cao chất lượng sinh hoạt chi bộ"]
    assert found(year=2021) == ["Nâng cao chất lượng sinh hoạt chi bộ"]
    assert found(organization=a.commune.pk) == ["Kế hoạch của xã"]
    assert found(status="draft") == []
    page = staff_a.get("/documents", {"page_size": 2, "page": 2}).json()
    assert (page["count"], page["pages"], page["page"], len(page["results"])) == (3, 2, 2, 1)
    assert staff_a.get("/documents", {"organization": b.province.pk}).json() == NOT_FOUND


def test_detail_shows_files_links_both_ways_and_follow_up(world, staff_a):
    a, _ = world
    resolution = make_document(a.staff, a.province)
    plan = make_document(a.staff, a.commune, type_name="Kế hoạch")
    document_link(actor=a.staff, source=plan, target=resolution, kind="implements")
    attachment_add(actor=a.staff, document=resolution, upload=SimpleUploadedFile("nq.pdf", PDF))
    report_request_create(
        actor=a.staff,
        document=resolution,
        kind="interim",
        due_on=date(2026, 6, 30),
        organizations=[a.commune, a.bloc],
    )
    body = staff_a.get(f"/documents/{resolution.pk}").json()
    assert [f["name"] for f in body["attachments"]] == ["nq.pdf"]
    assert body["links_in"][0]["document_id"] == plan.pk
    assert body["links_in"][0]["kind_label"] == "Thực hiện, cụ thể hóa"
    assert body["links_out"] == []
    [request] = body["report_requests"]
    assert request["kind_label"] == "Sơ kết" and request["due_on"] == "2026-06-30"
    assert {r["organization_name"] for r in request["reports"]} == {
        a.commune.name,
        a.bloc.name,
    }
    plan_body = staff_a.get(f"/documents/{plan.pk}").json()
    assert plan_body["links_out"][0]["document_label"] == resolution.label


def test_update_and_take_a_number_for_a_draft(world, staff_a):
    a, _ = world
    created = staff_a.post("/documents", _new(a.province, take_number=False, status="draft"))
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["symbol"] == "" and draft["status"] == "draft"
    changed = staff_a.patch(f"/documents/{draft['id']}", {"signer": "Trần Văn Hùng"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["signer"] == "Trần Văn Hùng"
    assert changed.json()["title"] == draft["title"]  # untouched fields stay
    taken = staff_a.post(f"/documents/{draft['id']}/number", {"issued_on": "2026-04-01"})
    assert taken.status_code == 200, taken.content
    assert taken.json()["symbol"] == "01-NQ/TU" and taken.json()["issued_on"] == "2026-04-01"
    again = staff_a.post(f"/documents/{draft['id']}/number", {})
    assert again.status_code == 422 and "đã có số 01-NQ/TU" in again.json()["detail"]
    assert AuditEvent.objects.filter(action="document.number", target_id=draft["id"]).exists()
    issued = staff_a.patch(f"/documents/{draft['id']}", {"status": "issued", "symbol": ""})
    assert issued.status_code == 422 and "symbol" in issued.json()["errors"]


def test_links_are_added_refused_in_a_cycle_and_removed(world, staff_a):
    a, _ = world
    resolution = make_document(a.staff, a.province)
    plan = make_document(a.staff, a.province, type_name="Kế hoạch")
    added = staff_a.post(f"/documents/{plan.pk}/links", {"target_id": resolution.pk})
    assert added.status_code == 201, added.content
    [link] = added.json()["links_out"]
    assert link["kind"] == "implements" and link["document_id"] == resolution.pk
    cycle = staff_a.post(f"/documents/{resolution.pk}/links", {"target_id": plan.pk})
    assert cycle.status_code == 422 and "tạo vòng" in cycle.json()["detail"]
    unknown = staff_a.post(
        f"/documents/{resolution.pk}/links", {"target_id": plan.pk, "kind": "likes"}
    )
    assert unknown.status_code == 422 and "kind" in unknown.json()["errors"]
    # A link is removed through its source document only.
    wrong = staff_a.client.delete(f"/api/v1/documents/{resolution.pk}/links/{link['id']}")
    assert wrong.status_code == 404
    gone = staff_a.client.delete(f"/api/v1/documents/{plan.pk}/links/{link['id']}")
    assert gone.status_code == 204
    assert staff_a.get(f"/documents/{plan.pk}").json()["links_out"] == []


def test_attachments_upload_download_and_remove(world, staff_a):
    a, b = world
    document = make_document(a.staff, a.commune)
    response = _upload(staff_a, f"/documents/{document.pk}/attachments", name="../../x.pdf")
    assert response.status_code == 201, response.content
    file = response.json()
    assert file["name"] == "x.pdf" and file["content_type"] == "application/pdf"
    download = staff_a.client.get(file["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="x.pdf"' in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export.document_file").count() == 1
    # Another province, and a commune user of another subtree, get nothing.
    assert Api(b.staff).client.get(file["url"]).status_code == 404
    other = make_user("staff_bloc", "staff", a.bloc)
    assert Api(other).client.get(file["url"]).status_code == 404
    # A secretary below the commune reads it.
    assert Api(a.secretary).client.get(file["url"]).status_code == 200
    wrong = _upload(staff_a, f"/documents/{document.pk}/attachments", name="x.exe", data=b"MZ")
    assert wrong.status_code == 422 and "chỉ nhận PDF" in wrong.json()["detail"]
    fake = _upload(staff_a, f"/documents/{document.pk}/attachments", data=b"<html>")
    assert fake.status_code == 422 and "không đúng định dạng PDF" in fake.json()["detail"]
    removed = staff_a.client.delete(file["url"])
    assert removed.status_code == 204
    assert not Attachment.objects.exists()
    assert staff_a.client.get(file["url"]).status_code == 404


def test_report_request_and_submit(world, staff_a):
    a, b = world
    resolution = make_document(a.staff, a.province)
    response = staff_a.post(
        f"/documents/{resolution.pk}/report-requests",
        {
            "kind": "final",
            "due_on": "2026-12-15",
            "organization_ids": [a.commune.pk],
            "title": "Tổng kết 5 năm",
        },
    )
    assert response.status_code == 201, response.content
    [report] = response.json()["report_requests"][0]["reports"]
    assert report["state"] == "pending" and report["document_id"] is None
    answer = make_document(a.staff, a.commune, type_name="Báo cáo")
    done = staff_a.post(f"/documents/reports/{report['id']}/submit", {"document_id": answer.pk})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "done" and done.json()["document_id"] == answer.pk
    links = staff_a.get(f"/documents/{answer.pk}").json()["links_out"]
    assert [(x["kind"], x["document_id"]) for x in links] == [("reports_on", resolution.pk)]
    twice = staff_a.post(f"/documents/reports/{report['id']}/submit", {"document_id": answer.pk})
    assert twice.status_code == 422 and "đã nộp" in twice.json()["detail"]
    outside = staff_a.post(
        f"/documents/{resolution.pk}/report-requests",
        {"due_on": "2026-12-15", "organization_ids": [b.commune.pk]},
    )
    assert outside.status_code == 404 and outside.json() == NOT_FOUND


def test_references_of_a_text(world, staff_a):
    a, _ = world
    plan = make_document(
        a.staff, a.province, type_name="Kế hoạch", symbol="48-KH/TU", issued_on=date(2008, 4, 28)
    )
    response = staff_a.post(
        "/documents/references",
        {"text": "Thực hiện Kế hoạch số 48-KH/TU ngày 28-4-2008 và Quyết định 1755-QĐ/TU, ..."},
    )
    assert response.status_code == 200, response.content
    found = response.json()
    assert [(m["symbol"], m["document_id"]) for m in found] == [
        ("48-KH/TU", plan.pk),
        ("1755-QĐ/TU", None),
    ]
    assert found[0]["issued_on"] == "2008-04-28" and found[0]["type_name"] == "Kế hoạch"


def test_types_and_issuers(world, staff_a):
    a, b = world
    types = staff_a.get("/documents/types").json()
    assert {"name": "Nghị quyết", "code": "NQ"}.items() <= types[0].items()
    own = staff_a.get("/documents/issuers", {"organization": a.province.pk}).json()
    assert [i["code"] for i in own] == ["TU", "BTCTU", "VPTU", "UBKTTU"]
    issuers_of(b.province)
    listed = {i["code"] for i in staff_a.get("/documents/issuers").json()}
    assert {"TW", "BTCTW", "TU", "BTCTU"} <= listed
    names = " ".join(i["name"] for i in staff_a.get("/documents/issuers").json())
    assert "Lạng Sơn" not in names
    assert staff_a.get("/documents/issuers", {"organization": b.province.pk}).json() == NOT_FOUND


def test_another_province_gets_404_on_every_id(world):
    a, b = world
    document = make_document(a.staff, a.commune)
    target = make_document(a.staff, a.province)
    link = document_link(actor=a.staff, source=document, target=target, kind="implements")
    file = attachment_add(actor=a.staff, document=document, upload=SimpleUploadedFile("a.pdf", PDF))
    request = report_request_create(
        actor=a.staff,
        document=target,
        kind="interim",
        due_on=date(2026, 6, 30),
        organizations=[a.commune],
    )
    report = request.reports.get()
    own = make_document(b.staff, b.province)
    api = Api(b.staff)
    calls = [
        ("GET", f"/documents/{document.pk}", None),
        ("PATCH", f"/documents/{document.pk}", {"title": "Đổi"}),
        ("POST", f"/documents/{document.pk}/number", {}),
        ("POST", f"/documents/{document.pk}/links", {"target_id": own.pk}),
        ("POST", f"/documents/{own.pk}/links", {"target_id": document.pk}),
        ("POST", f"/documents/{document.pk}/report-requests", {"organization_ids": [b.commune.pk]}),
        ("POST", f"/documents/reports/{report.pk}/submit", {"document_id": own.pk}),
        ("POST", "/documents", _new(a.province)),
        ("POST", "/documents", _new(b.province, organization_id=a.province.pk)),
        ("POST", "/documents", _new(b.province, applies_to=[a.commune.pk])),
    ]
    before = (Document.objects.count(), AuditEvent.objects.count())
    for method, path, body in calls:
        response = api.call(method, path, body)
        assert response.status_code == 404, (method, path, response.content)
        assert response.json() == NOT_FOUND
    for path in (f"/documents/{document.pk}/links/{link.pk}", f"/documents/attachments/{file.pk}"):
        assert api.client.delete(f"/api/v1{path}").status_code == 404
    assert api.client.get(f"/api/v1/documents/attachments/{file.pk}").status_code == 404
    assert _upload(api, f"/documents/{document.pk}/attachments").status_code == 404
    assert (Document.objects.count(), AuditEvent.objects.count()) == before


def test_a_viewer_reads_but_cannot_write(world):
    a, _ = world
    document = make_document(a.staff, a.province)
    viewer = Api(a.viewer)
    assert viewer.get(f"/documents/{document.pk}").status_code == 200
    assert viewer.post("/documents", _new(a.province)).status_code == 403
    assert viewer.patch(f"/documents/{document.pk}", {"title": "Đổi"}).status_code == 403
    assert _upload(viewer, f"/documents/{document.pk}/attachments").status_code == 403


def test_bearer_token(world):
    a, _ = world
    make_document(a.staff, a.province)
    assert Api(token=a.token).get("/documents").json()["count"] == 1
    assert Api().get("/documents").status_code == 401
