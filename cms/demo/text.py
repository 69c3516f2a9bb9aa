"""The light markup of the demo texts and its renderings.

Bodies are written as plain text so the Czech content stays readable as data: blocks are
separated by blank lines; a block starting with "## " is a heading; a block starting with
"- " is a bulleted list (each "- " line starts an item, other lines continue it); anything
else is a paragraph. The same blocks become Wagtail rich text and the paragraphs of the
generated PDF and DOCX files.
"""

import html
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def parse(markup: str) -> list[Block]:
    blocks = []
    for chunk in textwrap.dedent(markup).strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            blocks.append(Block("heading", (" ".join(lines)[3:].strip(),)))
        elif lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                else:  # a wrapped line continues the previous item
                    items[-1] = f"{items[-1]} {line}"
            blocks.append(Block("list", tuple(items)))
        else:
            blocks.append(Block("paragraph", (" ".join(lines),)))
    return blocks


def to_html(markup: str) -> str:
    """Wagtail rich text (its database format is plain HTML for these elements)."""
    parts = []
    for block in parse(markup):
        if block.kind == "heading":
            parts.append(f"<h2>{html.escape(block.text, quote=False)}</h2>")
        elif block.kind == "list":
            items = "".join(f"<li>{html.escape(line, quote=False)}</li>" for line in block.lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{html.escape(block.text, quote=False)}</p>")
    return "".join(parts)
