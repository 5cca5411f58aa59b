"""The cadre work's pages of people: the staff profile of an office or organization (seed 002's
sentence), an official outside the Party's rolls recorded and their record (the same record
view as a member's cadre tab), and the moves recorded from a record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tochuc.cadres import services
from tochuc.cadres.forms import (
    AppointForm,
    CadreForm,
    ConcurrenceForm,
    HoldingEndForm,
    MoveForm,
    ReturnForm,
)
from tochuc.cadres.models import Cadre
from tochuc.cadres.record import TEMPLATE, cadre_context, record_forms
from tochuc.cadres.selectors import appointable, cadre_get, cadre_holdings
from tochuc.cadres.selectors.terms import (
    AGE_BANDS,
    PROFILE_FIELDS,
    profile_people,
    staff_profile,
    staff_sentence,
)
from tochuc.cadres.views.common import day_of, organization_param, refused
from tochuc.core.errors import Forbidden, NotFound
from tochuc.core.forms import form_submit
from tochuc.members.models import Gender
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.selectors import member_get
from tochuc.orgs.selectors import organization_pick


def profile(request):
    """?organization=&on=: the headcount of the cadres it manages by education, theory level,
    age band, gender and department, and who is studying for a theory level, as a table and
    as seed 002's sentence; each figure opens its people below (?field=&value=, ?band=,
    ?body=, ?studying_for=), 50 a page."""
    org = organization_param(request)
    on, error = day_of(request)
    context = {"org": org, "on": on, "error": error, "tables": [], "sentence": "", "people": None}
    if org is not None:
        p = staff_profile(request.user, org, on)

        def rows(field, counts, labels):
            return [
                (label, counts.get(code, 0), urlencode({"field": field, "value": code}))
                for code, label in reversed(labels)
            ]

        context["total"] = p.total
        context["sentence"] = staff_sentence(org.name, p)
        context["tables"] = [
            ("Trình độ chuyên môn", rows("education_level", p.by_education, EDUCATION_LEVELS)),
            ("Trình độ lý luận chính trị", rows("theory_level", p.by_theory, THEORY_LEVELS)),
            (
                "Đang học lý luận chính trị",
                [
                    (label, p.studying.get(code, 0), urlencode({"studying_for": code}))
                    for code, label in reversed(THEORY_LEVELS)
                    if code
                ],
            ),
            (
                "Độ tuổi",
                [
                    (label, p.by_age_band.get(label, 0), f"band={i}")
                    for i, (_, _, label) in enumerate(AGE_BANDS)
                ],
            ),
            ("Giới tính", rows("gender", p.by_gender, Gender.choices)),
        ]
        if p.by_body:
            context["tables"].append(
                (
                    "Phòng, đơn vị",
                    [(name, n, urlencode({"body": name})) for name, n in sorted(p.by_body.items())],
                )
            )
        context["query"] = urlencode({"organization": org.pk, "on": f"{on:%d/%m/%Y}"})
        context |= _profile_people(request, org, on, context["tables"])
    return render(request, "cadres/profile.html", context)


def _profile_people(request, org, on, tables) -> dict:
    """The people behind the figure the request names (none named: nothing), with the figure's
    label, a page at a time."""
    get = request.GET
    field, band, body = get.get("field", ""), get.get("band", ""), get.get("body", "")
    if field in PROFILE_FIELDS:
        chosen = {"field": field, "value": get.get("value", "")}
        named = urlencode(chosen)
    elif band.isdigit() and int(band) < len(AGE_BANDS):
        chosen, named = {"band": int(band)}, f"band={band}"
    elif body:
        chosen = {"body": body}
        named = urlencode(chosen)
    elif get.get("studying_for", "") in dict(THEORY_LEVELS) and get.get("studying_for"):
        chosen = {"studying_for": get["studying_for"]}
        named = urlencode(chosen)
    else:
        return {}
    label = next(
        (f"{title}: {label}" for title, rows in tables for label, _, q in rows if q == named), ""
    )
    people = profile_people(request.user, org, on, **chosen)
    page = Paginator(people, 50).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    return {"people": page, "people_label": label, "page": page, "page_query": query.urlencode()}


def _record_url(cadre: Cadre):
    if cadre.member_id:
        return redirect("members:detail", pk=cadre.member_id)
    return redirect("cadres:cadre", pk=cadre.pk)


def cadre(request, pk):
    """The record of an official outside the Party's rolls (a member's cadre record is the
    cadre tab of the member's page: redirected there)."""
    found = cadre_get(request.user, pk)
    if found.member_id:
        return redirect("members:detail", pk=found.member_id)
    context = {"cadre": found, "record": cadre_context(request.user, found), "template": TEMPLATE}
    return render(request, "cadres/cadre.html", context)


def forms_page(request, pk=None, member_pk=None):
    """The forms of the writes of a cadre's record (`pk`) or of a member's cadre tab
    (`member_pk`), which «Ghi …» on the record loads when opened (htmx: the forms alone;
    without it, a page of them)."""
    actor = request.user
    if member_pk is not None:
        member = member_get(actor=actor, pk=member_pk)
        found = Cadre.objects.filter(member=member).first()
    else:
        member, found = None, cadre_get(actor, pk)
    if not actor.can_write:
        raise Forbidden("Tài khoản chỉ có quyền xem, không được thay đổi dữ liệu.")
    context = {
        "ctx": record_forms(actor, found, member),
        "person": member or found,
        "back": reverse("members:detail", args=[member.pk]) if member else _record_url(found).url,
    }
    template = "cadres/_record_forms.html" if request.htmx else "cadres/record_forms.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def cadre_new(request):
    """Record an official who is not a party member, managed by an organization of the scope
    (?organization= fills it in)."""
    org = organization_param(request)
    initial = {"organization": org.code} if org else None
    form = CadreForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def run(d):
            where = organization_pick(
                actor=request.user, ref=d["organization"], field="organization"
            )
            return services.cadre_create(
                actor=request.user,
                organization=where,
                full_name=d["full_name"],
                birth_date=d["birth_date"],
                gender=d["gender"],
                education_level=d["education_level"],
                theory_level=d["theory_level"],
            )

        done = form_submit(form, run)
        if done is not None:
            messages.success(request, f"Đã ghi hồ sơ cán bộ {done.full_name}.")
            return redirect("cadres:cadre", pk=done.pk)
    status = 400 if form.errors else 200
    return render(request, "cadres/cadre_new.html", {"form": form, "org": org}, status=status)


def _move(request, found: Cadre, do: str):
    """The form of `do` (its prefix) and the service it runs: a held position ended, a move,
    the return, a concurrence; an outside official's appointment (a member's has its view)."""
    actor, data = request.user, request.POST
    if do == "end":
        # only the positions of the actor's subtree (another committee's post is theirs)
        holdings = list(cadre_holdings(actor, found).filter(end__isnull=True))
        form = HoldingEndForm(data, prefix=do, actor=actor, holdings=holdings)
        chosen = {h.pk: h for h in holdings}

        def run(d):
            return services.holding_end(
                actor=actor,
                holding=chosen[d["holding"]],
                on=d["on"],
                kind=d["kind"],
                decision=d["decision"],
                reason=d["reason"],
            )

        return form, run, "Đã ghi thôi giữ chức vụ."
    if do == "move":
        form = MoveForm(data, prefix=do, actor=actor)

        def run(d):
            return services.cadre_move(
                actor=actor,
                cadre=found,
                kind=d["kind"],
                to=organization_pick(actor=actor, ref=d["to"], field="to"),
                on=d["on"],
                planned_return=d["planned_return"],
                decision=d["decision"],
                note=d["note"],
            )

        return form, run, "Đã ghi luân chuyển, điều động."
    if do == "back":
        form = ReturnForm(data, prefix=do, actor=actor)

        def run(d):
            return services.cadre_return(
                actor=actor, cadre=found, on=d["on"], decision=d["decision"]
            )

        return form, run, "Đã ghi trở về."
    if do == "concur":
        form = ConcurrenceForm(data, prefix=do, actor=actor)

        def run(d):
            return services.cadre_concurrence(
                actor=actor,
                cadre=found,
                other=organization_pick(actor=actor, ref=d["other"], field="other"),
                on=d["on"],
                given=d["given"],
                decision=d["decision"],
                note=d["note"],
            )

        return form, run, "Đã ghi hiệp y."
    if do == "appoint" and not found.member_id:
        positions = appointable(actor, found)
        form = AppointForm(data, positions=positions)
        chosen = {p.pk: p for p in positions}

        def run(d):
            return services.cadre_appoint(
                actor=actor, cadre=found, position=chosen[d["position"]], on=d["on"], kind=d["kind"]
            )

        return form, run, "Đã ghi bổ nhiệm."
    raise NotFound


@require_POST
def cadre_moves(request, pk):
    """A move recorded from the cadre's record (?do= says which form was sent); back to the
    record with what was written, or the refusal's message."""
    found = cadre_get(request.user, pk)
    form, run, said = _move(request, found, request.POST.get("do", ""))
    if form_submit(form, run):
        messages.success(request, said)
    else:
        refused(request, form)
    return _record_url(found)
