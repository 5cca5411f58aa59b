"""Nothing outside a user's scope, through any endpoint or page (issue #23).

Every API operation is read off the OpenAPI schema and every page URL with an id off the URL
map, so a new endpoint or page this suite does not know fails it: add it to API or PAGES with
how to call it on something outside. Each is called, as users of one commune, with the ids of
every organization, member, plan, transfer, candidate and import outside the commune: the
answer is 404 (or a refusal that names nothing outside), and nothing is written.
The plan operations' parameters, and plans whose stored steps hold outside ids, are walked
one by one in tests/orgs/test_plan_scope.py.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api import NOT_FOUND, Api, new_member
from tests.factories import make_document, make_member, make_user
from tochuc.core.models import AuditEvent
from tochuc.documents.services import attachment_add, document_link, report_request_create
from tochuc.imports.services import import_upload
from tochuc.members.models import Member
from tochuc.members.services import candidate_create, member_transfer_start
from tochuc.orgs.models import Organization
from tochuc.orgs.services.restructuring import plan_create, plan_operation_add

pytestmark = pytest.mark.django_db

# Reads that another change records in the audit trail: not writes of data.
READ_AUDITS = ("member.view", "export.")


@pytest.fixture
def world(two_provinces, admin, settings, tmp_path):
    """Users of A's commune; outside it: the rest of A (with a member) and all of B, each kind
    of object there at least once."""
    a, b = two_provinces
    settings.MEDIA_ROOT = tmp_path
    on = date(2026, 7, 1)
    make_member(admin, a.office, full_name="Đinh Văn Khối")
    plan = plan_create(
        actor=b.staff,
        organization=b.province,
        title="Phương án Lạng Sơn",
        effective_date=on,
        decision_symbol="9-QĐ/TU",
    )
    step = plan_operation_add(
        actor=b.staff,
        plan=plan,
        kind="dissolve",
        params={"organization": b.branch1.pk, "destination": b.branch2.pk},
    )
    transfer = member_transfer_start(
        actor=b.staff,
        member=b.members[0],
        kind="permanent",
        to_org=b.village,
        start_date=on,
        letter_symbol="7-GGT/ĐU",
        dues_paid_to=on,
    )
    candidate = candidate_create(
        actor=b.staff,
        organization=b.village,
        full_name="Nông Thị Lụa",
        gender="female",
        birth_date=date(2000, 4, 5),
        listed_on=date(2026, 3, 1),
    )
    upload = import_upload(
        actor=b.staff,
        organization=b.province,
        file_name="dang-vien-lang-son.csv",
        data="Họ và tên,Giới tính\nLục Văn Sơn,Nam\n".encode(),
    )
    inside = Organization.objects.filter(path__startswith=a.commune.path)
    own_plan = plan_create(
        actor=admin,
        organization=a.commune,
        title="Phương án xã",
        effective_date=on,
        decision_symbol="3-QĐ/ĐU",
    )
    settings.MEDIA_ROOT = tmp_path  # the documents' files
    documents = _documents(a, b, admin)
    cadres = _cadres(a, b, admin)
    training = _training(a, b, admin)
    congresses = _congresses(a, b, admin)
    c = SimpleNamespace(
        **documents,
        **cadres,
        **training,
        **congresses,
        a=a,
        b=b,
        orgs=list(Organization.objects.exclude(pk__in=inside.values("pk")).order_by("pk")),
        members=list(Member.objects.exclude(organization__in=inside).order_by("pk")),
        plan=plan,
        step=step,
        transfer=transfer,
        candidate=candidate,
        upload=upload,
        own_plan=own_plan,
        users=[
            make_user("staff_x", "staff", a.commune),
            make_user("viewer_x", "viewer", a.commune),
            a.secretary,
            _vetter("vetter_x", a.commune),
        ],
    )
    inside_names = set(inside.values_list("name", flat=True))
    c.secrets = sorted(
        ({o.name for o in c.orgs} - inside_names)
        | {m.full_name for m in c.members}
        | {plan.title, candidate.full_name, upload.file_name, transfer.letter_symbol}
        | {d.title for d in c.documents}
        | {c.attachment.name}
        | {x.full_name for x in c.cadres + c.clearances}
        | {k.name for k in c.classes}
    )
    return c


def _documents(a, b, admin) -> dict:
    """The registry's objects outside A's commune (B's, and A's bloc's) and one of its own."""

    ours = make_document(admin, b.province, title="Nghị quyết riêng của Lạng Sơn")
    theirs = make_document(admin, b.commune, type_name="Kế hoạch", title="Kế hoạch xã Lạng Sơn")
    bloc = make_document(admin, a.bloc, title="Nghị quyết riêng của Khối cơ quan")
    link = document_link(actor=admin, source=theirs, target=ours, kind="implements")
    attachment = attachment_add(
        actor=admin, document=ours, upload=SimpleUploadedFile("nq.pdf", b"%PDF-1.4 x")
    )
    request = report_request_create(
        actor=admin,
        document=ours,
        kind="interim",
        due_on=date(2026, 6, 30),
        organizations=[b.commune],
    )
    # The report the bloc owes on the province's plan. The commune reads that plan (the levels
    # above a registry read it, and the levels below), its registry's name shown: the plan
    # itself is not called, and no symbol searched for is its.
    province = make_document(
        admin, a.province, type_name="Kế hoạch", title="Kế hoạch của tỉnh Cao Bằng"
    )
    bloc_request = report_request_create(
        actor=admin,
        document=province,
        kind="final",
        due_on=date(2026, 6, 30),
        organizations=[a.bloc],
    )
    return {
        "documents": [ours, theirs, bloc],
        "document_link": link,
        "attachment": attachment,
        "report": request.reports.get(),
        "reports": [request.reports.get(), bloc_request.reports.get()],
        "own_document": make_document(admin, a.commune, title="Kế hoạch của xã Một"),
    }


def _vetter(username, org):
    """A staff user of `org` given the clearance permission (cadres.see_clearance)."""
    from django.contrib.auth.models import Permission

    user = make_user(username, "staff", org)
    user.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    return user


def _cadres(a, b, admin) -> dict:
    """The cadre work's objects outside A's commune (B's, and A's province's own), and a
    cadre and a position of the commune to aim outside ids at."""
    from tochuc.cadres.models import ClearancePurpose, PositionTitle
    from tochuc.cadres.services import (
        cadre_appoint,
        cadre_create,
        clearance_open,
        planning_add,
        position_create,
        seat_add,
    )
    from tochuc.orgs.models import Term

    term = Term.objects.get(name="2025–2030")
    on = date(2025, 10, 1)
    born = date(1978, 3, 4)
    secretary = PositionTitle.objects.get(name="Bí thư")

    def cadre(org, name):
        return cadre_create(
            actor=admin, organization=org, full_name=name, birth_date=born, gender="male"
        )

    cadres = [cadre(b.commune, "Nông Văn Ngoài"), cadre(a.province, "Đinh Văn Tỉnh")]
    positions = [
        position_create(actor=admin, organization=o, title=secretary)
        for o in (b.commune, a.province)
    ]
    holdings = [
        cadre_appoint(actor=admin, cadre=x, position=p, on=on)
        for x, p in zip(cadres, positions, strict=True)
    ]
    plans = [
        planning_add(actor=admin, cadre=x, position=p, term=term, on=on)
        for x, p in zip(cadres, positions, strict=True)
    ]
    seats = [
        seat_add(actor=admin, organization=x.organization, term=term, cadre=x, role="member", on=on)
        for x in cadres
    ]
    purpose = ClearancePurpose.objects.order_by("order").first()
    clearances = [
        clearance_open(
            actor=admin,
            organization=o,
            purpose=purpose,
            requested_on=on,
            full_name=name,
            birth_date=born,
        )
        for o, name in ((b.province, "Lục Thị Thẩm"), (a.province, "Bế Thị Xét"))
    ]
    return {
        "term": term,
        "purpose": purpose,
        "cadres": cadres,
        "positions": positions,
        "holdings": holdings,
        "cadre_plans": plans,
        "seats": seats,
        "clearances": clearances,
        "own_cadre": cadre(a.commune, "Hà Văn Xã"),
        "own_position": position_create(actor=admin, organization=a.commune, title=secretary),
    }


def _training(a, b, admin) -> dict:
    """The training work's objects outside A's commune (B's class and trainee, and a class of
    A's province with nobody of the commune), and a class of the commune's own."""
    from tochuc.training.models import Programme
    from tochuc.training.services import class_create, trainee_enrol

    programme = Programme.objects.get(name="Sơ cấp lý luận chính trị")

    def klass(org, name):
        return class_create(
            actor=admin,
            organization=org,
            programme=programme,
            name=name,
            mode="full_time",
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 3, 5),
        )

    classes = [klass(b.province, "Lớp sơ cấp Lạng Sơn"), klass(a.province, "Lớp sơ cấp tỉnh")]
    trainees = [
        trainee_enrol(
            actor=admin, training_class=classes[0], on=date(2026, 1, 5), member=b.members[0]
        )
    ]
    return {
        "classes": classes,
        "trainees": trainees,
        "own_class": klass(a.commune, "Lớp sơ cấp xã"),
    }


def _congresses(a, b, admin) -> dict:
    """The congresses of both provinces' plans for 2025–2030; those outside A's commune."""
    from tochuc.congresses.models import Congress
    from tochuc.congresses.services import plan_generate
    from tochuc.orgs.models import Term

    term = Term.objects.get(name="2025–2030")
    for p in (a, b):
        plan_generate(actor=admin, organization=p.province, term=term, on=date(2025, 3, 1))
    outside = Congress.objects.exclude(organization__path__startswith=a.commune.path)
    return {"congresses": list(outside.order_by("pk")), "congress_term": term}


def _leaked(c, text: str) -> list[str]:
    return [s for s in c.secrets if s in text]


def data_rows():
    """Every row of every table but sessions, users' last login and the read audits: what a
    refusal must not change."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session" or model is AuditEvent:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        rows[model._meta.label] = list(model.objects.order_by("pk").values(*fields))
    audits = AuditEvent.objects.exclude(action__startswith=READ_AUDITS[1])
    rows["audit"] = list(audits.exclude(action=READ_AUDITS[0]).order_by("pk").values())
    return rows


# --- the API --------------------------------------------------------------------------------

# Three ways of asking: 404 (Không tìm thấy), a refusal (422) naming nothing outside, or a list
# that shows nothing outside.
MISSING, REFUSED, LISTED = "404", "422", "list"
# A list only users given the clearance permission get (404 for the others).
CLEARED = "cleared"


def _names(c):
    return [o.name for o in c.orgs[:3]] + [m.full_name for m in c.members] + ["lang son"]


def _plan_steps(c, o):
    """A step of each kind with the outside id `o` in each of its parameters."""
    a = c.a
    parts = [{"name": "X", "kind": "branch"}, {"name": "Y", "kind": "branch"}]
    return [
        ("rename", {"organization": o, "name": "Tên mới"}),
        ("move", {"organization": o, "parent": a.school.pk}),
        ("move", {"organization": a.branch1.pk, "parent": o}),
        ("dissolve", {"organization": o}),
        ("dissolve", {"organization": a.branch1.pk, "destination": o}),
        ("merge", {"sources": [a.branch1.pk, o], "target": a.branch2.pk}),
        ("merge", {"sources": [a.branch1.pk], "target": o}),
        ("merge", {"sources": [a.branch1.pk, a.branch2.pk], "new": {**parts[0], "parent": o}}),
        ("split", {"source": o, "parts": parts}),
        ("split", {"source": a.branch1.pk, "parts": parts, "children": {str(o): 1}}),
        ("split", {"source": a.branch1.pk, "parts": [{**parts[0], "parent": o}, parts[1]]}),
    ]


def _member_steps(c, m):
    parts = [{"name": "X", "kind": "branch"}, {"name": "Y", "kind": "branch"}]
    return [("split", {"source": c.a.branch1.pk, "parts": parts, "members": {str(m): 1}})]


def _new_document(c, **changes) -> dict:
    from tochuc.documents.models import DocumentType, Issuer

    tw = Issuer.objects.get(code="TW", organization=None)
    body = {"doc_type_id": DocumentType.objects.get(name="Nghị quyết").pk, "issuer_id": tw.pk}
    return {**body, "title": "X", "symbol": "5-NQ/TW", "issued_on": "2026-03-02", **changes}


def _outside_issuers(c):
    from tochuc.documents.models import Issuer

    return Issuer.objects.filter(organization__in=c.orgs).order_by("pk")


_DOCUMENTS = {
    ("GET", "/documents"): lambda c: (
        [(LISTED, "/documents", {"q": q}) for q in _names(c) + [d.title for d in c.documents]]
        + [(LISTED, "/documents", {"q": d.symbol}) for d in c.documents]
        + [(MISSING, "/documents", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/documents"): lambda c: (
        [(MISSING, "/documents", _new_document(c, organization_id=o.pk)) for o in c.orgs]
        + [(MISSING, "/documents", _new_document(c, applies_to=[o.pk])) for o in c.orgs]
        + [
            (MISSING, "/documents", _new_document(c, issuer_id=i.pk, take_number=True))
            for i in _outside_issuers(c)
        ]
    ),
    ("GET", "/documents/types"): lambda c: [(LISTED, "/documents/types", None)],
    ("GET", "/documents/issuers"): lambda c: (
        [(LISTED, "/documents/issuers", None)]
        + [(MISSING, "/documents/issuers", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/documents/references"): lambda c: [
        (LISTED, "/documents/references", {"text": " ".join(d.label for d in c.documents)})
    ],
    ("GET", "/documents/{document_id}"): lambda c: [
        (MISSING, f"/documents/{d.pk}", None) for d in c.documents
    ],
    ("PATCH", "/documents/{document_id}"): lambda c: (
        [(MISSING, f"/documents/{d.pk}", {"title": "Đổi"}) for d in c.documents]
        + [(MISSING, f"/documents/{c.own_document.pk}", {"applies_to": [o.pk]}) for o in c.orgs]
        + [
            (MISSING, f"/documents/{c.own_document.pk}", {"issuer_id": i.pk})
            for i in _outside_issuers(c)
        ]
    ),
    ("POST", "/documents/{document_id}/number"): lambda c: [
        (MISSING, f"/documents/{d.pk}/number", {}) for d in c.documents
    ],
    ("POST", "/documents/{document_id}/links"): lambda c: (
        [
            (MISSING, f"/documents/{d.pk}/links", {"target_id": c.own_document.pk})
            for d in c.documents
        ]
        + [
            (MISSING, f"/documents/{c.own_document.pk}/links", {"target_id": d.pk})
            for d in c.documents
        ]
    ),
    ("DELETE", "/documents/{document_id}/links/{link_id}"): lambda c: [
        (MISSING, f"/documents/{d.pk}/links/{c.document_link.pk}", None)
        for d in (c.document_link.source, c.own_document)
    ],
    ("POST", "/documents/{document_id}/attachments"): lambda c: [
        (MISSING, f"/documents/{d.pk}/attachments", {}) for d in c.documents
    ],
    ("GET", "/documents/attachments/{attachment_id}"): lambda c: [
        (MISSING, f"/documents/attachments/{c.attachment.pk}", None)
    ],
    ("DELETE", "/documents/attachments/{attachment_id}"): lambda c: [
        (MISSING, f"/documents/attachments/{c.attachment.pk}", None)
    ],
    ("POST", "/documents/{document_id}/report-requests"): lambda c: (
        [
            (
                MISSING,
                f"/documents/{d.pk}/report-requests",
                {"due_on": "2026-12-01", "organization_ids": [c.a.village.pk]},
            )
            for d in c.documents
        ]
        + [
            (
                MISSING,
                f"/documents/{c.own_document.pk}/report-requests",
                {"due_on": "2026-12-01", "organization_ids": [o.pk]},
            )
            for o in c.orgs
        ]
    ),
    ("POST", "/documents/reports/{report_id}/submit"): lambda c: (
        [(MISSING, f"/documents/reports/{c.report.pk}/submit", {"document_id": c.own_document.pk})]
        + [
            (MISSING, f"/documents/reports/{c.report.pk}/submit", {"document_id": d.pk})
            for d in c.documents
        ]
    ),
}


def _clearance_body(c, **changes) -> dict:
    body = {"organization_id": c.a.commune.pk, "purpose_id": c.purpose.pk}
    return {**body, "requested_on": "2026-01-05", "full_name": "Vi Văn Mới", **changes}


_CADRES = {
    ("GET", "/training/programmes"): lambda c: [(LISTED, "/training/programmes", None)],
    ("GET", "/congresses"): lambda c: [
        (MISSING, "/congresses", {"organization": o.pk, "term": c.congress_term.pk}) for o in c.orgs
    ],
    ("GET", "/congresses/progress"): lambda c: [
        (MISSING, "/congresses/progress", {"organization": o.pk, "term": c.congress_term.pk})
        for o in c.orgs
    ],
    ("POST", "/congresses/plan"): lambda c: [
        (
            MISSING,
            "/congresses/plan",
            {"organization_id": o.pk, "term_id": c.congress_term.pk, "on": "2025-03-01"},
        )
        for o in c.orgs
    ],
    ("POST", "/congresses/{congress_id}/held"): lambda c: [
        (MISSING, f"/congresses/{k.pk}/held", {"held_on": "2025-05-01"}) for k in c.congresses
    ],
    ("GET", "/congresses/{congress_id}/delegates"): lambda c: [
        (MISSING, f"/congresses/{k.pk}/delegates", None) for k in c.congresses
    ],
    ("POST", "/congresses/{congress_id}/delegates"): lambda c: [
        (MISSING, f"/congresses/{k.pk}/delegates", {"seats": 5}) for k in c.congresses
    ],
    ("PATCH", "/congresses/{congress_id}"): lambda c: [
        (
            MISSING,
            f"/congresses/{k.pk}",
            {"kind": "members", "window_start": "2025-05-01", "window_end": "2025-05-30"},
        )
        for k in c.congresses
    ],
    ("GET", "/training/trainees"): lambda c: (
        [(LISTED, "/training/trainees", None)]
        + [(MISSING, "/training/trainees", {"organization": o.pk}) for o in c.orgs]
    ),
    ("GET", "/training/schools"): lambda c: [
        (MISSING, "/training/schools", {"organization": o.pk}) for o in c.orgs
    ],
    ("POST", "/training/schools"): lambda c: [
        (MISSING, "/training/schools", {"organization_id": o.pk, "name": "X", "kind": "centre"})
        for o in c.orgs
    ],
    ("GET", "/training/plans"): lambda c: [
        (MISSING, "/training/plans", {"organization": o.pk, "year": 2026}) for o in c.orgs
    ],
    ("PUT", "/training/plans"): lambda c: [
        (
            MISSING,
            "/training/plans",
            {"organization_id": o.pk, "year": 2026, "programme_id": 1, "classes": 1, "trainees": 9},
        )
        for o in c.orgs
    ],
    ("GET", "/training/send-next"): lambda c: (
        [(LISTED, "/training/send-next", None)]
        + [(MISSING, "/training/send-next", {"organization": o.pk}) for o in c.orgs]
    ),
    ("GET", "/training/classes"): lambda c: (
        [(LISTED, "/training/classes", None)]
        + [(MISSING, "/training/classes", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/training/classes"): lambda c: [
        (
            MISSING,
            "/training/classes",
            {
                "organization_id": o.pk,
                "programme_id": c.own_class.programme_id,
                "name": "X",
                "mode": "full_time",
                "starts_on": "2026-01-05",
                "ends_on": "2026-02-05",
            },
        )
        for o in c.orgs
    ],
    ("GET", "/training/classes/{class_id}"): lambda c: [
        (MISSING, f"/training/classes/{k.pk}", None) for k in c.classes
    ],
    ("POST", "/training/classes/{class_id}/trainees"): lambda c: (
        [
            (
                MISSING,
                f"/training/classes/{k.pk}/trainees",
                {"enrolled_on": "2026-01-05", "full_name": "X"},
            )
            for k in c.classes
        ]
        + [
            (
                MISSING,
                f"/training/classes/{c.own_class.pk}/trainees",
                {"enrolled_on": "2026-01-05", "member_id": m.pk},
            )
            for m in c.members
        ]
        + [
            (
                MISSING,
                f"/training/classes/{c.own_class.pk}/trainees",
                {"enrolled_on": "2026-01-05", "cadre_id": x.pk},
            )
            for x in c.cadres
        ]
    ),
    ("POST", "/training/trainees/{trainee_id}/complete"): lambda c: [
        (MISSING, f"/training/trainees/{t.pk}/complete", {"on": "2026-03-05"}) for t in c.trainees
    ],
    ("POST", "/training/trainees/{trainee_id}/drop"): lambda c: [
        (MISSING, f"/training/trainees/{t.pk}/drop", {"on": "2026-02-05", "reason": "X"})
        for t in c.trainees
    ],
    ("POST", "/training/classes/{class_id}/cancel"): lambda c: [
        (MISSING, f"/training/classes/{k.pk}/cancel", {"on": "2026-02-05", "reason": "X"})
        for k in c.classes
    ],
    ("GET", "/cadres/titles"): lambda c: [(LISTED, "/cadres/titles", None)],
    ("GET", "/cadres/management-levels"): lambda c: [(LISTED, "/cadres/management-levels", None)],
    ("GET", "/cadres/terms"): lambda c: [(LISTED, "/cadres/terms", None)],
    ("GET", "/cadres/positions"): lambda c: (
        [(LISTED, "/cadres/positions", {"on": "2026-01-01"})]
        + [(MISSING, "/cadres/positions", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/cadres/positions"): lambda c: [
        (MISSING, "/cadres/positions", {"organization_id": o.pk, "title_id": 1}) for o in c.orgs
    ],
    ("POST", "/cadres"): lambda c: [
        (
            MISSING,
            "/cadres",
            {
                "organization_id": o.pk,
                "full_name": "X",
                "birth_date": "1980-01-01",
                "gender": "male",
            },
        )
        for o in c.orgs
    ],
    ("POST", "/cadres/from-member"): lambda c: [
        (MISSING, "/cadres/from-member", {"member_id": m.pk}) for m in c.members
    ],
    ("GET", "/cadres/{cadre_id}"): lambda c: [(MISSING, f"/cadres/{x.pk}", None) for x in c.cadres],
    ("POST", "/cadres/{cadre_id}/appointments"): lambda c: (
        [
            (
                MISSING,
                f"/cadres/{x.pk}/appointments",
                {"position_id": c.own_position.pk, "on": "2026-01-01"},
            )
            for x in c.cadres
        ]
        + [
            (
                MISSING,
                f"/cadres/{c.own_cadre.pk}/appointments",
                {"position_id": p.pk, "on": "2026-01-01"},
            )
            for p in c.positions
        ]
    ),
    ("POST", "/cadres/holdings/{holding_id}/end"): lambda c: [
        (MISSING, f"/cadres/holdings/{h.pk}/end", {"on": "2026-01-01"}) for h in c.holdings
    ],
    ("GET", "/cadres/planning"): lambda c: [
        (MISSING, "/cadres/planning", {"organization": o.pk, "term": c.term.pk}) for o in c.orgs
    ],
    ("POST", "/cadres/planning"): lambda c: (
        [
            (
                MISSING,
                "/cadres/planning",
                {
                    "cadre_id": x.pk,
                    "position_id": c.own_position.pk,
                    "term_id": c.term.pk,
                    "on": "2026-01-01",
                },
            )
            for x in c.cadres
        ]
        + [
            (
                MISSING,
                "/cadres/planning",
                {
                    "cadre_id": c.own_cadre.pk,
                    "position_id": p.pk,
                    "term_id": c.term.pk,
                    "on": "2026-01-01",
                },
            )
            for p in c.positions
        ]
    ),
    ("POST", "/cadres/planning/{planning_id}/remove"): lambda c: [
        (MISSING, f"/cadres/planning/{p.pk}/remove", {"on": "2026-01-01", "reason": "X"})
        for p in c.cadre_plans
    ],
    ("POST", "/cadres/planning/{planning_id}/reviews"): lambda c: [
        (MISSING, f"/cadres/planning/{p.pk}/reviews", {"year": 2026, "kept": False, "note": "X"})
        for p in c.cadre_plans
    ],
    ("GET", "/cadres/committees"): lambda c: [
        (MISSING, "/cadres/committees", {"organization": o.pk}) for o in c.orgs
    ],
    ("POST", "/cadres/committees/seats"): lambda c: (
        [
            (
                MISSING,
                "/cadres/committees/seats",
                {
                    "organization_id": o.pk,
                    "term_id": c.term.pk,
                    "cadre_id": c.own_cadre.pk,
                    "role": "member",
                    "on": "2026-01-01",
                },
            )
            for o in c.orgs
        ]
        + [
            (
                MISSING,
                "/cadres/committees/seats",
                {
                    "organization_id": c.a.commune.pk,
                    "term_id": c.term.pk,
                    "cadre_id": x.pk,
                    "role": "member",
                    "on": "2026-01-01",
                },
            )
            for x in c.cadres
        ]
    ),
    ("POST", "/cadres/committees/seats/{seat_id}/end"): lambda c: [
        (MISSING, f"/cadres/committees/seats/{s.pk}/end", {"on": "2026-01-01"}) for s in c.seats
    ],
    # Clearance: the commune's vetter gets nothing outside; the others nothing at all.
    ("GET", "/cadres/clearance/purposes"): lambda c: [
        (CLEARED, "/cadres/clearance/purposes", None)
    ],
    ("GET", "/cadres/clearance/counts"): lambda c: [
        (MISSING, "/cadres/clearance/counts", {"start": "2025-01-01", "end": "2026-12-31", **o})
        for o in [{"organization": o.pk} for o in c.orgs]
    ],
    ("POST", "/cadres/clearance"): lambda c: (
        [(MISSING, "/cadres/clearance", _clearance_body(c, organization_id=o.pk)) for o in c.orgs]
        + [(MISSING, "/cadres/clearance", _clearance_body(c, cadre_id=x.pk)) for x in c.cadres]
        + [(MISSING, "/cadres/clearance", _clearance_body(c, member_id=m.pk)) for m in c.members]
        + [(MISSING, "/cadres/clearance", _clearance_body(c, candidate_id=c.candidate.pk))]
    ),
    ("GET", "/cadres/clearance/{case_id}"): lambda c: [
        (MISSING, f"/cadres/clearance/{x.pk}", None) for x in c.clearances
    ],
    ("POST", "/cadres/clearance/{case_id}/conclude"): lambda c: [
        (
            MISSING,
            f"/cadres/clearance/{x.pk}/conclude",
            {"result": "clear", "concluded_on": "2026-02-01"},
        )
        for x in c.clearances
    ],
}

ACTION_BODY = {"form": "x", "reason": "x", "effective_date": "2026-07-01"}

# (METHOD, path as in the schema) -> the calls with outside ids: (expected, path, body).
API = {
    ("GET", "/organizations"): lambda c: [
        (LISTED, "/organizations", {"q": q}) for q in _names(c) + [""]
    ],
    ("POST", "/organizations"): lambda c: [
        (MISSING, "/organizations", {"name": "Chi bộ lạ", "kind": "branch", "parent_id": o.pk})
        for o in c.orgs
    ],
    ("GET", "/organizations/tree"): lambda c: (
        [(LISTED, "/organizations/tree", None)]
        + [(MISSING, "/organizations/tree", {"parent": o.pk}) for o in c.orgs]
        + [(MISSING, "/organizations/tree", {"parent": o.pk, "on": "2026-01-01"}) for o in c.orgs]
    ),
    ("GET", "/organizations/{org_id}"): lambda c: [
        (MISSING, f"/organizations/{o.pk}", None) for o in c.orgs
    ],
    ("PATCH", "/organizations/{org_id}"): lambda c: (
        [(MISSING, f"/organizations/{o.pk}", {"name": "Đổi tên"}) for o in c.orgs]
        + [(MISSING, f"/organizations/{c.a.village.pk}", {"parent_id": o.pk}) for o in c.orgs]
    ),
    ("GET", "/organizations/{org_id}/children"): lambda c: [
        (MISSING, f"/organizations/{o.pk}/children", None) for o in c.orgs
    ],
    ("GET", "/organizations/{org_id}/stats"): lambda c: [
        (MISSING, f"/organizations/{o.pk}/stats", on)
        for o in c.orgs
        for on in (None, {"on": "2026-01-01"})
    ],
    ("GET", "/restructuring/plans"): lambda c: [(LISTED, "/restructuring/plans", None)],
    ("POST", "/restructuring/plans"): lambda c: [
        (
            MISSING,
            "/restructuring/plans",
            {"organization_id": o.pk, "title": "X", "decision_symbol": "1-QĐ/TU"},
        )
        for o in c.orgs
    ],
    ("GET", "/restructuring/plans/{plan_id}"): lambda c: [
        (MISSING, f"/restructuring/plans/{c.plan.pk}", None)
    ],
    ("POST", "/restructuring/plans/{plan_id}/operations"): lambda c: (
        [
            (
                MISSING,
                f"/restructuring/plans/{c.plan.pk}/operations",
                {"kind": "rename", "params": {}},
            )
        ]
        + [
            (REFUSED, f"/restructuring/plans/{c.own_plan.pk}/operations", {"kind": k, "params": p})
            for o in c.orgs
            for k, p in _plan_steps(c, o.pk)
        ]
        + [
            (REFUSED, f"/restructuring/plans/{c.own_plan.pk}/operations", {"kind": k, "params": p})
            for m in c.members
            for k, p in _member_steps(c, m.pk)
        ]
    ),
    ("DELETE", "/restructuring/plans/{plan_id}/operations/{op_id}"): lambda c: [
        (MISSING, f"/restructuring/plans/{c.plan.pk}/operations/{c.step.pk}", None),
        (MISSING, f"/restructuring/plans/{c.own_plan.pk}/operations/{c.step.pk}", None),
    ],
    ("GET", "/restructuring/plans/{plan_id}/preview"): lambda c: [
        (MISSING, f"/restructuring/plans/{c.plan.pk}/preview", None)
    ],
    ("POST", "/restructuring/plans/{plan_id}/apply"): lambda c: [
        (MISSING, f"/restructuring/plans/{c.plan.pk}/apply", {})
    ],
    ("POST", "/restructuring/plans/{plan_id}/undo"): lambda c: [
        (MISSING, f"/restructuring/plans/{c.plan.pk}/undo", {})
    ],
    ("GET", "/members"): lambda c: (
        [(LISTED, "/members", {"q": q}) for q in _names(c)]
        + [(MISSING, "/members", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/members"): lambda c: [(MISSING, "/members", new_member(o)) for o in c.orgs],
    ("GET", "/members/{member_id}"): lambda c: [
        (MISSING, f"/members/{m.pk}", None) for m in c.members
    ],
    ("PATCH", "/members/{member_id}"): lambda c: [
        (MISSING, f"/members/{m.pk}", {"phone": "0912345678"}) for m in c.members
    ],
    ("GET", "/members/{member_id}/events"): lambda c: [
        (MISSING, f"/members/{m.pk}/events", None) for m in c.members
    ],
    ("GET", "/members/{member_id}/as-of"): lambda c: [
        (MISSING, f"/members/{m.pk}/as-of", {"on": "2025-01-01"}) for m in c.members
    ],
    ("POST", "/members/{member_id}/transfers"): lambda c: [
        (
            MISSING,
            f"/members/{m.pk}/transfers",
            {"kind": "permanent", "to_org_id": c.a.branch2.pk, "letter_symbol": "1-GGT"},
        )
        for m in c.members
    ],
    ("GET", "/transfers"): lambda c: [
        (LISTED, "/transfers", {"direction": d, "status": s})
        for d in ("in", "out")
        for s in ("pending", "")
    ],
    ("GET", "/transfers/{transfer_id}"): lambda c: [(MISSING, f"/transfers/{c.transfer.pk}", None)],
    ("POST", "/transfers/{transfer_id}/accept"): lambda c: [
        (MISSING, f"/transfers/{c.transfer.pk}/accept", {})
    ],
    ("POST", "/transfers/{transfer_id}/cancel"): lambda c: [
        (MISSING, f"/transfers/{c.transfer.pk}/cancel", {})
    ],
    ("POST", "/transfers/{transfer_id}/end"): lambda c: [
        (MISSING, f"/transfers/{c.transfer.pk}/end", {})
    ],
    ("GET", "/candidates"): lambda c: (
        [(LISTED, "/candidates", {"status": s}) for s in ("", "in_progress")]
        + [(MISSING, "/candidates", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/candidates"): lambda c: (
        [
            (MISSING, "/candidates", {"organization_id": o.pk, "full_name": "X", "gender": "male"})
            for o in c.orgs
        ]
        + [
            (
                MISSING,
                "/candidates",
                {
                    "organization_id": c.a.branch1.pk,
                    "full_name": "X",
                    "gender": "male",
                    "mentor_id": m.pk,
                },
            )
            for m in c.members
        ]
    ),
    ("GET", "/candidates/{candidate_id}"): lambda c: [
        (MISSING, f"/candidates/{c.candidate.pk}", None)
    ],
    ("POST", "/candidates/{candidate_id}/steps"): lambda c: [
        (MISSING, f"/candidates/{c.candidate.pk}/steps", {"step": "x"})
    ],
    ("POST", "/candidates/{candidate_id}/drop"): lambda c: [
        (MISSING, f"/candidates/{c.candidate.pk}/drop", {})
    ],
    ("GET", "/reports"): lambda c: (
        [(LISTED, "/reports", None)]
        + [(MISSING, "/reports", {"organization": o.pk}) for o in c.orgs]
        + [(MISSING, "/reports", {"organization": o.pk, "on": "2026-01-01"}) for o in c.orgs]
    ),
    ("GET", "/reports/checks"): lambda c: (
        [(LISTED, "/reports/checks", None)]
        + [(MISSING, "/reports/checks", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/reports/check-text"): lambda c: [
        (LISTED, "/reports/check-text", {"text": "Toàn Đảng bộ có 5 đảng viên, 2 chi bộ."})
    ],
    ("GET", "/badges"): lambda c: (
        [(LISTED, "/badges", {"occasion": o}) for o in ("2026-02-03", "2026-09-02")]
        + [(MISSING, "/badges", {"organization": o.pk}) for o in c.orgs]
    ),
    ("POST", "/badges/awards"): lambda c: [
        (
            MISSING,
            "/badges/awards",
            {"occasion": "2026-09-02", "awards": [{"member_id": m.pk, "years": 30}]},
        )
        for m in c.members
    ],
    ("GET", "/todo"): lambda c: [(LISTED, "/todo", None)],
    ("POST", "/imports"): lambda c: [(MISSING, "/imports", {"organization": o.pk}) for o in c.orgs],
    ("GET", "/imports/{pk}"): lambda c: [(MISSING, f"/imports/{c.upload.pk}", None)],
    ("POST", "/imports/{pk}/start"): lambda c: [
        (MISSING, f"/imports/{c.upload.pk}/start", {"dry_run": False})
    ],
    ("POST", "/imports/{pk}/cancel"): lambda c: [(MISSING, f"/imports/{c.upload.pk}/cancel", {})],
    **_DOCUMENTS,
    **_CADRES,
}


def _actions():
    from tochuc.members.actions import ACTIONS

    return [kind.replace("_", "-") for kind in ACTIONS]


for _action in _actions():
    API[("POST", f"/members/{{member_id}}/{_action}")] = lambda c, _action=_action: [
        (MISSING, f"/members/{m.pk}/{_action}", ACTION_BODY) for m in c.members
    ]


def schema_operations() -> set[tuple[str, str]]:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, methods in paths.items()
        for method in methods
    }


def test_the_table_knows_every_api_operation(db):
    unknown = sorted(schema_operations() - set(API))
    assert not unknown, f"Thêm vào tests/test_scope.py API cách gọi với id ngoài phạm vi: {unknown}"
    assert not sorted(set(API) - schema_operations()), "API lists an operation that is gone"


def _csv():
    return SimpleUploadedFile("x.csv", "Họ và tên\nA\n".encode(), content_type="text/csv")


def _call(api: Api, method: str, path: str, body):
    if path == "/imports" and method == "POST":
        return api.client.post(f"/api/v1{path}", {**body, "file": _csv()}, **api.headers)
    if path.endswith("/attachments") and method == "POST":
        pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
        return api.client.post(f"/api/v1{path}", {"file": pdf}, **api.headers)
    if method == "DELETE":
        return api.client.delete(f"/api/v1{path}", **api.headers)
    return api.call(method, path, body)


def test_no_api_operation_reaches_outside_the_commune(world):
    c = world
    from tochuc.cadres.services import may_see_clearance

    clients = [Api(user) for user in c.users]
    cleared = {
        id(api) for api, user in zip(clients, c.users, strict=True) if may_see_clearance(user)
    }
    before = data_rows()
    for (method, _template), make in sorted(API.items()):
        calls = make(c)
        for i, (expected, path, body) in enumerate(calls):
            # Every outside id as the commune's staff; the first and last as the others.
            for api in clients if i in (0, len(calls) - 1) else clients[:1]:
                response = _call(api, method, path, body)
                where = (api.client.session.get("_auth_user_id"), method, path, body)
                text = response.content.decode()
                assert _leaked(c, text) == [], where
                if expected == MISSING:
                    assert response.status_code == 404, (where, text[:300])
                    assert response.json() == NOT_FOUND, where
                elif expected == CLEARED:
                    assert response.status_code == (200 if id(api) in cleared else 404), where
                elif expected == REFUSED:
                    # (a narrower user does not see the commune's plan at all)
                    assert response.status_code in (403, 404, 422), (where, text[:300])
                else:
                    assert response.status_code in (200, 403), (where, text[:300])
    assert data_rows() == before


# --- the pages ------------------------------------------------------------------------------


def _outside_symbols(c) -> list[str]:
    """The symbols of the documents outside that no document the commune reads shares (a
    commune's 01-NQ/ĐU is its own, whatever the bloc's is called)."""
    from tochuc.documents.models import Document
    from tochuc.documents.selectors import visible_q

    seen = set(Document.objects.filter(visible_q(c.users[0])).values_list("symbol", flat=True))
    return [d.symbol for d in c.documents if d.symbol not in seen]


# URL name -> the calls with outside ids: (method, path, data). Expected: 404, or a page that
# names nothing outside (a form refused with the reason).
PAGES = {
    "orgs:detail": lambda c: (
        [("GET", f"/organizations/{o.pk}/", {}) for o in c.orgs]
        + [("GET", f"/organizations/{o.pk}/", {"format": "xlsx"}) for o in c.orgs]
    ),
    "orgs:children": lambda c: [("GET", f"/organizations/{o.pk}/children/", {}) for o in c.orgs],
    "orgs:create": lambda c: [
        ("POST", f"/organizations/{o.pk}/create/", {"name": "Chi bộ lạ", "kind": "branch"})
        for o in c.orgs
    ],
    "orgs:rename": lambda c: [
        ("POST", f"/organizations/{o.pk}/rename/", {"name": "Đổi"}) for o in c.orgs
    ],
    "orgs:move": lambda c: (
        [
            ("POST", f"/organizations/{o.pk}/move/", {"new_parent": str(c.a.school.pk)})
            for o in c.orgs
        ]
        + [
            ("POST", f"/organizations/{c.a.village.pk}/move/", {"new_parent": ref})
            for o in c.orgs
            for ref in (str(o.pk), o.code)
        ]
    ),
    "orgs:plan": lambda c: (
        [
            ("GET", f"/organizations/plans/{c.plan.pk}/", {}),
            ("POST", f"/organizations/plans/{c.plan.pk}/", {"do": "apply"}),
            (
                "POST",
                f"/organizations/plans/{c.plan.pk}/",
                {"do": "remove", "operation": c.step.pk},
            ),
        ]
        + [
            (
                "POST",
                f"/organizations/plans/{c.own_plan.pk}/",
                {"kind": "dissolve", "organization": ref, "destination": ""},
            )
            for o in c.orgs
            for ref in (str(o.pk), o.code)
        ]
        + [
            (
                "POST",
                f"/organizations/plans/{c.own_plan.pk}/",
                {
                    "kind": "split",
                    "organization": c.a.village.code,
                    "parts": "A | chi bộ cơ sở\nB | chi bộ cơ sở",
                    "assign": f"{ref} = 2",
                },
            )
            for ref in [o.code for o in c.orgs] + [m.citizen_id for m in c.members]
        ]
    ),
    "members:detail": lambda c: [("GET", f"/members/{m.pk}/", {}) for m in c.members],
    "members:edit": lambda c: [
        (method, f"/members/{m.pk}/edit/", {"full_name": "Đổi"})
        for m in c.members
        for method in ("GET", "POST")
    ],
    "members:photo": lambda c: [("GET", f"/members/{m.pk}/photo/", {}) for m in c.members],
    "members:photo_upload": lambda c: [
        ("POST", f"/members/{m.pk}/photo/upload/", {}) for m in c.members
    ],
    "members:transfer_start": lambda c: [
        (method, f"/members/{m.pk}/transfer/", {"kind": "permanent"})
        for m in c.members
        for method in ("GET", "POST")
    ],
    "members:action": lambda c: [
        (method, f"/members/{m.pk}/actions/{kind}/", ACTION_BODY)
        for m in c.members
        for kind in ("confirm", "remove", "death")
        for method in ("GET", "POST")
    ],
    "members:candidate": lambda c: [
        (method, f"/members/candidates/{c.candidate.pk}/", {"step": "x"})
        for method in ("GET", "POST")
    ],
    "documents:detail": lambda c: [("GET", f"/documents/{d.pk}/", {}) for d in c.documents],
    "documents:edit": lambda c: [
        (method, f"/documents/{d.pk}/edit/", {"title": "Đổi"})
        for d in c.documents
        for method in ("GET", "POST")
    ],
    "cadres:appoint": lambda c: [
        (
            "POST",
            f"/cadres/appoint/{m.pk}/",
            {"position": c.own_position.pk, "kind": "election", "on": "01/03/2026"},
        )
        for m in c.members
    ],
    "cadres:planning_add": lambda c: (
        [
            (
                "POST",
                f"/cadres/planning/add/{o.pk}/",
                {"term": c.term.pk, "position": c.own_position.pk, "person": c.own_cadre.full_name},
            )
            for o in c.orgs
        ]
        + [
            (
                "POST",
                f"/cadres/planning/add/{c.a.commune.pk}/",
                {"term": c.term.pk, "on": "01/03/2026", **who},
            )
            for who in [{"position": p.pk, "person": c.own_cadre.full_name} for p in c.positions]
            + [{"position": c.own_position.pk, "person": x.full_name} for x in c.cadres]
            + [{"position": c.own_position.pk, "person": m.citizen_id} for m in c.members]
            + [
                {"position": c.own_position.pk, "person": c.own_cadre.full_name, "decision": symbol}
                for symbol in _outside_symbols(c)
            ]
        ]
    ),
    "cadres:planning_review": lambda c: [
        ("POST", f"/cadres/planning/{p.pk}/review/", {"year": 2026, "kept": "0", "note": "X"})
        for p in c.cadre_plans
    ],
    "cadres:planning_remove": lambda c: [
        ("POST", f"/cadres/planning/{p.pk}/remove/", {"on": "01/03/2026", "reason": "X"})
        for p in c.cadre_plans
    ],
    "cadres:seat_add": lambda c: (
        [
            (
                "POST",
                f"/cadres/committees/{o.pk}/seats/",
                {
                    "term": c.term.pk,
                    "person": c.own_cadre.full_name,
                    "role": "member",
                    "on": "01/03/2026",
                },
            )
            for o in c.orgs
        ]
        + [
            (
                "POST",
                f"/cadres/committees/{c.a.commune.pk}/seats/",
                {"term": c.term.pk, "role": "member", "on": "01/03/2026", **who},
            )
            for who in [{"person": x.full_name} for x in c.cadres]
            + [{"person": m.citizen_id} for m in c.members]
            + [
                {"person": c.own_cadre.full_name, "decision": symbol}
                for symbol in _outside_symbols(c)
            ]
        ]
    ),
    "cadres:seat_end": lambda c: [
        ("POST", f"/cadres/committees/seats/{s.pk}/end/", {"on": "01/03/2026"}) for s in c.seats
    ],
    "documents:number": lambda c: [("POST", f"/documents/{d.pk}/number/", {}) for d in c.documents],
    "documents:attachment_upload": lambda c: [
        ("POST", f"/documents/{d.pk}/files/", {}) for d in c.documents
    ],
    "documents:link_add": lambda c: (
        [
            (
                "POST",
                f"/documents/{d.pk}/links/",
                {"kind": "implements", "target": c.own_document.pk},
            )
            for d in c.documents
        ]
        + [
            (
                "POST",
                f"/documents/{c.own_document.pk}/links/",
                {"kind": "implements", "target": d.pk},
            )
            for d in c.documents
        ]
    ),
    "documents:request_create": lambda c: (
        [("POST", f"/documents/{d.pk}/requests/", {}) for d in c.documents]
        + [
            (
                "POST",
                f"/documents/{c.own_document.pk}/requests/",
                {"kind": "final", "due_on": "01/12/2026", "organizations": [o.pk]},
            )
            for o in c.orgs
        ]
    ),
    "documents:attachment": lambda c: [("GET", f"/documents/files/{c.attachment.pk}/", {})],
    "documents:attachment_remove": lambda c: [
        ("POST", f"/documents/files/{c.attachment.pk}/remove/", {})
    ],
    "documents:link_remove": lambda c: [
        ("POST", f"/documents/links/{c.document_link.pk}/remove/", {})
    ],
    "documents:report_file": lambda c: [
        (method, f"/documents/reports/{r.pk}/", {"issued_on": "01/07/2026", "take_number": "1"})
        for r in c.reports
        for method in ("GET", "POST")
    ],
    "imports:detail": lambda c: [
        (method, f"/imports/{c.upload.pk}/", {"dry_run": "1"}) for method in ("GET", "POST")
    ],
    "imports:progress": lambda c: [("GET", f"/imports/{c.upload.pk}/progress/", {})],
    "imports:rejected": lambda c: [("GET", f"/imports/{c.upload.pk}/rejected.xlsx", {})],
    "cadres:cadre": lambda c: [("GET", f"/cadres/{x.pk}/", {}) for x in c.cadres],
    "cadres:cadre_forms": lambda c: [("GET", f"/cadres/{x.pk}/forms/", {}) for x in c.cadres],
    "cadres:member_forms": lambda c: [
        ("GET", f"/cadres/appoint/{m.pk}/forms/", {}) for m in c.members
    ],
    "cadres:cadre_moves": lambda c: (
        [
            ("POST", f"/cadres/{x.pk}/moves/", {"do": do, f"{do}-on": "01/03/2026"})
            for x in c.cadres
            for do in ("end", "move", "back", "concur", "appoint")
        ]
        + [
            (
                "POST",
                f"/cadres/{c.own_cadre.pk}/moves/",
                {"do": "end", "end-holding": h.pk, "end-kind": "dismissal", "end-on": "01/03/2026"},
            )
            for h in c.holdings
        ]
        + [
            (
                "POST",
                f"/cadres/{c.own_cadre.pk}/moves/",
                {
                    "do": do,
                    f"{do}-{field}": ref,
                    f"{do}-kind": "reassignment",
                    f"{do}-on": "01/03/2026",
                },
            )
            for o in c.orgs
            for do, field in (("move", "to"), ("concur", "other"))
            for ref in (str(o.pk), o.code)
        ]
        + [
            (
                "POST",
                f"/cadres/{c.own_cadre.pk}/moves/",
                {"do": "appoint", "position": p.pk, "kind": "appointment", "on": "01/03/2026"},
            )
            for p in c.positions
        ]
        + [
            (
                "POST",
                f"/cadres/{c.own_cadre.pk}/moves/",
                {"do": "back", "back-on": "01/03/2026", "back-decision": d.symbol},
            )
            for d in c.documents
        ]
    ),
    "congresses:congress": lambda c: [
        (method, f"/congresses/{k.pk}/", {"do": do, "held_on": "01/05/2025"})
        for k in c.congresses
        for method, do in (("GET", ""), ("POST", "held"), ("POST", "line"))
    ],
    "training:class": lambda c: [("GET", f"/training/{k.pk}/", {}) for k in c.classes],
    "training:enrol": lambda c: (
        [
            ("POST", f"/training/{k.pk}/enrol/", {"full_name": "X", "enrolled_on": "05/01/2026"})
            for k in c.classes
        ]
        + [
            (
                "POST",
                f"/training/{c.own_class.pk}/enrol/",
                {"person": m.citizen_id, "enrolled_on": "05/01/2026"},
            )
            for m in c.members
        ]
    ),
    "training:enrol_list": lambda c: (
        [
            (method, f"/training/{k.pk}/enrol-list/", {"enrolled_on": "05/01/2026"})
            for k in c.classes
            for method in ("GET", "POST")
        ]
        + [
            (
                "GET",
                f"/training/{c.own_class.pk}/enrol-list/",
                {"source": "members", "organization": o.pk},
            )
            for o in c.orgs
        ]
    ),
    "training:cancel": lambda c: [
        ("POST", f"/training/{k.pk}/cancel/", {"cancel-on": "05/02/2026", "cancel-reason": "X"})
        for k in c.classes
    ],
    "training:trainee": lambda c: [("GET", f"/training/trainees/{t.pk}/", {}) for t in c.trainees],
    "training:complete": lambda c: [
        ("POST", f"/training/trainees/{t.pk}/complete/", {"done-on": "05/03/2026"})
        for t in c.trainees
    ],
    "training:drop": lambda c: [
        ("POST", f"/training/trainees/{t.pk}/drop/", {"drop-on": "05/02/2026", "drop-reason": "X"})
        for t in c.trainees
    ],
    "training:import": lambda c: [
        (method, f"/training/{k.pk}/import/", {"confirm": "0" * 32})
        for k in c.classes
        for method in ("GET", "POST")
    ],
    "training:import_rejected": lambda c: [
        ("GET", f"/training/{k.pk}/import/rejected/{'0' * 32}.xlsx", {}) for k in c.classes
    ],
    "cadres:clearance_case": lambda c: [
        (method, f"/cadres/clearance/{x.pk}/", {"result": "clear", "concluded_on": "01/03/2026"})
        for x in c.clearances
        for method in ("GET", "POST")
    ],
}

# Pages that take an organization as ?organization= (not in the URL map's converters).
QUERY_PAGES = [
    "/members/",
    "/members/new/",
    "/members/badges/",
    "/members/candidates/",
    "/members/candidates/new/",
    "/reports/",
    "/reports/download.xlsx",
    "/reports/organizations/",
    "/reports/checks/",
    "/documents/",
    "/documents/new/",
    "/documents/print/",
    "/documents/reports/",
    "/cadres/positions/",
    "/cadres/planning/",
    "/cadres/moves/",
    "/cadres/committees/",
    "/cadres/reelection/",
    "/cadres/positions.xlsx",
    "/cadres/planning.xlsx",
    "/cadres/moves.xlsx",
    "/cadres/reelection.xlsx",
    "/cadres/profile.xlsx",
    "/cadres/clearance.xlsx",
    "/cadres/clearance/",
    "/cadres/clearance/cases/",
    "/cadres/clearance/new/",
    "/cadres/profile/",
    "/cadres/new/",
    "/training/",
    "/training/new/",
    "/training/people/",
    "/training/send-next/",
    "/training/plan/",
    "/training/schools/",
    "/congresses/",
]


def _page_names(patterns=None, namespace="") -> set[str]:
    """Names of the page URLs with a number in them (the API is walked by its schema)."""
    found = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns.startswith("api") or ns == "admin":
                continue
            found |= _page_names(p.url_patterns, f"{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and any(
            type(conv).__name__ == "IntConverter"
            for conv in getattr(p.pattern, "converters", {}).values()
        ):
            found.add(f"{namespace}{p.name}")
    return found


def test_the_table_knows_every_page_with_an_id():
    unknown = sorted(_page_names() - set(PAGES))
    assert not unknown, (
        f"Thêm vào tests/test_scope.py PAGES cách gọi với id ngoài phạm vi: {unknown}"
    )
    assert not sorted(set(PAGES) - _page_names()), "PAGES lists a page that is gone"


def test_no_page_reaches_outside_the_commune(world):
    c = world
    clients = []
    for user in c.users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    before = data_rows()
    calls = [call for _, make in sorted(PAGES.items()) for call in make(c)]
    calls += [("GET", url, {"organization": o.pk}) for url in QUERY_PAGES for o in c.orgs]
    calls += [("POST", "/imports/", {"organization": str(o.pk)}) for o in c.orgs]
    for i, (method, url, data) in enumerate(calls):
        for client in clients if i % 7 == 0 else clients[:1]:
            if url == "/imports/":
                data = {**data, "file": _csv()}
            response = client.get(url, data) if method == "GET" else client.post(url, data)
            where = (client.session.get("_auth_user_id"), method, url, data)
            body = b"".join(response) if response.streaming else response.content
            text = body.decode(errors="replace")
            assert _leaked(c, text) == [], where
            # The upload form refuses in a message on its own page (200).
            allowed = (200, 302) if url == "/imports/" else (302, 400, 403, 404)
            assert response.status_code in allowed, (where, text[-500:])
            if response.status_code == 302:
                # Redirected back to where it was asked, with the refusal as a message.
                page = client.get(response["Location"]).content.decode()
                assert _leaked(c, page) == [], where
    assert data_rows() == before


def test_the_commune_still_works_through_the_same_calls(world):
    """The calls above refuse because of scope, not their shape: the same on the commune's
    own objects succeed (one of each kind, as its staff)."""
    c = world
    api = Api(c.users[0])
    a = c.a
    assert api.get(f"/organizations/{a.village.pk}").status_code == 200
    assert api.get(f"/documents/{c.own_document.pk}").status_code == 200
    assert api.get(f"/members/{a.members[0].pk}/as-of", {"on": "2025-01-01"}).status_code in (
        200,
        422,
    )
    response = api.post(
        f"/restructuring/plans/{c.own_plan.pk}/operations",
        {
            "kind": "split",
            "params": {
                "source": a.branch1.pk,
                "parts": [{"name": "X", "kind": "branch"}, {"name": "Y", "kind": "branch"}],
                "members": {str(a.members[0].pk): 1},
            },
        },
    )
    assert response.status_code == 201, response.content
    assert api.get(f"/restructuring/plans/{c.own_plan.pk}/preview").json()["error"] == ""
    response = api.post(
        "/candidates",
        {
            "organization_id": a.branch1.pk,
            "full_name": "Hà Văn Tú",
            "gender": "male",
            "birth_date": "2000-01-01",
            "listed_on": "2026-03-01",
            "mentor_id": a.members[0].pk,
        },
    )
    assert response.status_code == 201, response.content
    client = Client()
    client.force_login(c.users[0])
    assert client.get(f"/organizations/{a.village.pk}/").status_code == 200
    assert json.loads(api.get("/organizations/tree").content)[0]["id"] == a.commune.pk


# --- the rest of the cadres API (issue #19): moves, re-election, profile, reappointments,
# catalogue edits (administrators only: 403 to every user here) and bodies.


def _move(to: int) -> dict:
    return {"kind": "reassignment", "to_id": to, "on": "2026-01-01"}


def _management_level() -> int:
    from tochuc.cadres.models import ManagementLevel

    return ManagementLevel.objects.order_by("pk").values_list("pk", flat=True)[0]


def _outside_cadre_ids(c, suffix: str, body) -> list:
    return [(MISSING, f"/cadres/{x.pk}/{suffix}", body) for x in c.cadres]


API.update(
    {
        ("GET", "/cadres/moves"): lambda c: (
            [(LISTED, "/cadres/moves", None), (LISTED, "/cadres/moves", {"kind": "appointment"})]
            + [(MISSING, "/cadres/moves", {"organization": o.pk}) for o in c.orgs]
        ),
        ("POST", "/cadres/{cadre_id}/moves"): lambda c: (
            _outside_cadre_ids(c, "moves", _move(c.a.village.pk))
            + [(MISSING, f"/cadres/{c.own_cadre.pk}/moves", _move(o.pk)) for o in c.orgs]
        ),
        ("POST", "/cadres/{cadre_id}/return"): lambda c: _outside_cadre_ids(
            c, "return", {"on": "2026-01-01"}
        ),
        ("POST", "/cadres/{cadre_id}/concurrence"): lambda c: (
            _outside_cadre_ids(c, "concurrence", {"other_id": c.a.village.pk, "on": "2026-01-01"})
            + [
                (MISSING, f"/cadres/{c.own_cadre.pk}/concurrence", body)
                for o in c.orgs
                for body in (
                    {"other_id": o.pk, "on": "2026-01-01"},
                    {"other_id": c.a.village.pk, "organization_id": o.pk, "on": "2026-01-01"},
                )
            ]
        ),
        ("GET", "/cadres/reelection"): lambda c: [
            (MISSING, "/cadres/reelection", {"organization": o.pk, "term": c.term.pk})
            for o in c.orgs
        ],
        ("GET", "/cadres/profile"): lambda c: [
            (MISSING, "/cadres/profile", {"organization": o.pk}) for o in c.orgs
        ],
        ("GET", "/cadres/reappointments"): lambda c: (
            [(LISTED, "/cadres/reappointments", {"on": "2030-06-01"})]  # the outside terms end
            + [(MISSING, "/cadres/reappointments", {"organization": o.pk}) for o in c.orgs]
        ),
        ("POST", "/cadres/titles"): lambda c: [(REFUSED, "/cadres/titles", {"name": "X"})],
        ("PATCH", "/cadres/titles/{title_id}"): lambda c: [
            (REFUSED, f"/cadres/titles/{c.positions[0].title_id}", {"name": "X"})
        ],
        ("POST", "/cadres/management-levels"): lambda c: [
            (REFUSED, "/cadres/management-levels", {"name": "X"})
        ],
        ("PATCH", "/cadres/management-levels/{level_id}"): lambda c: [
            (REFUSED, f"/cadres/management-levels/{_management_level()}", {"name": "X"})
        ],
        ("POST", "/cadres/clearance/purposes"): lambda c: [
            (REFUSED, "/cadres/clearance/purposes", {"name": "X"})
        ],
        ("PATCH", "/cadres/clearance/purposes/{purpose_id}"): lambda c: [
            (REFUSED, f"/cadres/clearance/purposes/{c.purpose.pk}", {"name": "X"})
        ],
        ("GET", "/cadres/bodies"): lambda c: (
            [(LISTED, "/cadres/bodies", None)]
            + [(MISSING, "/cadres/bodies", {"organization": o.pk}) for o in c.orgs]
        ),
        ("POST", "/cadres/bodies"): lambda c: [
            (MISSING, "/cadres/bodies", {"organization_id": o.pk, "name": "X", "kind": "agency"})
            for o in c.orgs
        ],
    }
)


def _cadre_sheet(rows) -> SimpleUploadedFile:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    headers = ["Tổ chức", "Chức danh", "Họ và tên", "Số CCCD", "Ngày sinh", "Từ ngày"]
    book.active.append([*headers, "Ngày đưa vào quy hoạch"])
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("can-bo.xlsx", out.getvalue())


def test_the_cadre_import_reaches_nothing_outside_the_commune(world):
    """The cadre sheet's import (a page with its own form, as /imports/): an outside receiving
    organization is refused in a message; a sheet under the commune that names outside
    organizations, members (by CCCD or name and birth date) or cadres writes nothing and says
    only what the file itself wrote."""
    c = world
    client = Client()
    client.force_login(c.users[0])
    before = data_rows()
    uploads = [
        ("positions", o.code or str(o.pk), [[c.a.commune.code, "Bí thư"]]) for o in c.orgs
    ] + [
        ("positions", c.a.commune.code, [[o.code or o.name, "Bí thư"] for o in c.orgs]),
        (
            "positions",
            c.a.commune.code,
            [
                [c.a.commune.code, "Phó Bí thư", "", m.citizen_id, "", "01/01/2024"]
                for m in c.members
            ]
            + [
                [c.a.commune.code, "Bí thư", m.full_name, "", m.birth_date, "01/01/2024"]
                for m in c.members
            ],
        ),
        (
            "planning",
            c.a.commune.code,
            [
                [c.a.commune.code, "Bí thư", x.full_name, "", x.birth_date, "", "01/01/2026"]
                for x in c.cadres
            ]
            + [
                [c.a.commune.code, "Bí thư", "", m.citizen_id, "", "", "01/01/2026"]
                for m in c.members
            ],
        ),
    ]
    for kind, ref, rows in uploads:
        data = {"kind": kind, "organization": ref, "file": _cadre_sheet(rows)}
        response = client.post("/cadres/import/", data)
        text = response.content.decode()
        assert response.status_code == 200, text[-500:]
        refused = response.context["error"] or response.context["result"].problems
        assert refused and response.context["token"] == "", (kind, ref)
        named = {str(cell) for row in rows for cell in row}
        assert [s for s in _leaked(c, text) if s not in named] == [], (kind, ref)
    assert data_rows() == before


def test_the_training_import_reaches_nothing_outside_the_commune(world):
    """A sheet of trainees for the commune's own class that names outside members (by CCCD,
    or name and birth date) and outside cadres: none of them is found (a CCCD alone is
    refused; a name is a person not in the system), nothing is written, and the page says
    only what the file itself wrote."""
    from io import BytesIO

    from openpyxl import Workbook

    c = world
    client = Client()
    client.force_login(c.users[0])
    before = data_rows()
    rows = (
        [["", m.citizen_id, ""] for m in c.members]
        + [[m.full_name, "", m.birth_date] for m in c.members]
        + [[x.full_name, "", x.birth_date] for x in c.cadres]
    )
    book = Workbook()
    book.active.append(["Họ và tên", "Số CCCD", "Ngày sinh"])
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("hoc-vien.xlsx", out.getvalue())
    response = client.post(f"/training/{c.own_class.pk}/import/", {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200, text[-500:]
    result = response.context["result"]
    assert result.problems and response.context["token"] == ""
    assert all(r.who.startswith("chưa có trong hệ thống") for r in result.rows)
    named = {str(cell) for row in rows for cell in row}
    assert [s for s in _leaked(c, text) if s not in named] == []
    assert data_rows() == before
