"""Builders of test data, all through the services (so tests see what users see)."""

from __future__ import annotations

import itertools
from datetime import date
from io import BytesIO
from types import SimpleNamespace

from tochuc.accounts.models import Role, User
from tochuc.members.services import member_create
from tochuc.orgs.services import organization_create

_serial = itertools.count(1)


def make_admin(username: str = "admin") -> User:
    return User.objects.create_user(
        username=username, password="matkhau-123", role=Role.ADMIN, is_staff=True, is_superuser=True
    )


def make_user(username: str, role: str, scope, password: str = "matkhau-123") -> User:
    return User.objects.create_user(username=username, password=password, role=role, scope=scope)


def citizen_id_for(gender: str, birth: date, province: str = "004") -> str:
    digit = (birth.year // 100 - 19) * 2 + (1 if gender == "female" else 0)
    return f"{province}{digit}{birth.year % 100:02d}{next(_serial):06d}"


def make_member(actor, organization, **fields):
    data = {
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": date(1985, 3, 15),
        "admission_date": date(2010, 5, 19),
        "official_date": date(2011, 5, 19),
        "status": "official",
        "ethnicity": "Kinh",
        "religion": "Không",
    }
    data.update(fields)
    if "citizen_id" not in fields:
        data["citizen_id"] = citizen_id_for(data["gender"], data["birth_date"])
    return member_create(actor=actor, organization=organization, **data)


def make_province(actor, name: str, code: str) -> SimpleNamespace:
    """A small province: a commune (upper) with a grassroots committee and its two branches,
    plus a grassroots branch; and a bloc committee with one grassroots branch."""
    province = organization_create(
        actor=actor, name=f"Đảng bộ tỉnh {name}", kind="province", parent=None, code=code
    )
    commune = organization_create(
        actor=actor, name=f"Đảng bộ xã Một {name}", kind="upper", parent=province, code=f"{code}-X1"
    )
    school = organization_create(
        actor=actor,
        name=f"Đảng bộ Trường THPT {name}",
        kind="grassroots_committee",
        parent=commune,
        code=f"{code}-CS1",
    )
    branch1 = organization_create(
        actor=actor, name="Chi bộ Giáo viên", kind="branch", parent=school, code=f"{code}-CB1"
    )
    branch2 = organization_create(
        actor=actor, name="Chi bộ Hành chính", kind="branch", parent=school, code=f"{code}-CB2"
    )
    village = organization_create(
        actor=actor,
        name=f"Chi bộ thôn Nà {name}",
        kind="grassroots_branch",
        parent=commune,
        code=f"{code}-CS2",
    )
    bloc = organization_create(
        actor=actor,
        name=f"Đảng bộ Khối cơ quan tỉnh {name}",
        kind="upper",
        parent=province,
        code=f"{code}-K",
    )
    office = organization_create(
        actor=actor,
        name="Chi bộ Sở Nội vụ",
        kind="grassroots_branch",
        parent=bloc,
        code=f"{code}-CS3",
    )
    return SimpleNamespace(
        province=province,
        commune=commune,
        school=school,
        branch1=branch1,
        branch2=branch2,
        village=village,
        bloc=bloc,
        office=office,
    )


def make_document(actor, organization, *, type_name: str = "Nghị quyết", **fields):
    """A document of `organization`'s own committee (its first issuer), numbered by "Lấy số"
    unless a symbol is given."""
    from tochuc.documents.models import DocumentType
    from tochuc.documents.services import document_create
    from tochuc.documents.services.issuers import issuers_of

    fields.setdefault("title", f"Về công tác xây dựng Đảng ({type_name})")
    fields.setdefault("issued_on", date(2026, 3, 2))
    if "symbol" not in fields:
        fields["take_number"] = True
    return document_create(
        actor=actor,
        doc_type=DocumentType.objects.get(name=type_name),
        issuer=fields.pop("issuer", None) or issuers_of(organization)[0],
        **fields,
    )


def make_sheet(title: str, headers: list, rows) -> bytes:
    """An .xlsx as an office fills a list: its title on row 1, the headers on row 2, the rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
