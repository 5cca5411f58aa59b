"""The training pages: the classes an organization sees (organized in its subtree or with a
trainee of it), a class opened, a class with the trainees the reader may see and its writes
(a person enrolled, the class cancelled), a trainee with theirs (completed, left). Thin: each
parses a form, calls one service or selector, renders."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tochuc.cadres.views.common import organization_param
from tochuc.core.errors import NotFound
from tochuc.core.formats import number
from tochuc.core.forms import form_submit
from tochuc.core.scope import in_scope
from tochuc.members.forms import MemberFilterForm
from tochuc.members.reference import THEORY_LEVELS
from tochuc.members.selectors import member_list
from tochuc.orgs.selectors import organization_get
from tochuc.training import exports, selectors, send, services
from tochuc.training.forms import (
    CancelForm,
    ClassFilterForm,
    ClassForm,
    CompleteForm,
    EnrolForm,
    EnrolListForm,
    LeaveForm,
    PlanForm,
    SchoolForm,
    SendFilterForm,
    TraineeFilterForm,
)
from tochuc.training.models import Trainee


def _paged(request, rows):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(rows, 50).get_page(request.GET.get("page")), query.urlencode()


def classes(request):
    """The classes, the latest first, a page at a time, with their trainees counted."""
    org = organization_param(request)
    form = ClassFilterForm(request.GET)
    found = selectors.classes_filtered(request.user, org, form.got, date.today())
    if request.GET.get("format") == "xlsx":
        rows = selectors.with_counts(found)
        return exports.classes_xlsx(actor=request.user, organization=org, rows=rows, f=form.got)
    page, query = _paged(request, found)
    selectors.with_counts(page.object_list)
    context = {"org": org, "form": form, "page": page, "query": query}
    return render(request, "training/classes.html", context)


def people(request):
    """The people of the subtree in classes, a page at a time (what a trainees' figure counts)."""
    org = organization_param(request)
    form = TraineeFilterForm(request.GET)
    on = form.got.get("on") or date.today()
    found = selectors.trainees_filtered(request.user, org, form.got, on)
    if request.GET.get("format") == "xlsx":
        response = exports.trainees_xlsx(
            actor=request.user, organization=org, rows=found, f=form.got
        )
        if response is None:
            return render(request, "members/export_busy.html", {"org": org}, status=409)
        return response
    page, query = _paged(request, found)
    context = {"org": org, "form": form, "page": page, "query": query, "on": on}
    return render(request, "training/people.html", context)


def send_next(request):
    """Who to send next: the subtree's cadres short of the theory level a position of theirs
    asks for (held, or planned in the term in force), a page at a time, with the positions
    and the class they study in now."""
    org = organization_param(request)
    form = SendFilterForm(request.GET)
    on = form.got.get("on") or date.today()
    studying = {"1": True, "0": False}.get(form.got.get("studying") or "")
    rows = send.lacking(request.user, org, on, level=form.got.get("level", ""), studying=studying)
    if request.GET.get("format") == "xlsx":
        return exports.send_next_xlsx(
            actor=request.user, organization=org, rows=rows, on=on, f=form.got
        )
    page, query = _paged(request, rows)
    positions = send.positions_lacking(page.object_list, on)
    listed = [
        (c, send.level_label(c.has), send.level_label(c.needed), positions[c.pk]) for c in page
    ]
    context = {"org": org, "form": form, "page": page, "rows": listed, "query": query, "on": on}
    return render(request, "training/send_next.html", context)


@require_http_methods(["GET", "POST"])
def schools(request):
    """The schools of ?organization='s subtree and of the levels above it; its writers record
    one of their own."""
    org = organization_param(request)
    if org is None:
        raise NotFound
    form = SchoolForm(request.POST or None)
    if request.method == "POST":
        made = form_submit(
            form,
            lambda d: services.school_create(
                actor=request.user, organization=org, name=d["name"], kind=d["kind"]
            ),
        )
        if made is not None:
            messages.success(request, f"Đã ghi {made.name}.")
            return redirect(f"{request.path}?organization={org.pk}")
    context = {
        "org": org,
        "schools": selectors.schools_seen(request.user, org),
        "form": form if request.user.can_write else None,
    }
    return render(request, "training/schools.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def plan(request):
    """The yearly plan of the organizer ?organization= for ?year= (this year) against what it
    did, per programme; its writers set a programme's line (0 and 0 clears it)."""
    org = organization_param(request)
    if org is None:
        raise NotFound
    try:
        year = int(request.GET.get("year") or date.today().year)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        messages.error(request, "Năm kế hoạch từ 2000 đến 2100: đang xem năm nay.")
        year = date.today().year
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        form_submit(
            form,
            lambda d: services.plan_set(
                actor=request.user,
                organization=org,
                year=year,
                programme=d["programme"],
                classes=d["classes"],
                trainees=d["trainees"],
                note=d["note"],
            ),
        )
        if not form.errors:
            messages.success(request, f"Đã ghi kế hoạch năm {year}.")
            return redirect(f"{request.path}?organization={org.pk}&year={year}")
    rows = selectors.plan_table(request.user, org, year)
    if request.GET.get("format") == "xlsx":
        return exports.plan_xlsx(actor=request.user, organization=org, year=year, rows=rows)
    context = {
        "org": org,
        "year": year,
        "rows": rows,
        "form": form if request.user.can_write else None,
        "totals": [
            sum(r.plan.classes for r in rows if r.plan),
            sum(r.classes for r in rows),
            sum(r.plan.trainees for r in rows if r.plan),
            sum(r.trainees for r in rows),
        ],
    }
    return render(request, "training/plan.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def class_new(request):
    """Open a class organized by ?organization=."""
    org = organization_param(request)
    if org is None:
        raise NotFound
    form = ClassForm(request.POST or None, actor=request.user, organization=org)
    if request.method == "POST":
        made = form_submit(
            form,
            lambda d: services.class_create(
                actor=request.user,
                organization=org,
                programme=d["programme"],
                name=d["name"],
                mode=d["mode"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                school=d["school"],
                place=d["place"],
                planned_size=d["planned_size"],
                decision=d["decision"],
                co_organizers=d["co_organizers"],
            ),
        )
        if made is not None:
            messages.success(request, f"Đã mở lớp {made.name}.")
            return redirect("training:class", pk=made.pk)
    status = 400 if form.errors else 200
    return render(request, "training/class_new.html", {"org": org, "form": form}, status=status)


def _class_page(request, klass, *, enrol=None, cancel=None, status=200):
    sees_all = in_scope(request.user, klass.organization)
    organizer = sees_all and request.user.can_write
    open_ = klass.state() not in (klass.Status.CANCELLED, klass.Status.FINISHED)
    if organizer and open_:
        enrol = enrol or EnrolForm(
            actor=request.user,
            organization=klass.organization,
            initial={"enrolled_on": klass.starts_on},
        )
    if organizer and klass.status != klass.Status.CANCELLED:
        cancel = cancel or CancelForm(prefix="cancel")
    context = {
        "klass": klass,
        "organizer": sees_all,
        "trainees": selectors.trainees_of(request.user, klass),
        "enrol": enrol if organizer and open_ else None,
        "cancel": cancel,
    }
    return render(request, "training/class.html", context, status=status)


def class_page(request, pk):
    return _class_page(request, selectors.class_get(request.user, pk))


@require_POST
def enrol(request, pk):
    klass = selectors.class_get(request.user, pk)
    form = EnrolForm(request.POST, actor=request.user, organization=klass.organization)
    done = form_submit(
        form,
        lambda d: services.trainee_enrol(
            actor=request.user,
            training_class=klass,
            on=d["enrolled_on"],
            member=d["member"],
            candidate=d["candidate"],
            cadre=d["cadre"],
            full_name=d["full_name"],
            birth_date=d["birth_date"],
            gender=d["gender"],
        ),
    )
    if done is None:
        return _class_page(request, klass, enrol=form, status=400)
    messages.success(request, f"Đã ghi {done.full_name} vào lớp.")
    return redirect("training:class", pk=klass.pk)


def _listed(request, klass, today):
    """Whom ?source= names for a class: `send_next`, the cadres of the organizer's subtree
    short of ?level= (the programme's) and not studying; else the members the member list's
    filters (?q=&status=&gender=&theory_level=...) find in the organizer's subtree (or in
    ?organization=, inside it). Returns (source, level, filter form, people queryset)."""
    if request.GET.get("source") == "send_next" or (
        "source" not in request.GET and klass.programme.theory_level
    ):
        level = request.GET.get("level") or klass.programme.theory_level or "so_cap"
        if level not in send.CODES[1:]:
            raise NotFound
        cadres = send.lacking(request.user, klass.organization, today, level=level, studying=False)
        return "send_next", level, None, cadres.select_related("member")
    form = MemberFilterForm(request.GET)
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    org = klass.organization
    if filters.get("organization"):
        org = organization_get(actor=request.user, pk=filters["organization"])
        if not org.path.startswith(klass.organization.path):
            raise NotFound
    filters.pop("organization", None)
    return "members", "", form, member_list(actor=request.user, organization=org, **filters)


@require_http_methods(["GET", "POST"])
def enrol_list(request, pk):
    """Enrol a whole list at once: the members of a filtered list, or the cadres who still
    lack the level the class gives (who to send next); a preview, then one write."""
    klass = selectors.class_get(request.user, pk)
    if not in_scope(request.user, klass.organization):
        raise NotFound
    today = date.today()
    source, level, filters, people = _listed(request, klass, today)
    form = EnrolListForm(request.POST or None, initial={"enrolled_on": max(klass.starts_on, today)})
    if request.method == "POST":
        listed = list(people[: services.MANY + 1])
        if source == "send_next":  # a member's cadre record enrols the member
            listed = [c.member if c.member_id else c for c in listed]
        done = form_submit(
            form,
            lambda d: services.trainees_enrol_many(
                actor=request.user, training_class=klass, people=listed, on=d["enrolled_on"]
            ),
        )
        if done is not None:
            made, skipped = done
            said = f"Đã ghi {number(len(made))} người vào lớp"
            if skipped:
                said += f"; {number(skipped)} người đã có trong lớp"
            messages.success(request, said + ".")
            return redirect("training:class", pk=klass.pk)
    query = request.GET.urlencode()
    context = {
        "klass": klass,
        "source": source,
        "level": level,
        "level_label": dict(THEORY_LEVELS).get(level, ""),
        "filters": filters,
        "count": people.count(),
        "preview": people[:20],
        "form": form,
        "query": query,
        "many": services.MANY,
    }
    return render(request, "training/enrol_list.html", context, status=400 if form.errors else 200)


@require_POST
def cancel(request, pk):
    klass = selectors.class_get(request.user, pk)
    form = CancelForm(request.POST, prefix="cancel")
    done = form_submit(
        form,
        lambda d: services.class_cancel(
            actor=request.user, training_class=klass, on=d["on"], reason=d["reason"]
        ),
    )
    if done is None:
        return _class_page(request, klass, cancel=form, status=400)
    messages.success(request, f"Đã hủy lớp {done.name}.")
    return redirect("training:class", pk=klass.pk)


def _trainee_page(request, trainee, *, complete=None, drop=None, status=200):
    klass = selectors.class_get(request.user, trainee.training_class_id)
    writes = (
        in_scope(request.user, klass.organization)
        and request.user.can_write
        and trainee.status == Trainee.Status.ENROLLED
        and klass.status != klass.Status.CANCELLED
    )
    context = {
        "trainee": trainee,
        "klass": klass,
        "complete": (complete or CompleteForm(prefix="done")) if writes else None,
        "drop": (drop or LeaveForm(prefix="drop")) if writes else None,
    }
    return render(request, "training/trainee.html", context, status=status)


def trainee_page(request, pk):
    return _trainee_page(request, selectors.trainee_get(request.user, pk))


@require_POST
def complete(request, pk):
    trainee = selectors.trainee_get(request.user, pk)
    form = CompleteForm(request.POST, prefix="done")
    done = form_submit(
        form,
        lambda d: services.trainee_complete(
            actor=request.user,
            trainee=trainee,
            on=d["on"],
            result=d["result"],
            certificate_number=d["certificate_number"],
            certificate_date=d["certificate_date"],
            absences=d["absences"],
        ),
    )
    if done is None:
        return _trainee_page(request, trainee, complete=form, status=400)
    said = f"{done.full_name} hoàn thành lớp"
    if done.level_given:
        said += f"; trình độ lý luận chính trị nâng lên {done.get_level_given_display()}"
    messages.success(request, said + ".")
    return redirect("training:trainee", pk=trainee.pk)


@require_POST
def drop(request, pk):
    trainee = selectors.trainee_get(request.user, pk)
    form = LeaveForm(request.POST, prefix="drop")
    done = form_submit(
        form,
        lambda d: services.trainee_drop(
            actor=request.user, trainee=trainee, on=d["on"], reason=d["reason"]
        ),
    )
    if done is None:
        return _trainee_page(request, trainee, drop=form, status=400)
    messages.success(request, f"Đã ghi {done.full_name} thôi học.")
    return redirect("training:trainee", pk=trainee.pk)
