"""The background tasks of an import (django-tasks; `tochuc worker` runs them)."""

from django_tasks import task


@task()
def import_read_file(pk: int) -> None:
    from tochuc.imports.services import import_read

    import_read(pk)


@task()
def import_process(pk: int) -> None:
    from tochuc.imports.services import import_work

    import_work(pk)
