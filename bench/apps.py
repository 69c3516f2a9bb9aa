from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's management commands. Installed by bench.settings and the test
    settings only: the generator writes invented data and must not be at hand in
    production."""

    name = "bench"
    default_auto_field = "django.db.models.BigAutoField"
