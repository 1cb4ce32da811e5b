"""The stand-in images: what each is built from (busybox-static or a minimal Debian with some
packages), the files and settings that make it behave as the docs expect of the real image,
and how a recipe is hashed, so that its cached tarball is rebuilt when the recipe changes."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from enum import Enum

# Bumped when the way trees are built changes (not the recipes: those are hashed).
BUILD_FORMAT = 1
# The Debian release the Debian-based stand-ins come from. Fixed, so that every machine builds
# the same images: bookworm's Node 18 has `node --watch`, which the live-reload page uses.
DEBIAN_SUITE = "bookworm"
STANDARD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LABEL = "org.docker-study-notes.stand-in"


class Base(str, Enum):
    """What a stand-in's file tree starts from."""

    BUSYBOX = "busybox"  # /bin/busybox of busybox-static and its applet links
    DEBIAN = "debian"  # debootstrap --variant=minbase


@dataclass(frozen=True)
class TreeFile:
    path: str
    content: str
    mode: int = 0o644


@dataclass(frozen=True)
class Recipe:
    """How to build one stand-in image."""

    image: str
    base: Base
    description: str
    changes: tuple[str, ...]  # Dockerfile instructions given to `docker import --change`
    packages: tuple[str, ...] = ()  # Debian packages installed into the tree
    files: tuple[TreeFile, ...] = ()
    commands: tuple[str, ...] = ()  # run in the tree (chroot) after the packages
    version_env: tuple[str, str] = ("", "")  # (variable, command): ENV set from the tree

    def digest(self, mirror: str) -> str:
        record = {"format": BUILD_FORMAT, "suite": DEBIAN_SUITE, "mirror": mirror}
        record.update(asdict(self))
        text = json.dumps(record, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def mention(self) -> re.Pattern[str]:
        """How a snippet or Dockerfile names this image (`alpine` also as `alpine:latest`)."""
        name = re.escape(self.image)
        latest = "(?::latest)?" if ":" not in self.image else ""
        return re.compile(rf"(?<![\w./:-]){name}{latest}(?![\w.:/-])")


NODE_ENTRYPOINT = """#!/bin/sh
# Like the official node image: run `node` when the first argument is an option or no command.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ]; then
  set -- node "$@"
fi
exec "$@"
"""

HELLO_MESSAGE = """#!/bin/sh
cat <<'EOF'

Hello from Docker!
This message shows that your installation appears to be working correctly.

(This hello-world is a stand-in image built by the docs' snippet runner, because this
machine reaches no image registry. The real one prints more and is a single binary.)

EOF
"""

BUSYBOX_ETC = (
    TreeFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n"),
    TreeFile("etc/group", "root:x:0:\nnogroup:x:65534:\n"),
    TreeFile(
        "etc/os-release",
        'NAME="busybox stand-in"\nID=busybox\nPRETTY_NAME="busybox stand-in for alpine"\n',
    ),
)

# Limitation: Debian's busybox-static 1.35 crashes (SIGSEGV) when wget is given -T, which the
# docs use for their failure demos; the stand-in applies the timeout with `timeout` instead, so
# a timeout ends with status 143 and no "download timed out" message.
BUSYBOX_WGET = r"""#!/bin/sh
# wget of the alpine stand-in: busybox's wget, with -T done by busybox's timeout applet.
limit=
take_limit=
for arg do
  shift
  if [ -n "$take_limit" ]; then limit=$arg; take_limit=; continue; fi
  case $arg in
    -T) take_limit=1; continue ;;
    -T*) limit=${arg#-T}; continue ;;
    --timeout=*) limit=${arg#--timeout=}; continue ;;
  esac
  set -- "$@" "$arg"
done
if [ -n "$limit" ]; then
  exec /bin/busybox timeout "$limit" /bin/busybox wget "$@"
fi
exec /bin/busybox wget "$@"
"""

# This busybox build has no printenv applet; Alpine's busybox has.
BUSYBOX_PRINTENV = r"""#!/bin/sh
# printenv of the alpine stand-in: the values of the named variables, or the whole environment.
[ "$#" -eq 0 ] && exec env
status=0
for name do
  line=$(env | grep -m 1 "^$name=") || { status=1; continue; }
  printf '%s\n' "${line#*=}"
done
exit "$status"
"""

REGISTRY_CONFIG = """version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
"""

RECIPES = (
    Recipe(
        image="node:24-slim",
        base=Base.DEBIAN,
        description="Debian bookworm's nodejs and npm (Node 18), not Node 24",
        packages=("nodejs", "npm"),
        files=(TreeFile("usr/local/bin/docker-entrypoint.sh", NODE_ENTRYPOINT, 0o755),),
        commands=("groupadd --gid 1000 node", "useradd --uid 1000 --gid node -m -s /bin/bash node"),
        version_env=("NODE_VERSION", "node --version | sed 's/^v//'"),
        changes=(
            f"ENV PATH={STANDARD_PATH}",
            'ENTRYPOINT ["docker-entrypoint.sh"]',
            'CMD ["node"]',
        ),
    ),
    Recipe(
        image="alpine",
        base=Base.BUSYBOX,
        description="busybox-static with its applets, not Alpine Linux (no apk)",
        files=(
            *BUSYBOX_ETC,
            TreeFile("usr/bin/wget", BUSYBOX_WGET, 0o755),
            TreeFile("usr/bin/printenv", BUSYBOX_PRINTENV, 0o755),
        ),
        changes=(f"ENV PATH={STANDARD_PATH}", 'CMD ["/bin/sh"]'),
    ),
    Recipe(
        image="hello-world",
        base=Base.BUSYBOX,
        description="a busybox script that prints the hello message",
        files=(TreeFile("hello", HELLO_MESSAGE, 0o755),),
        changes=('CMD ["/hello"]',),
    ),
    Recipe(
        image="redis:7",
        base=Base.DEBIAN,
        description="Debian bookworm's redis-server (Redis 7.0)",
        packages=("redis-server",),
        commands=("mkdir -p /data",),
        changes=(
            "WORKDIR /data",
            "EXPOSE 6379",
            'CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]',
        ),
    ),
    Recipe(
        image="registry:3",
        base=Base.DEBIAN,
        description="Debian bookworm's docker-registry (Distribution 2.8), not 3.0",
        packages=("docker-registry",),
        files=(TreeFile("etc/docker/registry/config.yml", REGISTRY_CONFIG),),
        commands=("mkdir -p /var/lib/registry",),
        changes=(
            "EXPOSE 5000",
            "VOLUME /var/lib/registry",
            'CMD ["/usr/bin/docker-registry", "serve", "/etc/docker/registry/config.yml"]',
        ),
    ),
)


def needed_recipes(texts: list[str]) -> list[Recipe]:
    """The stand-ins that these snippets and Dockerfiles name."""
    return [recipe for recipe in RECIPES if any(recipe.mention.search(t) for t in texts)]
