"""The one rule table of Korean-aware search: particles, endings and spellings people type.

The build side (search_terms.py) and the browser side (search-terms.js, through the data file
that search_index.py writes) both read this table, so a rule added here changes both.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

# Splits index text and queries into words. Besides white space and dashes (so `--mount` is
# found as `mount`), it splits on the punctuation that glues words together in our pages:
# `볼륨(volume)`, `compose.yaml`, `~/app`, `"quoted"`, `A·B`. A dot before a digit stays, so
# `127.0.0.1` and `node:24` keep their meaning. `&lt;`/`&gt;` are the escaped angle brackets
# of placeholders such as `<image>`.
SEPARATOR = r"""[\s\-,:;!?=\[\](){}"'/|·…“”‘’<>]+|\.(?!\d)|&[lg]t;|&amp;"""

# Korean particles (조사) that follow a noun. The longest one that fits is cut, so
# `에서는` wins over `는`.
PARTICLES = tuple(
    """
    에서부터 으로부터 이라고는 에서는 에서도 에서의 에서만 에게서 에게는 으로는 으로도
    으로서 으로써 으로의 로부터 까지는 부터는 보다는 이라는 이라고 이라도 이라면 이나마
    에서 에게 한테 으로 로서 로써 로는 로도 로의 에는 에도 에만 까지 부터 처럼 보다 마다
    조차 밖에 이나 이란 라는 라고 과는 와는 과의 와의 과도 와도 이랑 께서 이며 이고 이다
    입니다 인가 인지 을 를 은 는 에
    """.split()
)

# Single-syllable particles that are also the last syllable of common nouns: 경로 (route),
# 결과 (result), 정의 (definition), 추가 (addition), 차이 (difference). They are cut only when
# at least MIN_STEM_SYLLABLES syllables remain, so 경로 stays 경로 but 레지스트리로 becomes
# 레지스트리.
AMBIGUOUS_PARTICLES = tuple(
    """
    이 가 의 도 로 와 과 나 만 랑 엔
    """.split()
)

# Endings of 하다/되다 verbs and of the copula, after the noun they are built on:
# 설치하기, 삭제합니다, 실행하려면, 저장됩니다 → 설치, 삭제, 실행, 저장.
ENDINGS = tuple(
    """
    하였습니다 되었습니다 했습니다 됐습니다 하십시오 하려면 되려면 하려고 하도록 되도록
    하면서 되면서 합니다 됩니다 합니까 됩니까 하세요 하므로 되므로 해야 돼야 되어야 하여
    되어 해서 돼서 해도 했다 됐다 하기 되기 하는 되는 하고 되고 하면 되면 하지 되지 하게
    되게 하던 하며 되며 하니 시키기 시킵니다 시키는 시켜 려면 습니다 어서 어야
    """.split()
)

# Endings that are also the last syllable of common nouns: 권한 (permission), 역할 (role),
# 포함 (inclusion), 이해 (understanding), 크기 (size), 화면 (screen), 확인 (check).
AMBIGUOUS_ENDINGS = tuple(
    """
    한 할 함 해 된 될 됨 돼 기 고 면 인
    """.split()
)

# A cut may leave no less than this: two syllables keep 경로, 권한 and 크기 whole.
MIN_STEM_SYLLABLES = 2

# What readers type → the words our pages use. Korean spellings of English names map to the
# name (pages write `Docker`, `Windows`); spellings without the space map to the spaced term
# of the fixed-terms table in CONTRIBUTING.md. The glossary page lists these under "다른 표기".
VARIANTS = {
    "도커": "docker",
    "도커파일": "dockerfile",
    "도커이그노어": "dockerignore",
    "도커허브": "docker hub",
    "허브": "hub",
    "데스크톱": "desktop",
    "데스크탑": "desktop",
    "도커데스크톱": "docker desktop",
    "도커데스크탑": "docker desktop",
    "윈도우": "windows",
    "윈도": "windows",
    "윈도우즈": "windows",
    "리눅스": "linux",
    "우분투": "ubuntu",
    "맥os": "macos",
    "맥오에스": "macos",
    "컴포즈": "compose",
    "쿠버네티스": "kubernetes",
    "바인드마운트": "바인드 마운트",
    "환경변수": "환경 변수",
    "익명볼륨": "익명 볼륨",
    "네임드": "named",
    "네임드볼륨": "named 볼륨",
    "빌드인자": "빌드 인자",
    "아규먼트": "인자",
    "빌드아규먼트": "빌드 인자",
    "포트포워딩": "포트 게시",
    "포워딩": "게시",
    "빌드캐시": "빌드 캐시",
    "빌드컨텍스트": "빌드 컨텍스트",
    "작업디렉터리": "작업 디렉터리",
    "작업디렉토리": "작업 디렉터리",
    "디렉토리": "디렉터리",
    "볼륨마운트": "볼륨 마운트",
    "도커엔진": "docker 엔진",
}

# The fixed Korean terms of CONTRIBUTING.md and the English they render. A Korean page that
# uses the Korean term is also indexed under the English one, because Korean readers type
# either (`bind mount 덮어쓰기`, `node_modules 익명 볼륨`). Keys are stems, as index words are.
ENGLISH_OF_KOREAN_TERMS = {
    "이미지": "image",
    "컨테이너": "container",
    "레이어": "layer",
    "컨테이너 레이어": "container layer",
    "쓰기 가능 레이어": "writable layer",
    "빌드 캐시": "build cache",
    "빌드 컨텍스트": "build context",
    "베이스 이미지": "base image",
    "작업 디렉터리": "working directory",
    "exec 형식": "exec form",
    "셸 형식": "shell form",
    "명령어": "instruction",
    "포트 게시": "publish port",
    "노출": "expose",
    "환경 변수": "environment variable",
    "빌드 인자": "build argument",
    "env 파일": "env file",
    "비밀값": "secret",
    "태그": "tag",
    "리포지토리": "repository",
    "다이제스트": "digest",
    "레지스트리": "registry",
    "푸시": "push",
    "개인 액세스 토큰": "personal access token",
    "연결 모드": "attached mode",
    "분리 모드": "detached mode",
    "대화형 모드": "interactive mode",
    "가상 터미널": "pseudo tty",
    "시그널": "signal",
    "볼륨": "volume",
    "익명 볼륨": "anonymous volume",
    "이름 있는 볼륨": "named volume",
    "마운트": "mount",
    "바인드 마운트": "bind mount",
    "읽기 전용": "read only",
    "마운트 지점": "mountpoint",
    "정리": "prune",
    "댕글링 이미지": "dangling image",
    "데몬": "daemon",
    "엔진": "engine",
    "관리 명령": "management command",
    "라이브 리로드": "live reload",
    "네트워크": "network",
    "사용자 정의 네트워크": "user defined network",
    "호스트": "host",
    "포트": "port",
}

# English words: a query word is cut to a shorter prefix that every form of it starts with
# (copied → cop finds copy, copies, copied; the browser adds the trailing wildcard). The
# longest suffix that fits is cut.
ENGLISH_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s")

# A cut English word keeps at least this many letters: `uses` does not become `us`.
MIN_ENGLISH_STEM = 3

# Words ending like this are not plurals or past forms: `class`, `status`, `analysis`, `need`.
ENGLISH_KEEP_ENDINGS = ("ss", "us", "is", "eed", "ous")

# Letters that `es` is a plural ending after (`boxes`, `switches`); elsewhere only `s` goes.
ENGLISH_ES_AFTER = ("s", "x", "z", "ch", "sh")


# Material adds a trailing wildcard to every query word, and lunr scores each longer word the
# wildcard reaches on its own, so a rare longer word (`networking`) can outrank the word the
# reader typed (`network`). Each word is therefore also asked for exactly, with this boost;
# measured on the audit's queries, 3 ranks every target page of both languages in the top 3,
# 10 starts to push Korean pages that use the word with a particle out of it.
EXACT_MATCH_BOOST = 3


@dataclass(frozen=True)
class SearchRules:
    """Everything the two sides need, in the shape the browser side reads as JSON."""

    separator: str = SEPARATOR
    particles: tuple[str, ...] = PARTICLES
    ambiguous_particles: tuple[str, ...] = AMBIGUOUS_PARTICLES
    endings: tuple[str, ...] = ENDINGS
    ambiguous_endings: tuple[str, ...] = AMBIGUOUS_ENDINGS
    min_stem_syllables: int = MIN_STEM_SYLLABLES
    variants: dict[str, str] = field(default_factory=lambda: dict(VARIANTS))
    english_of_korean_terms: dict[str, str] = field(
        default_factory=lambda: dict(ENGLISH_OF_KOREAN_TERMS)
    )
    english_suffixes: tuple[str, ...] = ENGLISH_SUFFIXES
    min_english_stem: int = MIN_ENGLISH_STEM
    english_keep_endings: tuple[str, ...] = ENGLISH_KEEP_ENDINGS
    english_es_after: tuple[str, ...] = ENGLISH_ES_AFTER
    exact_match_boost: int = EXACT_MATCH_BOOST

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


RULES = SearchRules()
