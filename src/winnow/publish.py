"""Build in a staging copy, publish atomically, and keep one run at a time.

The published file is only ever replaced by ``os.replace`` of a finished, checkpointed
staging copy: a reader holding the old file open keeps its snapshot, a new connection
sees the new load, and nobody sees half a load. Parquet copies of the marts go to a new
folder each run, and ``parquet`` is a symbolic link switched atomically to it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from winnow import duck, faults

KEEP_PARQUET = 2  # parquet folders kept: the published one and the one before it
SOURCE_MARK = ".source-db"  # in a Parquet folder: the identity of the database file it matches


class RunInProgress(RuntimeError):
    """Another run holds the warehouse lock."""


class NameTaken(RuntimeError):
    """A name the warehouse needs is held by something Winnow did not make."""


@dataclass(frozen=True, slots=True)
class Warehouse:
    """The published DuckDB file and everything Winnow keeps beside it.

    What a warehouse owns is named after it or lives in its own state folder
    (``.<name>.winnow/``: staging copy, dbt's state, parsed batches, Parquet versions), so two
    warehouses in one folder share nothing; the ledger is ``<name>.runs.jsonl`` and the
    Parquet link ``parquet`` (``parquet-<name>`` when another warehouse holds ``parquet``).
    Winnow deletes only inside the state folder, and ``claim`` refuses to start where a name
    it needs is taken by something it did not make.
    """

    db: Path

    @property
    def home(self) -> Path:
        return self.db.parent

    @property
    def state(self) -> Path:
        return self.home / f".{self.db.stem}.winnow"

    @property
    def staging_dir(self) -> Path:
        return self.state / "staging"

    @property
    def batch_dir(self) -> Path:
        return self.state / "batches"

    @property
    def lock_file(self) -> Path:
        return self.home / f".{self.db.stem}.lock"

    @property
    def ledger(self) -> Path:
        return self.home / f"{self.db.stem}.runs.jsonl"

    @property
    def parquet(self) -> Path:
        """The link BI tools read; ``parquet`` unless another warehouse of the folder owns that."""
        plain = self.home / "parquet"
        if plain.is_symlink() and not _link_is_mine(self, plain):
            return self.home / f"parquet-{self.db.stem}"
        return plain

    @property
    def staging_db(self) -> Path:
        """One name for every run's staging copy (runs take turns under the lock): dbt sees
        the same profile each run and can reuse its parsed project (``dbt_dir``)."""
        return self.staging_dir / f"{self.db.stem}.duckdb"

    @property
    def dbt_dir(self) -> Path:
        """dbt's target/ and logs/, kept between runs for partial parsing."""
        return self.state / "dbt"


def _link_is_mine(wh: Warehouse, link: Path) -> bool:
    """Whether a Parquet link points into this warehouse's state folder."""
    target = link.readlink()
    if target.name.startswith(".parquet-") and len(target.parts) == 1:
        return True  # the layout of older versions: one warehouse per folder, versions beside it
    return target.parts[:1] == (wh.state.name,) or target.parent == wh.state


def claim(wh: Warehouse) -> tuple[list[Path], list[Path]]:
    """Make sure every name the warehouse needs is free or already Winnow's; raise NameTaken
    (naming it) otherwise. When this is the folder's only warehouse, adopts a ledger
    ``runs.jsonl`` of older versions and removes their state (``remove_old_layout``): returns
    (what was removed, what bears an old name but is left)."""
    wh.home.mkdir(parents=True, exist_ok=True)
    for path in (wh.state, wh.ledger):
        if path.is_symlink():
            raise NameTaken(
                f"{path} is a symbolic link, not Winnow's: move it away or choose another warehouse"
            )
    if wh.state.exists() and not wh.state.is_dir():
        raise NameTaken(f"{wh.state} exists and is not a folder: Winnow keeps this warehouse's state there")
    link = wh.parquet
    if link.exists() and not link.is_symlink():
        raise NameTaken(
            f"{link} is a folder Winnow did not make (it publishes Parquet there as a link): "
            "move it away or put the warehouse in a folder of its own"
        )
    legacy = wh.home / "runs.jsonl"
    alone = [p.name for p in wh.home.glob("*.duckdb")] in ([wh.db.name], [])
    if alone and not wh.ledger.exists() and legacy.is_file() and not legacy.is_symlink():
        os.replace(legacy, wh.ledger)
    wh.state.mkdir(exist_ok=True)
    return remove_old_layout(wh) if alone else ([], [])


# The state of versions before per-warehouse state folders, beside the warehouse: a staging
# folder, dbt's folder and one Parquet folder per run (``parquet`` linked to the last).
OLD_STAGING, OLD_DBT, OLD_PARQUET = ".staging", ".dbt", ".parquet-"


def old_layout(wh: Warehouse) -> tuple[list[Path], list[Path]]:
    """What an older version left beside ``wh``: (what is recognisably Winnow's, what only
    bears one of its names). Winnow's: a ``.staging`` holding nothing but this warehouse's
    staging copy (and its WAL, spill folder or partial copy); a ``.dbt`` holding nothing but
    dbt's ``target`` and ``logs``, its manifest naming the ``winnow`` project; a ``.parquet-*``
    folder of Parquet files with the mark of the database file it was written beside. The
    Parquet folder the ``parquet`` link still points at is neither: it is published."""
    ours: list[Path] = []
    theirs: list[Path] = []
    staging = wh.home / OLD_STAGING
    if staging.is_dir() and not staging.is_symlink():
        copy = f"{wh.db.stem}.duckdb"
        names = {copy, f"{copy}.wal", f"{wh.db.stem}.copying", f"{copy}.tmp"}
        (ours if {p.name for p in staging.iterdir()} <= names else theirs).append(staging)
    dbt = wh.home / OLD_DBT
    if dbt.is_dir() and not dbt.is_symlink():
        (ours if _is_old_dbt_state(dbt) else theirs).append(dbt)
    linked = wh.parquet.resolve() if wh.parquet.is_symlink() else None
    for folder in sorted(wh.home.glob(f"{OLD_PARQUET}*")):
        if folder.is_symlink() or not folder.is_dir() or folder.resolve() == linked:
            continue
        files = {p.name for p in folder.iterdir()}
        winnows = SOURCE_MARK in files and all(n == SOURCE_MARK or n.endswith(".parquet") for n in files)
        (ours if winnows else theirs).append(folder)
    return ours, theirs


def _is_old_dbt_state(folder: Path) -> bool:
    if not {p.name for p in folder.iterdir()} <= {"target", "logs"}:
        return False
    try:
        import json

        manifest = json.loads((folder / "target" / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("metadata", {}).get("project_name") == "winnow")


def remove_old_layout(wh: Warehouse) -> tuple[list[Path], list[Path]]:
    """Delete what an older version left beside ``wh`` and is recognisably Winnow's (see
    ``old_layout``); leave the rest. Returns (removed, left)."""
    ours, theirs = old_layout(wh)
    for path in ours:
        shutil.rmtree(path, ignore_errors=True)
    return ours, theirs


@contextlib.contextmanager
def run_lock(wh: Warehouse) -> Iterator[None]:
    """Hold the warehouse's run lock, or raise RunInProgress at once.

    An ``flock`` dies with its process, so a run killed with SIGKILL leaves no stale lock.
    Taken once per run, by the flow (``flows.runs.Run``); not re-entrant: a second take, even
    in the same process, is another run.
    """
    wh.home.mkdir(parents=True, exist_ok=True)
    fd = os.open(wh.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise RunInProgress(f"another run is in progress on {wh.db} (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _copy(src: Path, dst: Path) -> None:
    tmp = dst.with_suffix(".copying")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


class DiskFull(OSError):
    """No space left for the staging copy (or what a run writes): nothing was published."""


# How a full disk reads in an error's text: DuckDB's (and so dbt's) IO errors carry the
# system's message, not an errno: 'Could not write file "<path>": No space left on device'.
NO_SPACE_TEXTS = ("No space left on device", "Disk quota exceeded")
_FILE_IN_TEXT = re.compile(r'"(/[^"]+)"')


def no_space(error: BaseException | str, near: Path | None = None) -> str | None:
    """If ``error`` (or an error that caused it) is a full disk: one sentence saying so, naming
    the file it could not write (else ``near``) and the space left there; None otherwise."""
    where: str | None = None
    found = False
    seen: set[int] = set()
    todo: list[BaseException | str] = [error]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        text = str(e)
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            found, where = True, where or (str(e.filename) if e.filename else None)
        if any(t in text for t in NO_SPACE_TEXTS):
            found = True
            for line in text.splitlines():
                match = _FILE_IN_TEXT.search(line)
                if match and any(t in line for t in NO_SPACE_TEXTS):
                    where = where or match.group(1)
        if isinstance(e, BaseException):
            todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    if not found:
        return None
    place = Path(where) if where else near
    if place is None:
        return "no space left on the device"
    return f"no space left on the device of {place} ({_free(place)} free)"


def _free(path: Path) -> str:
    for folder in (path, *path.parents):
        with contextlib.suppress(OSError):
            if folder.is_dir():
                free = shutil.disk_usage(folder).free
                return f"{free / 1e6:.1f} MB" if free < 10e9 else f"{free / 1e9:.1f} GB"
    return "unknown"


def prepare_staging(wh: Warehouse) -> Path:
    """Clear what killed runs left behind and copy the published file to a staging path.

    A full disk raises DiskFull, with the partial copy removed."""
    if wh.staging_dir.exists():
        shutil.rmtree(wh.staging_dir)
    wh.staging_dir.mkdir(parents=True)
    staging = wh.staging_db
    try:
        if wh.db.exists():
            _copy(wh.db, staging)
            wal = wh.db.with_name(wh.db.name + ".wal")
            if wal.exists():
                _copy(wal, staging.with_name(staging.name + ".wal"))
    except OSError as e:
        shutil.rmtree(wh.staging_dir, ignore_errors=True)
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                e.errno, f"no space left for the staging copy of {wh.db} in {wh.staging_dir}"
            ) from e
        raise
    faults.point("staging_ready")
    return staging


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_parquet(
    staging: Path, wh: Warehouse, run_id: str, tables: Sequence[str], *, changed: Sequence[str] | None = None
) -> Path:
    """Write each marts table as Parquet into a new folder; tables not in ``changed`` are hard-linked
    from the published folder when it has them (``changed=None``: write every table).

    The folder records which database file it was written beside (``SOURCE_MARK``): a run killed
    between publishing the file and switching the ``parquet`` link leaves a folder that belongs to
    the previous file, and the next run then rewrites every table rather than link stale ones.
    """
    out = wh.state / f"parquet-{run_id}"
    previous = _published_parquet(wh)
    if out.exists() and (not wh.parquet.exists() or wh.parquet.resolve() != out.resolve()):
        shutil.rmtree(out)  # left by an earlier attempt of this run (a retried task)
    out.mkdir(parents=True, exist_ok=True)
    with duck.connect(staging, read_only=True) as con:
        for table in tables:
            target = out / f"{table}.parquet"
            old = previous / f"{table}.parquet" if previous else None
            if changed is not None and table not in changed and old and old.exists():
                os.link(old, target)
                continue
            con.sql(f"select * from marts.{table}").write_parquet(str(target))  # no path in SQL text
    (out / SOURCE_MARK).write_text(_file_id(staging), encoding="ascii")  # os.replace keeps the inode
    faults.point("parquet_written")
    return out


def _file_id(path: Path) -> str:
    st = path.stat()
    return f"{st.st_dev}:{st.st_ino}"


def parquet_is_current(wh: Warehouse) -> bool:
    """Whether the published Parquet folder was written beside the published database file
    (not so after a run killed between the two switches: the next run must write it again)."""
    return _published_parquet(wh) is not None


def _published_parquet(wh: Warehouse) -> Path | None:
    """The published Parquet folder, if it was written beside the published database file."""
    if not (wh.parquet.exists() and wh.db.exists()):
        return None
    folder = wh.parquet.resolve()
    try:
        mark = (folder / SOURCE_MARK).read_text(encoding="ascii")
    except OSError:
        return None
    return folder if mark == _file_id(wh.db) else None


def publish(staging: Path, wh: Warehouse, parquet_dir: Path | None) -> None:
    """Make the staging copy the published warehouse (atomic rename), then switch the Parquet link."""
    if not staging.is_file():  # connecting would create an empty database, and publish it
        raise FileNotFoundError(f"no staging copy to publish at {staging}")
    with duck.connect(staging) as con:
        con.execute("checkpoint")
    _fsync(staging)
    faults.point("before_replace")
    os.replace(staging, wh.db)
    _fsync(wh.home)
    faults.point("after_replace")
    if parquet_dir is None:
        return
    target = wh.parquet
    link = wh.state / f"parquet-link-{parquet_dir.name}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(Path(wh.state.name) / parquet_dir.name)  # relative: the folder can move
    if target.exists() and not target.is_symlink():
        raise NameTaken(f"{target} is a folder Winnow did not make: not replacing it")
    os.replace(link, wh.home / target.name)
    faults.point("after_link")
    _prune_parquet(wh, keep=parquet_dir)


def _prune_parquet(wh: Warehouse, keep: Path) -> None:
    for link in wh.state.glob("parquet-link-*"):  # left by a run killed while switching the link
        if link.is_symlink():
            link.unlink(missing_ok=True)
    dirs = sorted(wh.state.glob("parquet-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    dirs = [d for d in dirs if d.is_dir() and not d.is_symlink()]
    for old in [d for d in dirs if d != keep][KEEP_PARQUET - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path, wh: Warehouse | None = None, run_id: str | None = None) -> None:
    """Drop a staging copy that must not be published, with what DuckDB spilled beside it
    and, given the run, the Parquet folder it was writing (unless that is published)."""
    for p in (staging, staging.with_name(staging.name + ".wal"), staging.with_suffix(".copying")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    shutil.rmtree(staging.with_name(staging.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder
    if wh is not None and run_id is not None:
        folder = wh.state / f"parquet-{run_id}"
        if folder.is_dir() and not (wh.parquet.exists() and wh.parquet.resolve() == folder.resolve()):
            shutil.rmtree(folder, ignore_errors=True)
