"""The demo's training work (demo/training.py): the commune scale through the services, the
nation's in bulk on one small province, read back by the training app's own rules."""

import hashlib
import random

import pytest

from tochuc.cadres.models import Cadre
from tochuc.core.models import AuditEvent
from tochuc.demo import generate
from tochuc.demo.people import REFERENCE_DATE
from tochuc.demo.training import BELOW, add_training, add_training_nation
from tochuc.members.models import MemberEvent
from tochuc.orgs.models import Organization
from tochuc.training.models import School, Trainee, TrainingClass
from tochuc.training.selectors import cadres_studying, running_q

pytestmark = pytest.mark.django_db

ON = REFERENCE_DATE
PROGRAMMES = {
    "Cao cấp lý luận chính trị",
    "Trung cấp lý luận chính trị - hành chính",
    "Sơ cấp lý luận chính trị",
    "Bồi dưỡng lý luận chính trị cho đảng viên mới",
    "Bồi dưỡng nhận thức về Đảng",
    "Bồi dưỡng cấp ủy viên",
    "Bồi dưỡng theo chức danh lãnh đạo, quản lý",
}


def _levels_given_are_held() -> int:
    """Every completion that gave a level: the member holds it, had the one below, and their
    timeline says so (the class's «training» event on the completion's day)."""
    given = Trainee.objects.filter(level_given__gt="").select_related(
        "member", "training_class__programme"
    )
    events = {
        (e.member_id, e.effective_date, e.details["class"])
        for e in MemberEvent.objects.filter(kind="training")
    }
    for t in given:
        assert t.status == "completed"
        assert t.member.theory_level == t.level_given == t.training_class.programme.theory_level
        assert t.level_before == BELOW[t.level_given]
        assert (t.member_id, t.completed_on, t.training_class.name) in events
    assert len(events) == given.count()
    return given.count()


def _finished_and_running() -> None:
    finished = Trainee.objects.filter(training_class__ends_on__lt=ON)
    assert not finished.filter(status="enrolled").exists()
    completed = finished.filter(status="completed")
    dropped = finished.filter(status="dropped")
    assert 0 < dropped.count() < completed.count() / 10
    assert not dropped.filter(dropped_reason="").exists()
    assert not dropped.filter(dropped_on__isnull=True).exists()
    assert not completed.filter(certificate_number="").exists()
    assert not completed.filter(result="").exists()
    # the classes running on the reference day keep their trainees enrolled; one that gives a
    # level has members one level below, who will get it there
    running = TrainingClass.objects.filter(running_q(ON)).select_related("programme")
    assert running.filter(programme__theory_level__gt="").exists()
    for klass in running:
        trainees = list(klass.trainees.select_related("member"))
        assert trainees and {t.status for t in trainees} == {"enrolled"}, klass.name
        level = klass.programme.theory_level
        if level:
            assert {t.member.theory_level for t in trainees} == {BELOW[level]}, klass.name


def test_the_commune_scale_has_ten_years_of_classes_made_through_the_services():
    generate(scale="commune", seed=1)
    province = Organization.objects.get(code="T04")
    classes = TrainingClass.objects.select_related("programme", "organization", "school")

    # the province's political school and a centre for each commune
    school = School.objects.get(organization=province)
    assert (school.name, school.kind) == ("Trường Chính trị tỉnh Cao Bằng", "school")
    communes = Organization.objects.filter(parent=province, kind="upper").exclude(
        code__contains="-"
    )
    centres = School.objects.filter(kind="centre")
    assert sorted(centres.values_list("organization", flat=True)) == sorted(
        communes.values_list("pk", flat=True)
    )
    assert centres.filter(name__startswith="Trung tâm Chính trị xã").exists()
    # ten years of classes of every programme, each held by its organizer's school
    assert {c.programme.name for c in classes} == PROGRAMMES
    assert {c.starts_on.year for c in classes} == set(range(2017, ON.year + 1))
    assert all(c.school.organization_id == c.organization_id for c in classes)
    assert not classes.filter(starts_on__gt=ON).exists()
    middle = classes.filter(programme__name="Trung cấp lý luận chính trị - hành chính")
    assert {c.organization for c in middle} == {province}
    assert {c.mode for c in middle} == {"part_time"}
    # the trainees are people of the organizer's subtree
    for t in Trainee.objects.select_related("organization", "training_class__organization"):
        assert t.organization.path.startswith(t.training_class.organization.path), t.full_name
    assert _levels_given_are_held() > 50
    _finished_and_running()
    # the admission pipeline's candidates took their course in their commune's class, on the
    # day their file records
    taken = Trainee.objects.filter(candidate__isnull=False, status="completed").select_related(
        "candidate"
    )
    assert taken.exists()
    assert all(t.certificate_date == t.candidate.course_date for t in taken)
    assert Trainee.objects.filter(candidate__isnull=False, status="enrolled").exists() or (
        not Trainee.objects.filter(candidate__step="listed").exists()
    )
    # the cadres' staff profile reads «đang học»
    assert cadres_studying(Cadre.objects.all(), ON)
    # through the services: their audit rows, one a class and one an enrolment
    assert AuditEvent.objects.filter(action="training.class_create").count() == classes.count()
    assert AuditEvent.objects.filter(action="training.enrol").count() == Trainee.objects.count()
    assert AuditEvent.objects.filter(action="training.complete").count() == (
        Trainee.objects.filter(status="completed").count()
    )
    # a province with classes is left as it is
    assert add_training(rng=random.Random(1), province=province) == 0


@pytest.fixture
def nation(monkeypatch):
    """Bắc Ninh alone, at the nation's scale (the bulk path), about 1.800 members."""
    from tochuc.demo import generator

    one = [u for u in generator.provinces() if u.label.endswith("Bắc Ninh")]
    monkeypatch.setattr(generator, "provinces", lambda: one)
    load = generator.load_admin_units  # its tree only, not the 34 provinces'
    monkeypatch.setattr(
        generator, "load_admin_units", lambda **kw: load(province=one[0].bare, **kw)
    )
    monkeypatch.setattr(generator, "NATION_MEMBERS", 60_000)
    said = []
    generate(scale="nation", seed=1, progress=said.append)
    return Organization.objects.get(code=one[0].org_code), said


def _digest() -> str:
    rows = [
        TrainingClass.objects.order_by("organization__code", "starts_on", "name").values_list(
            "organization__code", "programme__name", "name", "starts_on", "ends_on", "school__name"
        ),
        Trainee.objects.order_by(
            "training_class__organization__code",
            "training_class__starts_on",
            "training_class__name",
            "full_name",
            "birth_date",
        ).values_list(
            "training_class__name",
            "member__citizen_id",
            "candidate__full_name",
            "full_name",
            "status",
            "completed_on",
            "level_given",
        ),
    ]
    return hashlib.sha256(repr([list(r) for r in rows]).encode()).hexdigest()


def test_the_nation_scale_writes_in_bulk_the_same_by_seed(nation):
    province, said = nation
    classes = TrainingClass.objects.all()
    years = {d.year for d in classes.values_list("starts_on", flat=True)}
    assert years == set(range(2017, ON.year + 1))
    assert classes.count() > 10 * 20
    assert Trainee.objects.count() > 10 * classes.count()
    assert School.objects.filter(organization=province, kind="school").count() == 1
    _levels_given_are_held()
    _finished_and_running()
    # no audit row per line: one for the province
    assert AuditEvent.objects.filter(action="demo.training").count() == 1
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()
    assert any("lượt học viên đào tạo, bồi dưỡng" in line for line in said)

    # deterministic, and added to an existing database (the bench's) the same
    digest = _digest()
    count = Trainee.objects.count()
    Trainee.objects.all().delete()
    TrainingClass.objects.all().delete()
    MemberEvent.objects.filter(kind="training").delete()
    assert add_training_nation(seed=1) == count  # the members and the schools kept
    assert _digest() == digest
    assert add_training_nation(seed=1) == 0  # a province with classes is left as it is
