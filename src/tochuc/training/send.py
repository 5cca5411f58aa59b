"""Who to send next: the cadres of a subtree who hold, or are planned for, a position whose
title asks for a theory level above theirs (PositionTitle.theory_level, from the cadres
work), the highest level they lack, and the class giving a level they study in now.

In the database: the cadres filtered by the highest rank their holdings running on the day
and their plans standing in the term in force ask for, each level compared by its rank (a
CASE over members.reference.THEORY_LEVELS, lowest first); a page's positions read after,
for its rows only."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from tochuc.cadres.models import Cadre, Holding, Planning
from tochuc.cadres.selectors import planned_q
from tochuc.core.scope import subtree_q
from tochuc.members.reference import THEORY_LEVELS
from tochuc.orgs.models import Term
from tochuc.training.models import Trainee
from tochuc.training.selectors import running_q

CODES = [code for code, _ in THEORY_LEVELS]
ASKED = "position__title__theory_level"


def rank(field: str) -> Case:
    """A theory level's rank (0: none, 4: cử nhân), for comparing levels in the database."""
    return Case(
        *(When(**{field: code}, then=Value(i)) for i, code in enumerate(CODES)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _holdings(on: date) -> QuerySet[Holding]:
    """The holdings running on `on` of a position asking for a level."""
    return Holding.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), start__lte=on, **{f"{ASKED}__gt": ""}
    )


def _plans(on: date) -> QuerySet[Planning]:
    """The plans standing on `on` in the term in force, for a position asking for a level."""
    term = Term.objects.filter(starts_on__lte=on).order_by("-starts_on").values("pk")[:1]
    return Planning.objects.filter(planned_q(on), term_id=Subquery(term), **{f"{ASKED}__gt": ""})


def _top(rows) -> Coalesce:
    """The highest rank the outer cadre's `rows` ask for (0 without any)."""
    asked = (
        rows.filter(cadre=OuterRef("pk"))
        .annotate(asked=rank(ASKED))
        .order_by()
        .values("cadre")
        .annotate(top=Max("asked"))
        .values("top")[:1]
    )
    return Coalesce(Subquery(asked, output_field=IntegerField()), Value(0))


def lacking(
    actor, organization, on: date, *, level: str = "", studying: bool | None = None
) -> QuerySet[Cadre]:
    """The cadres of the subtree short of the level a position of theirs asks for on `on`,
    with `needed` (the highest rank asked), `has` (theirs) and `studying_in` (the running
    class giving a level they are enrolled in, if any), in official order. `level`: those
    who lack that level; `studying`: only those studying (True) or not (False)."""
    found = (
        Cadre.objects.filter(subtree_q(actor, organization, "organization__path"))
        .annotate(has=rank("theory_level"), needed=Greatest(_top(_holdings(on)), _top(_plans(on))))
        .filter(needed__gt=F("has"))
        .annotate(
            studying_in=Subquery(
                Trainee.objects.filter(
                    Q(cadre=OuterRef("pk")) | Q(member_id=OuterRef("member_id")),
                    running_q(on, "training_class__"),
                    status=Trainee.Status.ENROLLED,
                    training_class__programme__theory_level__gt="",
                )
                .order_by("-training_class__starts_on")
                .values("training_class__name")[:1]
            )
        )
        .select_related("organization")
        .order_by("sort_key", "id")
    )
    if level:
        want = CODES.index(level)
        found = found.filter(needed__gte=want, has__lt=want)
    if studying is not None:
        found = found.filter(studying_in__isnull=not studying)
    return found


def positions_lacking(cadres, on: date) -> dict[int, list[tuple[str, str, str]]]:
    """For the cadres of a page (from `lacking`): each position asking for a level above
    theirs, as (the position, «đang giữ» or «quy hoạch», the level asked)."""
    has = {c.pk: c.has for c in cadres}
    found: dict[int, list[tuple[str, str, str]]] = {pk: [] for pk in has}
    for rows, how in ((_holdings(on), "đang giữ"), (_plans(on), "quy hoạch")):
        listed = (
            rows.filter(cadre__in=list(has))
            .select_related("position__title", "position__organization", "position__body")
            .order_by("cadre", "position__title__order", "id")
        )
        for row in listed:
            asked = row.position.title.theory_level
            if CODES.index(asked) > has[row.cadre_id]:
                found[row.cadre_id].append((row.position.label, how, asked))
    return found


def level_label(rank_: int) -> str:
    return THEORY_LEVELS[rank_][1]
