-- The landing schema: what Python writes for dbt to read (analysts need not touch it).
-- Every row carries the run_id that wrote it. Rows of a raw file are keyed by its path:
-- a changed file's rows are deleted and written again in the run that sees the change.
create schema if not exists landing;

-- The manifest: one row per raw path, describing the version last processed.
create table if not exists landing.files (
    path varchar primary key,     -- relative to the raw folder, POSIX separators
    sha256 varchar not null,
    size bigint not null,
    mtime_ns bigint not null,
    format varchar,               -- text | html | null when unknown
    encoding varchar,
    status varchar not null,      -- ok | quarantined
    reason varchar,               -- quarantine reason (machine-readable), null when ok
    run_id varchar not null,
    loaded_at timestamp not null
);

-- One row per parsed page (status ok).
create table if not exists landing.pages (
    path varchar not null,
    sha256 varchar not null,
    run_id varchar not null,
    loaded_at timestamp not null,
    format varchar not null,
    encoding varchar not null,
    title varchar not null,
    journal varchar,
    citations integer,
    uploader varchar,
    authors varchar[],
    affiliation varchar,
    abstract varchar,
    keywords varchar[],
    headings varchar[],
    body varchar not null         -- blocks joined by newlines (the headings among them listed above)
);
-- Blocks were landed as a list of structs up to 0.1: the body and headings hold the same text.
alter table landing.pages drop column if exists blocks;
-- The body was longer than the budget (WINNOW_MAX_BODY_CHARS) and was cut to it.
alter table landing.pages add column if not exists body_truncated boolean default false;
-- Added with issue 23: the simplified-script forms that analysts group by (winnow.spelling), and
-- the body's MinHash signature with its LSH band keys (winnow.neardup). Pages landed before
-- have nulls here until a --full-refresh parses them again.
alter table landing.pages add column if not exists title_simplified varchar;
alter table landing.pages add column if not exists journal_simplified varchar;
alter table landing.pages add column if not exists authors_simplified varchar[];
alter table landing.pages add column if not exists keywords_simplified varchar[];
alter table landing.pages add column if not exists affiliation_simplified varchar;
alter table landing.pages add column if not exists minhash uinteger[];
alter table landing.pages add column if not exists minhash_bands bigint[];
-- Bibliographic fields of academic sites' pages (null where a page has none).
alter table landing.pages add column if not exists doi varchar;
alter table landing.pages add column if not exists year integer;
alter table landing.pages add column if not exists volume varchar;
alter table landing.pages add column if not exists issue varchar;
alter table landing.pages add column if not exists pages varchar;          -- page range, 97-102
alter table landing.pages add column if not exists classification varchar[];
alter table landing.pages add column if not exists fund varchar;
alter table landing.pages add column if not exists doc_type varchar;       -- journal_article | masters_thesis | …
alter table landing.pages add column if not exists degree varchar;
alter table landing.pages add column if not exists advisor varchar;
alter table landing.pages add column if not exists source_site varchar;    -- the profile that read the page
alter table landing.pages add column if not exists encoding_repair varchar; -- how mojibake was repaired, if it was

-- Authors of a page in page order, with the affiliation the page pairs with each.
create table if not exists landing.authors (
    path varchar not null,
    sha256 varchar not null,
    run_id varchar not null,
    position integer not null,    -- 1-based
    name varchar not null,
    affiliation varchar
);

-- Related abstracts listed on a page under 其他文献.
create table if not exists landing.related (
    path varchar not null,
    sha256 varchar not null,
    run_id varchar not null,
    position integer not null,
    doc_type varchar,
    title varchar,
    text varchar not null,
    truncated boolean not null
);

-- Metric mentions (accepted) and mentions rejected by the record-level checks.
create table if not exists landing.metrics (
    path varchar not null,
    sha256 varchar not null,
    run_id varchar not null,
    seq integer not null,         -- order within the page
    source varchar not null,      -- article | related
    related_position integer,
    mention varchar not null,
    char_start integer not null,
    char_end integer not null,
    sentence varchar,             -- on the first mention of each sentence of a file; null on the others
    sentence_no integer,          -- the sentence's number among those of the file's mentions
    value double not null,
    unit varchar not null,
    unit_family varchar not null,
    qualifier varchar not null,
    indicator varchar,
    region varchar,
    region_code varchar,
    region_level varchar,
    period_year integer,
    period_text varchar,
    is_target boolean not null,
    indicator_code varchar,       -- the canonical indicator (dbt/seeds/indicator_vocabulary.csv), null when none fits
    measure varchar,              -- level | count | per_capita | growth_rate | change | share | pp_change | multiple
    direction tinyint             -- -1 when the text says the quantity fell (a signed change), else 1
);
create table if not exists landing.rejected_metrics as
    select *, ''::varchar as reason from landing.metrics where false;
-- The canonical indicator's columns came with 0.2: older warehouses get them, empty, and
-- their rows stay without a code until their files change or a --full-refresh.
alter table landing.metrics add column if not exists indicator_code varchar;
alter table landing.metrics add column if not exists measure varchar;
alter table landing.metrics add column if not exists direction tinyint;
alter table landing.rejected_metrics add column if not exists indicator_code varchar;
alter table landing.rejected_metrics add column if not exists measure varchar;
alter table landing.rejected_metrics add column if not exists direction tinyint;
-- Sentences stored once per file came later: older rows have no number and their sentence on each row.
alter table landing.metrics add column if not exists sentence_no integer;
alter table landing.rejected_metrics add column if not exists sentence_no integer;

-- One row per rejected file version.
create table if not exists landing.quarantine (
    path varchar not null,
    sha256 varchar not null,
    reason varchar not null,
    detail varchar,
    run_id varchar not null,
    quarantined_at timestamp not null
);

-- One row per run (also kept in warehouse/runs.jsonl, so blocked runs are never lost).
create table if not exists landing.runs (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,      -- succeeded | nothing_new | blocked | failed
    files_seen integer, files_new integer, files_changed integer, files_unchanged integer,
    files_removed integer, files_quarantined integer,
    articles_loaded integer, metrics_loaded integer, metrics_rejected integer,
    checks_passed integer, checks_failed integer, checks_warned integer,
    published boolean not null,
    message varchar
);

-- The gazetteer of administrative divisions (written from package data on every build).
create table if not exists landing.regions (
    region_code varchar primary key,
    name varchar not null,
    short_name varchar,
    level varchar not null,       -- country | province | city | county
    parent_code varchar
);
