"""Logs never hold what people searched for: a search by CCCD puts the number in the query
string, which neither the access log of `tochuc serve` nor Django's own log lines carry."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from tochuc.core.cli import ACCESS_LOG_FORMAT, gunicorn_argv

CCCD = "004085000001"
SEARCH = f"/members/?q={CCCD}&status=official"


def _gunicorn_config() -> Config:
    """gunicorn's configuration from the command line `tochuc serve` runs."""
    cfg = Config()
    args = cfg.parser().parse_args(gunicorn_argv("127.0.0.1:8000")[1:])
    for name, value in vars(args).items():
        if value is not None and name != "args":
            cfg.set(name.lower(), value)
    return cfg


def _caught(log: logging.Logger) -> list[str]:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    log.handlers = [handler]
    return lines


def _access_line(cfg: Config) -> str:
    """The access log line gunicorn writes for a search, the previous page a search too."""
    logger = cfg.logger_class(cfg)
    lines = _caught(logger.access_log)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": SEARCH,
        "PATH_INFO": "/members/",
        "QUERY_STRING": SEARCH.split("?", 1)[1],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": f"http://tochuc.local{SEARCH}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=42))
    assert len(lines) == 1
    return lines[0]


def test_the_access_log_of_a_search_carries_no_query_and_no_referer():
    argv = gunicorn_argv("127.0.0.1:8000")
    assert argv[argv.index("--access-logformat") + 1] == ACCESS_LOG_FORMAT
    line = _access_line(_gunicorn_config())
    assert "/members/" in line and "GET" in line and " 200 " in line and "10.0.0.7" in line
    assert CCCD not in line and "q=" not in line and "status=" not in line
    assert "000001" not in line


def test_gunicorns_default_format_would_have_logged_it():
    """The test above reads a real line: with gunicorn's default format the number is there."""
    cfg = _gunicorn_config()
    cfg.set("access_log_format", Config().access_log_format)
    assert CCCD in _access_line(cfg)


@pytest.mark.django_db
def test_djangos_log_of_a_refused_search_has_the_path_only(client, two_provinces, caplog):
    a, b = two_provinces
    client.force_login(a.staff)
    with caplog.at_level(logging.INFO):
        assert client.get(f"/members/{b.members[0].pk}/?q={CCCD}").status_code == 404
        assert client.get(f"/api/v1/members/{b.members[0].pk}?q={CCCD}").status_code == 404
        client.get(f"/khong-co-trang-nay/?q={CCCD}")
    assert caplog.records, "Django logs the refusals"
    for record in caplog.records:
        assert CCCD not in record.getMessage()


def test_gunicorns_error_log_names_a_failed_request_without_its_query():
    cfg = _gunicorn_config()
    logger = cfg.logger_class(cfg)
    lines = _caught(logger.error_log)
    try:
        raise RuntimeError("disk full")
    except RuntimeError:
        # What gunicorn writes when the application fails, and for a malformed request line.
        logger.exception("Error handling request %s %s", "GET", SEARCH)
    logger.warning(f"Invalid request from ip=10.0.0.7: Invalid HTTP request line: 'GET {SEARCH} x'")
    assert lines == [
        "Error handling request GET /members/?…",
        "Invalid request from ip=10.0.0.7: Invalid HTTP request line: 'GET /members/?… x'",
    ]
