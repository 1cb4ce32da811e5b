"""YAML (Compose, Kubernetes, templates), JSON/JSONC and JavaScript blocks."""

from __future__ import annotations

import time
from pathlib import Path

from code_support import check_page, of_severity, rules
from docs_validator.check_json import scan_marks
from docs_validator.check_yaml import count_documents, document_kind
from docs_validator.models import Severity


def fence(language: str, body: str) -> str:
    return f"```{language}\n{body}\n```\n"


def test_compose_unknown_key_has_a_suggestion_on_the_key_line(tmp_path: Path) -> None:
    body = 'services:\n  web:\n    image: nginx\n    portz:\n      - "127.0.0.1:8080:80"'
    result = check_page(tmp_path, fence("yaml", body))

    [error] = of_severity(result, Severity.ERROR)
    assert (error.line, error.rule) == (5, "compose-schema")
    assert "unknown key 'portz'; did you mean 'ports'?" in error.message
    assert "document 1 of 1" in error.message


def test_compose_interpolation_in_typed_fields_is_not_an_error(tmp_path: Path) -> None:
    body = "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: ${REPLICAS:-2}"
    assert check_page(tmp_path, fence("yaml", body)).findings == []


def test_compose_obsolete_version_and_duplicate_keys(tmp_path: Path) -> None:
    body = 'version: "3.8"\nservices:\n  app:\n    image: a\n    image: b'
    result = check_page(tmp_path, fence("yaml", body))

    assert sorted((f.line, f.rule, f.severity) for f in result.findings) == [
        (2, "compose-version", Severity.WARNING),
        (6, "yaml-duplicate-key", Severity.ERROR),
    ]


def test_kubernetes_error_in_the_second_document_names_it(tmp_path: Path) -> None:
    body = (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx\n      ports:\n        - containerPort: http"
    )
    result = check_page(tmp_path, fence("yaml", body))

    [error] = of_severity(result, Severity.ERROR)
    assert (error.line, error.rule) == (16, "kubernetes-schema")
    assert "document 2 of 2" in error.message and "containerPort" in error.message


def test_custom_resources_are_noted_not_failed(tmp_path: Path) -> None:
    body = "apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: w"
    result = check_page(tmp_path, fence("yaml", body))
    assert rules(result) == ["kubernetes-unknown-kind"]
    assert of_severity(result, Severity.INFO) == result.findings


def test_document_counting_and_kinds() -> None:
    assert count_documents(["---", "a: 1", "---", "# only a comment", "---", "b: 2"]) == 2
    assert count_documents(["a: 1"]) == 1
    assert document_kind({"services": {}, "x-common": {}}) == "compose"
    assert document_kind({"apiVersion": "v1", "kind": "Pod"}) == "kubernetes"
    assert document_kind({"name": "x"}) == ""


def test_strict_json_and_jsonc(tmp_path: Path) -> None:
    body = '{\n  "debug": true, /* note */\n  "hosts": ["a", "b",]\n}'
    strict = check_page(tmp_path, fence("json", body), "docs/a.md")
    lenient = check_page(tmp_path, fence("jsonc", body), "docs/b.md")

    assert [(e.line, e.rule) for e in of_severity(strict, Severity.ERROR)] == [
        (3, "json-comment"),
        (4, "json-trailing-comma"),
    ]
    assert lenient.findings == []


def test_invalid_json_without_comments_reports_the_parser_position(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("json", '{\n  "a": 1\n  "b": 2\n}'))

    [error] = of_severity(result, Severity.ERROR)
    assert (error.line, error.rule) == (4, "json-syntax")


def test_json_scanner_ignores_markers_inside_strings() -> None:
    marks = scan_marks('{"url": "http://x//y", "dots": "...", "list": [1, 2]}')
    assert marks == []


def test_javascript_syntax_error_and_elision(tmp_path: Path) -> None:
    text = (
        fence(
            "javascript", "const server = http.createServer((req, res) => {\n  res.end('ok';\n});"
        )
        + "\n"
        + fence("js", "const options = { port: 3000, ... };\nfunction start() { ... }")
    )
    result = check_page(tmp_path, text)

    [error] = of_severity(result, Severity.ERROR)
    assert (error.line, error.rule) == (3, "javascript-syntax")
    assert [(w.line, w.rule) for w in of_severity(result, Severity.WARNING)] == [
        (8, "javascript-elision")
    ]


def test_javascript_modules_and_spread_are_valid(tmp_path: Path) -> None:
    body = (
        "import http from 'node:http';\nconst base = { a: 1 };\nconst all = { ...base, b: 2 };\n"
        "export default all;\nconsole.log(`포트: ${all.a}`);"
    )
    assert check_page(tmp_path, fence("javascript", body)).findings == []


def test_yaml_alias_bomb_is_checked_quickly(tmp_path: Path) -> None:
    # Nine lines that expand to 9**8 strings if each alias is followed at each reference.
    lines = ['a0: &a0 ["lol"]'] + [
        f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 9)
    ]
    started = time.monotonic()

    result = check_page(tmp_path, "# Y\n\n```yaml\n" + "\n".join(lines) + "\n```\n")

    assert time.monotonic() - started < 2
    assert "validator-internal-error" not in [f.rule for f in result.findings]
