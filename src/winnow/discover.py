"""Find the raw files to process: new or changed ones, by sha256, against the manifest.

A file whose size and modification time match its manifest row is taken as unchanged
without being read (as make and rsync do); any other file is hashed, and it is new or
changed only when its sha256 differs. Symbolic links are followed only while they stay
inside the raw folder; one that points outside it is reported, never read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from winnow.records import RawFile

CHUNK = 1 << 20


@dataclass(slots=True, frozen=True)
class ManifestEntry:
    sha256: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Discovery:
    """What one walk of the raw folder found, against the manifest."""

    new: list[RawFile] = field(default_factory=list)
    changed: list[RawFile] = field(default_factory=list)
    unchanged: list[RawFile] = field(default_factory=list)
    touched: list[RawFile] = field(default_factory=list)  # same content, new mtime
    outside: list[RawFile] = field(default_factory=list)  # links leading out of the raw folder
    vanished: list[RawFile] = field(default_factory=list)  # gone between listing and hashing
    removed: list[str] = field(default_factory=list)  # in the manifest, no longer on disk

    @property
    def todo(self) -> list[RawFile]:
        return self.new + self.changed

    @property
    def seen(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged) + len(self.outside) + len(self.vanished)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def walk(raw: Path) -> Iterator[Path]:
    """Every non-hidden entry below ``raw`` that is a file or a link, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(raw, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield base / name
        for name in dirnames:
            if (base / name).is_symlink():
                yield base / name


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link resolved, stays inside ``root`` (resolved)."""
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def discover(raw: Path, manifest: Mapping[str, ManifestEntry]) -> Discovery:
    """Walk ``raw`` and sort every file into new, changed, unchanged, outside or vanished."""
    root = raw.resolve()
    found = Discovery()
    on_disk: set[str] = set()
    for path in walk(raw):
        rel = path.relative_to(raw).as_posix()
        on_disk.add(rel)
        if path.is_symlink() and not inside(path, root):
            target = os.readlink(path)
            digest = hashlib.sha256(f"symlink:{target}".encode()).hexdigest()
            old = manifest.get(rel)
            link = RawFile(rel, digest, 0, 0)
            (found.unchanged if old and old.sha256 == digest else found.outside).append(link)
            continue
        try:
            st = path.stat()
            if not path.is_file():
                continue  # a link to a directory inside raw: walked through its real path
            old = manifest.get(rel)
            if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                found.unchanged.append(RawFile(rel, old.sha256, st.st_size, st.st_mtime_ns))
                continue
            digest = sha256_file(path)
        except FileNotFoundError:
            found.vanished.append(RawFile(rel, "", 0, 0))
            continue
        item = RawFile(rel, digest, st.st_size, st.st_mtime_ns)
        if old is None:
            found.new.append(item)
        elif old.sha256 != digest:
            found.changed.append(item)
        else:
            found.touched.append(item)
            found.unchanged.append(item)
    found.removed = sorted(set(manifest) - on_disk)
    return found
