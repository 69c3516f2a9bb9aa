"""Czech date formats whose parts stay on one line: "6. 12. 2026" broken after "6." reads
as two facts. Django's own cs formats use ordinary spaces; these use non-breaking ones
(FORMAT_MODULE_PATH; whatever is not defined here comes from Django's cs module)."""

NBSP = "\u00a0"

DATE_FORMAT = f"j.{NBSP}E{NBSP}Y"
SHORT_DATE_FORMAT = f"j.{NBSP}n.{NBSP}Y"
DATETIME_FORMAT = f"j.{NBSP}E{NBSP}Y{NBSP}G:i"
SHORT_DATETIME_FORMAT = f"j.{NBSP}n.{NBSP}Y{NBSP}H:i"
MONTH_DAY_FORMAT = f"j.{NBSP}F"
YEAR_MONTH_FORMAT = f"F{NBSP}Y"
