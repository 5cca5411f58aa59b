"""Every list endpoint of the API answers in a fixed number of queries, whether it lists 2 rows
or 20: an N+1 shows here as a count that grows, before it ships (Saleor's habit, in
ARCHITECTURE.md's models to learn from)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.test import Client

from tests.api import Api
from tests.factories import citizen_id_for, make_member
from tochuc.members.services import (
    candidate_create,
    member_exempt,
    member_exempt_end,
    member_transfer_start,
)
from tochuc.orgs.services import organization_create, plan_create

pytestmark = pytest.mark.django_db

_serial = count(1)
_LETTERS = "abcdeghiklmnopqrstuvxy"


def _word() -> str:
    """A new word of letters only (names take no digits): Bb, Bc, ..."""
    n, out = next(_serial), ""
    while n:
        n, r = divmod(n, len(_LETTERS))
        out = _LETTERS[r] + out
    return "B" + out


def _branches(a, b, n):
    for _ in range(n):
        i = next(_serial)
        organization_create(
            actor=a.staff, name=f"Chi bộ số {i}", kind="branch", parent=a.school, code=f"A-N{i}"
        )


def _members(a, b, n):
    for _ in range(n):
        make_member(a.staff, a.branch1, full_name=f"Nguyễn Văn {_word()}")


def _events(a, b, n):
    """n more events on A's first member: exempted, back at work, exempted ... (n even)."""
    member = a.members[0]
    day = date(2020, 1, 1) + timedelta(days=member.events.count())
    for i in range(n):
        change = member_exempt_end if i % 2 else member_exempt
        change(
            actor=a.staff,
            member=member,
            effective_date=day + timedelta(days=i),
            document_symbol=f"{i + 1}-QĐ/ĐU",
        )


def _transfers(a, b, n):
    for _ in range(n):
        member = make_member(a.staff, a.branch1, full_name=f"Trần Văn {_word()}")
        member_transfer_start(
            actor=a.staff,
            member=member,
            kind="permanent",
            to_org=b.office,
            start_date=date(2026, 3, 2),
            letter_symbol=f"{next(_serial)}-GGT/ĐU",
            dues_paid_to=date(2026, 2, 1),
        )


def _candidates(a, b, n):
    born = date(2002, 5, 1)
    for _ in range(n):
        candidate_create(
            actor=a.staff,
            organization=a.branch1,
            full_name=f"Triệu Thị {_word()}",
            gender="female",
            birth_date=born,
            listed_on=date(2024, 8, 1),
            citizen_id=citizen_id_for("female", born),
        )


def _plans(a, b, n):
    for _ in range(n):
        plan_create(
            actor=a.staff,
            organization=a.province,
            title=f"Phương án số {next(_serial)}",
            effective_date=date(2026, 7, 1),
            decision_symbol="15-QĐ/TU",
        )


def _documents(a, b, n):
    from tests.factories import make_document

    for _ in range(n):
        make_document(a.staff, a.province, title=f"Về công tác {_word()}")


def _document_types(a, b, n):
    from tochuc.documents.models import DocumentType

    for _ in range(n):
        DocumentType.objects.create(name=f"Loại {_word()}", code="X")


def _issuers(a, b, n):
    from tochuc.documents.models import Issuer

    for _ in range(n):
        Issuer.objects.create(code=_word().upper(), name=f"Ban {_word()}", organization=a.school)


def _cadre(org):
    from tochuc.cadres.services import cadre_create

    return cadre_create(
        actor=org.staff,
        organization=org.where,
        full_name=f"Lò Văn {_word()}",
        birth_date=date(1980, 5, 6),
        gender="male",
    )


def _cadre_positions(a, b, n):
    """n positions of A's commune, each held (and, when planned, with a planned cadre)."""
    from types import SimpleNamespace

    from tochuc.cadres.models import PositionTitle
    from tochuc.cadres.services import cadre_appoint, planning_add, position_create
    from tochuc.orgs.models import Term

    where = SimpleNamespace(staff=a.staff, where=a.commune)
    term = Term.objects.get(name="2025–2030")
    title = PositionTitle.objects.get(name="Cấp ủy viên")
    for _ in range(n):
        position = position_create(actor=a.staff, organization=a.commune, title=title)
        cadre_appoint(actor=a.staff, cadre=_cadre(where), position=position, on=date(2025, 10, 1))
        planning_add(
            actor=a.staff, cadre=_cadre(where), position=position, term=term, on=date(2025, 3, 1)
        )


def _cadre_seats(a, b, n):
    from types import SimpleNamespace

    from tochuc.cadres.services import seat_add
    from tochuc.orgs.models import Term

    where = SimpleNamespace(staff=a.staff, where=a.commune)
    term = Term.objects.get(name="2025–2030")
    for _ in range(n):
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=_cadre(where),
            role="member",
            on=date(2025, 10, 1),
        )


def _cadre_titles(a, b, n):
    from tochuc.cadres.models import PositionTitle

    for _ in range(n):
        PositionTitle.objects.create(name=f"Trưởng ban {_word()}")


def _management_levels(a, b, n):
    from tochuc.cadres.models import ManagementLevel

    for _ in range(n):
        ManagementLevel.objects.create(name=f"Diện {_word()} quản lý")


def _terms(a, b, n):
    from tochuc.orgs.models import Term

    for _ in range(n):
        year = 2100 + next(_serial)
        Term.objects.create(
            name=f"{year}–{year + 5}",
            start_year=year,
            end_year=year + 5,
            starts_on=date(year, 10, 1),
        )


def _term_id() -> int:
    from tochuc.orgs.models import Term

    return Term.objects.get(name="2025–2030").pk


def _size(body) -> int:
    if isinstance(body, list):
        return len(body)
    if "results" in body:
        return len(body["results"])
    if "events" in body:
        return len(body["events"])
    return len(body["tables"][0]["rows"])


def _items(body) -> int:
    return sum(len(check["items"]) for check in body)


# path -> (what adds rows to its list, the request, how many rows it lists); QUERIES: its
# queries per request, the session's and the user's included (the same on both engines).
# --- the rest of the cadres API (issue #19) -------------------------------------------------


def _where(a, org):
    from types import SimpleNamespace

    return SimpleNamespace(staff=a.staff, where=org)


def _cadre_moves(a, b, n):
    """n reassignments to A's commune, each of a new cadre of A's province, by a decision."""
    from tests.factories import make_document
    from tochuc.cadres.services import cadre_move

    decision = make_document(a.staff, a.province, type_name="Quyết định", title="Về điều động")
    for _ in range(n):
        cadre_move(
            actor=a.staff,
            cadre=_cadre(_where(a, a.province)),
            kind="reassignment",
            to=a.commune,
            on=date(2026, 1, 1),
            decision=decision,
        )


def _old_seats(a, b, n):
    """n members of the commune's 2020–2025 committee too old to stand again in 2025."""
    from tochuc.cadres.services import cadre_create, seat_add
    from tochuc.orgs.models import Term

    term = Term.objects.get(name="2020–2025")
    for _ in range(n):
        cadre = cadre_create(
            actor=a.staff,
            organization=a.commune,
            full_name=f"Lò Văn {_word()}",
            birth_date=date(1965, 10, 2),
            gender="male",
        )
        seat_add(
            actor=a.staff,
            organization=a.commune,
            term=term,
            cadre=cadre,
            role="member",
            on=date(2020, 9, 1),
        )


def _due_holdings(a, b, n):
    """n positions of the commune held since 01/10/2021: their terms end on 30/09/2026."""
    from tochuc.cadres.models import PositionTitle
    from tochuc.cadres.services import cadre_appoint, position_create

    title = PositionTitle.objects.get(name="Cấp ủy viên")
    for _ in range(n):
        position = position_create(actor=a.staff, organization=a.commune, title=title)
        cadre_appoint(
            actor=a.staff,
            cadre=_cadre(_where(a, a.commune)),
            position=position,
            on=date(2021, 10, 1),
        )


def _bodies(a, b, n):
    from tochuc.cadres.services import body_create

    for _ in range(n):
        body_create(
            actor=a.staff, organization=a.commune, name=f"Phòng {_word()}", kind="department"
        )


def _reelection_request(a):
    from tochuc.orgs.models import Term

    term = Term.objects.get(name="2020–2025")
    return "/cadres/reelection", {"organization": a.commune.pk, "term": term.pk}


def _congress_plan(a, b, n):
    from tochuc.congresses.services import plan_generate
    from tochuc.orgs.models import Term

    for _ in range(n):
        organization_create(actor=a.staff, name=f"Chi bộ {_word()}", kind="branch", parent=a.school)
    term = Term.objects.get(name="2025–2030")
    plan_generate(actor=a.staff, organization=a.school, term=term, on=date.today())


def _congress_query(a):
    from tochuc.orgs.models import Term

    return "/congresses", {
        "organization": a.school.pk,
        "term": Term.objects.get(name="2025–2030").pk,
    }


def _programmes(a, b, n):
    from tochuc.training.models import Programme

    for _ in range(n):
        Programme.objects.create(name=f"Bồi dưỡng {_word()}", kind="fostering")


def _training_classes(a, b, n):
    from tochuc.training.models import Programme
    from tochuc.training.services import class_create

    programme = Programme.objects.get(name="Sơ cấp lý luận chính trị")
    for _ in range(n):
        class_create(
            actor=a.staff,
            organization=a.commune,
            programme=programme,
            name=f"Lớp {_word()}",
            mode="full_time",
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 3, 5),
        )


def _trainees(a, b, n):
    from tochuc.training.models import Programme
    from tochuc.training.services import class_create, trainee_enrol

    klass = class_create(
        actor=a.staff,
        organization=a.commune,
        programme=Programme.objects.get(name="Sơ cấp lý luận chính trị"),
        name=f"Lớp {_word()}",
        mode="full_time",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 5),
    )
    for _ in range(n):
        trainee_enrol(
            actor=a.staff, training_class=klass, on=date(2026, 1, 5), full_name=f"Vi {_word()}"
        )


def _send_next(a, b, n):
    from tochuc.cadres.models import PositionTitle
    from tochuc.cadres.services import cadre_appoint, cadre_create, position_create

    title = PositionTitle.objects.get(name="Trưởng phòng")
    for _ in range(n):
        cadre = cadre_create(
            actor=a.staff,
            organization=a.commune,
            full_name=f"Vi {_word()}",
            birth_date=date(1980, 1, 1),
            gender="male",
        )
        position = position_create(actor=a.staff, organization=a.commune, title=title)
        cadre_appoint(actor=a.staff, cadre=cadre, position=position, on=date(2026, 1, 5))


LISTS = {
    "/api/v1/organizations": (_branches, lambda a: ("/organizations", {"kind": "branch"}), _size),
    "/api/v1/organizations/tree": (
        _branches,
        lambda a: ("/organizations/tree", {"parent": a.school.pk}),
        _size,
    ),
    "/api/v1/organizations/{org_id}/children": (
        _branches,
        lambda a: (f"/organizations/{a.school.pk}/children", None),
        _size,
    ),
    "/api/v1/restructuring/plans": (_plans, lambda a: ("/restructuring/plans", None), _size),
    "/api/v1/members": (_members, lambda a: ("/members", {"organization": a.branch1.pk}), _size),
    "/api/v1/members/{member_id}/events": (
        _events,
        lambda a: (f"/members/{a.members[0].pk}/events", None),
        _size,
    ),
    "/api/v1/transfers": (_transfers, lambda a: ("/transfers", {"direction": "out"}), _size),
    "/api/v1/candidates": (
        _candidates,
        lambda a: ("/candidates", {"organization": a.branch1.pk}),
        _size,
    ),
    # One row for each organization under the one asked for.
    "/api/v1/reports": (_branches, lambda a: ("/reports", {"organization": a.school.pk}), _size),
    # The new branches have no members: each is an item of "fewer than 3 official members".
    "/api/v1/reports/checks": (
        _branches,
        lambda a: ("/reports/checks", {"organization": a.school.pk}),
        _items,
    ),
    "/api/v1/documents": (_documents, lambda a: ("/documents", {"q": "cong tac"}), _size),
    "/api/v1/documents/types": (_document_types, lambda a: ("/documents/types", None), _size),
    "/api/v1/documents/issuers": (_issuers, lambda a: ("/documents/issuers", None), _size),
    "/api/v1/cadres/titles": (_cadre_titles, lambda a: ("/cadres/titles", None), _size),
    "/api/v1/cadres/management-levels": (
        _management_levels,
        lambda a: ("/cadres/management-levels", None),
        _size,
    ),
    "/api/v1/cadres/terms": (_terms, lambda a: ("/cadres/terms", None), _size),
    "/api/v1/training/programmes": (
        _programmes,
        lambda a: ("/training/programmes", None),
        _size,
    ),
    "/api/v1/training/classes": (_training_classes, lambda a: ("/training/classes", None), _size),
    "/api/v1/training/trainees": (_trainees, lambda a: ("/training/trainees", None), _size),
    "/api/v1/congresses": (_congress_plan, _congress_query, _size),
    "/api/v1/training/send-next": (_send_next, lambda a: ("/training/send-next", None), _size),
    "/api/v1/cadres/positions": (
        _cadre_positions,
        lambda a: ("/cadres/positions", {"organization": a.commune.pk, "on": "2026-01-01"}),
        _size,
    ),
    "/api/v1/cadres/planning": (
        _cadre_positions,
        lambda a: (
            "/cadres/planning",
            {"organization": a.commune.pk, "term": _term_id(), "on": "2026-01-01"},
        ),
        _size,
    ),
    "/api/v1/cadres/committees": (
        _cadre_seats,
        lambda a: ("/cadres/committees", {"organization": a.commune.pk, "on": "2026-01-01"}),
        _size,
    ),
    "/api/v1/cadres/moves": (
        _cadre_moves,
        lambda a: ("/cadres/moves", {"organization": a.province.pk}),
        _size,
    ),
    "/api/v1/cadres/reelection": (
        _old_seats,
        _reelection_request,
        lambda body: len(body["people"]),
    ),
    "/api/v1/cadres/reappointments": (
        _due_holdings,
        lambda a: (
            "/cadres/reappointments",
            {"organization": a.commune.pk, "on": "2026-06-01"},
        ),
        _size,
    ),
    "/api/v1/cadres/bodies": (
        _bodies,
        lambda a: ("/cadres/bodies", {"organization": a.commune.pk}),
        _size,
    ),
}
QUERIES = {
    "/api/v1/organizations": 4,
    "/api/v1/organizations/tree": 6,
    "/api/v1/organizations/{org_id}/children": 5,
    "/api/v1/restructuring/plans": 5,
    "/api/v1/members": 8,
    "/api/v1/members/{member_id}/events": 6,
    "/api/v1/transfers": 4,
    "/api/v1/candidates": 6,
    # 8, and the registry section: its types in use, 3 grouped counts; the cadres': the
    # year's moves, the positions, the term in force, the plans and the people planned; the
    # training's: the term in force for each of its 2 tables and 2 counts, the programmes,
    # the classes, the completions, those studying; the congresses': the season's term for its
    # table and its count, the plan's grouped count
    "/api/v1/reports": 28,
    "/api/v1/reports/checks": 12,
    "/api/v1/documents": 6,  # the count, the page's ids, then its rows (document_page)
    "/api/v1/documents/types": 3,
    "/api/v1/documents/issuers": 4,
    "/api/v1/cadres/titles": 3,
    "/api/v1/cadres/management-levels": 3,
    "/api/v1/cadres/terms": 3,
    "/api/v1/training/programmes": 3,
    "/api/v1/training/trainees": 5,
    "/api/v1/congresses": 8,  # the term, the organization, the count, the page
    "/api/v1/training/send-next": 7,  # the count, the page, its holdings and plans
    "/api/v1/training/classes": 8,  # the ids (organized, with a trainee), the count, the page, co-organizers
    "/api/v1/cadres/positions": 7,  # the counts (all, vacant), the page, its holders
    "/api/v1/cadres/planning": 10,
    "/api/v1/cadres/committees": 5,
    "/api/v1/cadres/moves": 6,  # the count, then the page's rows with their joins
    "/api/v1/cadres/reelection": 8,  # the term, the next term's start, then the seats
    "/api/v1/cadres/reappointments": 5,
    "/api/v1/cadres/bodies": 5,
}
# GET operations that answer one thing, not a list; the lists of other features pin their
# counts beside their own tests.
NOT_LISTS = {
    "/api/v1/organizations/{org_id}",
    "/api/v1/organizations/{org_id}/stats",
    "/api/v1/restructuring/plans/{plan_id}",
    "/api/v1/restructuring/plans/{plan_id}/preview",
    "/api/v1/members/{member_id}",
    "/api/v1/members/{member_id}/as-of",
    "/api/v1/transfers/{transfer_id}",
    "/api/v1/candidates/{candidate_id}",
    "/api/v1/imports/{pk}",
    "/api/v1/documents/{document_id}",
    "/api/v1/documents/attachments/{attachment_id}",
    "/api/v1/cadres/{cadre_id}",
    "/api/v1/cadres/clearance/{case_id}",
    "/api/v1/cadres/profile",  # one organization's counts
    "/api/v1/training/classes/{class_id}",  # one class and its trainees
    "/api/v1/training/plans",  # a line per programme of the catalogue, two grouped counts
    "/api/v1/congresses/progress",  # the tree of the day, the term's congresses, grouped
    "/api/v1/congresses/{congress_id}/delegates",  # one row per organization directly under
    "/api/v1/training/schools",  # a few a province (the school, the communes' centres)
}
# Lists whose counts are pinned beside their feature's own tests.
PINNED_BESIDE = {
    "/api/v1/badges",  # tests/members/test_badges_api.py
    "/api/v1/todo",  # tests/todo/test_api.py
    # Only with the clearance permission: tests/cadres/test_api.py.
    "/api/v1/cadres/clearance/purposes",
    "/api/v1/cadres/clearance/counts",
}


def test_every_get_of_the_schema_is_pinned_or_answers_one_thing(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    gets = {path for path, methods in paths.items() if "get" in methods}
    assert gets - NOT_LISTS - PINNED_BESIDE == set(LISTS) == set(QUERIES)


@pytest.mark.parametrize("path", sorted(LISTS))
def test_a_list_takes_as_many_queries_for_20_rows_as_for_2(
    path, two_provinces, django_assert_num_queries
):
    a, b = two_provinces
    grow, request, size = LISTS[path]
    api = Api(a.staff)
    grow(a, b, 2)
    api.get(*request(a))  # per-process caches (the regulation values) filled
    with django_assert_num_queries(QUERIES[path]):
        response = api.get(*request(a))
    assert response.status_code == 200, response.content
    few = size(response.json())
    grow(a, b, 18)
    with django_assert_num_queries(QUERIES[path]):
        response = api.get(*request(a))
    assert size(response.json()) >= few + 18
