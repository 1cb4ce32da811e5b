"""Code parity between a Korean page and its English twin."""

from __future__ import annotations

from pathlib import Path

from code_support import check_files, of_severity, write_tree
from docs_validator.models import Severity

APP = {"examples/feedback/server.js": "// the app the runnable blocks use\n"}

KOREAN = """# 볼륨 { #volumes }

```bash { .runnable app="feedback" title="실행" }
# 볼륨을 만듭니다
docker volume create feedback  # 이름 있는 볼륨
```

```yaml
services:
  web:
    image: nginx  # 웹 서버
```

```javascript
// 서버 시작
console.log("listening");
```
"""

ENGLISH = """# Volumes { #volumes }

```bash { .runnable app="feedback" title="Run" }
# Create the volume
docker volume create feedback  # a named volume
```

```yaml
services:
  web:
    image: nginx  # the web server
```

```javascript
// start the server
console.log("listening");
```
"""


def test_comments_and_titles_may_differ(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"docs/v.ko.md": KOREAN, "docs/v.en.md": ENGLISH, **APP})

    result = check_files(root, ["docs/v.ko.md", "docs/v.en.md"])

    assert result.findings == []


def test_changed_code_is_a_finding_on_both_pages_with_both_lines(tmp_path: Path) -> None:
    english = ENGLISH.replace("image: nginx", "image: httpd")
    root = write_tree(tmp_path, {"docs/v.ko.md": KOREAN, "docs/v.en.md": english, **APP})

    result = check_files(root, ["docs/v.ko.md", "docs/v.en.md"])

    parity = [f for f in result.findings if f.rule == "code-parity"]
    # Both lines are those of the differing code line, not of the fences.
    assert sorted((f.file, f.line) for f in parity) == [("docs/v.en.md", 11), ("docs/v.ko.md", 11)]
    ko = next(f for f in parity if f.file == "docs/v.ko.md")
    assert "docs/v.en.md:11" in ko.message and "'image: httpd'" in ko.message
    assert all(f.severity is Severity.ERROR for f in parity)


def test_missing_block_and_changed_class(tmp_path: Path) -> None:
    english = ENGLISH.replace(
        "```yaml\nservices:\n  web:\n    image: nginx  # the web server\n```\n", ""
    )
    english = english.replace('.runnable app="feedback"', '.runnable .cleanup app="feedback"')
    root = write_tree(tmp_path, {"docs/v.ko.md": KOREAN, "docs/v.en.md": english, **APP})

    result = check_files(root, ["docs/v.ko.md"])

    messages = sorted((f.file, f.line, f.message) for f in result.findings)
    assert [(file, line) for file, line, _ in messages] == [
        ("docs/v.en.md", 3),
        ("docs/v.en.md", 9),
        ("docs/v.ko.md", 3),
        ("docs/v.ko.md", 8),
    ]
    assert "classes .runnable vs .runnable .cleanup" in messages[2][2]
    assert "no counterpart in docs/v.en.md (near line 9)" in messages[3][2]
    assert "docs/v.ko.md:8 is missing here" in messages[1][2]


def test_page_without_twin_is_a_warning_and_an_error_when_strict(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"docs/only.ko.md": KOREAN, **APP})

    relaxed = check_files(root, ["docs/only.ko.md"])
    strict = check_files(root, ["docs/only.ko.md"], strict=True)

    assert [(f.rule, f.severity) for f in relaxed.findings] == [
        ("code-parity-no-twin", Severity.WARNING)
    ]
    assert [(f.rule, f.severity) for f in of_severity(strict, Severity.ERROR)] == [
        ("code-parity-no-twin", Severity.ERROR)
    ]
