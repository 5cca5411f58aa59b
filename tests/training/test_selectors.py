"""Who sees a class and its trainees: the organizer's subtree all of them, a trainee's
organization the class and its own people only, another province nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_user
from tests.training.test_services import make_class
from tochuc.core.errors import NotFound
from tochuc.training.selectors import class_get, classes_of, trainee_get, trainees_of
from tochuc.training.services import trainee_enrol

pytestmark = pytest.mark.django_db


def test_a_province_class_is_seen_by_its_trainees_organizations_each_their_own(two_provinces):
    a, b = two_provinces
    klass = make_class(a)
    on = date(2025, 3, 1)
    ours = trainee_enrol(actor=a.staff, training_class=klass, on=on, member=a.members[0])
    other = trainee_enrol(actor=a.staff, training_class=klass, on=on, member=a.members[1])
    without_branch = make_class(a, "Sơ cấp lý luận chính trị")  # nobody of the branch in it

    assert list(classes_of(a.staff)) == [klass, without_branch]  # the same start: by id
    assert list(trainees_of(a.staff, klass)) == [ours, other]

    # the secretary of branch 1 (Nguyễn Văn An's): the class, and only An
    secretary = a.secretary
    assert list(classes_of(secretary)) == [klass]
    assert class_get(secretary, klass.pk) == klass
    assert list(trainees_of(secretary, klass)) == [ours]
    assert trainee_get(secretary, ours.pk) == ours
    with pytest.raises(NotFound):
        trainee_get(secretary, other.pk)
    with pytest.raises(NotFound):
        class_get(secretary, without_branch.pk)

    # another province: nothing
    assert not classes_of(b.staff).exists()
    for get, pk in ((class_get, klass.pk), (trainee_get, ours.pk)):
        with pytest.raises(NotFound):
            get(b.staff, pk)

    # the province's bloc has nobody in either class
    bloc = make_user("bloc_user", "staff", a.bloc)
    assert not classes_of(bloc).exists()


def test_the_whole_trees_reader_sees_a_class_with_nobody_in_it(two_provinces, admin):
    from datetime import date

    from tochuc.training.models import Programme
    from tochuc.training.selectors import class_get, classes_of
    from tochuc.training.services import class_create

    a, _ = two_provinces
    klass = class_create(
        actor=admin,
        organization=a.commune,
        programme=Programme.objects.get(name="Sơ cấp lý luận chính trị"),
        name="Lớp chưa có ai",
        mode="full_time",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 5),
    )
    assert class_get(admin, klass.pk) == klass
    assert list(classes_of(admin)) == [klass]
    assert list(classes_of(a.staff, a.commune)) == [klass]
