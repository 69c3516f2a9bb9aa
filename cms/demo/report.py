"""What one run of the loader created, for the summary it prints."""

from collections import Counter


class LoadReport:
    def __init__(self) -> None:
        self.new: Counter[str] = Counter()

    def created(self, label: str, count: int = 1) -> None:
        self.new[label] += count
