"""Member pages: the searchable list, a record with its history, create and edit."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tochuc.core.audit import audit_read
from tochuc.core.errors import ServiceError
from tochuc.core.excel import xlsx_response, xlsx_stream
from tochuc.core.forms import day_param, form_submit
from tochuc.core.templatetags.vn import vn_iso_date
from tochuc.imports.files import member_headers, member_rows
from tochuc.members import selectors, services
from tochuc.members.actions import ACTIONS, action_form, action_run
from tochuc.members.badges import badge_candidates, badge_occasions, next_badge_occasion
from tochuc.members.forms import (
    CandidateForm,
    CandidateStepForm,
    MemberArrivalForm,
    MemberEditForm,
    MemberFilterForm,
    MemberForm,
    TransferForm,
)
from tochuc.members.models import AdmissionStep, Member, MemberEvent
from tochuc.members.record import record_sections
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS, label
from tochuc.members.services import EDITABLE
from tochuc.orgs.selectors import organization_destination, organization_get

PAGE_SIZE = 50


def _paged(request, items, param: str = "page") -> Page:
    """One page of a long list, as the member list pages it (PAGE_SIZE rows, the «Trang x /
    y» control of _pager.html); `query` holds the other parameters for its links."""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    page.param, page.query = param, query.urlencode()
    return page


def member_list(request):
    form = MemberFilterForm(request.GET)
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    org_id = filters.pop("organization", None)
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    qs = selectors.member_list(actor=request.user, organization=org, **filters)
    if request.GET.get("format") == "xlsx":
        return _member_list_xlsx(request, qs, org, filters)
    page = selectors.member_page(qs, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    suggestions = []
    if filters.get("q") and not page.paginator.count and "on" not in filters:
        suggestions = selectors.member_suggestions(
            actor=request.user, q=filters["q"], organization=org, state=filters.get("state", "")
        )
    others = query.copy()
    others.pop("q", None)
    context = {
        "form": form,
        "page": page,
        "org": org,
        "query": query.urlencode(),
        "suggestions": suggestions,
        "suggest_query": others.urlencode(),
        "temporary": selectors.temporary_members(actor=request.user, organization=org)
        if org
        else [],
    }
    template = "members/_results.html" if request.htmx else "members/list.html"
    return render(request, template, context)


def _member_list_xlsx(request, qs, org, filters):
    """Every member of the list, in the import template's columns (edit, import back),
    streamed as it is read: a province's 150.000 members start downloading at once."""
    name = org.name if org else "Đảng viên"
    response = xlsx_stream(
        actor=request.user,
        action="export.members",
        target=org,
        details=filters,
        filename="danh-sach-dang-vien.xlsx",
        title=f"Danh sách đảng viên — {name}",
        headers=member_headers(),
        rows=member_rows(qs),
        expected=qs.count,
    )
    if response is None:
        return render(request, "members/export_busy.html", {"org": org}, status=409)
    return response


def _shown(field: str, value):
    """A stored value as the record shows it: choice labels, dd/mm/yyyy dates."""
    model_field = Member._meta.get_field(field)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if value and model_field.get_internal_type() == "DateField":
        return vn_iso_date(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def _history_rows(events):
    """Each audit row with its changes as (field label, old, new), in the record's order."""
    order = {name: i for i, name in enumerate(EDITABLE)}
    rows = []
    for e in events:
        fields = [f for f in set(e.before) | set(e.after) if f in order or f in ("status", "state")]
        changes = [
            (
                Member._meta.get_field(f).verbose_name.capitalize(),
                _shown(f, e.before.get(f)),
                _shown(f, e.after.get(f)),
            )
            for f in sorted(fields, key=lambda f: order.get(f, -1))
        ]
        rows.append({"event": e, "changes": changes})
    return rows


ACTION_LABELS = {
    "member.create": "Tạo hồ sơ",
    "member.update": "Sửa hồ sơ",
    "member.photo": "Cập nhật ảnh",
    "member.transfer_cancel": "Hủy giấy giới thiệu chuyển sinh hoạt",
    "member.transfer_end": "Kết thúc sinh hoạt tạm thời",
} | {f"member.{kind}": label for kind, label in MemberEvent.Kind.choices}


# Reads of the record are audited (who looked at whose CCCD and phone) but are not changes:
# the record's history would drown in them, so it leaves them out (Django admin lists them).
VIEW = "member.view"


def detail(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    history = selectors.member_history(actor=request.user, member=member).exclude(action=VIEW)
    timeline = selectors.member_timeline(actor=request.user, member=member)
    as_of = _as_of(request, member)
    on = {"on": as_of["on"]} if as_of and "on" in as_of else {}
    audit_read(actor=request.user, action=VIEW, target=member, details={"page": "record", **on})
    return render(
        request,
        "members/detail.html",
        {
            "m": member,
            "history": _history_rows(history[:100]),
            "action_labels": ACTION_LABELS,
            "timeline": timeline,
            "placements": selectors.member_placements(actor=request.user, member=member),
            "party_age": selectors.member_party_age(member=member, events=timeline),
            "probation": selectors.member_probation(member=member),
            "as_of": as_of,
            "actions": [(k, a.title) for k, a in ACTIONS.items() if a.applies(member)],
            "education": label(EDUCATION_LEVELS, member.education_level),
            "theory": label(THEORY_LEVELS, member.theory_level),
            "sections": record_sections(request.user, member),
        },
    )


def _as_of(request, member):
    """?on=dd/mm/yyyy on the record page: the member as they stood that day."""
    raw = request.GET.get("on")
    if not raw:
        return None
    try:
        on = day_param(raw)
    except ServiceError as exc:
        return {"error": exc.text()}
    return selectors.member_as_of(actor=request.user, member=member, on=on) or {
        "error": f"Ngày {on:%d/%m/%Y} là trước khi vào Đảng."
    }


def action(request, pk, kind):
    """One lifecycle action (công nhận chính thức, kỷ luật, xóa tên ...) on one member."""
    if kind not in ACTIONS:
        raise Http404("Không có thao tác này.")
    member = selectors.member_get(actor=request.user, pk=pk)
    form = action_form(kind, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = form_submit(
            form, lambda data: action_run(kind, actor=request.user, member=member, data=data)
        )
        if done:
            messages.success(request, f"Đã ghi nhận: {ACTIONS[kind].title.lower()}.")
            return redirect("members:detail", pk=pk)
    context = {"m": member, "form": form, "title": ACTIONS[kind].title, "kind": kind}
    if kind == "confirm":
        context["probation"] = selectors.member_probation(member=member)
    return render(request, "members/action.html", context, status=400 if form.errors else 200)


def edit(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)

    def run(data):
        version = data.pop("version")
        return services.member_update(
            actor=request.user, member=member, changes=data, version=version
        )

    if request.method == "POST":
        form = MemberEditForm(request.POST)
        saved = form_submit(form, run)
        if saved:
            messages.success(request, "Đã lưu hồ sơ đảng viên.")
            return redirect("members:detail", pk=pk)
    else:
        form = MemberEditForm(
            initial={f: getattr(member, f) for f in EDITABLE}
            | {"version": services.member_version(member)}
        )
        audit_read(actor=request.user, action=VIEW, target=member, details={"page": "edit"})
    status = 400 if form.errors else 200
    return render(
        request,
        "members/form.html",
        {"form": form, "m": member, "org": member.organization},
        status=status,
    )


def create(request):
    """A new record: a member already in the Party (entered from the paper file), or with
    ?arrival=1 one transferred in from outside the system, with the letter."""
    org = organization_get(actor=request.user, pk=request.GET.get("organization") or 0)
    arrival = request.GET.get("arrival") == "1"
    form_class = MemberArrivalForm if arrival else MemberForm

    def run(data):
        if arrival:
            extra = {k: data.pop(k) for k in ("arrived_on", "letter_symbol", "origin")}
            return services.member_arrive(actor=request.user, organization=org, **extra, **data)
        return services.member_create(actor=request.user, organization=org, **data)

    if request.method == "POST":
        form = form_class(request.POST)
        saved = form_submit(form, run)
        if saved:
            messages.success(request, f"Đã thêm đảng viên {saved.full_name}.")
            return redirect("members:detail", pk=saved.pk)
    else:
        form = form_class(
            initial={"status": "probationary", "ethnicity": "Kinh", "religion": "Không"}
        )
    return render(
        request,
        "members/form.html",
        {"form": form, "m": None, "org": org, "arrival": arrival},
        status=400 if form.errors else 200,
    )


def photo(request, pk):
    """The photo, only to those who may see the record (never a public media URL)."""
    member = selectors.member_get(actor=request.user, pk=pk)
    if not member.photo:
        raise Http404("Hồ sơ chưa có ảnh.")
    audit_read(actor=request.user, action=VIEW, target=member, details={"page": "photo"})
    response = FileResponse(member.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def photo_upload(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise ServiceError({"photo": ["Chọn một tệp ảnh (JPEG hoặc PNG)."]})
        services.member_photo_set(actor=request.user, member=member, upload=upload)
        messages.success(request, "Đã cập nhật ảnh.")
    except ServiceError as exc:
        messages.error(request, exc.text())
    return redirect("members:detail", pk=pk)


def badges(request):
    """Huy hiệu Đảng: who is due on an occasion in a subtree; print, export, record awards."""
    today = date.today()
    occasions = [
        d for y in (today.year - 1, today.year, today.year + 1) for d in badge_occasions(y)
    ]
    try:
        occasion = date.fromisoformat(request.GET.get("occasion", ""))
    except ValueError:
        occasion = next_badge_occasion(today)
    org_id = request.GET.get("organization")
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    if request.method == "POST":
        try:
            awarded = _badges_award(request, occasion)
            messages.success(request, f"Đã ghi nhận trao Huy hiệu Đảng cho {awarded} đảng viên.")
            return redirect(request.get_full_path())
        except ServiceError as exc:
            messages.error(request, exc.text())
    rows = badge_candidates(actor=request.user, organization=org, occasion=occasion)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            actor=request.user,
            action="export.badges",
            target=org,
            details={"occasion": occasion},
            filename=f"huy-hieu-dang-{occasion:%Y-%m-%d}.xlsx",
            title=f"Danh sách đề nghị tặng Huy hiệu Đảng đợt {occasion:%d/%m/%Y}",
            headers=[
                "STT",
                "Họ và tên",
                "Ngày sinh",
                "Chi bộ",
                "Ngày vào Đảng",
                "Huy hiệu (năm)",
                "Đủ tuổi Đảng ngày",
                "Ghi chú",
            ],
            rows=[
                [
                    i,
                    c.member.full_name,
                    c.member.birth_date,
                    c.member.organization.name,
                    c.member.admission_date,
                    c.years,
                    c.reached,
                    c.kind_label,
                ]
                for i, c in enumerate(rows, start=1)
            ],
        )
    return render(
        request,
        "members/badges.html",
        {
            # A province's list runs to thousands: the page shows one page, Excel all.
            "page": _paged(request, rows),
            "total": len(rows),
            "occasion": occasion,
            "occasions": occasions,
            "org": org,
        },
    )


def _badges_award(request, occasion):
    """The ticked rows ("member:years:kind"), each member read through the scoped selector."""
    awards = []
    for pick in request.POST.getlist("pick"):
        try:
            member_id, years, kind = pick.split(":")
            years = int(years)
        except ValueError:
            raise ServiceError("Lựa chọn trong danh sách không hợp lệ: tải lại trang.") from None
        awards.append((selectors.member_get(actor=request.user, pk=member_id), years, kind))
    return services.member_badges_award(
        actor=request.user,
        awards=awards,
        occasion=occasion,
        document_symbol=request.POST.get("document_symbol", ""),
    )


def transfer_start(request, pk):
    """The sending side issues a transfer letter (giấy giới thiệu sinh hoạt đảng)."""
    member = selectors.member_get(actor=request.user, pk=pk)
    form = TransferForm(request.POST if request.method == "POST" else None)

    def run(data):
        ref = data.pop("to_org")
        to_org = organization_destination(ref=ref, field="to_org") if ref else None
        return services.member_transfer_start(
            actor=request.user, member=member, to_org=to_org, **data
        )

    if request.method == "POST" and form_submit(form, run):
        messages.success(request, "Đã ghi nhận giấy giới thiệu chuyển sinh hoạt đảng.")
        return redirect("members:detail", pk=pk)
    return render(
        request,
        "members/action.html",
        {"m": member, "form": form, "title": "Chuyển sinh hoạt đảng"},
        status=400 if form.errors else 200,
    )


def transfers(request):
    """Letters to accept (receiving side), letters issued (sending side), temporary stays."""
    if request.method == "POST":
        transfer = selectors.transfer_get(actor=request.user, pk=request.POST.get("transfer"))
        do = request.POST.get("do")
        try:
            if do == "cancel":
                services.member_transfer_cancel(actor=request.user, transfer=transfer)
                messages.success(request, f"Đã hủy giấy giới thiệu của {transfer.member}.")
            else:
                try:
                    on = forms.DateField(input_formats=["%d/%m/%Y"], required=False).clean(
                        request.POST.get("on")
                    )
                except ValidationError:
                    raise ServiceError("Ngày không hợp lệ: nhập dạng dd/mm/yyyy.") from None
                if do == "end":
                    services.member_transfer_end(actor=request.user, transfer=transfer, ended_on=on)
                    messages.success(
                        request, f"Đã kết thúc sinh hoạt tạm thời của {transfer.member}."
                    )
                else:
                    services.member_transfer_accept(
                        actor=request.user, transfer=transfer, accepted_on=on
                    )
                    messages.success(request, f"Đã tiếp nhận sinh hoạt của {transfer.member}.")
        except ServiceError as exc:
            messages.error(request, exc.text())
        return redirect("members:transfers")
    temporary = [
        t
        for direction in ("in", "out")
        for t in selectors.transfer_list(
            actor=request.user, direction=direction, status="accepted"
        ).filter(kind="temporary")
    ]
    return render(
        request,
        "members/transfers.html",
        {
            "incoming": _paged(
                request, selectors.transfer_list(actor=request.user, direction="in"), "in"
            ),
            "outgoing": _paged(
                request, selectors.transfer_list(actor=request.user, direction="out"), "out"
            ),
            "temporary": _paged(request, list({t.pk: t for t in temporary}.values()), "stay"),
            "today": date.today(),
        },
    )


def candidates(request):
    """Phát triển đảng viên: the pipeline board of the subtree, by step, with the year's
    admissions (standard cuts) against the target."""
    org_id = request.GET.get("organization")
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    year = date.today().year
    if request.method == "POST" and org:
        try:
            services.admission_target_set(
                actor=request.user,
                organization=org,
                year=year,
                target=int(request.POST.get("target") or -1),
            )
            messages.success(request, f"Đã lưu chỉ tiêu kết nạp năm {year}.")
        except ValueError:
            messages.error(request, "Chỉ tiêu phải là một số.")
        except ServiceError as exc:
            messages.error(request, exc.text())
        return redirect(request.get_full_path())
    board = selectors.admission_board(actor=request.user, organization=org)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            actor=request.user,
            action="export.candidates",
            target=org,
            filename="phat-trien-dang-vien.xlsx",
            title=f"Quần chúng ưu tú đang xét kết nạp — {org.name if org else 'Tất cả'}",
            headers=[
                "STT",
                "Họ và tên",
                "Giới tính",
                "Ngày sinh",
                "Chi bộ",
                "Bước",
                "Ngày",
                "Lưu ý",
            ],
            rows=(
                [
                    i,
                    r["candidate"].full_name,
                    r["candidate"].get_gender_display(),
                    r["candidate"].birth_date,
                    r["candidate"].organization.name,
                    step["label"],
                    r["candidate"].step_date,
                    r["warning"],
                ]
                for i, (step, r) in enumerate(((s, r) for s in board for r in s["rows"]), start=1)
            ),
        )
    # The board is long (a province: 500 files, 23.000 px): one page of it in the board's
    # order, each step with its rows on this page and its count of all.
    page = _paged(request, [(s["step"], r) for s in board for r in s["rows"]])
    shown = {}
    for step, r in page.object_list:
        shown.setdefault(step, []).append(r)
    columns = [{**s, "count": len(s["rows"]), "rows": shown.get(s["step"], [])} for s in board]
    return render(
        request,
        "members/candidates.html",
        {
            "org": org,
            "board": columns,
            "page": page,
            "stats": selectors.admission_stats(
                actor=request.user, organization=org, start=date(year, 1, 1), end=date(year, 12, 31)
            ),
            "target": selectors.admission_target(actor=request.user, organization=org, year=year)
            if org
            else None,
            "year": year,
        },
    )


def candidate_new(request):
    org = organization_get(actor=request.user, pk=request.GET.get("organization") or 0)
    mentors = selectors.member_list(actor=request.user, organization=org, status="official")
    form = CandidateForm(request.POST or None, mentors=mentors)

    def run(data):
        mentor_id = data.pop("mentor")
        mentor = selectors.member_get(actor=request.user, pk=mentor_id) if mentor_id else None
        return services.candidate_create(
            actor=request.user, organization=org, mentor=mentor, **data
        )

    if request.method == "POST":
        candidate = form_submit(form, run)
        if candidate:
            messages.success(request, f"Đã lập hồ sơ quần chúng {candidate.full_name}.")
            return redirect("members:candidate", pk=candidate.pk)
    return render(
        request,
        "members/candidate_form.html",
        {"form": form, "org": org},
        status=400 if form.errors else 200,
    )


def candidate(request, pk):
    item = selectors.candidate_get(actor=request.user, pk=pk)
    step = services.next_step(item) if item.status == "in_progress" else None
    form = CandidateStepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("do") == "drop":
            try:
                services.candidate_drop(
                    actor=request.user, candidate=item, reason=request.POST.get("reason", "")
                )
                messages.success(request, "Đã dừng xét kết nạp.")
            except ServiceError as exc:
                messages.error(request, exc.text())
            return redirect("members:candidate", pk=pk)
        done = form_submit(
            form,
            lambda data: services.candidate_step(
                actor=request.user, candidate=item, step=step, **data
            ),
        )
        if done:
            messages.success(request, f"Đã ghi nhận: {AdmissionStep(step).label}.")
            return redirect("members:candidate", pk=pk)
    return render(
        request,
        "members/candidate.html",
        {
            "c": item,
            "steps": item.steps.select_related("recorded_by"),
            "form": form,
            "next_step": AdmissionStep(step).label if step else None,
            "is_ceremony": step == "ceremony",
        },
        status=400 if form.errors else 200,
    )
