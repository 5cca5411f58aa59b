"""A restructuring plan written in a file (JSON: `tochuc orgs restructure`): its organizations
named by code, id or exact name, previewed, then applied or rolled back, in one transaction.

    {"title": ..., "organization": "T04", "effective_date": "2026-07-01",
     "decision_symbol": "20-QĐ/TU", "decision_date": "2026-06-20",
     "operations": [{"kind": "dissolve", "params": {"organization": "CB1", "destination": "CB2"}}]}

A step's parameters are those of `plan_operation_add`, with references instead of ids.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.core.errors import ServiceError
from tochuc.orgs.selectors import organization_pick
from tochuc.orgs.services.restructuring import (
    plan_apply,
    plan_create,
    plan_operation_add,
    plan_preview,
    step_error,
)

# The parameters that name one organization.
ORG_KEYS = ("organization", "parent", "destination", "target", "source")


def _date(spec: dict, key: str, *, required: bool) -> date | None:
    value = spec.get(key)
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ServiceError(
            {key: [f"Tệp phương án, «{key}»: «{value or ''}» không phải ngày dạng YYYY-MM-DD."]}
        ) from None


def _ids(actor, params: dict) -> dict:
    """The step's parameters with each organization named by its id (a wrong name is the
    error of the parameter that holds it)."""

    def pk(ref, field: str) -> int:
        return organization_pick(actor=actor, ref=str(ref), field=field).pk

    out = dict(params)
    for key in ORG_KEYS:
        if out.get(key):
            out[key] = pk(out[key], key)
    if isinstance(out.get("sources"), list):
        out["sources"] = [pk(ref, "sources") for ref in out["sources"]]
    if isinstance(out.get("new"), dict) and out["new"].get("parent"):
        out["new"] = {**out["new"], "parent": pk(out["new"]["parent"], "new")}
    if isinstance(out.get("parts"), list):
        out["parts"] = [
            {**part, "parent": pk(part["parent"], "parts")}
            if isinstance(part, dict) and part.get("parent")
            else part
            for part in out["parts"]
        ]
    if isinstance(out.get("children"), dict):
        out["children"] = {str(pk(ref, "children")): n for ref, n in out["children"].items()}
    return out


def plan_from_file(*, actor, spec: dict, apply: bool) -> dict:
    """Create the plan the file describes and preview it; apply it with `apply`, otherwise
    roll everything back (nothing is kept). Returns {"title", "plan" (its id when applied,
    else None), "preview"}; a refusal is a ServiceError naming the step and the field."""
    if not isinstance(spec, dict):
        raise ServiceError("Tệp phương án phải là một đối tượng JSON.")
    if not spec.get("organization"):
        raise ServiceError({"organization": ["Tệp phương án thiếu «organization»."]})
    operations = spec.get("operations") or []
    if not isinstance(operations, list):
        raise ServiceError({"operations": ["«operations» phải là một danh sách các bước."]})
    effective_date = _date(spec, "effective_date", required=True)
    decision_date = _date(spec, "decision_date", required=False)
    with transaction.atomic():
        plan = plan_create(
            actor=actor,
            organization=organization_pick(
                actor=actor, ref=str(spec["organization"]), field="organization"
            ),
            title=str(spec.get("title", "")),
            effective_date=effective_date,
            decision_symbol=str(spec.get("decision_symbol", "")),
            decision_date=decision_date,
        )
        for position, op in enumerate(operations, start=1):
            kind = op.get("kind", "") if isinstance(op, dict) else ""
            try:
                if not isinstance(op, dict) or not isinstance(op.get("params"), dict):
                    raise ServiceError({"params": ["Mỗi bước cần «kind» và «params» (đối tượng)."]})
                plan_operation_add(
                    actor=actor, plan=plan, kind=kind, params=_ids(actor, op["params"])
                )
            except ServiceError as exc:
                raise step_error(position, kind, exc) from None
        preview = plan_preview(actor=actor, plan=plan)
        if preview["error"]:
            raise ServiceError(preview["error"])
        if apply:
            plan_apply(actor=actor, plan=plan)
        else:
            transaction.set_rollback(True)
    return {"title": plan.title, "plan": plan.pk if apply else None, "preview": preview}
