"""The demo's document registry, deterministic by seed: the central documents the seeds cite,
the province's that implement them, each upper-level committee's đề án and nghị quyết for
2021-2025 implementing the province's, a request for reports (some in, some late on the demo's
reference date), and the decisions of the restructuring plans registered so they link up.
Written through the registry's services, so numbers, search keys and links are the app's own."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tochuc.accounts.services import system_actor
from tochuc.demo.people import REFERENCE_DATE
from tochuc.documents.models import Document, DocumentType, Issuer, LinkKind
from tochuc.documents.selectors import plan_decisions
from tochuc.documents.services import (
    document_create,
    document_link,
    report_file,
    report_request_create,
)
from tochuc.documents.services.issuers import issuers_of
from tochuc.documents.symbols import parse_symbol
from tochuc.orgs.models import Organization

# (type, symbol, date, issuer code, title, period): outside bodies' documents, kept in the
# province's registry. 60-NQ/TW is the decision the 2025 restructuring replay records.
CENTRAL = [
    (
        "Nghị quyết",
        "22-NQ/TW",
        date(2008, 2, 2),
        "TW",
        "Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng "
        "đội ngũ cán bộ, đảng viên",
    ),
    (
        "Hướng dẫn",
        "12-HD/BTCTW",
        date(2022, 6, 6),
        "BTCTW",
        "Một số vấn đề cụ thể về nghiệp vụ công tác đảng viên và quản lý hồ sơ đảng viên",
    ),
    (
        "Nghị quyết",
        "60-NQ/TW",
        date(2025, 4, 12),
        "TW",
        "Hội nghị lần thứ mười một Ban Chấp hành Trung ương Đảng khóa XIII",
    ),
    (
        "Quy định",
        "366-QĐ/TW",
        date(2025, 8, 30),
        "TW",
        "Về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống "
        "chính trị",
    ),
]
# The committees' own titles, one picked per committee (and the year's word order varied).
PROJECT_TITLES = [
    "Nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2021-2025",
    "Nâng cao chất lượng tổ chức cơ sở đảng và đảng viên giai đoạn 2021-2025",
    "Phát triển đảng viên ở thôn, bản, tổ dân phố chưa có đảng viên giai đoạn 2021-2025",
    "Xây dựng đội ngũ bí thư chi bộ đáp ứng yêu cầu nhiệm vụ giai đoạn 2021-2025",
]
RESOLUTION_TITLES = [
    "Về xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh giai đoạn 2021-2025",
    "Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng giai đoạn 2021-2025",
    "Về công tác phát triển đảng viên giai đoạn 2021-2025",
]
SIGNERS = ["Nông Văn Hùng", "Hoàng Thị Lan", "Lục Văn Thành", "Bế Thị Hà", "Đàm Văn Quân"]
REPORTED = 0.6  # share of the committees asked whose report is in


def _type(name: str) -> DocumentType:
    return DocumentType.objects.get(name=name)


def add_documents(*, rng: random.Random, province: Organization) -> int:
    """Fill `province`'s registry; nothing when it has one already. Returns the number of
    documents registered."""
    if Document.objects.filter(organization=province).exists():
        return 0
    actor = system_actor()
    own = {i.code: i for i in issuers_of(province)}
    created = 0

    def add(type_name, issuer, *, symbol="", issued_on, title, organization=None, **fields):
        nonlocal created
        created += 1
        return document_create(
            actor=actor,
            doc_type=_type(type_name),
            issuer=issuer,
            organization=organization,
            symbol=symbol,
            take_number=not symbol,
            issued_on=issued_on,
            title=title,
            signer=fields.pop("signer", rng.choice(SIGNERS)),
            **fields,
        )

    def link(source, target, kind=LinkKind.IMPLEMENTS):
        document_link(actor=actor, source=source, target=target, kind=kind)

    central = {}
    for type_name, symbol, issued_on, code, title in CENTRAL:
        outside = Issuer.objects.get(code=code, organization__isnull=True)
        # Each province registers the central documents it implements in its own registry
        # (numbers are unique per registry), so its users see the chain up to them.
        central[symbol] = add(
            type_name,
            outside,
            symbol=symbol,
            issued_on=issued_on,
            title=title,
            signer="",
            organization=province,
        )
    tu, btctu = own.get("TU"), own.get("BTCTU") or own.get("TU")
    if tu is None:  # not a province: only the central documents
        return created
    where = province.name.removeprefix("Đảng bộ ")
    plan = add(
        "Kế hoạch",
        tu,
        symbol="48-KH/TU",
        issued_on=date(2008, 4, 28),
        title=f"Thực hiện Nghị quyết số 22-NQ/TW của Ban Chấp hành Trung ương trong {where}",
    )
    link(plan, central["22-NQ/TW"])
    add(
        "Nghị quyết",
        tu,
        symbol="74-NQ/TU",
        issued_on=date(2016, 5, 10),
        title="Nâng cao chất lượng TCCSĐ và đảng viên trong Đảng bộ tỉnh giai đoạn 2016-2020",
        period_start=2016,
        period_end=2020,
    )
    guide = add(
        "Hướng dẫn",
        btctu,
        symbol="08-HD/BTCTU",
        issued_on=date(2022, 8, 15),
        title="Cụ thể hóa Hướng dẫn số 12-HD/BTCTW về nghiệp vụ công tác đảng viên",
    )
    link(guide, central["12-HD/BTCTW"])
    add(
        "Quyết định",
        tu,
        symbol="1755-QĐ/TU",
        issued_on=date(2024, 1, 25),
        title="Về việc tặng Giấy khen cho tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ năm 2023",
    )
    resolution = add(
        "Nghị quyết",
        tu,
        issued_on=date(2021, 3, 15),
        title="Về nâng cao chất lượng tổ chức cơ sở đảng và đảng viên giai đoạn 2021-2025",
        period_start=2021,
        period_end=2025,
    )
    committees = list(
        Organization.objects.filter(parent=province, kind="upper", dissolved_on__isnull=True)
        .order_by("path")
        .only("id", "path", "kind", "name", "parent_id")
    )
    for committee in committees:
        du = issuers_of(committee)[0]
        day = date(2021, 4, 1) + timedelta(days=rng.randrange(120))
        project = add(
            "Đề án",
            du,
            issued_on=day,
            title=rng.choice(PROJECT_TITLES),
            period_start=2021,
            period_end=2025,
        )
        link(project, resolution)
        own_resolution = add(
            "Nghị quyết",
            du,
            issued_on=day + timedelta(days=rng.randrange(5, 40)),
            title=rng.choice(RESOLUTION_TITLES),
            period_start=2021,
            period_end=2025,
        )
        link(own_resolution, resolution)
    if committees:
        request = report_request_create(
            actor=actor,
            document=resolution,
            kind="final",
            title="Tổng kết 5 năm thực hiện Nghị quyết giai đoạn 2021-2025",
            due_on=REFERENCE_DATE - timedelta(days=30),
            organizations=committees,
        )
        for report in request.reports.select_related("organization").order_by("organization__path"):
            if rng.random() >= REPORTED:
                continue  # late on the reference date
            report_file(
                actor=actor,
                report=report,
                document_fields={
                    "doc_type": _type("Báo cáo"),
                    "issuer": issuers_of(report.organization)[0],
                    "take_number": True,
                    "issued_on": REFERENCE_DATE - timedelta(days=30 + rng.randrange(1, 20)),
                    "title": f"Tổng kết 5 năm thực hiện Nghị quyết số {resolution.symbol}",
                    "signer": rng.choice(SIGNERS),
                },
            )
            created += 1
    created += _plan_decisions(actor, province)
    return created


def _plan_decisions(actor, province: Organization) -> int:
    """Register the decision of each restructuring plan of the province that the registry
    lacks (its symbol read by the registry's parser), so the plan's page links to it."""
    created = 0
    seen: set[str] = set()
    for plan, document in plan_decisions(actor):
        if document is not None or not plan.organization.path.startswith(province.path):
            continue
        symbol = parse_symbol(plan.decision_symbol)
        if symbol is None or symbol.text in seen:
            continue
        doc_type = DocumentType.objects.filter(code=symbol.code).order_by("order").first()
        issuer = Issuer.objects.filter(code=symbol.issuer, organization__isnull=True).first()
        if issuer is None:
            issuer = next(
                (i for i in issuers_of(plan.organization) if i.code == symbol.issuer), None
            )
        if doc_type is None or issuer is None:
            continue
        seen.add(symbol.text)
        document_create(
            actor=actor,
            doc_type=doc_type,
            issuer=issuer,
            organization=province,
            symbol=symbol.text,
            issued_on=plan.decision_date or plan.effective_date,
            title=plan.title,
        )
        created += 1
    return created
