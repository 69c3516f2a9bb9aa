"""Logs carry no personal data, and LOG_FORMAT=json writes one JSON object a line with
the request id of the request that wrote it."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.logging_json import (
    JsonFormatter,
    PersonalDataFilter,
    RequestIdFilter,
    mask_personal_data,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "hidden", "shown"),
    [
        ("Referral sent to jana.dvorakova@example.cz", "jana.dvorakova", "[e-mail]"),
        ("Klientka volala z +420 777 123 456 včera", "777 123 456", "[phone]"),
        ("tel. 00420-604-111-222", "604-111-222", "[phone]"),
        ("telefon 604 111 222", "604 111 222", "[phone]"),
        ("RČ 855101/1234 uvedeno", "855101/1234", "[rodné číslo]"),
        ("rodné číslo 0053121234 bez lomítka", "0053121234", "[rodné číslo]"),
        ("RČ 450101/123 (před rokem 1954)", "450101/123", "[rodné číslo]"),
    ],
)
def test_personal_data_is_masked(text, hidden, shown):
    masked = mask_personal_data(text)
    assert hidden not in masked
    assert shown in masked


@pytest.mark.parametrize(
    "text",
    [
        "Delivered 12 notifications in 0.53 s",
        "at 2026-11-27 06:36:39 took 4500000 us",
        "referral 3f2a9c1e-1234-4abc-9def-0123456789ab moved to accepted",
        "GET /predavani/klienti/K-2026-0042/ 200",
    ],
)
def test_ordinary_messages_stay_readable(text):
    assert mask_personal_data(text) == text


def make_logger(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger(f"tests.logging.{id(stream)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PersonalDataFilter())
    logger.addHandler(handler)
    return logger


def test_json_line_has_time_level_logger_message_and_request_id():
    stream = io.StringIO()
    logger = make_logger(stream)
    logger.warning("Mail to %s failed after %d tries", "jana@example.org", 3)
    line = stream.getvalue()
    assert line.count("\n") == 1
    entry = json.loads(line)
    assert set(entry) >= {"time", "level", "logger", "message", "request_id"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == logger.name
    assert entry["message"] == "Mail to [e-mail] failed after 3 tries"
    assert "jana@example.org" not in line


def test_exception_text_is_masked_and_stays_on_one_line():
    stream = io.StringIO()
    logger = make_logger(stream)
    try:
        raise ValueError("no account for petr@example.org")
    except ValueError:
        logger.exception("Import failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert "petr@example.org" not in lines[0]
    assert "ValueError" in entry["exception"]


@pytest.mark.django_db
def test_request_id_reaches_the_log_and_the_response(client, caplog):
    seen = []

    class Capture(logging.Handler):
        def emit(self, record):
            seen.append(getattr(record, "request_id", None))

    from core.logging_json import current_request_id

    capture = Capture()
    capture.addFilter(RequestIdFilter())
    logging.getLogger("django.request").addHandler(capture)
    try:
        response = client.get("/no-such-page-here/", HTTP_X_REQUEST_ID="abc12345-proxy")
    finally:
        logging.getLogger("django.request").removeHandler(capture)
    assert response["X-Request-ID"] == "abc12345-proxy"
    assert current_request_id() == "-"  # reset after the request
    fresh = client.get("/healthz/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert fresh["X-Request-ID"] != "bad id\nwith newline"
    assert len(fresh["X-Request-ID"]) == 32
    assert all(item in (None, "abc12345-proxy") for item in seen)


def test_log_format_json_setting_configures_json_lines():
    """The real settings with LOG_FORMAT=json: a log line is one JSON object, masked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="portal.settings.test")
    script = (
        "import django, logging; django.setup();"
        "logging.getLogger('referrals.demo').warning('Volal 777 123 456, psal a@b.cz')"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["logger"] == "referrals.demo"
    assert entry["message"] == "Volal [phone], psal [e-mail]"
    assert entry["request_id"] == "-"
