"""gunicorn's logger for `tochuc serve`: no line of its error log carries a query string."""

from __future__ import annotations

import re

from gunicorn import glogging

# A query string ("?q=004085000001&..."), up to the next blank or quote.
_QUERY = re.compile(r"\?[^\s'\"]*")


def without_query(value):
    """A text with every query string cut to "?…" (a search by CCCD holds the number)."""
    return _QUERY.sub("?…", value) if isinstance(value, str) else value


class Logger(glogging.Logger):
    """gunicorn names the request's full address (query included) when the application fails
    ("Error handling request GET /members/?q=...") and when it refuses a malformed request
    line; the access log's own format leaves the query out (cli.ACCESS_LOG_FORMAT)."""

    def exception(self, msg, *args, **kwargs):
        super().exception(without_query(msg), *map(without_query, args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(without_query(msg), *map(without_query, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(without_query(msg), *map(without_query, args), **kwargs)
