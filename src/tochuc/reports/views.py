"""Pages of the statistics: the dashboard of a subtree at a date with its tables and charts,
the downloads (Excel, Word, PDF), the organizations behind a figure, and the data checks."""

from __future__ import annotations

from functools import lru_cache
from html import escape  # Django's adds a lazy-string wrapper: thousands of figures a page
from urllib.parse import quote_plus, urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from tochuc.core.audit import audit_read
from tochuc.core.errors import ServiceError
from tochuc.core.formats import number, percent
from tochuc.core.forms import day_param
from tochuc.orgs.selectors import organization_ancestors, organization_get
from tochuc.reports import arithmetic, checks, exports
from tochuc.reports.documents import render_docx, render_pdf
from tochuc.reports.sections import sections
from tochuc.reports.selectors import (
    NATION,
    Table,
    default_organization,
    organizations_behind,
    report_figures,
    report_tables,
)

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _params(request):
    """The organization (None: the user's own) and the date asked for, with the message of a
    date that cannot be read."""
    org_id = request.GET.get("organization", "").strip()
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    text = request.GET.get("on", "").strip()
    on, error = None, ""
    if text:
        try:
            on = day_param(text)
        except ServiceError as exc:
            error = exc.text()
    return org, on, error


def _figures(request):
    """The organization, its figures at the date asked for (today, with the message, when the
    date cannot be used)."""
    org, on, error = _params(request)
    try:
        figures = report_figures(actor=request.user, organization=org, on=on)
    except ServiceError as exc:
        error = exc.text()
        figures = report_figures(actor=request.user, organization=org)
    return org, figures, error


@lru_cache(maxsize=8192)
def _quoted(value: str) -> str:
    return quote_plus(value)


LISTS = {"members": "/members/", "organizations": "/reports/organizations/"}


def _link(of: str, drill: dict | None) -> str:
    """The list behind a figure (urlencode's result; the values repeat, so they are quoted once)."""
    if drill is None:
        return ""
    base = LISTS.get(of) or next((s.list_url for s in sections() if s.key == of), "")
    if not base:
        return ""
    return base + "?" + "&".join(f"{_quoted(k)}={_quoted(str(v))}" for k, v in drill.items())


def _cells(table: Table, cells) -> list[dict]:
    """Figures as the page shows them: the text and the link to the list behind."""
    return [{"text": exports.cell_text(c), "url": _link(table.of, c.drill)} for c in cells]


def _figure(cell: dict, tag: str) -> str:
    text = escape(cell["text"])
    if cell["url"]:
        text = f'<a href="{escape(cell["url"])}">{text}</a>'
    return f'<{tag} class="n">{text}</{tag}>'


INLINE_TABLE = "dang-vien"


def _tables_html(tables: list[Table], on_text: str, query: str) -> str:
    """The numbered tables, written in one pass: a province's run to thousands of linked
    figures (8.000 for a city), which the template language took most of the page's time
    to write. The members by organization (the way down the tree) are written out; the
    other tables open on demand (`table`), each a click away."""
    out = []
    for number_, table in enumerate(tables, start=1):
        if table.key == INLINE_TABLE:
            out.append(_table_html(table, number_, on_text))
            continue
        url = escape(reverse("reports:table", args=[table.key]) + f"?{query}")
        out.append(
            f'<details class="card" id="bang-{table.key}" hx-get="{url}" '
            'hx-trigger="toggle once" hx-target="find .scroll">\n'
            f"  <summary><h2>Biểu {number_}. {escape(table.title)}</h2></summary>\n"
            '  <div class="scroll"><p class="muted">Đang tải ...</p></div>\n</details>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def _table_html(table: Table, number_: int, on_text: str) -> str:
    on = f"&amp;on={escape(on_text)}" if on_text else ""
    return (
        f'<section class="card" id="bang-{table.key}">\n'
        f"  <h2>Biểu {number_}. {escape(table.title)}</h2>\n"
        f'  <div class="scroll">{_table_body(table, on)}</div>\n</section>\n'
    )


def _table_body(table: Table, on: str) -> str:
    """A table's rows (each organization linking to its dashboard) and total."""
    dashboard = reverse("reports:dashboard")
    out = [
        '<table class="list figures">\n    <thead><tr><th>Tổ chức đảng</th>'
        + "".join(f'<th class="n">{escape(h)}</th>' for h in table.headers)
        + "</tr></thead>\n    <tbody>\n"
    ]
    for row, cells in table.rows:
        name = escape(row.name)
        if not row.own:  # the organization's own row: its dashboard is this page
            name = f'<a href="{dashboard}?organization={row.org_id}{on}">{name}</a>'
        out.append(
            f"<tr><td>{name}</td>"
            + "".join(_figure(c, "td") for c in _cells(table, cells))
            + "</tr>\n"
        )
    out.append(
        "    </tbody>\n    <tfoot><tr><th>Tổng cộng</th>"
        + "".join(_figure(c, "th") for c in _cells(table, table.total[1]))
        + "</tr></tfoot>\n  </table>"
    )
    if table.note:
        out.append(f'\n  <p class="muted note">{escape(table.note)}</p>')
    return "".join(out)


def table(request, key: str):
    """One numbered table of the dashboard, opened on demand (htmx)."""
    _, figures, _ = _figures(request)
    found = [t for t in report_tables(figures, rows_of={key}) if t.key == key]
    if not found:
        raise Http404
    on = f"&amp;on={figures.on:%d/%m/%Y}" if figures.past else ""
    return HttpResponse(_table_body(found[0], on))


def _chart(table: Table, total: int) -> list[dict]:
    """The total row of a breakdown as bars: label, figure, share, link."""
    top = max((c.value or 0 for c in table.total[1] if not c.decimals), default=0)
    return [
        {
            "label": header,
            "text": number(c.value),
            "share": percent(c.value, total) if c.value else "",
            "width": round(100 * (c.value or 0) / top) if top else 0,
            "url": _link(table.of, c.drill),
        }
        for header, c in zip(table.headers, table.total[1], strict=True)
        if not c.decimals
    ]


def dashboard(request):
    org, figures, error = _figures(request)
    tables = report_tables(figures, rows_of={INLINE_TABLE})
    by_key = {t.key: t for t in tables}
    totals = {t.key: _cells(t, t.total[1]) for t in tables}
    on_text = figures.on.strftime("%d/%m/%Y") if figures.past else ""
    total = figures.total.n("member", "total")
    admitted = figures.total.admitted[("member", "total")]
    query = {k: v for k, v in request.GET.items() if k in ("organization", "on") and v}
    context = {
        "figures": figures,
        "org": org,
        "crumbs": organization_ancestors(actor=request.user, organization=org) if org else [],
        "on_text": on_text,
        "on_error": error,
        "summary": exports.opening(figures),
        "member_cards": list(zip(by_key["dang-vien"].headers, totals["dang-vien"], strict=True)),
        "org_cards": list(zip(by_key["to-chuc"].headers, totals["to-chuc"], strict=True)),
        "total": total,
        "admitted": totals["ket-nap"][0],
        "target": number(figures.target),
        "target_share": percent(admitted, figures.target) if figures.target else "",
        "target_width": min(100, round(100 * admitted / figures.target)) if figures.target else 0,
        "charts": [
            (by_key[k].title, _chart(by_key[k], total))
            for k in ("do-tuoi", "chuyen-mon", "ly-luan", "nghe-nghiep")
        ],
        "average_age": exports.cell_text(by_key["do-tuoi"].total[1][-1]),
        "tables": _tables_html(tables, on_text, urlencode(query)),
        "query": urlencode(query),
    }
    return render(request, "reports/dashboard.html", context)


def download(request, fmt: str):
    org, figures, _ = _figures(request)
    stamp = figures.on.strftime("%Y%m%d")
    if fmt == "xlsx":
        body, name = exports.report_xlsx(figures), f"thong-ke-{stamp}.xlsx"
    else:
        signing = exports.Signing(
            number=request.GET.get("number", "").strip()[:16],
            signer_name=request.GET.get("signer_name", "").strip()[:128],
            signer_title=request.GET.get("signer_title", "").strip()[:64] or "BÍ THƯ",
        )
        document = exports.report_document(figures, signing)
        render_to = render_docx if fmt == "docx" else render_pdf
        body, name = render_to(document), f"bao-cao-{stamp}.{fmt}"
    # Figures, not people (no count): still a download of the subtree's data to answer for.
    audit_read(
        actor=request.user,
        action="export.report",
        target=org,
        details={"format": fmt, "on": figures.on},
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def organizations(request):
    """The organizations behind a figure of the 'Tổ chức đảng' table."""
    org, on, _ = _params(request)
    kinds = [k for k in request.GET.get("kind", "").split(",") if k]
    found = organizations_behind(actor=request.user, organization=org, kinds=kinds, on=on)
    return render(
        request,
        "reports/organizations.html",
        {"org": org, "found": found, "on": on, "kinds": kinds},
    )


def data_checks(request):
    org, _, _ = _params(request)
    text = request.POST.get("text", "") if request.method == "POST" else ""
    shown = org or default_organization(request.user)
    context = {
        "org": org,
        "name": shown.name if shown else NATION,
        "checks": checks.data_checks(actor=request.user, organization=org),
        "text": text,
        "findings": arithmetic.check_text(text) if text else None,
    }
    return render(request, "reports/checks.html", context)
