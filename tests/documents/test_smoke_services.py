from datetime import date

import pytest

from tests.factories import make_document
from tochuc.core.errors import NotFound, ServiceError
from tochuc.documents.models import DocumentType, Issuer
from tochuc.documents.selectors import (
    DocumentFilter,
    document_chain,
    document_get,
    document_list,
    references_match,
)
from tochuc.documents.services import document_create, document_link

pytestmark = pytest.mark.django_db


def test_numbers_follow_and_typed_duplicate_is_refused(two_provinces):
    a, b = two_provinces
    first = make_document(a.staff, a.province)
    second = make_document(a.staff, a.province)
    assert (first.symbol, second.symbol) == ("01-NQ/TU", "02-NQ/TU")
    assert first.sequence == "2025–2030"
    with pytest.raises(ServiceError) as refused:
        make_document(a.staff, a.province, symbol="2-nq/tu")
    assert "02-NQ/TU đã dùng" in refused.value.text()
    assert "Về công tác" in refused.value.text()
    typed = make_document(a.staff, a.province, symbol="Số 10 - NQ/TU")
    assert typed.symbol == "10-NQ/TU"
    assert make_document(a.staff, a.province).symbol == "11-NQ/TU"


def test_scope_commune_documents(two_provinces):
    a, b = two_provinces
    doc = make_document(a.staff, a.commune)
    assert doc.symbol == "01-NQ/ĐU"
    assert document_get(a.secretary, doc.pk) == doc  # below the commune
    assert document_get(a.staff, doc.pk) == doc  # above
    with pytest.raises(NotFound):
        document_get(b.staff, doc.pk)
    bloc = make_document(a.staff, a.bloc)
    assert bloc.pk not in [d.pk for d in document_list(a.secretary)]


def test_chain_and_references(two_provinces, admin):
    a, b = two_provinces
    tw = Issuer.objects.get(code="TW", organization=None)
    resolution = document_create(
        actor=a.staff,
        doc_type=DocumentType.objects.get(name="Nghị quyết"),
        issuer=tw,
        symbol="22-NQ/TW",
        issued_on=date(2008, 2, 2),
        title="Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    )
    assert resolution.organization == a.province
    plan = make_document(
        a.staff, a.province, type_name="Kế hoạch", symbol="48-KH/TU", issued_on=date(2008, 4, 28)
    )
    commune_plan = make_document(a.staff, a.commune, type_name="Kế hoạch")
    document_link(actor=a.staff, source=plan, target=resolution, kind="implements")
    document_link(actor=a.staff, source=commune_plan, target=plan, kind="implements")
    with pytest.raises(ServiceError):
        document_link(actor=a.staff, source=resolution, target=commune_plan, kind="implements")
    up, down = document_chain(a.staff, plan)
    assert [n.document for n in up] == [resolution]
    assert [n.document for n in down] == [commune_plan]
    found = references_match(
        a.staff, "Thực hiện Nghị quyết số 22-NQ/TW ngày 2-2-2008 và Quyết định 1755-QĐ/TU"
    )
    assert [m.document for m in found] == [resolution, None]
    assert [d.pk for d in document_list(a.staff, DocumentFilter(q="nang luc lanh dao"))] == [
        resolution.pk
    ]
