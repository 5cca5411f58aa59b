"""The writes of the congress work: the season's plan (plans.py)."""

from tochuc.congresses.services.plans import (  # noqa: F401
    congress_held,
    congress_update,
    plan_generate,
)
