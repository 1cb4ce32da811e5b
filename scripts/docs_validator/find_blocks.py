"""Finds the code blocks of a Markdown page the way the site's renderer sees them.

Fences are recognised with pymdownx.superfences' own patterns and rules (any indent, inside
lists, admonitions and content tabs, with `{ .lang .class key="value" }` attributes). A small
model of Python-Markdown's containers tells which fences leave their list by being indented
too little, which ones turn into plain indented code, and where indented code blocks are, so
the blocks found are the blocks the site renders as `<pre>`.

Limitation: the container model follows Python-Markdown for pages written as CONTRIBUTING.md
asks (blocks separated by blank lines, content indented by 0 to 8 spaces, a list item or
admonition title directly followed by its content). Odd mixes without blank lines (a title
followed by text indented by 1 to 3 spaces, then more containers), raw HTML blocks
(`md_in_html`, `<pre>` written as HTML) and lists inside blockquotes are not modelled and may
be counted differently from the rendered page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from markdown.extensions.attr_list import get_attrs_and_remainder
from pymdownx.superfences import RE_HL_LINES, RE_LINENUMS, RE_NESTED_FENCE_START, RE_OPTIONS

# Python-Markdown's tab_length (MkDocs does not change it): the indent that puts content
# inside a list item, admonition or content tab, and the indent that makes a code block.
TAB_LENGTH = 4

# Characters superfences accepts in front of a fence: spaces, tabs and blockquote markers.
FENCE_PREFIX_CHARS = (" ", "\t", ">")

# Fence options that pymdownx.highlight understands in the `lang key="value"` form; any other
# key makes superfences drop the fence (the line then stays text).
HIGHLIGHT_OPTIONS = {"hl_lines": RE_HL_LINES, "linenums": RE_LINENUMS, "title": None}
HIGHLIGHT_FREE_OPTIONS = ("title_mode",)

RE_LIST_ITEM = re.compile(r"^(?:[*+-]|\d+\.)[ ]+\S")
RE_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)[ ]+\S")
RE_CONTENT_TAB = re.compile(r'^===[!+]{0,2}[ ]+"')
# def_list's definition line (`:   text` under a term); its content is indented like a list
# item's, since the extension handles it with Python-Markdown's list code.
RE_DEFINITION = re.compile(r"^:[ ]{1,3}\S")


class BlockKind(str, Enum):
    """How the renderer shows a block."""

    FENCED = "fenced"  # a fence, highlighted with its language
    INDENTED = "indented"  # Python-Markdown's indented code: no language, no attributes
    REVERTED = "reverted"  # a fence indented as code: shown raw, ``` markers included


class Container(str, Enum):
    """The Markdown structure a block sits in."""

    PAGE = "page"
    LIST = "list"
    ADMONITION = "admonition"
    TAB = "tab"
    DEFINITION = "definition"


@dataclass
class CodeBlock:
    """One code block: its fence line, attributes and content, with Markdown line numbers."""

    language: str
    content: str
    fence_line: int  # line of the opening fence (of the first line for indented code)
    first_line: int  # Markdown line of the first content line
    indent: int  # columns in front of the fence
    classes: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    kind: BlockKind = BlockKind.FENCED
    container: Container = Container.PAGE
    fence: str = "```"

    @property
    def lines(self) -> list[str]:
        return self.content.split("\n") if self.content else []

    def markdown_line(self, index: int) -> int:
        """The Markdown line of content line `index` (counted from 0)."""
        return self.first_line + max(index, 0)

    def has_class(self, name: str) -> bool:
        return name in self.classes

    @property
    def runnable(self) -> bool:
        return self.has_class("runnable")

    @property
    def app(self) -> str | None:
        return self.attributes.get("app")

    @property
    def wait(self) -> str | None:
        return self.attributes.get("wait")

    @property
    def skip(self) -> str | None:
        return self.attributes.get("skip")

    @property
    def interrupt(self) -> str | None:
        return self.attributes.get("interrupt")

    @property
    def input(self) -> str | None:
        return self.attributes.get("input")

    @property
    def expect_fail(self) -> bool:
        return self.attributes.get("expect_fail", "").lower() == "true"

    @property
    def title(self) -> str | None:
        return self.attributes.get("title")


@dataclass(frozen=True)
class LayoutIssue:
    """A place where the Markdown around a block does not do what its author meant."""

    line: int
    rule: str
    message: str
    is_error: bool = False


@dataclass
class BlockScan:
    """Everything found on one page: the blocks, and layout problems around them."""

    blocks: list[CodeBlock] = field(default_factory=list)
    issues: list[LayoutIssue] = field(default_factory=list)


@dataclass
class _Open:
    """A list item, admonition or content tab whose content is still open."""

    kind: Container
    content_indent: int
    parent_indent: int


@dataclass
class _FenceStart:
    fence: str
    language: str
    classes: tuple[str, ...]
    attributes: dict[str, str]


@dataclass
class _Fence:
    """A fence superfences converts: from its opening line to its closing line (0-based)."""

    start: int
    end: int
    prefix: str
    opening: _FenceStart
    content: list[str]


def find_code_blocks(text: str) -> list[CodeBlock]:
    """The code blocks the site renders for this Markdown text, in page order."""
    return scan_markdown(text).blocks


def scan_markdown(text: str) -> BlockScan:
    """The code blocks of a page and the layout issues around them."""
    lines = normalize_lines(text)
    issues: list[LayoutIssue] = []
    fences = find_fences(lines, issues)
    scan = _BlockWalker(lines, fences).run()
    scan.issues = sorted(issues + scan.issues, key=lambda issue: issue.line)
    return scan


def normalize_lines(text: str) -> list[str]:
    """The lines as Python-Markdown sees them: tabs expanded, blank lines emptied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(TAB_LENGTH)
    return ["" if not line.strip(" ") else line for line in text.split("\n")]


def leading_spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def fence_prefix(line: str) -> str:
    """The whitespace and blockquote markers in front of a possible fence."""
    end = 0
    while end < len(line) and line[end] in FENCE_PREFIX_CHARS:
        end += 1
    return line[:end]


def parse_fence_start(line: str, prefix_length: int) -> _FenceStart | None:
    """The fence opened on this line, or None when superfences would not open one."""
    match = RE_NESTED_FENCE_START.match(line, prefix_length)
    if match is None:
        return None

    language = match.group("lang") or ""
    if match.group("unrecognized"):
        return None  # superfences drops the fence unless relaxed_headers is on (it is not)
    if match.group("attrs") is not None:
        return _fence_from_attributes(match.group("fence"), language, match.group("attrs"))

    attributes: dict[str, str] = {}
    for option in RE_OPTIONS.finditer(match.group("options") or ""):
        key, value = option.group("key"), option.group("value")
        if value is None or not _is_highlight_option(key, value):
            return None
        attributes[key] = value
    return _FenceStart(match.group("fence"), language, (), attributes)


def _is_highlight_option(key: str, value: str) -> bool:
    if key.startswith("data-") or key in HIGHLIGHT_FREE_OPTIONS:
        return True
    if key not in HIGHLIGHT_OPTIONS:
        return False
    pattern = HIGHLIGHT_OPTIONS[key]
    return pattern is None or pattern.match(value) is not None


def _fence_from_attributes(fence: str, language: str, attribute_text: str) -> _FenceStart:
    pairs, _remainder = get_attrs_and_remainder(attribute_text)
    classes: list[str] = []
    attributes: dict[str, str] = {}
    for key, value in pairs:
        if key == ".":
            classes.append(value or "")
        elif key == "id":
            attributes["id"] = value or ""
        else:
            attributes[key] = key if value is None else value
    if not language and classes:
        language = classes.pop(0)
    return _FenceStart(fence, language, tuple(classes), attributes)


def find_fences(lines: list[str], issues: list[LayoutIssue]) -> dict[int, _Fence]:
    """Superfences' pass: every fence, whatever the block structure, by its first line."""
    fences: dict[int, _Fence] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        prefix = fence_prefix(line)
        opening = parse_fence_start(line, len(prefix)) if line else None
        if opening is None:
            if line and RE_NESTED_FENCE_START.match(line, len(prefix)):
                issues.append(
                    LayoutIssue(
                        index + 1,
                        "fence-not-recognised",
                        "superfences does not accept the options on this fence line, so the "
                        'block is shown as text; write attributes in braces: ```bash { title="…" }',
                        is_error=True,
                    )
                )
            index += 1
            continue
        fence, index = _follow_fence(lines, index, prefix, opening, issues)
        if fence is not None:
            fences[fence.start] = fence
    return fences


def _follow_fence(
    lines: list[str], index: int, prefix: str, opening: _FenceStart, issues: list[LayoutIssue]
) -> tuple[_Fence | None, int]:
    """The fence opened at `index` and the line to go on from (superfences' rules)."""
    width = len(prefix)
    closing = re.compile(re.escape(opening.fence) + r"[ \t]*$")
    content: list[str] = []
    for end in range(index + 1, len(lines)):
        line = lines[end]
        if not line:
            content.append("")
            continue
        head, rest = line[:width], line[width:]
        if len(fence_prefix(head)) != width or (">" in head and head != prefix):
            issues.append(_unclosed(index, opening, end))
            return None, end + 1  # superfences drops the fence and goes on after this line
        if closing.match(rest) and not rest.startswith((" ", "\t")):
            return _Fence(index, end, prefix, opening, content), end + 1
        content.append(rest)
    issues.append(_unclosed(index, opening, None))
    return None, len(lines)


def _unclosed(index: int, opening: _FenceStart, end: int | None) -> LayoutIssue:
    where = "is never closed" if end is None else f"is cut off by line {end + 1}"
    return LayoutIssue(
        index + 1,
        "fence-unclosed",
        f"the fence {opening.fence}{opening.language} {where} (a line indented less than the "
        "fence), so the site shows it as text; indent the content like the fence and close "
        "it with the same fence",
        is_error=True,
    )


class _BlockWalker:
    """Python-Markdown's block pass, simplified: which container each fence ends up in, and
    which lines form indented code blocks (reverting any fence inside them)."""

    def __init__(self, lines: list[str], fences: dict[int, _Fence]) -> None:
        self.lines = lines
        self.fences = fences
        self.scan = BlockScan()
        self.open: list[_Open] = []
        self.block_start = True  # the next non-blank line starts a new Markdown block
        self.after_header = False  # that line follows an admonition or tab title directly
        self.after_text = False  # the last block was text: a term a definition can follow
        # In the definition's first Markdown block, a list marker on a later line is text.
        self.in_definition_text = False

    def run(self) -> BlockScan:
        index = 0
        while index < len(self.lines):
            index = self.step(index)
        return self.scan

    def step(self, index: int) -> int:
        line = self.lines[index]
        if not line:
            self.block_start = True
            self.after_header = self.in_definition_text = False
            return index + 1

        indent = leading_spaces(line)
        left_short: _Open | None = None
        if self.block_start:
            left_short = self.enter_block(indent, header_rest=self.after_header)
            code_indent = self.content_indent() + TAB_LENGTH
            if indent >= code_indent:
                return self.take_indented_code(index, code_indent)

        fence = self.fences.get(index)
        if fence is not None:
            self.record_fence(fence, left_short)
            self.block_start = False
            return fence.end + 1
        self.note_structure(line, indent)
        return index + 1

    def content_indent(self) -> int:
        return self.open[-1].content_indent if self.open else 0

    def current_container(self) -> Container:
        return self.open[-1].kind if self.open else Container.PAGE

    def enter_block(self, indent: int, header_rest: bool = False) -> _Open | None:
        """Close the containers a new block at this indent leaves; return the innermost one
        it left while being indented more than that container's parent (too little indent).

        Lines right after an admonition or tab title that are not indented for it are split
        off into the parent container only (`header_rest`), not out of every container."""
        self.after_header = False
        left_short: _Open | None = None
        while self.open and indent < self.open[-1].content_indent:
            closed = self.open.pop()
            if indent > closed.parent_indent:
                left_short = closed
            if header_rest:
                break
        return left_short

    def note_structure(self, line: str, indent: int) -> None:
        """Open a list item, admonition or tab that starts on this line."""
        stripped = line.lstrip(" ")
        # Admonitions and tabs are found anywhere in a Markdown block, list items only at
        # its start: in a definition's first block, only the former open a container.
        starts_block = self.block_start or self.in_definition_text
        self.block_start = False
        is_item = RE_LIST_ITEM.match(stripped) is not None and not self.in_definition_text
        if is_item:
            # Without a blank line before it, an item less indented than the open item's
            # content is a next item of that list or of an outer one.
            while (
                self.open
                and self.open[-1].kind is Container.LIST
                and indent < self.open[-1].content_indent
            ):
                self.open.pop()
        relative = indent - self.content_indent()
        after_text, self.after_text = self.after_text, not is_item
        if relative >= TAB_LENGTH or relative < 0:
            return
        if is_item:
            self.push(Container.LIST)
        elif RE_DEFINITION.match(stripped) and after_text and not self.inside_container():
            self.push(Container.DEFINITION)
            self.in_definition_text = True
        elif starts_block and RE_ADMONITION.match(stripped):
            self.push(Container.ADMONITION)
            self.block_start = self.after_header = True  # the title line is consumed
            self.after_text = self.in_definition_text = False
        elif starts_block and RE_CONTENT_TAB.match(stripped):
            self.push(Container.TAB)
            self.block_start = self.after_header = True
            self.after_text = self.in_definition_text = False

    def inside_container(self) -> bool:
        # Limitation: definition lists are modelled at page level only, holding text and
        # fences; nested in lists, tabs or admonitions (or holding them), Python-Markdown's
        # result depends on details this model does not follow.
        return bool(self.open)

    def push(self, kind: Container) -> None:
        parent = self.content_indent()
        self.open.append(_Open(kind, parent + TAB_LENGTH, parent))

    def record_fence(self, fence: _Fence, left_short: _Open | None) -> None:
        self.after_text = False
        if left_short is not None:
            self.report_short_indent(fence.start, leading_spaces(fence.prefix), left_short)
        self.scan.blocks.append(
            CodeBlock(
                language=fence.opening.language,
                content="\n".join(fence.content),
                fence_line=fence.start + 1,
                first_line=fence.start + 2,
                indent=len(fence.prefix),
                classes=fence.opening.classes,
                attributes=fence.opening.attributes,
                kind=BlockKind.FENCED,
                container=self.current_container(),
                fence=fence.opening.fence,
            )
        )

    def report_short_indent(self, index: int, spaces: int, left: _Open) -> None:
        have = spaces - left.parent_indent
        need = left.content_indent - left.parent_indent
        self.scan.issues.append(
            LayoutIssue(
                index + 1,
                "fence-indent",
                f"fenced block in {left.kind.value} indented {have} spaces; Python-Markdown "
                f"needs {need}, so the block is shown outside the {left.kind.value}",
            )
        )

    def take_indented_code(self, index: int, code_indent: int) -> int:
        """Python-Markdown's indented code: lines indented to `code_indent`, and blank lines
        between them. A fence in there is not a fence: it is shown raw, inside this block."""
        end = index
        last_text = index
        reverted: int | None = None
        while end < len(self.lines):
            line = self.lines[end]
            if line and leading_spaces(line) < code_indent:
                break
            if line:
                last_text = end
            fence = self.fences.get(end)
            if fence is not None:
                reverted = end if reverted is None else reverted
                last_text = end = fence.end
            end += 1

        resume = last_text + 1
        self.block_start = self.after_text = False
        if end < len(self.lines) and self.lines[end - 1]:
            resume = self.swallow_fences(end)
        body = [line[code_indent:] for line in self.lines[index : last_text + 1]]
        if reverted is not None:
            relative = leading_spaces(self.lines[reverted]) - self.content_indent()
            self.report_reverted(reverted, relative)
        self.scan.blocks.append(
            CodeBlock(
                language="",
                content="\n".join(body),
                fence_line=index + 1,
                first_line=index + 1,
                indent=code_indent,
                kind=BlockKind.INDENTED if reverted is None else BlockKind.REVERTED,
                container=self.current_container(),
                fence="",
            )
        )
        return resume

    def swallow_fences(self, index: int) -> int:
        """Python-Markdown reverts every fence in a Markdown block that starts as indented
        code, also in the lines after the code (up to the next blank line): they become text.
        Returns the line after that Markdown block, where the walk goes on."""
        # Admonitions and tabs detab their content and make the less indented rest a block
        # of its own; list items keep it (looseDetab), so it is reverted with the code.
        keeps_rest = self.current_container() in (
            Container.PAGE,
            Container.LIST,
            Container.DEFINITION,
        )
        floor = 0 if keeps_rest else self.content_indent()
        while index < len(self.lines) and self.lines[index]:
            if leading_spaces(self.lines[index]) < floor:
                self.block_start = True
                return index
            fence = self.fences.pop(index, None)
            if fence is None:
                index += 1
                continue
            self.scan.issues.append(
                LayoutIssue(
                    index + 1,
                    "fence-after-indented-code",
                    "this fence follows indented code without a blank line, so Python-Markdown "
                    "shows it as text; put a blank line before it",
                    is_error=True,
                )
            )
            index = fence.end + 1
        return index

    def report_reverted(self, index: int, relative: int) -> None:
        container = self.current_container()
        where = "the page" if container is Container.PAGE else f"its {container.value}"
        self.scan.issues.append(
            LayoutIssue(
                index + 1,
                "fence-indented-as-code",
                f"fence indented {relative} spaces more than {where}: Python-Markdown shows it "
                "as an indented code block with the ``` lines visible; remove the extra indent",
                is_error=True,
            )
        )


def iter_content_lines(block: CodeBlock) -> Iterator[tuple[int, str]]:
    """Each content line of a block with its Markdown line number."""
    for index, line in enumerate(block.lines):
        yield block.markdown_line(index), line
