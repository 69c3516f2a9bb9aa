"""Bar charts as data for an inline SVG template: no script, no external resource, and a
text alternative (the same numbers as a list) beside every chart.

Each bar has its label on a line of its own above it, starting at the left edge, so a
long programme name is never cut off; the SVG scales to the width of its box (the
viewBox keeps the proportions), so the chart fits a phone as well as a desktop."""

from dataclasses import dataclass

LABEL_HEIGHT = 18
BAR_HEIGHT = 18
GAP = 10
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + GAP
PLOT_WIDTH = 420
VALUE_WIDTH = 70
LABEL_CHARACTERS = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as shown
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    bars: list[Bar]
    height: int
    plot_width: int = PLOT_WIDTH
    value_width: int = VALUE_WIDTH
    label_height: int = LABEL_HEIGHT
    bar_height: int = BAR_HEIGHT
    label_characters: int = LABEL_CHARACTERS

    @property
    def width(self) -> int:
        return self.plot_width + self.value_width


def _format(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "share":
        return f"{value * 100:.0f} %"
    if kind == "days":
        return f"{value:.0f}"
    return f"{value:,}".replace(",", "\u00a0")


def bar_chart(chart_id: str, title: str, series: list[tuple[str, object]], kind="count"):
    numbers = [v for _label, v in series if v is not None]
    top = 1.0 if kind == "share" else max(numbers, default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            text=_format(value, kind),
            y=index * ROW_HEIGHT,
            width=round(PLOT_WIDTH * (value or 0) / top, 1),
        )
        for index, (label, value) in enumerate(series)
    ]
    return BarChart(
        chart_id=chart_id,
        title=str(title),
        bars=bars,
        height=max(len(bars), 1) * ROW_HEIGHT,
    )
