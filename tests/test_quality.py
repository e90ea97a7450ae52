"""The Great Expectations gate: a good build passes, tampered copies and unhealthy batches fail by name."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from warehouse_builder import build_warehouse

from flows.pipeline import MARTS as PUBLISHED_MARTS
from winnow import quality
from winnow.quality import SUITES_DIR, CheckReport, build_data_docs, load_suites, run_checks

GOOD_HEALTH = {
    "files_seen": 5,
    "files_new": 2,
    "files_changed": 0,
    "files_quarantined_this_run": 1,
    "articles_from_new_files": 1,
    "previous_articles": 2,
    "previous_metrics": 8,
    "share_min_files": 1,  # these batches are a few files: judge their share all the same
}
MARTS = set(PUBLISHED_MARTS)


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path, outcome = build_warehouse(tmp_path_factory.mktemp("quality"))
    assert outcome.success, outcome.format()
    return db_path


@pytest.fixture(scope="module")
def good_report(good_db: Path) -> CheckReport:
    return run_checks(good_db, health=GOOD_HEALTH)


@pytest.fixture()
def health_only(tmp_path: Path) -> Path:
    """A suites folder holding only the batch-health suite (fast checks of the batch facts)."""
    folder = tmp_path / "suites"
    folder.mkdir()
    shutil.copy(SUITES_DIR / "batch_health.json", folder)
    return folder


def only_suite(tmp_path: Path, label: str) -> Path:
    """A suites folder holding only the suite named by ``label`` ("suite: expectation")."""
    folder = tmp_path / "one_suite"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    shutil.copy(SUITES_DIR / f"{label.split(':')[0]}.json", folder)
    return folder


# marts.metrics is a view (its mentions joined to their sentences): a tampering is written into
# the mentions' table it reads.
METRICS_TABLE = "intermediate.int_metrics_standardised"


def tampered(good_db: Path, tmp_path: Path, sql: str) -> Path:
    copy = tmp_path / "tampered.duckdb"
    shutil.copy(good_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(sql.replace("update marts.metrics ", f"update {METRICS_TABLE} "))
    return copy


def failed_labels(report: CheckReport) -> set[str]:
    return {r.label for r in report.failures}


def test_good_build_passes(good_report: CheckReport) -> None:
    assert good_report.passed, good_report.format()
    assert good_report.n_failed == 0
    assert good_report.n_passed > 60
    assert {r.suite for r in good_report.results} == MARTS | {"batch_health"}
    assert "Data checks PASSED" in good_report.format()


def test_every_expectation_has_a_severity_and_a_name() -> None:
    for name, suite in load_suites().items():
        for expectation in suite["expectations"]:
            assert expectation["meta"]["severity"] in {"critical", "warning"}, name
            assert expectation["meta"]["name"], name


def test_checks_leave_the_file_untouched(good_db: Path) -> None:
    before = hashlib.sha256(good_db.read_bytes()).hexdigest()
    with duckdb.connect(str(good_db), read_only=True):  # an analyst's read-only connection
        report = run_checks(good_db, health={})
    assert report.passed
    assert report.skipped_suites == ["batch_health"]
    assert hashlib.sha256(good_db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "insert into marts.articles select * from marts.articles limit 1",
            "articles: article_id is unique (one row per article)",
        ),
        (
            "update marts.metrics set value = 250 where indicator = '村占比'",
            "metrics: shares are percentages within 0–100",
        ),
        (
            "update marts.metrics set unit_family = 'furlongs' where mention = '300户'",
            "metrics: unit_family is in the accepted set",
        ),
        (
            "update marts.articles set body = body || '下载到本地,更方便阅读' where title like '林下%'",
            "articles: no site boilerplate in bodies",
        ),
        (
            "update marts.articles set body = '<div class=\"c\">' || body || '</div>' "
            "where title like '林下%'",
            "articles: no HTML tags in bodies",
        ),
        (
            "update marts.articles set body = body || 'document.write(\"x\")' where title like '林下%'",
            "articles: no script text in bodies",
        ),
        (
            "update marts.metrics set period_year = 2999 where mention = '65%'",
            "metrics: years between min_year and next year",
        ),
        ("update marts.articles set citations = -1", "articles: citations are not negative"),
        (
            "update marts.metrics set region_code = '999999' where mention = '65%'",
            "metrics: every region_code exists in regions",
        ),
        (
            "delete from marts.articles where title like '林下%'",
            "metrics: every article_id exists in articles",
        ),
    ],
)
def test_tampered_copy_fails_naming_the_expectation(
    good_db: Path, tmp_path: Path, sql: str, expected: str
) -> None:
    suites = only_suite(tmp_path, expected)
    report = run_checks(tampered(good_db, tmp_path, sql), health={}, suites_dir=suites)
    assert not report.passed
    assert expected in failed_labels(report)
    assert f"FAILED  {expected}" in report.format()


def test_large_tables_reduced_in_sql_still_show_every_failure(
    good_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FULL_ROWS a batch is the suspect rows plus a sample: failures must all survive."""
    monkeypatch.setattr(quality, "FULL_ROWS", 0)
    monkeypatch.setattr(quality, "SAMPLE_ROWS", 1)
    assert run_checks(good_db, health={}).passed
    cases = {
        "insert into marts.articles select * from marts.articles limit 1": "articles: article_id is unique "
        "(one row per article)",
        "insert into marts.article_abstracts select * from marts.article_abstracts where position = 1": (
            "article_abstracts: article_id and position are unique together"
        ),
        "update marts.metrics set value = 250 where indicator = '村占比'": "metrics: shares are percentages "
        "within 0–100",
        "update marts.articles set body = body || '论文部分内容阅读' where title like '林下%'": (
            "articles: no site boilerplate in bodies"
        ),
        "update marts.regions set region_code = '36070' where name = '章贡区'": (
            "regions: region_code has six digits"
        ),
        # load_runs is a view: tamper with what it reads
        "update landing.runs set status = 'done' where run_id = 'r1'": (
            "load_runs: status is in the accepted set"
        ),
    }
    for sql, expected in cases.items():
        suites = only_suite(tmp_path, expected)
        report = run_checks(tampered(good_db, tmp_path, sql), health={}, suites_dir=suites)
        assert expected in failed_labels(report), (sql, report.format())


def test_quarantine_reason_outside_the_set_fails(good_db: Path, tmp_path: Path) -> None:
    sql = "update landing.quarantine set reason = 'gremlins' where path = 'c/bad.txt'"
    report = run_checks(tampered(good_db, tmp_path, sql), health={})
    assert failed_labels(report) == {"quarantine: reason is in the accepted set"}


def test_plausible_figures_pass(good_db: Path, tmp_path: Path) -> None:
    """Not shares (a completion rate of 104%, growth of 150%) and targets years ahead are fine."""
    sql = (
        "update marts.metrics set value = 104, indicator = '完成年度任务的' where mention = '65%';"
        "update marts.metrics set value = 150 where mention = '8.5%';"
        "update marts.metrics set is_target = true, period_year = 2035 where mention = '120个';"
    )
    report = run_checks(tampered(good_db, tmp_path, sql), health={})
    assert report.passed, report.format()


def test_warnings_do_not_block(good_db: Path, tmp_path: Path) -> None:
    sql = "update marts.articles set body = body || '作者简介:某某' where title like '林下%'"
    report = run_checks(tampered(good_db, tmp_path, sql), health={})
    assert report.passed
    assert "articles: no author notes or page furniture in bodies" in {r.label for r in report.warnings}


def test_mostly_quarantined_batch_fails(good_db: Path, health_only: Path) -> None:
    health = GOOD_HEALTH | {"files_new": 10, "files_quarantined_this_run": 8}
    report = run_checks(good_db, health=health, suites_dir=health_only)
    assert failed_labels(report) == {
        "batch_health: quarantined share of this run's files at most the threshold"
    }
    assert "quarantined_share = 0.8" in report.format()
    relaxed = run_checks(good_db, health=health | {"max_quarantined_share": 0.9}, suites_dir=health_only)
    assert relaxed.passed


def test_count_drop_against_last_published_load_fails(good_db: Path, health_only: Path) -> None:
    report = run_checks(good_db, health=GOOD_HEALTH | {"previous_articles": 10}, suites_dir=health_only)
    assert failed_labels(report) == {"batch_health: article count not dropping beyond the threshold"}
    report = run_checks(good_db, health=GOOD_HEALTH | {"previous_metrics": 100}, suites_dir=health_only)
    assert failed_labels(report) == {"batch_health: metric count not dropping beyond the threshold"}
    unknown = {"previous_articles": None, "previous_metrics": None}
    first_load = run_checks(good_db, health=GOOD_HEALTH | unknown, suites_dir=health_only)
    assert first_load.passed


def test_new_files_without_articles_fail(good_db: Path, health_only: Path) -> None:
    health = GOOD_HEALTH | {"files_new": 3, "files_quarantined_this_run": 0, "articles_from_new_files": 0}
    report = run_checks(good_db, health=health, suites_dir=health_only)
    assert failed_labels(report) == {"batch_health: new files yielded at least one article"}
    nothing_new = GOOD_HEALTH | {"files_new": 0, "files_quarantined_this_run": 0}
    nothing_new["articles_from_new_files"] = 0
    assert run_checks(good_db, health=nothing_new, suites_dir=health_only).passed


def test_data_docs_site(good_db: Path, tmp_path: Path) -> None:
    bad_db = tampered(good_db, tmp_path, "update marts.articles set citations = -1")
    bad = run_checks(bad_db, health=GOOD_HEALTH)
    index = build_data_docs(bad, tmp_path / "docs" / "quality", run_name="tampered citations")
    assert index.is_file()
    suites = {p.stem for p in (index.parent / "validations").glob("*.html")}
    assert suites == {suite.name for suite, _ in bad.validations}
    listed = index.read_text(encoding="utf-8")
    assert 'data-suite="articles" data-state="failed"' in listed and "tampered citations" in listed
    articles_page = (index.parent / "validations" / "articles.html").read_text(encoding="utf-8")
    assert '<tr class="check" data-state="failed">' in articles_page and "citations" in articles_page
    # parameters shown with their values, not as GE's {'$PARAMETER': ...}
    assert "max_body_chars = 500000" in articles_page and "PARAMETER" not in articles_page
    # a folder that holds something else is not replaced
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not replacing"):
        build_data_docs(bad, other)
    assert build_data_docs(bad, index.parent) == index  # its own site is replaced


def test_report_to_dict_is_json(good_report: CheckReport) -> None:
    summary = json.loads(json.dumps(good_report.to_dict()))
    assert summary["passed"] is True
    assert summary["checks_passed"] == good_report.n_passed
