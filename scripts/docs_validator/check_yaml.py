"""YAML blocks: every document of a multi-document block; Compose files against the Compose
spec schema and Kubernetes manifests against Kubernetes' schemas, both offline.

Templates (`{{ … }}`) are recognised and skipped; `[…]` placeholders that YAML reads as a
list are flagged. Errors name their document ("document 2 of 2") and the Markdown line.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .models import Finding, Severity
from .page_blocks import PageBlock
from .placeholders import PLACEHOLDER, SITE_PLACEHOLDERS

YAML_LANGUAGES = frozenset({"yaml", "yml"})
COMPOSE_SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "compose-spec.schema.json"

RE_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
RE_DOCUMENT_START = re.compile(r"^---(?:\s|$)")
# A one-item flow list written where a name was meant: `[컨테이너명]`, `[your image]`.
# Limitation: a heuristic (non-ASCII, spaces or an UPPER_CASE word); `[name]` in plain lower
# case reads as a real one-item list and is not flagged.
RE_BRACKET_PLACEHOLDER = re.compile(r"[^\x00-\x7f]|\s|^[A-Z][A-Z0-9_]*$")
RE_INTERPOLATION = re.compile(r"\$\{?[A-Za-z_]")
RE_UNEXPECTED_KEY = re.compile(
    r"'([^']+)' (?:was unexpected|does not match any of the regexes)|\('([^']+)'(?:, '[^']+')* "
    r"(?:was|were) unexpected\)"
)
COMPOSE_TOP_LEVEL = frozenset(
    {"services", "networks", "volumes", "configs", "secrets", "include", "name", "version"}
)
# Schema errors shown per document; the rest are usually consequences of the first ones.
MAX_SCHEMA_ERRORS = 5


@dataclass
class _Document:
    node: yaml.Node
    data: object
    number: int
    placeholder_paths: set[tuple[object, ...]] = field(default_factory=set)


def check_yaml(item: PageBlock) -> list[Finding]:
    content = item.block.content
    if RE_TEMPLATE.search(content):
        line = _first_line(item.block.lines, RE_TEMPLATE)
        return [
            item.finding(
                line,
                Severity.INFO,
                "yaml-template",
                "a template ({{ … }}), not plain YAML: skipped; name the block's language "
                "after the template engine (e.g. `jinja`) to make that explicit",
            )
        ]

    total = count_documents(item.block.lines)
    documents, findings = _parse(item, total)
    for document in documents:
        findings.extend(_placeholder_findings(item, document))
        findings.extend(_duplicate_keys(item, document, total))
        findings.extend(_schema_findings(item, document, total))
    return findings


def count_documents(lines: list[str]) -> int:
    """Documents in the block: `---` separators, ignoring empty leading documents."""
    # Limitation: a line `---` inside a block scalar (`|`) is counted as a separator; only the
    # "N" of "document n of N" in messages is affected.
    count = 1
    seen_content = False
    for line in lines:
        if RE_DOCUMENT_START.match(line):
            if seen_content:
                count += 1
                seen_content = False
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            seen_content = True
    return count


def _first_line(lines: list[str], pattern: re.Pattern[str]) -> int:
    return next((index for index, line in enumerate(lines) if pattern.search(line)), 0)


def _parse(item: PageBlock, total: int) -> tuple[list[_Document], list[Finding]]:
    documents: list[_Document] = []
    try:
        for node in yaml.compose_all(item.block.content, Loader=yaml.SafeLoader):
            if node is None:
                continue
            constructor = yaml.SafeLoader("")
            data = constructor.construct_document(node)
            documents.append(_Document(node, data, len(documents) + 1))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        number = min(len(documents) + 1, max(total, len(documents) + 1))
        problem = " ".join(part for part in (error.context, error.problem) if part)
        where = f"document {number} of {max(total, number)}"
        return documents, [
            item.finding(
                mark.line if mark else None,
                Severity.ERROR,
                "yaml-syntax",
                f"YAML syntax error in {where}: {problem}",
            )
        ]
    except yaml.YAMLError as error:
        return documents, [
            item.finding(None, Severity.ERROR, "yaml-syntax", f"YAML error: {error}")
        ]
    except RecursionError:
        return documents, [
            item.finding(None, Severity.ERROR, "yaml-syntax", "YAML nested too deeply to read")
        ]
    return documents, []


def _walk(node: yaml.Node, path: tuple[object, ...] = ()) -> Iterator[tuple[yaml.Node, tuple]]:
    """Every node once, in document order, with its path. An alias is the node it names, so
    a node is visited at its first path only: following aliases again at each reference
    would expand an alias bomb (a few lines of YAML) into billions of visits."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[object, ...]]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current, where
        children: list[tuple[yaml.Node, tuple[object, ...]]] = []
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                children.append((value, (*where, name)))
        elif isinstance(current, yaml.SequenceNode):
            children = [(value, (*where, index)) for index, value in enumerate(current.value)]
        stack.extend(reversed(children))


def _placeholder_findings(item: PageBlock, document: _Document) -> list[Finding]:
    findings: list[Finding] = []
    for node, path in _walk(document.node):
        if (
            isinstance(node, yaml.SequenceNode)
            and node.flow_style
            and len(node.value) == 1
            and isinstance(node.value[0], yaml.ScalarNode)
            and node.value[0].style is None
            and RE_BRACKET_PLACEHOLDER.search(node.value[0].value)
        ):
            document.placeholder_paths.add(path)
            text = node.value[0].value
            findings.append(
                item.finding(
                    node.start_mark.line,
                    Severity.WARNING,
                    "yaml-bracket-placeholder",
                    f"[{text}] is read by YAML as a list, not a string: write a placeholder "
                    f"as <{_suggest_name(text)}> or quote it",
                )
            )
        elif isinstance(node, yaml.ScalarNode) and PLACEHOLDER.search(node.value or ""):
            document.placeholder_paths.add(path)
            names = [match.group(1) for match in PLACEHOLDER.finditer(node.value)]
            unknown = [name for name in names if name not in SITE_PLACEHOLDERS]
            note = (
                f" ({', '.join(f'<{n}>' for n in unknown)} is not in the site's set)"
                if unknown
                else ""
            )
            findings.append(
                item.finding(
                    node.start_mark.line,
                    Severity.INFO,
                    "placeholder",
                    f"placeholder {' '.join(f'<{n}>' for n in names)}: schema checks skip "
                    f"this value{note}",
                )
            )
    return findings


def _suggest_name(text: str) -> str:
    ascii_words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(ascii_words) if ascii_words else "value"


def _duplicate_keys(item: PageBlock, document: _Document, total: int) -> list[Finding]:
    findings: list[Finding] = []
    for node, _path in _walk(document.node):
        if not isinstance(node, yaml.MappingNode):
            continue
        seen: set[str] = set()
        for key, _value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                continue
            if key.value in seen:
                findings.append(
                    item.finding(
                        key.start_mark.line,
                        Severity.ERROR,
                        "yaml-duplicate-key",
                        f"key '{key.value}' appears twice in one mapping "
                        f"(document {document.number} of {total}); Docker Compose and "
                        "kubectl reject that",
                    )
                )
            seen.add(key.value)
    return findings


def document_kind(data: object) -> str:
    if not isinstance(data, dict):
        return ""
    if "apiVersion" in data and "kind" in data:
        return "kubernetes"
    keys = {key for key in data if isinstance(key, str) and not key.startswith("x-")}
    if "services" in keys and keys <= COMPOSE_TOP_LEVEL | {"models"}:
        return "compose"
    return ""


def _schema_findings(item: PageBlock, document: _Document, total: int) -> list[Finding]:
    kind = document_kind(document.data)
    if kind == "compose":
        return _compose_findings(item, document, total)
    if kind == "kubernetes":
        return _kubernetes_findings(item, document, total)
    return []


@lru_cache(maxsize=1)
def compose_validator():  # noqa: ANN201 - jsonschema's validator class is dynamic
    import jsonschema

    schema = json.loads(COMPOSE_SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def _compose_findings(item: PageBlock, document: _Document, total: int) -> list[Finding]:
    findings: list[Finding] = []
    where = f"Compose file, document {document.number} of {total}"
    if isinstance(document.data, dict) and "version" in document.data:
        findings.append(
            item.finding(
                _line_of(document.node, ("version",), key=True),
                Severity.WARNING,
                "compose-version",
                "the top-level `version` is obsolete; Docker Compose ignores it with a warning",
            )
        )
    errors = sorted(
        compose_validator().iter_errors(document.data), key=lambda e: list(e.absolute_path)
    )
    shown = 0
    for error in errors:
        path = tuple(error.absolute_path)
        if _explained(document, path, error.instance):
            continue
        shown += 1
        if shown > MAX_SCHEMA_ERRORS:
            break
        findings.append(
            item.finding(
                _error_line(document.node, path, error.message),
                Severity.ERROR,
                "compose-schema",
                f"{where}: {_dotted(path)}: {schema_message(error)}",
            )
        )
    return findings


def schema_message(error: object) -> str:
    """jsonschema's message, shortened; an unknown key gets a "did you mean"."""
    message = str(getattr(error, "message", error))
    schema = getattr(error, "schema", {})
    unexpected = RE_UNEXPECTED_KEY.search(message)
    if getattr(error, "validator", "") == "additionalProperties" and unexpected:
        name = unexpected.group(1) or unexpected.group(2)
        known = list(schema.get("properties", {})) if isinstance(schema, dict) else []
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key '{name}'{hint}"
    return _short(message)


def _kubernetes_findings(item: PageBlock, document: _Document, total: int) -> list[Finding]:
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

    where = f"Kubernetes manifest, document {document.number} of {total}"
    try:
        kubernetes_validate.validate(
            document.data, kubernetes_validate.latest_version(), strict=True
        )
    except SchemaNotFoundError as error:
        return [
            item.finding(
                _line_of(document.node, ("kind",), key=True),
                Severity.INFO,
                "kubernetes-unknown-kind",
                f"{where}: {error.message} (a custom resource?); not checked",
            )
        ]
    except ValidationError as error:
        path = tuple(error.absolute_path)
        if _explained(document, path, error.instance):
            return []
        return [
            item.finding(
                _error_line(document.node, path, error.message),
                Severity.ERROR,
                "kubernetes-schema",
                f"{where}: {_dotted(path)}: {schema_message(error)}",
            )
        ]
    except (KeyError, TypeError, AttributeError) as error:
        return [
            item.finding(
                None, Severity.ERROR, "kubernetes-schema", f"{where}: not a manifest: {error}"
            )
        ]
    return []


def _explained(document: _Document, path: tuple[object, ...], instance: object) -> bool:
    """Errors that a placeholder or a Compose interpolation (`${PORT:-80}`) explains."""
    if any(path[: len(known)] == known for known in document.placeholder_paths):
        return True
    return isinstance(instance, str) and RE_INTERPOLATION.search(instance) is not None


def _dotted(path: tuple[object, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "…"


def _error_line(root: yaml.Node, path: tuple[object, ...], message: str) -> int:
    unexpected = RE_UNEXPECTED_KEY.search(message)
    if unexpected:
        return _line_of(root, (*path, unexpected.group(1) or unexpected.group(2)), key=True)
    return _line_of(root, path)


def _line_of(root: yaml.Node, path: tuple[object, ...], key: bool = False) -> int:
    """The block line of the node at `path` (of its key when `key`), or of the deepest node
    found on the way (merged keys are not in the tree)."""
    node = root
    line = root.start_mark.line
    for part in path:
        found: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    found = value
                    line = key_node.start_mark.line if key else value.start_mark.line
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part < len(node.value):
                found = node.value[part]
                line = found.start_mark.line
        if found is None:
            break
        node = found
    return line
