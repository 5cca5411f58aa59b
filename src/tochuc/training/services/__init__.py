"""The writes of the training work: classes (classes.py), their trainees (trainees.py), the
yearly plans (plans.py), the schools (schools.py)."""

from tochuc.training.services.classes import class_cancel, class_create  # noqa: F401
from tochuc.training.services.plans import plan_set  # noqa: F401
from tochuc.training.services.schools import school_create  # noqa: F401
from tochuc.training.services.trainees import (  # noqa: F401
    MANY,
    trainee_complete,
    trainee_drop,
    trainee_enrol,
    trainees_enrol_many,
)
