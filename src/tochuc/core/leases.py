"""Short claims on a key shared by every worker process (`core.models.Lease`)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from tochuc.core.models import Lease


def lease_take(key: str, *, seconds: int) -> bool:
    """Claim `key` for `seconds`; False if someone holds it (a claim past its time is free)."""
    now = timezone.now()
    Lease.objects.filter(key=key, expires__lt=now).delete()
    try:
        with transaction.atomic():
            Lease.objects.create(key=key, expires=now + timedelta(seconds=seconds))
    except IntegrityError:
        return False
    return True


def lease_renew(key: str, *, seconds: int) -> None:
    Lease.objects.filter(key=key).update(expires=timezone.now() + timedelta(seconds=seconds))


def lease_drop(key: str) -> None:
    Lease.objects.filter(key=key).delete()
