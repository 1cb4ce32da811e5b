"""Images the snippets use, for an engine that reaches no registry: stand-ins built here under
the names the docs use, from Debian packages (debootstrap, then `docker import`) and from
busybox-static, and cached as `docker save` tarballs keyed by a hash of their recipe.

A stand-in behaves like the real image where the docs rely on it (the `node` user, the
entrypoint, `CMD`, the shell tools), but it is not the real image: `node:24-slim` runs the Node
of Debian bookworm (18), `alpine` is busybox. The runner says so whenever it uses one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import system
from .engine import Engine
from .models import StandInRecord
from .recipes import DEBIAN_SUITE, LABEL, STANDARD_PATH, Base, Recipe

DEFAULT_MIRROR = "http://deb.debian.org/debian"
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

HOST_PACKAGES = [
    system.PackageNeed("debootstrap", system.command_present("debootstrap")),
    system.PackageNeed("busybox-static", system.package_installed("busybox-static")),
]


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

    def restore(self, recipes: list[Recipe]) -> None:
        """Provide again the images a page removed (a clean-up block may remove hello-world),
        so that the next page finds them as the first one did."""
        listed = self.engine.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}")
        present = set(listed.stdout.split())
        for recipe in recipes:
            name = recipe.image if ":" in recipe.image else f"{recipe.image}:latest"
            if name not in present:
                self.log(f"{recipe.image} was removed by the last page; providing it again")
                self._provide_one(recipe)

    def _provide_one(self, recipe: Recipe) -> StandInRecord:
        if not self.engine.info.private:
            if self._present(recipe.image):
                return StandInRecord(recipe.image, "present", stand_in=self._is_stand_in(recipe))
            if self._pull(recipe.image):
                return StandInRecord(recipe.image, "pulled", stand_in=False)
            self.log(f"{recipe.image}: could not pull it; building a stand-in instead")
            # No registry after all: steps that pull or push are skipped from now on.
            self.engine.info = replace(self.engine.info, registry=False)

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
        with self._timed(f"{recipe.image}: built"):
            self._build(recipe, digest)
        with self._timed(f"{recipe.image}: saved to the cache"):
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
        tree = self._make_tree(recipe)
        changes = configure_tree(tree, recipe)
        changes.append(f'LABEL {LABEL}="{digest}"')
        slim(tree)
        import_tree(self.engine, tree, recipe.image, changes)
        shutil.rmtree(tree, ignore_errors=True)

    def _make_tree(self, recipe: Recipe) -> Path:
        tree = self.work_dir / _file_name(recipe.image)
        if tree.exists():
            shutil.rmtree(tree)
        if recipe.base is Base.BUSYBOX:
            make_busybox_tree(tree)
        else:
            # cp -a, not shutil.copytree: the tree has device nodes, which must not be read.
            _run(["cp", "-a", str(self._debian()), str(tree)], TREE_BUILD_SECONDS)
            install_packages(tree, recipe.packages)
        return tree

    def _debian(self) -> Path:
        if self._debian_base is None:
            base = self.work_dir / "debian-base"
            if base.exists():
                shutil.rmtree(base)
            self.log(f"debootstrap: a minimal Debian {DEBIAN_SUITE} from {self.mirror}")
            with self._timed("debootstrap: done"):
                _run(
                    ["debootstrap", "--variant=minbase", DEBIAN_SUITE, str(base), self.mirror],
                    TREE_BUILD_SECONDS,
                )
            self._debian_base = base
        return self._debian_base

    @contextmanager
    def _timed(self, done: str) -> Iterator[None]:
        start = time.monotonic()
        yield
        self.log(f"{done} in {time.monotonic() - start:.0f} s")

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


def configure_tree(tree: Path, recipe: Recipe) -> list[str]:
    """Write the recipe's files and run its commands in the tree; return the image settings
    (`docker import --change`), with the version variable read from the tree."""
    for item in recipe.files:
        target = tree / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()  # an applet link: writing through it would change busybox
        target.write_text(item.content, encoding="utf-8")
        target.chmod(item.mode)
    for command in recipe.commands:
        _chroot(tree, command)
    changes = list(recipe.changes)
    name, command = recipe.version_env
    if name:
        changes.append(f"ENV {name}={_chroot(tree, command).strip()}")
    return changes


def install_packages(tree: Path, packages: tuple[str, ...]) -> None:
    """apt-get install in the tree, with its own /proc in a mount namespace that ends with
    the command (nothing stays mounted), and no service started (policy-rc.d)."""
    if not packages:
        return
    shutil.copy2("/etc/resolv.conf", tree / "etc" / "resolv.conf")
    policy = tree / "usr" / "sbin" / "policy-rc.d"
    policy.write_text("#!/bin/sh\nexit 101\n")
    policy.chmod(0o755)
    # The mirror may serve a dated snapshot whose Release file says it has expired; and a
    # throw-away tree needs no fsync after each file dpkg writes.
    apt = "apt-get -q -o Acquire::Check-Valid-Until=false -o Dpkg::Options::=--force-unsafe-io"
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
