"""Every change to the document registry: the record and its number (registry.py), links
(links.py), files (files.py) and the reports a document asks for (followup.py)."""

from tochuc.documents.services.files import (  # noqa: F401
    attachment_add,
    attachment_remove,
    document_register,
)
from tochuc.documents.services.followup import (  # noqa: F401
    report_file,
    report_request_create,
    report_submit,
)
from tochuc.documents.services.links import document_link, document_unlink  # noqa: F401
from tochuc.documents.services.numbering import numbering_sequence  # noqa: F401
from tochuc.documents.services.registry import (  # noqa: F401
    document_create,
    document_label,
    document_number_take,
    document_update,
)
