from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor every app stands on (errors, the page cache, private storage,
    upload checks, logging, history, widgets, access predicates). It connects its own
    signals: the page cache is invalidated by content changes in every process."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import czech_defaults
        from .cache import connect_signals

        connect_signals()
        czech_defaults.apply()
