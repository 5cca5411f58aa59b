"""A section contributed by another app joins the one engine: its table is in every report
(page, workbook, API), drills down to its own list, and its totals add up like the rest."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.reports.test_totals import assert_tables_add_up
from tochuc.orgs.models import Organization
from tochuc.reports import sections
from tochuc.reports.selectors import Column, TableSpec, report_figures

pytestmark = pytest.mark.django_db


def _branches(on, low, high, width):
    """What a domain app would count: here, the branches standing in each subtree."""
    found: dict[str, Counter] = {}
    paths = Organization.objects.filter(
        path__gte=low, path__lt=high, kind="branch", dissolved_on__isnull=True
    ).values_list("path", flat=True)
    for path in paths:
        found.setdefault(path[:width], Counter())[("test_section", "branch")] += 1
    return found


@pytest.fixture
def section():
    sections.register(
        sections.Section(
            key="test-section",
            list_url="/test-list/",
            tables=[
                TableSpec(
                    "chi-bo-thu",
                    "Chi bộ (bảng thử)",
                    [Column("Chi bộ", lambda r, _: r.n("test_section", "branch"), {"x": "1"})],
                    of="test-section",
                )
            ],
            figures=_branches,
        )
    )
    yield
    sections.unregister("test-section")


def test_a_contributed_table_adds_up_and_drills_to_its_list(admin, two_provinces, section, client):
    a, _ = two_provinces
    for org in (None, a.province, a.commune):
        tables = assert_tables_add_up(report_figures(actor=admin, organization=org))
        table = tables[-1]
        assert table.key == "chi-bo-thu"
        branches = Organization.objects.filter(kind="branch")
        if org is not None:
            branches = branches.filter(path__startswith=org.path)
        assert table.total[1][0].value == branches.count()

    last = len(tables)  # after the standard tables and the other apps' sections
    client.force_login(admin)
    page = client.get("/reports/", {"organization": a.province.pk}).content.decode()
    assert f"Biểu {last}. Chi bộ (bảng thử)" in page
    body = client.get("/reports/tables/chi-bo-thu/", {"organization": a.province.pk})
    assert f"/test-list/?organization={a.commune.pk}&amp;x=1" in body.content.decode()
    book = load_workbook(BytesIO(client.get("/reports/download.xlsx").content))
    assert book.worksheets[-1]["A1"].value == f"BIỂU {last}. CHI BỘ (BẢNG THỬ)"
    api = client.get("/api/v1/reports", {"organization": a.province.pk}).json()
    assert api["tables"][-1]["title"] == "Chi bộ (bảng thử)"
