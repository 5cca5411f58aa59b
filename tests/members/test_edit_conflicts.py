"""Two people (or two tabs, or the back button) editing one record: the later save over a
newer version is refused with what changed, and nothing is written (issue #16)."""

import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.members.test_audit import _edit_form
from tochuc.core.forms import date_field
from tochuc.core.models import AuditEvent
from tochuc.members.models import Member
from tochuc.members.services import member_update, member_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    member_update(actor=a.staff, member=member, changes={"phone": "0911111111"})
    member.refresh_from_db()
    return member


def _tab(user):
    client = Client()
    client.force_login(user)
    return client


def _version_on_page(html: str) -> str:
    return re.search(r'name="version" value="([0-9a-f]+)"', html).group(1)


def test_a_second_tab_saving_an_older_page_is_refused_and_keeps_the_first_save(
    two_provinces, an, admin
):
    a, _ = two_provinces
    a.staff.full_name = "Nguyễn Văn X"
    a.staff.save()
    url = f"/members/{an.pk}/edit/"
    tab_a, tab_b = _tab(a.staff), _tab(admin)
    version_a = _version_on_page(tab_a.get(url).content.decode())
    version_b = _version_on_page(tab_b.get(url).content.decode())
    form = _edit_form(an)
    saved = tab_a.post(url, {**form, "phone": "0987000222", "version": version_a})
    assert saved.status_code == 302

    refused = tab_b.post(url, {**form, "birth_place": "Hà Nội", "version": version_b})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Hồ sơ đã được Nguyễn Văn X sửa lúc" in html
    assert "Điện thoại 0911111111 → 0987000222" in html
    assert "Tải lại trang để xem bản mới" in html
    an.refresh_from_db()
    assert (an.phone, an.birth_place) == ("0987000222", "")
    assert AuditEvent.objects.filter(action="member.update", target_id=an.pk).count() == 2

    # Reloaded, the page carries the new version and the birthplace saves.
    fresh = _version_on_page(tab_b.get(url).content.decode())
    form = _edit_form(Member.objects.get(pk=an.pk))
    assert tab_b.post(url, {**form, "birth_place": "Hà Nội", "version": fresh}).status_code == 302
    an.refresh_from_db()
    assert (an.phone, an.birth_place) == ("0987000222", "Hà Nội")


def test_the_back_button_then_a_save_does_not_undo_the_save_before_it(two_provinces, an):
    a, _ = two_provinces
    url = f"/members/{an.pk}/edit/"
    tab = _tab(a.staff)
    page = tab.get(url).content.decode()
    form = {**_edit_form(an), "version": _version_on_page(page)}
    assert tab.post(url, {**form, "phone": "0987000222"}).status_code == 302
    # Back to the page as it was, another field typed, saved again.
    again = tab.post(url, {**form, "hometown": "Nam Định"})
    assert again.status_code == 400
    assert "Điện thoại 0911111111 → 0987000222" in again.content.decode()
    an.refresh_from_db()
    assert (an.phone, an.hometown) == ("0987000222", "")


def test_a_change_made_elsewhere_is_named_too(two_provinces, an):
    """A lifecycle action (status) after the page was opened: the save is refused, naming it."""
    a, _ = two_provinces
    url = f"/members/{an.pk}/edit/"
    tab = _tab(a.staff)
    version = _version_on_page(tab.get(url).content.decode())
    form = _edit_form(an)
    member_update(actor=a.staff, member=an, changes={"occupation": "Giáo viên"})
    refused = tab.post(url, {**form, "phone": "0987000222", "version": version})
    assert refused.status_code == 400
    assert "Nghề nghiệp (trống) → Giáo viên" in refused.content.decode()
    an.refresh_from_db()
    assert an.phone == "0911111111"


def _api(user):
    client = Client()
    client.force_login(user)
    return client


def _patch(client, pk, body, **headers):
    return client.patch(
        f"/api/v1/members/{pk}", json.dumps(body), content_type="application/json", **headers
    )


def test_an_api_patch_with_an_old_version_is_409_and_writes_nothing(two_provinces, an):
    a, _ = two_provinces
    api = _api(a.staff)
    read = api.get(f"/api/v1/members/{an.pk}")
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'
    first = _patch(api, an.pk, {"phone": "0987000222", "version": version})
    assert first.status_code == 200 and first.json()["version"] != version

    stale = _patch(api, an.pk, {"birth_place": "Hà Nội", "version": version})
    assert stale.status_code == 409
    assert "Điện thoại 0911111111 → 0987000222" in stale.json()["detail"]
    stale = _patch(api, an.pk, {"birth_place": "Hà Nội"}, HTTP_IF_MATCH=f'"{version}"')
    assert stale.status_code == 409
    an.refresh_from_db()
    assert (an.phone, an.birth_place) == ("0987000222", "")

    current = _patch(api, an.pk, {"birth_place": "Hà Nội", "version": first.json()["version"]})
    assert current.status_code == 200
    # Without a version a script's PATCH is not checked (documented in the schema).
    assert _patch(api, an.pk, {"hometown": "Huế"}).status_code == 200


def test_the_schema_documents_the_version_and_the_409(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    schema = client.get("/api/v1/openapi.json").json()
    patch = schema["paths"]["/api/v1/members/{member_id}"]["patch"]
    assert "409" in patch["responses"]
    body = json.dumps(schema["components"]["schemas"]["MemberPatch"], ensure_ascii=False)
    assert "If-Match" in body


def test_a_name_longer_than_the_limit_is_refused_naming_it(two_provinces, an):
    a, _ = two_provinces
    url = f"/members/{an.pk}/edit/"
    tab = _tab(a.staff)
    page = tab.get(url).content.decode()
    assert 'maxlength="128"' in page and "Tối đa 128 ký tự." in page
    long_name = "Nguyễn " + "Văn " * 60 + "An"  # 249 characters
    assert len(long_name) == 249
    form = {**_edit_form(an), "version": _version_on_page(page), "full_name": long_name}
    refused = tab.post(url, form)
    assert refused.status_code == 400
    assert "Họ và tên dài 249 ký tự, quá giới hạn 128 ký tự" in refused.content.decode()
    api = _api(a.staff)
    response = _patch(api, an.pk, {"full_name": long_name})
    assert response.status_code == 422
    assert "quá giới hạn 128 ký tự" in response.json()["errors"]["full_name"][0]
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn An"


def test_a_day_that_does_not_exist_is_said_so(two_provinces, an):
    a, _ = two_provinces
    url = f"/members/{an.pk}/edit/"
    response = _tab(a.staff).post(url, {**_edit_form(an), "birth_date": "31/02/2020"})
    assert response.status_code == 400
    assert "«31/02/2020» không phải ngày có thật" in response.content.decode()


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_real_date_reads_back_as_typed(day):
    assert date_field("Ngày").clean(day.strftime("%d/%m/%Y")) == day


@given(st.integers(1, 12), st.integers(29, 31), st.integers(1900, 2100))
def test_a_day_past_the_months_end_is_named_not_existing(month, day, year):
    try:
        date(year, month, day)
    except ValueError:
        text = f"{day:02d}/{month:02d}/{year}"
        field = date_field("Ngày")
        with pytest.raises(ValidationError) as caught:
            field.clean(text)
        assert f"«{text}» không phải ngày có thật" in str(caught.value)


def test_the_version_changes_with_every_field_the_page_shows(two_provinces, an):
    a, _ = two_provinces
    before = member_version(an)
    Member.objects.filter(pk=an.pk).update(hometown="Huế")  # a bulk write, no save()
    an.refresh_from_db()
    assert member_version(an) != before


def test_a_blank_optional_date_stays_blank():
    assert date_field("Ngày lễ kết nạp").clean("  ") is None


def test_a_change_the_log_does_not_hold_still_refuses_the_save(two_provinces, an):
    a, _ = two_provinces
    url = f"/members/{an.pk}/edit/"
    tab = _tab(a.staff)
    version = _version_on_page(tab.get(url).content.decode())
    Member.objects.filter(pk=an.pk).update(hometown="Huế")  # as a bulk import writes
    refused = tab.post(url, {**_edit_form(an), "phone": "0987000222", "version": version})
    assert refused.status_code == 400
    assert "Hồ sơ đã được sửa sau khi bạn mở trang. Tải lại trang" in refused.content.decode()
    an.refresh_from_db()
    assert (an.phone, an.hometown) == ("0911111111", "Huế")
