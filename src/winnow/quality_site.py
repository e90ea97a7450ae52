"""The data-quality site: static HTML pages over one set of validation results.

One ``index.html`` lists every validated suite (its data asset, its verdict, its counts),
and ``validations/<suite>.html`` shows each expectation: what it requires (parameters
named and valued: ``min_year = 1949``), its severity, what was observed and examples of the
values that failed it.

The pages need nothing but themselves: no script, no font, no stylesheet or icon from
elsewhere (Great Expectations' own Data Docs load theirs from a CDN, and render nothing
offline). Every value is HTML-escaped, control characters are shown as ``\\xNN``, and a
Content-Security-Policy forbids scripts, so a page text that holds ``<script>`` or an
``onerror`` attribute is shown as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

# What a browser may load for these pages: inline styles and data: images, nothing else.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MARK = "winnow-quality-site"  # in index.html: a folder holding it is ours to replace
EXAMPLE_CHARS = 160  # an example value longer than this is cut (the page shows what failed, not all of it)
EXAMPLES = 5
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
margin:0;color:#1f2328;background:#fff}
header{background:#24292f;color:#fff;padding:14px 28px}header h1{margin:0;font-size:20px}
header p{margin:2px 0 0;color:#d0d7de;font-size:13px}main{padding:18px 28px;max-width:1200px}
table{border-collapse:collapse;width:100%;margin:10px 0 24px}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-size:13px}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,.val{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;
overflow-wrap:anywhere}
.val{background:#fff8c5;padding:1px 4px;border-radius:3px;display:inline-block;margin:1px 0}
.icon{width:18px;height:18px;vertical-align:-4px}
.summary{display:flex;gap:14px;margin:8px 0 18px}.summary div{border:1px solid #d0d7de;border-radius:6px;
padding:8px 14px}.summary b{font-size:22px;display:block}
.ok b{color:#1a7f37}.failed b{color:#cf222e}.warned b{color:#9a6700}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:8px 0 18px}dt{color:#57606a}
dd{margin:0}a{color:#0969da}.sev-critical{color:#cf222e}.sev-warning{color:#9a6700}
"""
_ICONS = {  # inline SVG: drawn without any font, visible in every browser
    "ok": ("#1a7f37", "passed", "M5 10.5l3.2 3.2L15 7"),
    "failed": ("#cf222e", "failed", "M6.5 6.5l7 7M13.5 6.5l-7 7"),
    "warned": ("#9a6700", "warning", "M10 5.5v6M10 14.2v.3"),
}


@dataclass(slots=True)
class Check:
    """One expectation's outcome, as the pages show it."""

    name: str
    expectation: str
    severity: str
    success: bool
    requirement: list[tuple[str, str]]  # (argument, value as read: "min_year = 1949")
    observed: str
    examples: list[str] = field(default_factory=list)
    unexpected: int | None = None

    @property
    def state(self) -> str:
        return "ok" if self.success else "failed" if self.severity == "critical" else "warned"


@dataclass(slots=True)
class Validation:
    """One suite validated on one batch."""

    suite: str
    asset: str
    description: str
    rows: int | None
    checks: list[Check]

    @property
    def failed(self) -> int:
        return sum(c.state == "failed" for c in self.checks)

    @property
    def warned(self) -> int:
        return sum(c.state == "warned" for c in self.checks)

    @property
    def passed(self) -> int:
        return sum(c.success for c in self.checks)

    @property
    def state(self) -> str:
        return "failed" if self.failed else "warned" if self.warned else "ok"


def shown(value: Any, limit: int | None = None) -> str:
    """A value as text a person reads: control characters as ``\\xNN``, cut at ``limit``."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def validations(
    pairs: Iterable[tuple[Any, Any]], suites: Mapping[str, Mapping[str, Any]], parameters: Mapping[str, Any]
) -> list[Validation]:
    """The pages' view of Great Expectations' (suite, result) pairs; ``suites`` are the suite
    files (their ``$PARAMETER`` names), ``parameters`` the values the run used."""
    out = []
    for suite, result in pairs:
        spec = suites.get(suite.name, {})
        winnow_meta = spec.get("meta", {}).get("winnow", {})
        declared = {
            (e.get("meta", {}).get("name"), e["type"]): e.get("kwargs", {})
            for e in spec.get("expectations", [])
        }
        checks, rows = [], None
        for outcome in result.results:
            config = outcome.expectation_config
            meta = config.meta or {}
            kwargs = declared.get((meta.get("name"), config.type)) or dict(config.kwargs)
            found = outcome.result or {}
            rows = found.get("element_count", rows)
            checks.append(
                Check(
                    name=str(meta.get("name") or config.type),
                    expectation=config.type,
                    severity=str(meta.get("severity", "critical")),
                    success=bool(outcome.success),
                    requirement=_requirement(kwargs, parameters),
                    observed=_observed(outcome),
                    examples=[
                        shown(v, EXAMPLE_CHARS)
                        for v in (found.get("partial_unexpected_list") or [])[:EXAMPLES]
                    ],
                    unexpected=found.get("unexpected_count"),
                )
            )
        asset = winnow_meta.get("table") or (
            "the run's batch facts" if winnow_meta.get("batch") == "health" else suite.name
        )
        out.append(Validation(suite.name, str(asset), str(winnow_meta.get("description", "")), rows, checks))
    return out


def _requirement(kwargs: Mapping[str, Any], parameters: Mapping[str, Any]) -> list[tuple[str, str]]:
    shown_args = []
    for key, value in kwargs.items():
        if key in ("batch_id", "result_format", "catch_exceptions"):
            continue
        if isinstance(value, dict) and "$PARAMETER" in value:
            name = str(value["$PARAMETER"])
            text = f"{name} = {shown(parameters[name])}" if name in parameters else f"{name} (not set)"
        elif isinstance(value, list | tuple):
            text = ", ".join(shown(v) for v in value)
        elif value is None:
            text = "none"
        else:
            text = shown(value)
        shown_args.append((key, text))
    return shown_args


def _observed(outcome: Any) -> str:
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        return f"error: {shown(info.get('exception_message'), 300)}"
    found = outcome.result or {}
    if "observed_value" in found:
        return shown(found["observed_value"], 300)
    if "unexpected_count" in found:
        return f"{found['unexpected_count']:,} of {found.get('element_count', 0):,} rows unexpected"
    return ""


def _icon(state: str) -> str:
    colour, label, path = _ICONS[state]
    return (
        f'<svg class="icon icon-{state}" viewBox="0 0 20 20" role="img" aria-label="{label}">'
        f'<title>{label}</title><circle cx="10" cy="10" r="9.5" fill="{colour}"/>'
        f'<path d="{path}" stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round"/></svg>'
    )


def _page(title: str, subtitle: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{MARK}"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><header><h1>{escape(title)}</h1>"
        f"<p>{escape(subtitle)}</p></header><main>{body}</main></body></html>"
    )


def _file_name(suite: str) -> str:
    return (_SAFE_NAME.sub("_", suite) or "suite") + ".html"


def _summary(items: list[Validation]) -> str:
    passed = sum(v.passed for v in items)
    failed = sum(v.failed for v in items)
    warned = sum(v.warned for v in items)
    return (
        f'<div class="summary"><div class="ok"><b id="n-passed">{passed}</b>passed</div>'
        f'<div class="failed"><b id="n-failed">{failed}</b>failed (critical)</div>'
        f'<div class="warned"><b id="n-warned">{warned}</b>warnings</div></div>'
    )


def render_index(items: list[Validation], run_name: str, built: dt.datetime) -> str:
    rows = "".join(
        f'<tr class="validation" data-suite="{escape(v.suite)}" data-state="{v.state}">'
        f"<td>{_icon(v.state)}</td>"
        f'<td><a href="validations/{escape(_file_name(v.suite))}">{escape(v.suite)}</a></td>'
        f"<td><code>{escape(shown(v.asset))}</code></td>"
        f'<td class="n">{"" if v.rows is None else f"{v.rows:,}"}</td><td class="n">{v.passed}</td>'
        f'<td class="n">{v.failed}</td><td class="n">{v.warned}</td></tr>'
        for v in items
    )
    body = (
        _summary(items)
        + f"<dl><dt>run</dt><dd>{escape(run_name)}</dd>"
        + f"<dt>built</dt><dd>{built:%Y-%m-%d %H:%M:%S} UTC</dd></dl>"
        + '<table id="validations"><thead><tr><th></th><th>suite</th><th>data asset</th><th>rows checked</th>'
        + "<th>passed</th><th>failed</th><th>warnings</th></tr></thead>"
        + f"<tbody>{rows or '<tr><td colspan=7>No validation results.</td></tr>'}</tbody></table>"
    )
    return _page("Winnow data quality", f"{len(items)} validations · {run_name}", body)


def render_validation(v: Validation, run_name: str, built: dt.datetime) -> str:
    rows = []
    for c in v.checks:
        requirement = "<br>".join(f"{escape(k)}: <code>{escape(text)}</code>" for k, text in c.requirement)
        examples = "".join(f'<span class="val">{escape(e)}</span><br>' for e in c.examples)
        rows.append(
            f'<tr class="check" data-state="{c.state}"><td>{_icon(c.state)}</td>'
            f"<td>{escape(c.name)}<br><code>{escape(c.expectation)}</code></td>"
            f'<td class="sev-{escape(c.severity)}">{escape(c.severity)}</td><td>{requirement}</td>'
            f"<td>{escape(c.observed)}{'<br>' + examples if examples else ''}</td></tr>"
        )
    body = (
        '<p><a href="../index.html">← all validations</a></p>'
        + _summary([v])
        + f"<dl><dt>suite</dt><dd>{escape(v.suite)}</dd>"
        + f"<dt>data asset</dt><dd><code>{escape(shown(v.asset))}</code></dd>"
        + f"<dt>rows checked</dt><dd>{'' if v.rows is None else f'{v.rows:,}'}</dd>"
        + f"<dt>run</dt><dd>{escape(run_name)}</dd><dt>built</dt><dd>{built:%Y-%m-%d %H:%M:%S} UTC</dd>"
        + f"<dt>about</dt><dd>{escape(v.description)}</dd></dl>"
        + '<table id="checks"><thead><tr><th></th><th>expectation</th><th>severity</th><th>requires</th>'
        + f"<th>observed</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _page(f"{v.suite}: data quality", f"{v.asset} · {run_name}", body)


def write_site(items: list[Validation], out_dir: Path, *, run_name: str) -> Path:
    """Write the site into ``out_dir`` (replacing a site written before); returns its index.html."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        index = out_dir / "index.html"
        ours = index.is_file() and MARK in index.read_text(encoding="utf-8", errors="replace")[:4096]
        legacy = (out_dir / "validations").is_dir() and (out_dir / "expectations").is_dir()  # GE's Data Docs
        if any(out_dir.iterdir()) and not (ours or legacy):
            raise ValueError(f"{out_dir} holds files but no data-quality site: not replacing it")
        shutil.rmtree(out_dir)
    (out_dir / "validations").mkdir(parents=True)
    built = dt.datetime.now(dt.UTC)
    for v in items:
        (out_dir / "validations" / _file_name(v.suite)).write_text(
            render_validation(v, run_name, built), encoding="utf-8"
        )
    index = out_dir / "index.html"
    index.write_text(render_index(items, run_name, built), encoding="utf-8")
    return index
