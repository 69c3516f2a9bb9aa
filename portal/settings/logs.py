"""Logging: no request bodies, no client data; errors go to stderr."""

from .environment import env

# LOG_FORMAT=json writes one JSON object a line (time, level, logger, message, request id)
# for the log collector; either way e-mail addresses, phone numbers and birth numbers are
# masked in every message (core.logging_json.PersonalDataFilter).
LOG_FORMAT = env("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "core.logging_json.PersonalDataFilter"},
        "request_id": {"()": "core.logging_json.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging_json.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        "django.db.backends": {"level": "WARNING", "propagate": True},
    },
}
