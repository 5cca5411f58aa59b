import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # The worker's part runs inside the request or command that queues it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
