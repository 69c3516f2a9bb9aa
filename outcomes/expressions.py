"""Database expressions the outcome figures need: days between two dates, a date plus
whole months, and the median. PostgreSQL computes them in SQL; SQLite (the embedded
default of `make run`) gets equivalents, and the median is then taken in Python."""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Aggregate, FloatField, Func


class DaysBetween(Func):
    """`end − start` in days (fractional for timestamps)."""

    output_field = FloatField()

    def __init__(self, start, end, *, timestamps: bool = False):
        self.timestamps = timestamps
        super().__init__(start, end)

    def as_sql(self, compiler, connection, **extra):
        # Fallback for SQLite and anything else: Julian day numbers.
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"(julianday({end}) - julianday({start}))", (*end_params, *start_params)

    def as_postgresql(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        if self.timestamps:
            sql = f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"
        else:
            sql = f"(({end} - {start})::float)"
        return sql, (*end_params, *start_params)


class AddMonths(Func):
    """A date plus whole calendar months (31 January + 1 month = 28/29 February)."""

    def __init__(self, expression, months: int):
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template=f"date(%(expressions)s, '+{self.months} months')"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template=f"(%(expressions)s + interval '{self.months} months')::date",
        )


class Median(Aggregate):
    """The median (PostgreSQL's percentile_cont); see `supports_median`."""

    function = "percentile_cont"
    name = "Median"
    output_field = FloatField()
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor != "postgresql":
            raise NotImplementedError("Median needs PostgreSQL; use supports_median().")
        return super().as_sql(compiler, connection, **extra)


def supports_median() -> bool:
    return connection.vendor == "postgresql"


def python_median(values: list[float]) -> float | None:
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@contextmanager
def without_jit():
    """PostgreSQL's JIT compiles these wide aggregate queries for ~250 ms, longer than
    they take to run (tens of ms); switch it off for the transaction that runs them."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
