"""Bar charts as data for an inline SVG template: no script, no external resource, and a
text alternative (the same numbers as a list) beside every chart."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 360
VALUE_WIDTH = 70


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
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    value_width: int = VALUE_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + self.value_width


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
            y=index * (BAR_HEIGHT + GAP),
            width=round(PLOT_WIDTH * (value or 0) / top, 1),
        )
        for index, (label, value) in enumerate(series)
    ]
    return BarChart(
        chart_id=chart_id,
        title=str(title),
        bars=bars,
        height=max(len(bars), 1) * (BAR_HEIGHT + GAP),
    )
