"""Reads of the training work, scoped to the actor: a class is seen by the organizer's subtree
and by the organizations of its trainees, each of those seeing only its own trainees; and who
is studying on a day (the staff profile's «đang học»)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.formats import percent
from tochuc.core.scope import in_scope, subtree_q
from tochuc.training.models import Programme, School, Trainee, TrainingClass, TrainingPlan


def classes_of(actor, organization=None) -> QuerySet[TrainingClass]:
    """The classes the actor sees (narrowed to `organization`'s subtree when given): those
    organized in it, and those with a trainee of it. The two sets are read apart, each by its
    index (the organizer's; the trainees' organization), and joined by id: an OR of the two
    made PostgreSQL hash the whole tree and every trainee (0,9 s for a city)."""
    found = TrainingClass.objects.all()
    own = subtree_q(actor, organization, "organization__path")
    if own:  # (the whole tree's reader has no condition: every class)
        ids = set(TrainingClass.objects.filter(own).values_list("pk", flat=True))
        ids |= set(
            Trainee.objects.filter(own).values_list("training_class_id", flat=True).distinct()
        )
        found = found.filter(pk__in=ids)
    return (
        found.select_related("programme", "organization", "school", "decision")
        .prefetch_related("co_organizers")
        .order_by("-starts_on", "id")
    )


def with_counts(classes) -> list[TrainingClass]:
    """The classes (a page of them, or a file's) each with `n`, its trainees, and `done`, those
    completed: one grouped query for them all."""
    classes = list(classes)
    counts = {
        row["training_class"]: row
        for row in Trainee.objects.filter(training_class__in=[k.pk for k in classes])
        .values("training_class")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status=Trainee.Status.COMPLETED)))
        .order_by()
    }
    for k in classes:
        got = counts.get(k.pk, {})
        k.n, k.done = got.get("n", 0), got.get("done", 0)
    return classes


def classes_filtered(actor, organization, f: dict, on: date) -> QuerySet[TrainingClass]:
    """The classes list's rows (classes_of) by its filters (training.forms.ClassFilterForm's
    cleaned data): programme, kind, year or period of the first day, status on `on`, held
    (not cancelled), organized (in the subtree)."""
    found = classes_of(actor, organization)
    if f.get("programme"):
        found = found.filter(programme=f["programme"])
    if f.get("kind"):
        found = found.filter(programme__kind=f["kind"])
    if f.get("year"):
        found = found.filter(starts_on__year=f["year"])
    if f.get("start"):
        found = found.filter(starts_on__gte=f["start"])
    if f.get("end"):
        found = found.filter(starts_on__lte=f["end"])
    if f.get("status"):
        found = found.filter(state_q(f["status"], on))
    if f.get("held"):
        found = found.exclude(status=TrainingClass.Status.CANCELLED)
    if f.get("organized"):
        found = found.filter(subtree_q(actor, organization, "organization__path"))
    return found


def trainees_filtered(actor, organization, f: dict, on: date) -> QuerySet[Trainee]:
    """The people of the subtree in classes (where they are: the trainee's organization), by
    the trainees list's filters (training.forms.TraineeFilterForm): programme, kind, the level
    the programme gives, gender, status, completed in the period, studying on `on`."""
    found = Trainee.objects.filter(subtree_q(actor, organization, "organization__path"))
    if f.get("programme"):
        found = found.filter(training_class__programme=f["programme"])
    if f.get("kind"):
        found = found.filter(training_class__programme__kind=f["kind"])
    if f.get("level"):
        found = found.filter(training_class__programme__theory_level=f["level"])
    if f.get("gender"):
        found = found.filter(gender=f["gender"])
    if f.get("status"):
        found = found.filter(status=f["status"])
    if f.get("status") == Trainee.Status.COMPLETED:  # a cancelled class's are no completions
        found = found.exclude(training_class__status=TrainingClass.Status.CANCELLED)
    if f.get("start"):
        found = found.filter(completed_on__gte=f["start"])
    if f.get("end"):
        found = found.filter(completed_on__lte=f["end"])
    if f.get("running"):
        found = found.filter(running_q(on, "training_class__"), status=Trainee.Status.ENROLLED)
    return found.select_related("organization", "training_class__programme").order_by(
        "-training_class__starts_on", "training_class_id", "id"
    )


@dataclass
class PlanRow:
    programme: Programme
    plan: TrainingPlan | None
    classes: int  # held in the year (not cancelled)
    trainees: int  # in those classes, not dropped

    @property
    def classes_percent(self) -> str:
        return percent(self.classes, self.plan.classes) if self.plan else ""

    @property
    def trainees_percent(self) -> str:
        return percent(self.trainees, self.plan.trainees) if self.plan else ""


def plan_table(actor, organization, year: int) -> list[PlanRow]:
    """The organizer's plan for `year` against what it did: per programme planned or held,
    the classes it organized itself that started in the year (not cancelled) and their
    trainees (not dropped). Two grouped queries."""
    if not in_scope(actor, organization):
        raise NotFound
    if not 2000 <= year <= 2100:
        raise ServiceError({"year": [f"Năm {year}: chọn năm từ 2000 đến 2100."]})
    plans = {
        p.programme_id: p for p in TrainingPlan.objects.filter(organization=organization, year=year)
    }
    held = (
        TrainingClass.objects.filter(organization=organization, starts_on__year=year)
        .exclude(status=TrainingClass.Status.CANCELLED)
        .values("programme")
        .annotate(
            n=Count("id", distinct=True),
            people=Count("trainees", filter=~Q(trainees__status=Trainee.Status.DROPPED)),
        )
        .order_by()
    )
    done = {row["programme"]: (row["n"], row["people"]) for row in held}
    return [
        PlanRow(p, plans.get(p.pk), *done.get(p.pk, (0, 0)))
        for p in Programme.objects.all()
        if p.pk in plans or p.pk in done
    ]


def state_q(status: str, on: date) -> Q:
    """The classes whose status on `on` is `status` (TrainingClass.state, in the database)."""
    S = TrainingClass.Status
    open_ = ~Q(status__in=[S.CANCELLED, S.FINISHED])
    return {
        S.PLANNED: open_ & Q(starts_on__gt=on),
        S.RUNNING: running_q(on),
        S.FINISHED: Q(status=S.FINISHED) | (open_ & Q(ends_on__lt=on)),
        S.CANCELLED: Q(status=S.CANCELLED),
    }[status]


def class_get(actor, pk) -> TrainingClass:
    try:
        return classes_of(actor).get(pk=pk)
    except (TrainingClass.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def schools_for(organization) -> QuerySet[School]:
    """The schools a class of `organization` may be held with: its own and those of the
    levels above it (the province's political school, the Academy)."""
    return School.objects.filter(organization_id__in=organization.ancestor_ids()).select_related(
        "organization"
    )


def schools_seen(actor, organization) -> QuerySet[School]:
    """The schools of `organization`'s subtree and of the levels above it (those its classes
    may be held with), in the tree's order."""
    return (
        School.objects.filter(
            Q(subtree_q(actor, organization, "organization__path"))
            | Q(organization_id__in=organization.ancestor_ids())
        )
        .select_related("organization")
        .order_by("organization__path", "name")
    )


def trainees_of(actor, training_class: TrainingClass) -> QuerySet[Trainee]:
    """The class's trainees the actor may read: all of them for the organizer's subtree,
    else those of the actor's own subtree (another organization's people are theirs)."""
    trainees = training_class.trainees.select_related("organization", "member", "cadre")
    if in_scope(actor, training_class.organization):
        return trainees.order_by("id")
    return trainees.filter(subtree_q(actor, field="organization__path")).order_by("id")


def trainee_get(actor, pk) -> Trainee:
    """A trainee the actor may read (as trainees_of sees them)."""
    try:
        trainee = Trainee.objects.select_related("training_class__organization").get(pk=pk)
    except (Trainee.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    klass = trainee.training_class
    if not (in_scope(actor, klass.organization) or in_scope(actor, trainee.organization)):
        raise NotFound
    return trainee


def running_q(on: date, prefix: str = "") -> Q:
    """The classes running on `on`: between their dates, neither cancelled nor finished."""
    return Q(**{f"{prefix}starts_on__lte": on, f"{prefix}ends_on__gte": on}) & ~Q(
        **{f"{prefix}status__in": [TrainingClass.Status.CANCELLED, TrainingClass.Status.FINISHED]}
    )


def cadres_studying(cadres, on: date) -> dict[str, set[int]]:
    """The cadres of `cadres` (a queryset, the caller's scope) enrolled, on `on`, in a running
    class whose programme gives a theory level: by that level (cadres.studying's source)."""
    found: dict[str, set[int]] = {}
    rows = (
        Trainee.objects.filter(
            running_q(on, "training_class__"),
            Q(cadre__in=cadres.values("id")) | Q(member__cadre__in=cadres.values("id")),
            status=Trainee.Status.ENROLLED,
            training_class__programme__theory_level__gt="",
        )
        .values_list("cadre_id", "member__cadre", "training_class__programme__theory_level")
        .order_by()
    )
    for cadre, member_cadre, level in rows:
        found.setdefault(level, set()).add(cadre or member_cadre)
    return found
