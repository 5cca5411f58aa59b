"""Forms meet services: the form parses, the service decides, its errors land on the fields."""

from django.core.exceptions import ValidationError
from django.forms import DateField, DateInput

from tochuc.core.cells import CellError, parse_date
from tochuc.core.errors import ServiceError


def form_submit(form, run):
    """Run `run(cleaned_data)` when the form is valid and return its result.

    Returns None when the form is invalid or the service refused; the service's messages
    are then on the form, each on its field (or above the form when no field matches).
    """
    if not form.is_valid():
        return None
    try:
        return run(form.cleaned_data)
    except ServiceError as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return None


class TypedDateField(DateField):
    """Read as the importer reads a cell, so the page and the import give the same message:
    31/02/2020 is a day that does not exist, not a date typed in the wrong form."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except CellError as exc:
            raise ValidationError(str(exc), code="invalid") from None


def date_field(label: str, *, required: bool = False) -> DateField:
    """A date as users type it (dd/mm/yyyy), shown back the same way."""
    return TypedDateField(
        label=label,
        required=required,
        widget=DateInput(attrs={"placeholder": "dd/mm/yyyy", "class": "date"}, format="%d/%m/%Y"),
    )


def day_param(raw: str):
    """A date typed in a link or a search box (?on=05/02/2026 or 2026-02-05); ServiceError
    with the Vietnamese message when it cannot be read."""
    try:
        return DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d"]).clean(raw)
    except ValidationError:
        raise ServiceError(f"Ngày «{raw}» không hợp lệ: nhập dạng dd/mm/yyyy.") from None
