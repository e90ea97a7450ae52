"""Find the raw files to process: new or changed ones, by sha256, against the manifest.

A file whose size and modification time match its manifest row is taken as unchanged
without being read (as make and rsync do); any other file in the manifest is hashed, and it
is changed only when its sha256 differs. A file not in the manifest is new without being
read here: the worker that parses it hashes the bytes it reads (its ``RawFile.sha256`` is
empty until then), so a new file is read once, not twice, and the discovery of a cold run
is a walk of the folder (8,000 new bench files: 0.06 s, against 0.23-0.43 s hashing them).
Symbolic links are followed only while they stay inside the raw folder; one that points
outside it is reported, never read.

Nothing found is dropped silently and nothing found stops the walk: a known file that
cannot be read (permissions), a folder that cannot be listed, a link that leads nowhere, a
name that is not UTF-8 or something that is not a regular file (a FIFO, a socket, a device)
is listed in ``refused`` with its reason (a new file that cannot be read is quarantined by
its reader, ``unreadable`` too).
A new or changed file that cannot be read is retried by the next run; one that was loaded
before keeps its rows until it can be read again.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from winnow import collector
from winnow.records import ParseResult, RawFile

CHUNK = 1 << 20
VANISHED = "gone before it was hashed"
OUTSIDE = "a symbolic link that leads outside the raw folder"
BAD_NAME = "the file name is not valid UTF-8; rename the file"
# Every quarantine reason discover gives: records.QUARANTINE_REASONS and dbt's accepted values must list them.
REASONS = ("vanished", "outside_raw", "unreadable", "broken_link", "bad_name", "not_a_file")


@dataclass(slots=True, frozen=True)
class ManifestEntry:
    sha256: str
    size: int
    mtime_ns: int


@dataclass(slots=True, frozen=True)
class Refusal:
    """A file found but not to be read: the quarantine reason and a detail for humans."""

    file: RawFile
    reason: str  # one of REASONS: unreadable | broken_link | bad_name | not_a_file
    detail: str


@dataclass(slots=True)
class Discovery:
    """What one walk of the raw folder found, against the manifest."""

    new: list[RawFile] = field(default_factory=list)
    changed: list[RawFile] = field(default_factory=list)
    unchanged: list[RawFile] = field(default_factory=list)
    touched: list[RawFile] = field(default_factory=list)  # same content, new mtime
    outside: list[RawFile] = field(default_factory=list)  # links leading out of the raw folder
    vanished: list[RawFile] = field(default_factory=list)  # gone between listing and hashing
    refused: list[Refusal] = field(default_factory=list)  # found, not to be read (see Refusal)
    removed: list[str] = field(default_factory=list)  # in the manifest, no longer on disk

    @property
    def todo(self) -> list[RawFile]:
        return self.new + self.changed

    @property
    def nothing_to_do(self) -> bool:
        """No file to read, to quarantine, or whose new modification time to record."""
        return not (self.new or self.changed or self.not_read or self.touched)

    @property
    def seen(self) -> int:
        return (
            len(self.new) + len(self.changed) + len(self.unchanged) + len(self.outside) + len(self.vanished)
            + len(self.refused)
        )  # fmt: skip

    @property
    def not_read(self) -> list[RawFile]:
        """The files quarantined without being read: vanished, outside links, refused."""
        return [*self.vanished, *self.outside, *(r.file for r in self.refused)]

    def quarantine(self) -> list[ParseResult]:
        """A quarantined result, with its reason, for every file in ``not_read``."""
        out = [ParseResult.quarantined(f.path, f.sha256, "vanished", VANISHED) for f in self.vanished]
        out += [ParseResult.quarantined(f.path, f.sha256, "outside_raw", OUTSIDE) for f in self.outside]
        out += [ParseResult.quarantined(r.file.path, r.file.sha256, r.reason, r.detail) for r in self.refused]
        return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def walk(
    raw: Path, unlisted: list[tuple[str, OSError]] | None = None
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every non-hidden entry below ``raw`` that is a file or a link, with its path relative to
    ``raw`` (POSIX separators), in a stable order: a folder's files by name, then its links to
    folders, then its subfolders in turn. Links to folders are listed, never walked into.

    os.scandir's entries carry the file type read with the listing, so telling files, folders
    and links apart costs no system call (os.walk gives names, and each later test re-stats).
    A folder below ``raw`` that cannot be listed (permissions) goes to ``unlisted`` with its
    path (ending in ``/``) and the error, so that it can be reported rather than skipped.
    """
    stack: list[tuple[str, str]] = [("", os.fspath(raw))]
    while stack:
        prefix, top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = [e for e in it if not e.name.startswith(".")]
        except OSError as e:
            if prefix and unlisted is not None:
                unlisted.append((prefix, e))
            continue
        entries.sort(key=attrgetter("name"))
        dirs: list[os.DirEntry[str]] = []
        for entry in entries:
            if _is_dir(entry):
                dirs.append(entry)
            else:
                yield prefix + entry.name, entry
        subdirs: list[tuple[str, str]] = []
        for entry in dirs:
            if entry.is_symlink():
                yield prefix + entry.name, entry
            else:
                subdirs.append((f"{prefix}{entry.name}/", entry.path))
        stack.extend(reversed(subdirs))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (as os.walk sorts them); False when that cannot be told."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def checked_name(rel: str) -> tuple[str, bool]:
    """``rel`` and whether it is valid UTF-8 (an invalid one is given with its bad bytes
    escaped, ``\\xe9``, so it can be stored)."""
    if rel.isascii():
        return rel, True
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "backslashreplace"), False
    return rel, True


def _link_refusal(path: Path, rel: str, root: Path) -> RawFile | Refusal | None:
    """A link that leads outside ``root`` (a RawFile for ``outside``), or nowhere (a Refusal)."""
    target = str(path.readlink())
    digest = hashlib.sha256(f"symlink:{target}".encode(errors="surrogateescape")).hexdigest()
    link = RawFile(rel, digest, 0, 0)
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as e:
        detail = f"a symbolic link to {target!r} that leads nowhere: {type(e).__name__}"
        return Refusal(link, "broken_link", detail)
    if resolved.is_relative_to(root):
        return None
    return link


@collector.paused()
def discover(raw: Path, manifest: Mapping[str, ManifestEntry]) -> Discovery:
    """Walk ``raw`` and sort every file into new, changed, unchanged, outside, vanished or refused."""
    root = raw.resolve()
    found = Discovery()
    on_disk: set[str] = set()
    unlisted: list[tuple[str, OSError]] = []
    for rel, entry in walk(raw, unlisted):
        rel, good_name = checked_name(rel)
        on_disk.add(rel)
        old = manifest.get(rel)
        if entry.is_symlink():
            bad_link = _link_refusal(Path(entry.path), rel, root)
            if bad_link is not None:
                digest = bad_link.sha256 if isinstance(bad_link, RawFile) else bad_link.file.sha256
                if old and old.sha256 == digest:
                    found.unchanged.append(RawFile(rel, digest, 0, 0))
                elif isinstance(bad_link, RawFile):
                    found.outside.append(bad_link)
                else:
                    found.refused.append(bad_link)
                continue
        _sort_file(found, entry, rel, good_name, old)
    for folder, error in unlisted:
        rel, _ = checked_name(folder)
        on_disk.add(rel)
        old = manifest.get(rel)
        if old is not None:  # reported before: once, until the folder can be listed again
            found.unchanged.append(RawFile(rel, old.sha256, old.size, old.mtime_ns))
        else:
            detail = f"a folder that cannot be listed: {type(error).__name__}: {error}"
            found.refused.append(Refusal(RawFile(rel, "", 0, 0), "unreadable", detail))
    found.removed = sorted(set(manifest) - on_disk)
    return found


def _sort_file(
    found: Discovery, entry: os.DirEntry[str], rel: str, good_name: bool, old: ManifestEntry | None
) -> None:
    """Stat and (unless new, or its size and mtime match the manifest) hash one entry; file it
    in ``found``.

    ``entry.stat()`` follows a link (one inside raw) and costs one system call otherwise."""
    try:
        st = entry.stat()
        if stat.S_ISDIR(st.st_mode):
            return  # a link to a directory inside raw: walked through its real path
        if not stat.S_ISREG(st.st_mode):  # never opened: reading a FIFO would block the run
            kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket or device"
            if old is not None:
                found.unchanged.append(RawFile(rel, old.sha256, old.size, old.mtime_ns))  # quarantined before
            else:
                refusal = Refusal(RawFile(rel, "", 0, 0), "not_a_file", f"a {kind}, not a regular file")
                found.refused.append(refusal)
            return
        if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            found.unchanged.append(RawFile(rel, old.sha256, st.st_size, st.st_mtime_ns))
            return
        if old is None and good_name:  # hashed by its reader (an unreadable one is quarantined there)
            found.new.append(RawFile(rel, "", st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino))
            return
        digest = sha256_file(Path(entry.path))
    except FileNotFoundError:
        found.vanished.append(RawFile(rel, "", 0, 0))
        return
    except OSError as e:  # no permission, an I/O error: hashed again by the next run (mtime 0)
        if old is not None:  # keep its rows (or its quarantine) until it can be read
            found.unchanged.append(RawFile(rel, old.sha256, old.size, old.mtime_ns))
        else:
            found.refused.append(Refusal(RawFile(rel, "", 0, 0), "unreadable", f"{type(e).__name__}: {e}"))
        return
    item = RawFile(rel, digest, st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)
    if not good_name:
        if not (old and old.sha256 == digest):
            found.refused.append(Refusal(item, "bad_name", BAD_NAME))
        else:
            found.unchanged.append(item)
    elif old is not None and old.sha256 == digest:
        found.touched.append(item)
        found.unchanged.append(item)
    else:  # a file in the manifest (a new one with a good name was filed above, unread)
        found.changed.append(item)
