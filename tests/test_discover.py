"""discover(): new, changed, unchanged, touched, removed, links leading out of raw."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from winnow import parallel
from winnow.discover import ManifestEntry, discover, sha256_file
from winnow.settings import Budgets


def _manifest(raw: Path) -> dict[str, ManifestEntry]:
    out = {}
    for p in raw.rglob("*"):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            out[p.relative_to(raw).as_posix()] = ManifestEntry(sha256_file(p), st.st_size, st.st_mtime_ns)
    return out


def test_first_walk_finds_every_file_as_new(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "一 篇.txt").write_text("标题\n正文", encoding="utf-8")
    (tmp_path / "b.html").write_bytes(b"<html></html>")
    (tmp_path / ".hidden").write_text("x")
    found = discover(tmp_path, {})
    assert sorted(f.path for f in found.new) == ["a/一 篇.txt", "b.html"]
    assert found.seen == 2 and not found.changed and not found.unchanged


def test_a_new_file_is_not_read_until_parsed_and_its_reader_hashes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text("标题\n来源 :某刊 | 被引量 : 1次 | 上传用户:u\n正文。", encoding="utf-8")
    (raw / "big.txt").write_bytes(b"x" * 64)
    opened: list[str] = []
    real_open = Path.open

    def watched_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", watched_open)
    found = discover(raw, {})
    assert opened == []  # discovery stats new files, never opens them
    assert sorted((f.path, f.sha256) for f in found.new) == [("big.txt", ""), ("page.txt", "")]
    budgets = Budgets(max_file_bytes=32)
    got = {f.path: parallel.parse_one(raw, f, budgets) for f in found.new}
    assert got["big.txt"].reason == "too_large"  # not parsed, but hashed whole for its manifest row
    for name, result in got.items():
        assert result.sha256 == sha256_file(raw / name)


def test_second_walk_sorts_changed_touched_removed(tmp_path: Path) -> None:
    for name in ("same.txt", "edit.txt", "touch.txt", "gone.txt"):
        (tmp_path / name).write_text(name)
    manifest = _manifest(tmp_path)
    (tmp_path / "edit.txt").write_text("new content")
    st = (tmp_path / "touch.txt").stat()
    os.utime(tmp_path / "touch.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "new.txt").write_text("new")
    found = discover(tmp_path, manifest)
    assert [f.path for f in found.new] == ["new.txt"]
    assert [f.path for f in found.changed] == ["edit.txt"]
    assert [f.path for f in found.touched] == ["touch.txt"]
    assert sorted(f.path for f in found.unchanged) == ["same.txt", "touch.txt"]
    assert found.removed == ["gone.txt"]
    assert [f.path for f in found.todo] == ["new.txt", "edit.txt"]


def test_links_inside_raw_are_read_links_outside_are_not(tmp_path: Path) -> None:
    raw, secret = tmp_path / "raw", tmp_path / "secret.txt"
    raw.mkdir()
    secret.write_text("outside")
    (raw / "real.txt").write_text("inside")
    (raw / "inner.txt").symlink_to(raw / "real.txt")
    (raw / "escape.txt").symlink_to(secret)
    (raw / "escape-dir").symlink_to(tmp_path)
    found = discover(raw, {})
    assert sorted(f.path for f in found.new) == ["inner.txt", "real.txt"]
    assert sorted(f.path for f in found.outside) == ["escape-dir", "escape.txt"]
    # The same outside link is not reported again once recorded in the manifest.
    manifest = {f.path: ManifestEntry(f.sha256, f.size, f.mtime_ns) for f in found.outside}
    again = discover(raw, manifest)
    assert not again.outside
