"""Images the snippets use, for an engine that reaches no registry: stand-ins built here under
the names the docs use, from Debian packages (debootstrap, then `docker import`) and from
busybox-static, and cached as `docker save` tarballs keyed by a hash of their recipe.

A stand-in behaves like the real image where the docs rely on it (the `node` user, the
entrypoint, `CMD`, the shell tools), but it is not the real image: `node:24-slim` runs the Node
of Debian bookworm (18), `alpine` is busybox. The runner says so whenever it uses one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from . import system
from .engine import Engine
from .models import StandInRecord

# Bumped when the way trees are built changes (not the recipes: those are hashed).
BUILD_FORMAT = 1
# The Debian release the Debian-based stand-ins come from. Fixed, so that every machine builds
# the same images: bookworm's Node 18 has `node --watch`, which the live-reload page uses.
DEBIAN_SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
LABEL = "org.docker-study-notes.stand-in"
# debootstrap plus apt take 1-2 minutes; a stuck mirror should not hold the run forever.
TREE_BUILD_SECONDS = 1200
# `docker import`, `save` and `load` of a few hundred MB.
IMAGE_IO_SECONDS = 600
# Files a slim image does not need (what the official -slim images also leave out).
SLIM_PATHS = (
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
    "var/lib/apt/lists",
    "var/cache/apt",
    "var/cache/debconf/templates.dat-old",
    "var/log",
)
STANDARD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

HOST_PACKAGES = [
    system.PackageNeed("debootstrap", system.command_present("debootstrap")),
    system.PackageNeed("busybox-static", system.package_installed("busybox-static")),
]


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
        files=BUSYBOX_ETC,
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


def _file_name(image: str) -> str:
    return re.sub(r"[^\w.-]", "_", image)


def debian_mirror() -> str:
    """The Debian mirror apt on this machine uses (debootstrap should use the same)."""
    for sources in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        match = re.search(r"^URIs:\s*(\S+/debian)/?\s*$", sources.read_text(), re.M)
        if match:
            return match.group(1)
    listing = Path("/etc/apt/sources.list")
    if listing.is_file():
        match = re.search(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+/debian)/?\s", listing.read_text(), re.M)
        if match:
            return match.group(1)
    return DEFAULT_MIRROR


@dataclass
class StandInBuilder:
    """Provides the images on an engine: pulled (a real engine), or stand-ins (cached)."""

    engine: Engine
    cache_dir: Path  # .cache/snippets/standins: survives `make snippets`, not `make clean`
    work_dir: Path  # build/snippets/standins: file trees while they are built
    log: Callable[[str], None]
    mirror: str = field(default_factory=debian_mirror)
    _debian_base: Path | None = None

    def provide(self, recipes: list[Recipe]) -> list[StandInRecord]:
        records: list[StandInRecord] = []
        try:
            for recipe in recipes:
                records.append(self._provide_one(recipe))
        finally:
            if self.work_dir.exists():
                shutil.rmtree(self.work_dir, ignore_errors=True)
        return records

    def _provide_one(self, recipe: Recipe) -> StandInRecord:
        if not self.engine.info.private:
            if self._present(recipe.image):
                return StandInRecord(recipe.image, "present", stand_in=self._is_stand_in(recipe))
            if self._pull(recipe.image):
                return StandInRecord(recipe.image, "pulled", stand_in=False)
            self.log(f"{recipe.image}: could not pull it; building a stand-in instead")

        digest = recipe.digest(self.mirror)
        note = f"{recipe.image} is a STAND-IN: {recipe.description}"
        if self._label(recipe.image) == digest:
            return StandInRecord(recipe.image, "engine", True, recipe.description)
        tarball = self.cache_dir / f"{_file_name(recipe.image)}-{digest}.tar"
        if tarball.is_file():
            self.log(f"{note}; loading it from the cache ({tarball.name})")
            self.engine.docker("load", "-q", "-i", str(tarball), timeout=IMAGE_IO_SECONDS)
            return StandInRecord(recipe.image, "cache", True, recipe.description)

        self.log(f"{note}; building it (once: then it is cached in {self.cache_dir})")
        self._build(recipe, digest)
        self._save(recipe, digest, tarball)
        return StandInRecord(recipe.image, "built", True, recipe.description)

    def _present(self, image: str) -> bool:
        return self.engine.docker("image", "inspect", image, check=False).returncode == 0

    def _pull(self, image: str) -> bool:
        self.log(f"pulling {image}")
        done = self.engine.docker("pull", "-q", image, check=False, timeout=IMAGE_IO_SECONDS)
        return done.returncode == 0

    def _label(self, image: str) -> str:
        label_format = f'{{{{index .Config.Labels "{LABEL}"}}}}'
        done = self.engine.docker("image", "inspect", "--format", label_format, image, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    def _is_stand_in(self, recipe: Recipe) -> bool:
        return bool(self._label(recipe.image))

    def _build(self, recipe: Recipe, digest: str) -> None:
        system.ensure_packages(HOST_PACKAGES, self.log)
        tree = self.work_dir / _file_name(recipe.image)
        if tree.exists():
            shutil.rmtree(tree)
        if recipe.base is Base.BUSYBOX:
            make_busybox_tree(tree)
        else:
            shutil.copytree(self._debian(), tree, symlinks=True)
            install_packages(tree, recipe.packages)
        for item in recipe.files:
            target = tree / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.content, encoding="utf-8")
            target.chmod(item.mode)
        for command in recipe.commands:
            _chroot(tree, command)
        changes = list(recipe.changes)
        name, command = recipe.version_env
        if name:
            changes.append(f"ENV {name}={_chroot(tree, command).strip()}")
        changes.append(f'LABEL {LABEL}="{digest}"')
        slim(tree)
        import_tree(self.engine, tree, recipe.image, changes)
        shutil.rmtree(tree, ignore_errors=True)

    def _debian(self) -> Path:
        if self._debian_base is None:
            base = self.work_dir / "debian-base"
            if base.exists():
                shutil.rmtree(base)
            self.log(f"debootstrap: a minimal Debian {DEBIAN_SUITE} from {self.mirror}")
            _run(
                ["debootstrap", "--variant=minbase", DEBIAN_SUITE, str(base), self.mirror],
                TREE_BUILD_SECONDS,
            )
            self._debian_base = base
        return self._debian_base

    def _save(self, recipe: Recipe, digest: str, tarball: Path) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for old in self.cache_dir.glob(f"{_file_name(recipe.image)}-*.tar"):
            old.unlink()  # an older recipe's image
        partial = tarball.with_suffix(".tar.partial")
        self.engine.docker("save", "-o", str(partial), recipe.image, timeout=IMAGE_IO_SECONDS)
        partial.rename(tarball)


def make_busybox_tree(tree: Path) -> None:
    """/bin/busybox of busybox-static, a link for each applet, and the folders a shell needs."""
    busybox = Path("/bin/busybox")
    (tree / "bin").mkdir(parents=True)
    shutil.copy2(busybox, tree / "bin" / "busybox")
    applets = _run([str(busybox), "--list-full"], 60).split()
    for applet in applets:
        link = tree / applet
        if link.exists() or link.is_symlink():
            continue
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to("/bin/busybox")
    for folder, mode in (("tmp", 0o1777), ("root", 0o700), ("etc", 0o755), ("var", 0o755)):
        (tree / folder).mkdir(exist_ok=True)
        (tree / folder).chmod(mode)


def install_packages(tree: Path, packages: tuple[str, ...]) -> None:
    """apt-get install in the tree, with its own /proc in a mount namespace that ends with
    the command (nothing stays mounted), and no service started (policy-rc.d)."""
    if not packages:
        return
    shutil.copy2("/etc/resolv.conf", tree / "etc" / "resolv.conf")
    policy = tree / "usr" / "sbin" / "policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)
    # The mirror may serve a dated snapshot whose Release file says it has expired.
    apt = "apt-get -q -o Acquire::Check-Valid-Until=false"
    script = (
        f"{apt} update >/dev/null && DEBIAN_FRONTEND=noninteractive "
        f"{apt} install -y --no-install-recommends {' '.join(packages)} && apt-get clean"
    )
    try:
        _chroot(tree, script)
    finally:
        policy.unlink(missing_ok=True)
        (tree / "etc" / "resolv.conf").unlink(missing_ok=True)


def _chroot(tree: Path, command: str) -> str:
    return _run(
        ["unshare", "--mount", "--pid", "--fork", f"--mount-proc={tree / 'proc'}"]
        + ["chroot", str(tree), "/bin/sh", "-c", command],
        TREE_BUILD_SECONDS,
    )


def _run(command: list[str], timeout: float) -> str:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PATH": STANDARD_PATH}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()[-3000:]
        raise system.SetupError(f"`{' '.join(command)}` failed:\n{output}")
    return done.stdout


def slim(tree: Path) -> None:
    for relative in SLIM_PATHS:
        target = tree / relative
        if target.is_dir():
            for child in target.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        elif target.exists():
            target.unlink()


def import_tree(engine: Engine, tree: Path, image: str, changes: list[str]) -> None:
    """`tar | docker import` with the image's configuration."""
    command = ["docker", "import", "--message", "snippet runner stand-in"]
    for change in changes:
        command += ["--change", change]
    command += ["-", image]
    tar = subprocess.Popen(
        ["tar", "--numeric-owner", "-C", str(tree), "-c", "."], stdout=subprocess.PIPE
    )
    try:
        done = subprocess.run(
            command,
            stdin=tar.stdout,
            env=engine.env,
            capture_output=True,
            text=True,
            timeout=IMAGE_IO_SECONDS,
            check=False,
        )
    finally:
        assert tar.stdout is not None
        tar.stdout.close()
        tar.wait()
    if done.returncode != 0 or tar.returncode != 0:
        raise system.SetupError(f"importing {image} failed: {done.stderr.strip()}")
