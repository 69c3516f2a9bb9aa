"""Logging helpers shared by management commands."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


@contextmanager
def loggers_muted(names: Iterable[str], verbosity: int) -> Iterator[None]:
    """Raise the named loggers to WARNING below verbosity 2, so a command's own summary is
    not buried under INFO lines; warnings and errors still show."""
    if verbosity > 1:
        yield
        return
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
