"""The tree at a past date (issue #16): an organization shows only from its founding day and
until its dissolution, in the tree, the statistics, the files, the API and the CLI."""

import re
from datetime import date, timedelta
from io import BytesIO

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.api import Api
from tests.factories import make_member
from tochuc.cli import main
from tochuc.core.errors import ServiceError
from tochuc.members.counters import stats_drift
from tochuc.orgs.models import EPOCH, OrganizationVersion
from tochuc.orgs.selectors import organization_stats_on, tree_level_on
from tochuc.orgs.services import organization_create
from tochuc.orgs.services.admin_units import REORGANIZED_ON, load_admin_units
from tochuc.orgs.services.restructuring import organization_dissolve
from tochuc.orgs.versions import versions_before_founding, versions_founding_repair
from tochuc.reports.exports import report_xlsx
from tochuc.reports.selectors import organizations_behind, report_figures

pytestmark = pytest.mark.django_db

FOUNDED = date(2025, 7, 1)  # the new commune's founding, the old one's dissolution
NEW = "Đảng bộ phường Mới Lập"
OLD = "Đảng bộ xã Cũ"
# Under province A on each date: the commune and the bloc of make_province stand throughout.
ALWAYS = {"Đảng bộ xã Một Cao Bằng", "Đảng bộ Khối cơ quan tỉnh Cao Bằng"}
DATES = {
    date(2024, 12, 31): ALWAYS | {OLD},
    FOUNDED - timedelta(days=1): ALWAYS | {OLD},
    FOUNDED: ALWAYS | {NEW},  # the founding day shows it; a dissolution's day no longer
    date(2025, 12, 31): ALWAYS | {NEW},
}


@pytest.fixture
def past(two_provinces, admin):
    """Province A with a commune founded 01/07/2025 (a chi bộ and a member whose record says
    2010, as the demo's) and an empty commune dissolved that day."""
    a, _ = two_provinces
    a.new = organization_create(
        actor=admin, name=NEW, kind="upper", parent=a.province, code="A-X2", established_on=FOUNDED
    )
    a.new_branch = organization_create(
        actor=admin,
        name="Chi bộ tổ dân phố 1",
        kind="grassroots_branch",
        parent=a.new,
        established_on=FOUNDED,
    )
    a.tan = make_member(admin, a.new_branch, full_name="Lục Văn Tân", citizen_id=None)
    a.old = organization_create(actor=admin, name=OLD, kind="upper", parent=a.province)
    organization_dissolve(actor=admin, organization=a.old, on=FOUNDED)
    return a


def _tree(a, on):
    return {n["org"].name for n in tree_level_on(actor=a.staff, on=on, parent=a.province)}


@pytest.mark.parametrize("on", DATES)
def test_every_reader_shows_what_stood_that_day(past, on):
    a = past
    shown = DATES[on]
    uppers = len(shown)
    assert _tree(a, on) == shown
    figures = report_figures(actor=a.staff, organization=a.province, on=on)
    assert {r.name for r in figures.rows} == shown
    assert figures.total.kinds["upper"] == uppers
    stats = organization_stats_on(actor=a.staff, organization=a.province, on=on)
    assert stats["organizations"]["upper"] == uppers
    assert f"{uppers} đảng bộ cấp trên cơ sở" in stats["summary"]
    behind = organizations_behind(actor=a.staff, organization=a.province, kinds=["upper"], on=on)
    assert {i["name"] for i in behind["items"]} == shown
    # Lục Văn Tân counts from the day his chi bộ stands, not from his record's 2010.
    members = 2 + (on >= FOUNDED)  # An and Ánh; Dũng was admitted in 2026
    assert stats["members"]["total"] == members == figures.total.n("member", "total")
    names = {c.value for row in load_workbook(BytesIO(report_xlsx(figures))).active for c in row}
    assert (NEW in names, OLD in names) == (NEW in shown, OLD in shown)


@pytest.mark.parametrize(
    ("org", "on", "message"),
    [
        ("new", date(2024, 12, 31), f"«{NEW}» chưa thành lập (thành lập ngày 01/07/2025)"),
        ("new", EPOCH, "chưa thành lập"),
        ("old", FOUNDED, f"«{OLD}» không còn từ ngày 01/07/2025"),
    ],
)
def test_the_figures_of_an_organization_that_did_not_stand_say_so(past, org, on, message):
    a = past
    for read in (organization_stats_on, report_figures):
        with pytest.raises(ServiceError, match=re.escape(message)) as caught:
            read(actor=a.staff, organization=getattr(a, org), on=on)
        assert list(caught.value.errors) == ["on"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(on=st.dates(min_value=date(1990, 1, 1), max_value=date.today() - timedelta(days=1)))
def test_any_past_date_shows_an_organization_only_while_it_stood(past, on):
    a = past
    shown = _tree(a, on)
    assert (NEW in shown) == (on >= FOUNDED)
    assert (OLD in shown) == (on < FOUNDED)
    figures = report_figures(actor=a.staff, organization=a.province, on=on)
    assert {r.name for r in figures.rows} == shown


def test_the_api_tree_and_stats_at_a_date(past):
    a = past
    api = Api(user=a.staff)
    before = api.get("/organizations/tree", {"parent": a.province.pk, "on": "2024-12-31"})
    assert {n["name"] for n in before.json()} == ALWAYS | {OLD}
    after = api.get("/organizations/tree", {"parent": a.province.pk, "on": "2025-07-01"})
    assert {n["name"] for n in after.json()} == ALWAYS | {NEW}
    stats = api.get(f"/organizations/{a.new.pk}/stats", {"on": "2024-12-31"})
    assert stats.status_code == 422 and "chưa thành lập" in stats.json()["detail"]
    stats = api.get(f"/organizations/{a.province.pk}/stats", {"on": "2024-12-31"})
    assert stats.json()["organizations"]["upper"] == 3
    report = api.get("/reports", {"organization": a.province.pk, "on": "2024-12-31"})
    assert NEW not in report.content.decode() and OLD in report.content.decode()


def test_the_tree_page_and_the_downloads_at_a_date(client, past):
    a = past
    client.force_login(a.staff)
    url = f"/organizations/{a.province.pk}/children/"
    before = client.get(url, {"on": "31/12/2024"}).content.decode()
    assert NEW not in before and OLD in before
    after = client.get(url, {"on": "01/07/2025"}).content.decode()
    assert NEW in after and OLD not in after
    query = {"organization": a.province.pk, "on": "31/12/2024"}
    page = client.get("/reports/", query).content.decode()
    assert NEW not in page and OLD in page
    book = load_workbook(BytesIO(client.get("/reports/download.xlsx", query).content))
    cells = {c.value for sheet in book for row in sheet for c in row}
    assert NEW not in cells and OLD in cells
    document = docx.Document(BytesIO(client.get("/reports/download.docx", query).content))
    text = "\n".join(cell.text for t in document.tables for r in t.rows for cell in r.cells)
    assert NEW not in text and OLD in text


def test_the_cli_stats_at_a_date(past, capsys):
    a = past
    main(["stats", str(a.province.pk), "--date", "2024-12-31"])
    assert "3 đảng bộ cấp trên cơ sở" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="chưa thành lập"):
        main(["stats", str(a.new.pk), "--date", "2024-12-31"])


def test_the_2025_communes_of_load_admin_units_begin_on_01_07_2025(admin):
    load_admin_units(province="Cao Bằng")
    assert tree_level_on(actor=admin, on=REORGANIZED_ON - timedelta(days=1)) == []
    (province,) = tree_level_on(actor=admin, on=REORGANIZED_ON)
    assert province["org"].name == "Đảng bộ tỉnh Cao Bằng"
    assert province["stats"]["organizations"]["upper"] == 56
    assert versions_before_founding() == [] and stats_drift() == []


def test_the_check_reports_a_history_older_than_the_founding_and_rebuild_repairs_it(past, capsys):
    a = past
    # As load-admin-units and the demo wrote them before: a 2025 commune standing since 1930.
    OrganizationVersion.objects.filter(organization__in=[a.new, a.new_branch]).update(
        start_date=EPOCH
    )
    assert NEW in _tree(a, date(2024, 12, 31))
    assert [d for d in stats_drift() if d[1] == "version"] == [
        (a.new.pk, "version", "start_date", 19300203, 20250701),
        (a.new_branch.pk, "version", "start_date", 19300203, 20250701),
    ]
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--check"])
    assert exited.value.code == 1
    assert f"lệch: tổ chức {a.new.pk} version=start_date" in capsys.readouterr().out
    main(["stats", "--rebuild"])
    assert "Đã cho lịch sử của 2 tổ chức bắt đầu từ ngày thành lập." in capsys.readouterr().out
    assert stats_drift() == [] and versions_founding_repair() == 0
    assert NEW not in _tree(a, date(2024, 12, 31)) and NEW in _tree(a, FOUNDED)


def test_an_organization_entered_without_a_founding_date_is_not_reported(past):
    """Its history begins in 1930 by design; its event is the day it was entered."""
    assert past.commune.versions.get().start_date == EPOCH
    assert versions_before_founding() == []


def test_the_demo_tree_begins_on_01_07_2025(admin):
    """The demo's 2025 communes and everything it puts in them, as their events say."""
    from tochuc.demo.generator import generate

    generate(scale="commune", seed=1)
    assert not OrganizationVersion.objects.filter(start_date__lt=REORGANIZED_ON).exists()
    assert tree_level_on(actor=admin, on=REORGANIZED_ON - timedelta(days=1)) == []
    (province,) = tree_level_on(actor=admin, on=REORGANIZED_ON)
    assert province["stats"]["organizations"]["upper"] == 56  # Cao Bằng's communes
    assert stats_drift() == []
