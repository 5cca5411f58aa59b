"""A restructuring plan reaches nothing outside its organization: every id of every step is
checked when the step is added and again at preview and apply (issue #23)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_member, make_user
from tochuc.core.errors import ServiceError
from tochuc.members.models import Member
from tochuc.orgs.models import Organization, RestructuringOperation, RestructuringPlan
from tochuc.orgs.services.restructuring import (
    organization_split,
    plan_apply,
    plan_create,
    plan_operation_add,
    plan_preview,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(two_provinces, admin):
    """A staff user of A's commune, a draft plan on the commune, and what lies outside it."""
    a, b = two_provinces
    a.staff_x = make_user("staff_x", "staff", a.commune)
    a.plan = plan_create(
        actor=a.staff_x,
        organization=a.commune,
        title="Sắp xếp chi bộ xã",
        effective_date=date(2026, 7, 1),
        decision_symbol="05-QĐ/ĐU",
    )
    inside = Organization.objects.filter(path__startswith=a.commune.path)
    a.outside = list(Organization.objects.exclude(pk__in=inside.values("pk")).order_by("pk"))
    a.outside_members = list(Member.objects.exclude(organization__in=inside).order_by("pk"))
    assert len(a.outside) >= 10 and a.outside_members
    return a


def _split(a, **changes) -> dict:
    params = {
        "source": a.village.pk,
        "parts": [
            {"name": "Chi bộ thôn Nà 1", "kind": "grassroots_branch"},
            {"name": "Chi bộ thôn Nà 2", "kind": "grassroots_branch"},
        ],
    }
    return params | changes


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _leaks(a, text: str) -> list[str]:
    """Names of outside organizations and members found in a response."""
    names = {o.name for o in a.outside} - {
        o.name for o in Organization.objects.filter(path__startswith=a.commune.path)
    }
    names |= {m.full_name for m in a.outside_members} - {
        m.full_name for m in Member.objects.filter(organization__path__startswith=a.commune.path)
    }
    return sorted(n for n in names if n in text)


def test_a_split_naming_every_organization_is_refused_and_shows_none(commune):
    """The reported leak: children naming every organization in the country."""
    a = commune
    everything = {str(o.pk): 0 for o in Organization.objects.all()}
    response = _post(
        _api(a.staff_x),
        f"/api/v1/restructuring/plans/{a.plan.pk}/operations",
        {"kind": "split", "params": _split(a, children=everything)},
    )
    assert response.status_code == 422, response.content
    body = response.content.decode()
    assert "trong phạm vi của phương án" in body and "children" in response.json()["errors"]
    assert _leaks(a, body) == []
    assert not a.plan.operations.exists()


@pytest.mark.parametrize(
    "kind, params",
    [
        ("rename", lambda a, o: {"organization": o, "name": "Tên mới"}),
        ("move", lambda a, o: {"organization": o, "parent": a.commune.pk}),
        ("move", lambda a, o: {"organization": a.village.pk, "parent": o}),
        ("dissolve", lambda a, o: {"organization": o}),
        ("dissolve", lambda a, o: {"organization": a.branch1.pk, "destination": o}),
        ("merge", lambda a, o: {"sources": [a.branch1.pk, o], "target": a.branch2.pk}),
        ("merge", lambda a, o: {"sources": [a.branch1.pk], "target": o}),
        (
            "merge",
            lambda a, o: {
                "sources": [a.branch1.pk, a.branch2.pk],
                "new": {"name": "Chi bộ mới", "kind": "branch", "parent": o},
            },
        ),
        ("split", lambda a, o: _split(a, source=o)),
        ("split", lambda a, o: _split(a, children={str(o): 1})),
        (
            "split",
            lambda a, o: _split(
                a, parts=[{"name": "X", "kind": "branch", "parent": o}, {"name": "Y", "kind": "x"}]
            ),
        ),
    ],
)
def test_every_parameter_of_every_kind_is_checked_when_added(commune, kind, params):
    a = commune
    missing = Organization.objects.order_by("-pk").first().pk + 1000
    for outside in [*(o.pk for o in a.outside), missing]:
        with pytest.raises(ServiceError) as caught:
            plan_operation_add(actor=a.staff_x, plan=a.plan, kind=kind, params=params(a, outside))
        # Outside and missing read the same: existence does not leak.
        assert f"Không tìm thấy tổ chức số {outside} trong phạm vi của phương án" in str(
            caught.value
        ), (kind, outside)
    assert not a.plan.operations.exists()


def test_split_members_outside_are_refused(commune):
    a = commune
    for member in a.outside_members:
        with pytest.raises(ServiceError, match=f"Không tìm thấy đảng viên số {member.pk}"):
            plan_operation_add(
                actor=a.staff_x, plan=a.plan, kind="split", params=_split(a, members={member.pk: 1})
            )
    assert not a.plan.operations.exists()


def test_unknown_keys_are_not_kept(commune):
    """A rename carrying a split's children (or a parent) must not feed the preview."""
    a = commune
    op = plan_operation_add(
        actor=a.staff_x,
        plan=a.plan,
        kind="rename",
        params={
            "organization": a.village.pk,
            "name": "Chi bộ thôn Nà Mới",
            "parent": a.outside[0].pk,
            "children": {str(o.pk): 0 for o in a.outside},
        },
    )
    assert op.params == {"organization": a.village.pk, "name": "Chi bộ thôn Nà Mới"}


@pytest.mark.parametrize(
    "kind, params",
    [
        ("rename", lambda a, o: {"organization": o, "name": "Tên mới"}),
        ("move", lambda a, o: {"organization": a.village.pk, "parent": o}),
        ("dissolve", lambda a, o: {"organization": a.branch1.pk, "destination": o}),
        ("merge", lambda a, o: {"sources": [a.branch1.pk, a.branch2.pk], "target": o}),
        ("split", lambda a, o: _split(a, children={str(o): 1})),
        (
            "split",
            lambda a, o: {**_split(a), "parts": [{"name": "X", "kind": "branch", "parent": o}] * 2},
        ),
    ],
)
def test_a_stored_step_with_outside_ids_is_refused_at_preview_and_apply(commune, kind, params):
    """Steps are re-checked: a row edited in the database (or older than this check)."""
    a = commune
    op = plan_operation_add(
        actor=a.staff_x,
        plan=a.plan,
        kind="rename",
        params={"organization": a.village.pk, "name": "Chi bộ thôn Nà Mới"},
    )
    client = _api(a.staff_x)
    url = f"/api/v1/restructuring/plans/{a.plan.pk}"
    for outside in a.outside:
        RestructuringOperation.objects.filter(pk=op.pk).update(
            kind=kind, params=params(a, outside.pk)
        )
        preview = client.get(f"{url}/preview")
        assert preview.status_code == 200
        found = preview.json()
        assert found["before"] == found["after"] == {} and found["created"] == []
        assert f"Không tìm thấy tổ chức số {outside.pk} trong phạm vi" in found["error"]
        assert found["error"].startswith("Bước 1")
        page = client.get(f"/organizations/plans/{a.plan.pk}/").content.decode()
        assert _leaks(a, page) == []
        assert _leaks(a, client.get(url).content.decode()) == []
        applied = client.post(f"{url}/apply")
        assert applied.status_code == 422 and _leaks(a, applied.content.decode()) == []
    assert RestructuringPlan.objects.get(pk=a.plan.pk).status == "draft"


def test_a_plan_of_a_commune_made_above_shows_the_commune_nothing_else(commune):
    """A province user plans on the commune: its steps stay in the commune, so the commune's
    own users (who see the plan) see nothing outside it."""
    a = commune
    with pytest.raises(ServiceError, match="trong phạm vi của phương án"):
        plan_operation_add(
            actor=a.staff,
            plan=a.plan,
            kind="rename",
            params={"organization": a.office.pk, "name": "Chi bộ khác"},
        )
    # The province may rename the commune in it; the commune's staff cannot apply that, and
    # what they are shown of it names nothing above the commune.
    plan_operation_add(
        actor=a.staff,
        plan=a.plan,
        kind="rename",
        params={"organization": a.commune.pk, "name": "Đảng bộ xã Hai"},
    )
    assert plan_preview(actor=a.staff, plan=a.plan)["error"] == ""
    preview = plan_preview(actor=a.staff_x, plan=a.plan)
    assert "là tổ chức gốc trong phạm vi của bạn" in preview["error"]
    client = _api(a.staff_x)
    assert _leaks(a, client.get(f"/organizations/plans/{a.plan.pk}/").content.decode()) == []
    assert _leaks(a, client.get(f"/api/v1/restructuring/plans/{a.plan.pk}").content.decode()) == []
    # In the commune's plan the commune itself is not moved, merged, split or dissolved.
    with pytest.raises(ServiceError, match="cấp thực hiện phương án"):
        plan_operation_add(
            actor=a.staff, plan=a.plan, kind="split", params=_split(a, source=a.commune.pk)
        )


def test_preview_and_apply_inside_the_commune_still_work(commune, admin):
    a = commune
    person = make_member(admin, a.village, full_name="Vi Văn Thông")
    plan_operation_add(
        actor=a.staff_x,
        plan=a.plan,
        kind="split",
        params=_split(a, members={str(person.pk): 1}),
    )
    preview = plan_preview(actor=a.staff_x, plan=a.plan)
    assert preview["error"] == ""
    inside = {str(o.pk) for o in Organization.objects.filter(path__startswith=a.commune.path)}
    created = {str(pk) for pk in preview["created"]}
    assert len(created) == 2 and set(preview["before"]) | set(preview["after"]) <= inside | created
    plan_apply(actor=a.staff_x, plan=a.plan)
    assert Member.objects.get(pk=person.pk).organization.name == "Chi bộ thôn Nà 2"


def test_split_refuses_children_and_members_the_source_does_not_hold(commune, admin):
    a = commune
    with pytest.raises(ServiceError, match=f"Tổ chức số {a.branch1.pk} không trực thuộc"):
        organization_split(
            actor=a.staff_x,
            source=a.village,
            parts=_split(a)["parts"],
            on=a.plan.effective_date,
            children={a.branch1.pk: 1},
        )
    with pytest.raises(ServiceError, match=f"Đảng viên số {a.members[0].pk} không sinh hoạt"):
        organization_split(
            actor=a.staff_x,
            source=a.village,
            parts=_split(a)["parts"],
            on=a.plan.effective_date,
            members={a.members[0].pk: 1},
        )
    # In a plan the same mistake is said at the preview, naming the step.
    plan_operation_add(
        actor=a.staff_x, plan=a.plan, kind="split", params=_split(a, children={a.branch1.pk: 1})
    )
    assert plan_preview(actor=a.staff_x, plan=a.plan)["error"] == (
        f"Bước 1 (Chia tách), phân bổ tổ chức trực thuộc: Tổ chức số {a.branch1.pk} không trực "
        "thuộc «Chi bộ thôn Nà Cao Bằng»: bỏ khỏi danh sách phân bổ."
    )


def _json(ids):
    """Any JSON value, with real organization and member ids among the numbers."""
    scalars = st.none() | st.booleans() | st.text(max_size=6) | ids | ids.map(str)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(ids.map(str) | st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=8,
    )


KEYS = ["organization", "parent", "destination", "target", "source", "sources", "new", "parts"]
KEYS += ["children", "members", "default", "name", "kind"]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["rename", "move", "dissolve", "merge", "split", "nope"]), data=st.data()
)
def test_any_params_are_refused_in_words_or_kept_inside(commune, kind, data):
    """Whatever JSON a step carries: a Vietnamese refusal, or a step naming only ids inside."""
    a = commune
    ids = st.sampled_from(
        sorted(Organization.objects.values_list("pk", flat=True))
        + sorted(Member.objects.values_list("pk", flat=True))
        + [0, 1, 2, 3, -1, 10**6]
    )
    params = data.draw(st.dictionaries(st.sampled_from(KEYS), _json(ids), max_size=7))
    try:
        op = plan_operation_add(actor=a.staff_x, plan=a.plan, kind=kind, params=params)
    except ServiceError as exc:
        assert exc.errors
        assert all(isinstance(m, str) and m.endswith(".") for ms in exc.errors.values() for m in ms)
        return
    from tochuc.orgs.services.restructuring import _referenced

    inside = set(
        Organization.objects.filter(path__startswith=a.commune.path).values_list("pk", flat=True)
    )
    assert _referenced(op.params) <= inside
    assert {int(m) for m in op.params.get("members", {})} <= set(
        Member.objects.filter(organization__in=inside).values_list("pk", flat=True)
    )
    op.delete()
