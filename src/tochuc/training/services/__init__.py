"""The writes of the training work: classes (classes.py) and their trainees (trainees.py)."""

from tochuc.training.services.classes import class_cancel, class_create  # noqa: F401
from tochuc.training.services.trainees import (  # noqa: F401
    trainee_complete,
    trainee_drop,
    trainee_enrol,
)
