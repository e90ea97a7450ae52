#!/usr/bin/env python3
"""Score `winnow parse` on real saved pages of Chinese academic sites: per page, per site, in total.

    python eval/real/evaluate.py              # pages: $WINNOW_REAL_PAGES or /work/scratch/real/pages
    python eval/real/evaluate.py --pages DIR [--json]  # another copy of the pages
    python eval/real/evaluate.py --synthetic  # pages written to the described layouts
    python eval/real/evaluate.py --pin        # re-pin eval/real/floors.json at today's scores

The pages are other people's text and never enter the repository: MANIFEST.tsv says where each
one comes from (repository, commit, path, sha256) and README.md how to rebuild the folder. The
gold (gold/*.json, the format of ../shared/corpus/real/gold) is short labels read off each page.

Checks, with all whitespace removed from both sides (the definitions of
../shared/tools/score_real.py, so the figures compare):
  article pages   title (or an accepted alternative), journal, authors in order, affiliation
                  (gold contained in the output), keywords in order, the first and last
                  characters of the body (or of the abstract where the page carries only one),
                  the number of related abstracts; furniture left in the body is counted apart
                  (`clean` = share of article pages with none left);
  other pages     must be quarantined (`kinds`); where the gold names `expected_reason`, the
                  reason's head is compared too (`reasons`, reported, not part of `kinds`).
Standard library only: it runs `winnow parse` as a command, once for a batch of pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PAGES = Path(os.environ.get("WINNOW_REAL_PAGES", "/work/scratch/real/pages"))
FIELDS = ("title", "journal", "authors", "affil", "keywords", "body_first", "body_last", "related")
BATCH = 40  # pages per `winnow parse` call: one interpreter start for many pages
TOLERANCE = 0.02  # a pinned floor sits this far below the measured score


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return {
        row[0]: dict(zip(head, row, strict=False)) for row in (line.split("\t") for line in lines[1:] if line)
    }


def read_gold(gold_dir: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def gold_digest(gold_dir: Path, manifest: Path) -> str:
    """sha256 over the manifest and every gold file (name and bytes): an edited gold changes it."""
    h = hashlib.sha256(manifest.read_bytes())
    for p in sorted(gold_dir.glob("*.json")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def run_parser(cmd: str, pages: list[Path], env: dict[str, str] | None = None) -> dict[str, dict]:
    """Parse the pages in batches; map each page's path to its JSON result."""
    out: dict[str, dict] = {}
    for i in range(0, len(pages), BATCH):
        batch = pages[i : i + BATCH]
        proc = subprocess.run(
            [*shlex.split(cmd), *map(str, batch)], capture_output=True, text=True, timeout=900, env=env
        )
        rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        for n, row in enumerate(rows):
            key = str(Path(row["path"]).resolve()) if row.get("path") else str(batch[n].resolve())
            out[key] = row
        for page in batch:
            out.setdefault(
                str(page.resolve()),
                {
                    "status": "error",
                    "reason": f"no JSON (exit {proc.returncode}) {proc.stderr.strip()[-200:]}",
                },
            )
    return out


def body_of(article: dict) -> str:
    blocks = article.get("blocks") or []
    return squeeze("".join(b.get("text", "") for b in blocks)) or squeeze(article.get("body"))


def score_page(gold: dict, result: dict) -> dict:
    row: dict = {"file": gold["file"], "status": result.get("status"), "reason": result.get("reason")}
    expected = gold.get("article") if gold.get("is_article") else None
    if expected is None:
        row["kind_ok"] = int(result.get("status") == "quarantined")
        if gold.get("expected_reason"):
            got = (result.get("reason") or "").split(":")[0].strip()
            row["reason_ok"] = int(got == gold["expected_reason"].split(":")[0].strip())
        return row
    got = result.get("article") or {}
    body, abstract = body_of(got), squeeze(got.get("abstract"))
    titles = {squeeze(t) for t in [expected["title"], *expected.get("title_alternatives", [])]}
    row["title"] = int(squeeze(got.get("title")) in titles)
    if "journal" in expected:
        row["journal"] = int(squeeze(got.get("journal")) == squeeze(expected["journal"]))
    if "authors" in expected:
        row["authors"] = int(
            [squeeze(a) for a in got.get("authors") or []] == [squeeze(a) for a in expected["authors"]]
        )
    if expected.get("affiliation"):
        row["affil"] = int(squeeze(expected["affiliation"]) in squeeze(got.get("affiliation")))
    if expected.get("keywords"):
        row["keywords"] = int(
            [squeeze(k) for k in got.get("keywords") or []] == [squeeze(k) for k in expected["keywords"]]
        )
    firsts = [squeeze(f) for f in [expected["body_first"], *expected.get("body_first_alternatives", [])]]
    row["body_first"] = int(any(body.startswith(f) or abstract.startswith(f) for f in firsts))
    last = squeeze(expected["body_last"])
    row["body_last"] = int(body.endswith(last) or abstract.endswith(last))
    row["related"] = int(len(result.get("related") or []) == gold.get("related_abstracts", 0))
    left = [w for w in expected.get("body_must_not_contain", []) if squeeze(w) in body]
    row["junk_left"], row["junk_examples"] = len(left), left[:3]
    if expected.get("headings"):
        found = {squeeze(h) for h in got.get("headings") or []}
        row["headings"] = (
            f"{sum(squeeze(h) in found for h in expected['headings'])}/{len(expected['headings'])}"
        )
    return row


def totals(rows: list[dict]) -> dict:
    arts = [r for r in rows if "kind_ok" not in r]
    others = [r for r in rows if "kind_ok" in r]
    checks = [r[f] for r in arts for f in FIELDS if f in r]
    reasons = [r["reason_ok"] for r in others if "reason_ok" in r]

    def share(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 4) if values else None

    return {
        "pages": len(rows),
        "articles": len(arts),
        "others": len(others),
        "fields": share(checks),
        "clean": share([int(r["junk_left"] == 0) for r in arts]),
        "kinds": share([r["kind_ok"] for r in others]),
        "reasons": share(reasons),
        "by_field": {f: f"{sum(r[f] for r in arts if f in r)}/{sum(f in r for r in arts)}" for f in FIELDS},
    }


def evaluate(
    pages_dir: Path, gold_dir: Path, manifest: Path, cmd: str, env: dict[str, str] | None = None
) -> dict:
    sites = read_manifest(manifest) if manifest.exists() else {}
    golds = [g for g in read_gold(gold_dir) if (pages_dir / g["file"]).exists()]
    missing = sorted(g["file"] for g in read_gold(gold_dir) if not (pages_dir / g["file"]).exists())
    results = run_parser(cmd, [pages_dir / g["file"] for g in golds], env)
    rows = []
    for g in golds:
        row = score_page(g, results[str((pages_dir / g["file"]).resolve())])
        # a manifest without a site column (../shared/corpus/real/SOURCES.tsv): the name's second token
        row["site"] = sites.get(g["file"], {}).get("site") or g["file"].split("_")[1]
        rows.append(row)
    by_site = defaultdict(list)
    for row in rows:
        by_site[row["site"]].append(row)
    return {
        "rows": rows,
        "total": totals(rows),
        "by_site": {site: totals(group) for site, group in sorted(by_site.items())},
        "missing": missing,
    }


def show(report: dict) -> None:
    cols = ["status", *FIELDS, "junk_left", "headings", "kind_ok", "reason_ok"]
    print("file".ljust(40) + " ".join(c[:8].ljust(8) for c in cols))
    for r in report["rows"]:
        print(r["file"][:39].ljust(40) + " ".join(str(r.get(c, "-"))[:8].ljust(8) for c in cols))

    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    print("\nsite".ljust(16) + "pages  articles  fields  clean   kinds   reasons")
    for site, t in [*report["by_site"].items(), ("TOTAL", report["total"])]:
        print(
            f"{site:<15} {t['pages']:>5}  {t['articles']:>8}  {fmt(t['fields']):>6}  {fmt(t['clean']):>6}"
            f"  {fmt(t['kinds']):>6}  {fmt(t['reasons']):>6}"
        )
    print("by field: " + ", ".join(f"{f} {v}" for f, v in report["total"]["by_field"].items()))
    if report["missing"]:
        print(f"missing pages ({len(report['missing'])}): " + ", ".join(report["missing"]))
    t = report["total"]
    print(
        f"score: pages={t['pages']} fields={fmt(t['fields'])} clean={fmt(t['clean'])} kinds={fmt(t['kinds'])}"
    )


def page_problems(pages_dir: Path, manifest: Path) -> list[str]:
    """Pages missing from the folder or not the bytes the manifest names (a different rebuild)."""
    problems = []
    for name, row in read_manifest(manifest).items():
        page = pages_dir / name
        if not page.exists():
            problems.append(f"missing {name}")
        elif row.get("sha256") and hashlib.sha256(page.read_bytes()).hexdigest() != row["sha256"]:
            problems.append(f"differs from the manifest: {name}")
    return problems


def floors_from(report: dict, digest: str) -> dict:
    """Floors a little below the measured scores, in total and per site."""

    def lower(t: dict) -> dict:
        return {
            k: max(0.0, round(t[k] - TOLERANCE, 3)) for k in ("fields", "clean", "kinds") if t[k] is not None
        }

    return {
        "gold_sha256": digest,
        "pages": report["total"]["pages"],
        "total": lower(report["total"]),
        "by_site": {site: lower(t) for site, t in report["by_site"].items()},
    }


def below_floors(report: dict, floors: dict) -> list[str]:
    """Every score under its floor, as 'site.kind score < floor'."""
    out = []
    for site, pinned in [("TOTAL", floors["total"]), *floors["by_site"].items()]:
        got = report["total"] if site == "TOTAL" else report["by_site"].get(site)
        for kind, floor in pinned.items():
            score = None if got is None else got.get(kind)
            if score is None or score < floor:
                out.append(f"{site}.{kind} {score} < {floor}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--pages",
        type=Path,
        help="folder of saved pages (default $WINNOW_REAL_PAGES or /work/scratch/real/pages)",
    )
    ap.add_argument("--gold", type=Path, help="gold folder (default eval/real/gold)")
    ap.add_argument(
        "--manifest", type=Path, help="manifest with a site column (default eval/real/MANIFEST.tsv)"
    )
    ap.add_argument(
        "--synthetic", action="store_true", help="score the pages written to the sites' layouts instead"
    )
    ap.add_argument(
        "--cmd", default=f"{shlex.quote(sys.executable)} -m winnow parse", help="the parse command"
    )
    ap.add_argument("--json", action="store_true", help="print rows and totals as JSON")
    ap.add_argument("--pin", action="store_true", help="write floors.json from this run (real pages only)")
    args = ap.parse_args()
    base = HERE / "synthetic" if args.synthetic else HERE
    pages = args.pages or (base / "pages" if args.synthetic else DEFAULT_PAGES)
    if not pages.is_dir():
        print(
            f"no pages folder {pages}: rebuild it from {base / 'MANIFEST.tsv'} (see README.md)",
            file=sys.stderr,
        )
        return 2
    gold, manifest = args.gold or base / "gold", args.manifest or base / "MANIFEST.tsv"
    report = evaluate(pages, gold, manifest, args.cmd)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        show(report)
    if args.pin:
        return pin(pages, args.cmd) if not (args.synthetic or args.gold or args.manifest) else 1
    return 0


def pin(pages: Path, cmd: str) -> int:
    """Write floors.json for the real set (complete, bytes as in the manifest) and the synthetic set."""
    problems = page_problems(pages, HERE / "MANIFEST.tsv")
    if problems:
        print("not pinned: " + "; ".join(problems[:5]), file=sys.stderr)
        return 1
    floors = {"tolerance": TOLERANCE}
    for name, base, folder in (
        ("real", HERE, pages),
        ("synthetic", HERE / "synthetic", HERE / "synthetic" / "pages"),
    ):
        report = evaluate(folder, base / "gold", base / "MANIFEST.tsv", cmd)
        floors[name] = floors_from(report, gold_digest(base / "gold", base / "MANIFEST.tsv"))
    (HERE / "floors.json").write_text(
        json.dumps(floors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"pinned {HERE / 'floors.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
