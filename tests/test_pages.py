"""Pages as the browser gets them: login, scope on every page, forms that explain errors."""

import pytest

from tochuc.members.models import Member
from tochuc.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_pages_need_login(client, two_provinces):
    a, _ = two_provinces
    for url in [
        "/",
        "/organizations/",
        f"/organizations/{a.province.pk}/",
        "/members/",
        f"/members/{a.members[0].pk}/",
        "/users/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_login_page_in_vietnamese(client, two_provinces):
    response = client.post("/login/", {"username": "staff_a", "password": "sai-mat-khau"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    response = client.post("/login/", {"username": "staff_a", "password": "matkhau-123"})
    assert response.status_code == 302


def test_every_page_refuses_the_other_province(staff_a, two_provinces):
    _, b = two_provinces
    member = b.members[0]
    gets = [
        f"/organizations/{b.province.pk}/",
        f"/organizations/{b.office.pk}/children/",
        f"/members/{member.pk}/",
        f"/members/{member.pk}/edit/",
        f"/members/new/?organization={b.office.pk}",
        f"/members/?organization={b.province.pk}",
    ]
    for url in gets:
        assert staff_a.get(url).status_code == 404, url
    posts = {
        f"/organizations/{b.province.pk}/create/": {"name": "Chi bộ X", "kind": "upper"},
        f"/organizations/{b.office.pk}/rename/": {"name": "Đổi"},
        f"/organizations/{b.bloc.pk}/move/": {"new_parent": str(b.province.pk)},
        f"/members/{member.pk}/edit/": {"full_name": "Lê Văn Đổi"},
        f"/members/new/?organization={b.office.pk}": {"full_name": "Lê Văn Mới"},
    }
    for url, data in posts.items():
        assert staff_a.post(url, data).status_code == 404, url
    assert Organization.objects.get(pk=b.office.pk).name == "Chi bộ Sở Nội vụ"
    assert Member.objects.get(pk=member.pk).full_name == "Lê Văn Bình"
    # Search and lists show nothing of B either.
    assert "Lê Văn Bình" not in staff_a.get("/members/?q=le van binh").content.decode()
    assert "Lạng Sơn" not in staff_a.get("/organizations/?q=lang son").content.decode()
    assert "Lạng Sơn" not in staff_a.get("/organizations/").content.decode()


def test_users_page_is_for_admins_only(staff_a, client, admin):
    assert staff_a.get("/users/").status_code == 403


def test_tree_level_renders_with_few_queries(staff_a, two_provinces, django_assert_max_num_queries):
    a, _ = two_provinces
    with django_assert_max_num_queries(8):
        response = staff_a.get(f"/organizations/{a.commune.pk}/children/")
    html = response.content.decode()
    assert "Đảng bộ Trường THPT Cao Bằng" in html and "2 chi bộ trực thuộc, 2 đảng viên" in html


def test_member_list_page_query_count_does_not_grow(
    staff_a, two_provinces, admin, django_assert_max_num_queries
):
    from tests.factories import make_member

    a, _ = two_provinces
    for i in range(30):
        make_member(admin, a.branch1, full_name=f"Phạm Văn Tư {chr(65 + i % 26)}a")
    with django_assert_max_num_queries(10):
        response = staff_a.get("/members/")
    assert response.content.decode().count('href="/members/') >= 33


def test_member_list_search_filters_and_order(staff_a, two_provinces):
    html = staff_a.get("/members/?q=tran thi anh").content.decode()
    assert "Trần Thị Ánh" in html and "Nguyễn Văn An" not in html
    html = staff_a.get("/members/?status=probationary").content.decode()
    assert "Hoàng Văn Dũng" in html and "Trần Thị Ánh" not in html
    html = staff_a.get("/members/").content.decode()
    # Official order: given name first — An < Ánh < Dũng.
    assert html.index("Nguyễn Văn An") < html.index("Trần Thị Ánh") < html.index("Hoàng Văn Dũng")


def test_member_list_partial_for_htmx(staff_a, two_provinces):
    response = staff_a.get("/members/?q=dung", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Hoàng Văn Dũng" in html


def test_edit_form_explains_each_problem_and_saves_nothing(staff_a, two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    url = f"/members/{member.pk}/edit/"
    form = {
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": "15/03/1985",
        "ethnicity": "Kinh",
        "religion": "Không",
        "citizen_id": "12345",
        "admission_date": "30/02/2010",
        "status": "official",
        "official_date": "19/05/2011",
    }
    response = staff_a.post(url, form)
    html = response.content.decode()
    assert response.status_code == 400
    assert "«30/02/2010» không phải ngày có thật" in html
    form["admission_date"] = "19/05/2010"
    html = staff_a.post(url, form).content.decode()
    assert "Số CCCD phải gồm đúng 12 chữ số." in html
    member.refresh_from_db()
    assert member.citizen_id != "12345"
    form["citizen_id"] = member.citizen_id
    form["phone"] = "0987654321"
    assert staff_a.post(url, form).status_code == 302
    member.refresh_from_db()
    assert member.phone == "0987654321"
    assert "0987654321" in staff_a.get(f"/members/{member.pk}/").content.decode()


def test_create_member_in_branch(staff_a, two_provinces):
    a, _ = two_provinces
    form = {
        "full_name": "Nông Thị Hoa",
        "gender": "female",
        "birth_date": "01/02/2000",
        "ethnicity": "Tày",
        "religion": "Không",
        "admission_date": "03/02/2026",
        "status": "probationary",
    }
    response = staff_a.post(f"/members/new/?organization={a.village.pk}", form)
    assert response.status_code == 302
    member = Member.objects.get(full_name="Nông Thị Hoa")
    assert member.organization_id == a.village.pk
    # Not on a grassroots committee: members live in a chi bộ.
    response = staff_a.post(
        f"/members/new/?organization={a.school.pk}", {**form, "full_name": "Nông Thị Lan"}
    )
    assert response.status_code == 400
    assert "đảng viên sinh hoạt ở chi bộ" in response.content.decode()


def test_create_rename_move_organization(staff_a, two_provinces):
    a, _ = two_provinces
    response = staff_a.post(
        f"/organizations/{a.commune.pk}/create/",
        {"name": "Chi bộ Trạm Y tế", "kind": "grassroots_branch"},
    )
    assert response.status_code == 302
    new = Organization.objects.get(name="Chi bộ Trạm Y tế")
    assert new.parent_id == a.commune.pk
    staff_a.post(f"/organizations/{new.pk}/rename/", {"name": "Chi bộ Trạm Y tế xã"})
    new.refresh_from_db()
    assert new.name == "Chi bộ Trạm Y tế xã"
    response = staff_a.post(f"/organizations/{new.pk}/move/", {"new_parent": a.bloc.code})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.parent_id == a.bloc.pk and new.path.startswith(a.bloc.path)
    html = staff_a.get(f"/organizations/{new.pk}/").content.decode()
    assert "Đổi tên" in html and "Chuyển trực thuộc" in html
    # A branch cannot sit directly under a province: the form says why.
    response = staff_a.post(f"/organizations/{a.branch1.pk}/move/", {"new_parent": a.province.code})
    assert response.status_code == 400
    assert "không thể trực thuộc" in response.content.decode()


def test_viewer_and_secretary_limits(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.viewer)
    assert client.post(f"/organizations/{a.commune.pk}/rename/", {"name": "X"}).status_code == 403
    assert "Sửa hồ sơ" not in client.get(f"/members/{a.members[0].pk}/").content.decode()
    client.force_login(a.secretary)
    assert client.get(f"/members/{a.members[0].pk}/").status_code == 200  # own branch
    assert client.get(f"/members/{a.members[1].pk}/").status_code == 404  # another branch
    assert client.post(f"/organizations/{a.branch1.pk}/rename/", {"name": "X"}).status_code == 403


def test_admin_creates_scoped_user(client, admin, two_provinces):
    a, _ = two_provinces
    client.force_login(admin)
    response = client.post(
        "/users/",
        {
            "username": "bt_cb1",
            "role": "secretary",
            "scope": a.branch1.code,
            "password": "matkhau-dai",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/users/",
        {
            "username": "bt_sai",
            "role": "secretary",
            "scope": a.province.code,
            "password": "matkhau-dai",
        },
    )
    assert "Bí thư chi bộ phải có phạm vi là một chi bộ." in response.content.decode()


def test_todo_is_the_first_screen(staff_a, two_provinces, admin):
    from datetime import date, timedelta

    from tests.factories import make_member

    a, b = two_provinces
    admitted = date.today() - timedelta(days=400)
    make_member(
        admin,
        a.branch1,
        full_name="Lý Thị Hạn",
        gender="female",
        status="probationary",
        official_date=None,
        admission_date=admitted,
        birth_date=date(1996, 1, 1),
    )
    make_member(
        admin,
        b.office,
        full_name="Lý Văn Khác",
        status="probationary",
        official_date=None,
        admission_date=admitted,
    )
    html = staff_a.get("/").content.decode()
    assert "Việc cần làm" in html
    assert "Lý Thị Hạn" in html and "quá hạn" in html and "Lý Văn Khác" not in html
    # Branches with fewer than 3 official members, in scope only.
    assert "Chi bộ thôn Nà Cao Bằng</a> — 0 đảng viên chính thức" in html
    assert "Chi bộ dưới 3 đảng viên chính thức (4)" in html  # A's four, none of B's


def test_the_top_of_ones_scope_is_renamed_from_above_only(client, two_provinces):
    from tests.factories import make_user

    a, _ = two_provinces
    client.force_login(make_user("staff_x", "staff", a.commune))
    html = client.get(f"/organizations/{a.commune.pk}/").content.decode()
    assert "là tổ chức gốc trong phạm vi của bạn: chỉ cấp trên mới được đổi tên" in html
    assert f"/organizations/{a.commune.pk}/rename/" not in html
    response = client.post(f"/organizations/{a.commune.pk}/rename/", {"name": "Đảng bộ xã Hai"})
    assert response.status_code == 403
    assert "chỉ cấp trên mới được đổi tên" in response.content.decode()
    assert Organization.objects.get(pk=a.commune.pk).name == "Đảng bộ xã Một Cao Bằng"
    # The province's staff see the form on the commune, and rename it.
    client.force_login(a.staff)
    assert (
        f"/organizations/{a.commune.pk}/rename/"
        in client.get(f"/organizations/{a.commune.pk}/").content.decode()
    )
    client.post(f"/organizations/{a.commune.pk}/rename/", {"name": "Đảng bộ xã Hai"})
    assert Organization.objects.get(pk=a.commune.pk).name == "Đảng bộ xã Hai"
