"""The background task of an import (django-tasks; `tochuc worker` runs them)."""

from django_tasks import task


@task()
def import_process(pk: int) -> None:
    from tochuc.imports.services import import_work

    import_work(pk)
