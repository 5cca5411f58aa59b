"""/api/v1/congresses as a script uses it: the plan made from the tree of a day, congresses
held, the progress with its sentence; a commune reads its own plan, and changes a line of it
only through the level above."""

from __future__ import annotations

import pytest

import tests.api
from tests.api import NOT_FOUND, Api
from tochuc.accounts.services import user_create
from tochuc.congresses.models import Congress
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db

staff_a = tests.api.staff_a


def test_the_season_through_the_api(world, staff_a, admin):
    a, b = world
    term = Term.objects.get(name="2025–2030")
    made = staff_a.post(
        "/congresses/plan",
        {"organization_id": a.province.pk, "term_id": term.pk, "on": "2025-03-01"},
    )
    assert made.status_code == 200 and made.json() == {"added": 8, "superseded": 0, "kept": 0}
    listed = staff_a.get("/congresses", {"organization": a.province.pk, "term": term.pk}).json()
    assert listed["count"] == 8
    village = next(c for c in listed["results"] if c["organization_id"] == a.village.pk)
    assert village["kind"] == "members" and village["status"] == "late"  # its window is past
    held = staff_a.post(f"/congresses/{village['id']}/held", {"held_on": "2025-04-12"})
    assert held.status_code == 200 and held.json()["status"] == "held"
    bad = staff_a.post(f"/congresses/{village['id']}/held", {"held_on": "2099-01-01"})
    assert bad.status_code == 422 and "chưa đến" in bad.json()["detail"]
    got = staff_a.get(
        "/congresses/progress", {"organization": a.province.pk, "term": term.pk, "on": "2025-06-30"}
    ).json()
    grassroots = next(r for r in got["levels"] if r["level"] == "grassroots")
    assert (grassroots["held"], grassroots["total"], grassroots["percent"]) == (1, 3, "33,33%")
    assert "1/3 tổ chức cơ sở đảng đã tổ chức đại hội (đạt 33,33%)" in got["sentence"]

    _, token = user_create(
        actor=admin, username="commune_x", role="staff", scope=a.commune, with_token=True
    )
    commune = Api(token=token)
    own = commune.get("/congresses", {"organization": a.commune.pk, "term": term.pk}).json()
    assert {c["organization_id"] for c in own["results"]} == {
        a.commune.pk,
        a.school.pk,
        a.branch1.pk,
        a.branch2.pk,
        a.village.pk,
    }
    line = Congress.objects.get(organization=a.commune, term=term)
    refused = commune.patch(
        f"/congresses/{line.pk}",
        {"kind": "members", "window_start": "2025-06-01", "window_end": "2025-06-30"},
    )
    assert refused.status_code == 404 and refused.json() == NOT_FOUND  # the province plans it
    done = staff_a.patch(
        f"/congresses/{line.pk}",
        {
            "kind": "delegates",
            "pilot": True,
            "window_start": "2025-06-01",
            "window_end": "2025-06-30",
        },
    )
    assert done.status_code == 200 and done.json()["pilot"] is True
    theirs = Api(b.staff).get(
        "/congresses/progress", {"organization": a.province.pk, "term": term.pk}
    )
    assert theirs.status_code == 404
