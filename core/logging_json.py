"""Structured logs without personal data.

JsonFormatter writes one JSON object a line (time, level, logger, message, request id);
PersonalDataFilter masks e-mail addresses, phone numbers and birth numbers (rodné číslo)
in every message before any handler writes it; RequestIdMiddleware gives each request an
id that every log line of that request carries, and answers it in X-Request-ID.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# An id from the proxy is kept only when it looks like one, so it cannot inject text.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Rodné číslo: YYMMDD/XXX(X), with or without the slash.
BIRTH_NUMBER = re.compile(r"(?<!\d)\d{2}[0-7]\d[0-3]\d/?\d{3,4}(?!\d)")
# Czech phone numbers, optionally international: +420 777 123 456, 777123456, 00420-777...
# Groups of three only, so dates and times in messages stay readable.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{3}[ -]?)?\d{3}[ -]?\d{3}[ -]?\d{3}(?!\w)")


def mask_personal_data(text: str) -> str:
    text = EMAIL.sub("[e-mail]", text)
    text = BIRTH_NUMBER.sub("[rodné číslo]", text)
    return PHONE.sub("[phone]", text)


class PersonalDataFilter(logging.Filter):
    """Masks personal data in the formatted message; the record then carries the masked
    text only (no args left for a handler to format again)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = str(record.msg)
        record.msg = mask_personal_data(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers.setdefault("X-Request-ID", request_id)
        return response
