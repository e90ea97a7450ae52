"""Chinese full-text search over article bodies and abstracts (jieba-rs + a BM25 index in SQL).

``build_search_index(con)`` runs on the staging copy after ``dbt build``, so the published
file carries the index:

1. list the documents to index: every ``marts.articles`` row (title + body) and every
   ``marts.abstracts`` row (title + text), each with an md5 of that text;
2. segment with jieba-rs (``rjieba``, jieba's dictionary and search mode) only the
   documents that are new or whose text changed since the last build; the others keep
   their tokens (segmentation is the expensive step and the reason the build is incremental);
3. update ``search.documents`` (one row per document, tokens space-joined) and the index
   tables in ``fts_search_documents`` (docs, terms, dict, stats: the layout and content of
   DuckDB's fts extension with no stemmer, stopwords, accent stripping or lowercasing):
   the removed and changed documents are taken out, the new and changed ones put in, and
   only the document frequencies of their words are adjusted. The extension's
   ``create_fts_index`` rebuilt the whole index at every change, in a time that grew with
   the corpus; this costs what the change costs;
4. (re)create the SQL macros analysts call:

   - ``search.terms(q)``: the indexed words found in the free text ``q`` (segmentation in SQL,
     against the index's own vocabulary, so no Python is needed);
   - ``search.find(q, max_results := 20)``: table macro, the best documents for ``q``;
   - ``search.find_terms(terms, max_results := 20)``: the same for a list of words segmented
     elsewhere (``winnow search`` segments the query with jieba-rs, as the documents were).

The macros compute BM25 (k1 1.2, b 0.75, as the fts extension's ``match_bm25``) from the
index tables themselves, so they run in any DuckDB client, without the fts extension.
An index the extension built (warehouses published before this module kept its own) has no
``INDEX_MARKER`` comment on its ``docs`` table and is rebuilt once, from the tokens kept.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import rjieba

from winnow import duck

SCHEMA = "search"
INDEX_SCHEMA = "fts_search_documents"  # the fts extension's name for it, kept for existing queries
INDEX_MARKER = "BM25 index of search.documents: one row per document (winnow.search, incremental v1)."
BATCH = 500  # documents segmented per round trip
SNIPPET_BEFORE, SNIPPET_CHARS = 30, 120
# A letter or digit (str.isalnum: \w less the underscore).
_HAS_ALNUM = re.compile(r"[^\W_]").search
# A word without letter or digit (punctuation, spaces), with the NUL that precedes it, in the
# words joined by NULs: ``words`` drops them in one pass over the text, not one call per word.
_NUL_AND_NON_WORD = re.compile(r"\x00(?:[^\w\x00]|_)++(?=\x00|\Z)")

DOCUMENTS_SQL = """
create or replace temp table search_current as
select
    'article:' || article_id as doc_id,
    'article' as kind,
    article_id,
    null::varchar as abstract_id,
    title,
    md5(coalesce(title, '') || chr(10) || body) as text_md5,
from marts.articles
union all
select
    'abstract:' || abstract_id as doc_id,
    'abstract' as kind,
    null::varchar as article_id,
    abstract_id,
    title,
    md5(coalesce(title, '') || chr(10) || text) as text_md5,
from marts.abstracts
"""

TODO_SQL = """
select doc_id from search_current where doc_id not in (select doc_id from search_reused) order by doc_id
"""

TEXT_SQL = """
with todo as (select unnest(?::varchar[]) as doc_id)
select c.doc_id, coalesce(a.title, '') || chr(10) || a.body as text
from search_current as c
inner join todo on c.doc_id = todo.doc_id
inner join marts.articles as a on c.article_id = a.article_id
union all
select c.doc_id, coalesce(b.title, '') || chr(10) || b.text as text
from search_current as c
inner join todo on c.doc_id = todo.doc_id
inner join marts.abstracts as b on c.abstract_id = b.abstract_id
"""

DOCUMENTS_EXIST_SQL = "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?"
INDEX_COMMENT_SQL = "select comment from duckdb_tables() where schema_name = ? and table_name = 'docs'"

# The index tables, with the fts extension's names and columns (terms.fieldid is always 0: one
# field). docid and termid only need to be consistent within these tables: a new document or
# word takes the next free number, so the rows of the others never move.
EMPTY_INDEX_SQL = f"""
drop schema if exists {INDEX_SCHEMA} cascade;
create schema {INDEX_SCHEMA};
create table {INDEX_SCHEMA}.docs (docid bigint, name varchar, len bigint);
create table {INDEX_SCHEMA}.terms (docid bigint, fieldid bigint, termid bigint);
create table {INDEX_SCHEMA}.dict (termid bigint, term varchar, df bigint);
create table {INDEX_SCHEMA}.stats (num_docs bigint, avgdl double);
"""

# The documents no longer current as they are (removed, or text changed): their words lose
# one document of frequency each, and their rows go.
REMOVE_SQL = f"""
create or replace temp table search_removed as
select docs.docid from {INDEX_SCHEMA}.docs as docs
where not exists (select 1 from search_reused as r where r.doc_id = docs.name);

update {INDEX_SCHEMA}.dict as dict set df = dict.df - gone.docs
from (
    select termid, count(distinct docid) as docs from {INDEX_SCHEMA}.terms
    where docid in (select docid from search_removed) group by termid
) as gone
where dict.termid = gone.termid;

delete from {INDEX_SCHEMA}.terms where docid in (select docid from search_removed);
delete from {INDEX_SCHEMA}.docs where docid in (select docid from search_removed);
"""

# Index the documents of the view search_to_add (doc_id, tokens), none of them in the index yet. The tokens
# are the extension's with ignore '\s+': words split on spaces, empty ones dropped. A word
# left in no document is dropped from dict, as the extension's dict only holds words in use.
ADD_SQL = f"""
create or replace temp table search_added as
select
    (select coalesce(max(docid), -1) from {INDEX_SCHEMA}.docs) + row_number() over (order by doc_id) as docid,
    doc_id as name,
    list_filter(string_split(tokens, ' '), word -> word <> '') as words,
from search_to_add;

create or replace temp table search_postings as
select docid, unnest(words) as term from search_added;

create or replace temp table search_added_df as
select term, count(distinct docid) as docs from search_postings group by term;

insert into {INDEX_SCHEMA}.dict
select
    (select coalesce(max(termid), -1) from {INDEX_SCHEMA}.dict) + row_number() over (order by term),
    term,
    0,
from search_added_df as new
where not exists (select 1 from {INDEX_SCHEMA}.dict as dict where dict.term = new.term);

update {INDEX_SCHEMA}.dict as dict set df = dict.df + added.docs
from search_added_df as added
where dict.term = added.term;

insert into {INDEX_SCHEMA}.terms
select p.docid, 0, dict.termid
from search_postings as p inner join {INDEX_SCHEMA}.dict as dict on p.term = dict.term;

insert into {INDEX_SCHEMA}.docs
select docid, name, len(words) from search_added order by docid;

delete from {INDEX_SCHEMA}.dict where df = 0;
"""

STATS_SQL = f"""
delete from {INDEX_SCHEMA}.stats;
insert into {INDEX_SCHEMA}.stats
select count(docs.docid), sum(docs.len) / count(docs.len) from {INDEX_SCHEMA}.docs as docs;
"""
INDEX_SCRATCH = ("search_removed", "search_added", "search_postings", "search_added_df")

# score: the per-word BM25 terms added in sorted order, as a parallel sum adds them in any
# order and two documents of equal score could then differ in the last bit and swap places
# from one query (or build) to the next.
MACROS_SQL = f"""
create or replace macro {SCHEMA}.terms(q) as (
    select coalesce(list(distinct dict.term order by dict.term), []::varchar[])
    from {INDEX_SCHEMA}.dict as dict
    where contains(lower(q), dict.term)
      and (length(dict.term) >= 2 or list_contains(string_split_regex(trim(lower(q)), '\\s+'), dict.term))
);

create or replace macro {SCHEMA}.find_terms(query_terms, max_results := 20) as table
with wanted as (
    select distinct unnest(query_terms) as term
),
matched as (
    select dict.termid, dict.df
    from {INDEX_SCHEMA}.dict as dict inner join wanted on dict.term = wanted.term
),
term_frequencies as (
    select terms.docid, terms.termid, count(*) as tf
    from {INDEX_SCHEMA}.terms as terms inner join matched on terms.termid = matched.termid
    group by terms.docid, terms.termid
),
scored as (
    select
        tfs.docid,
        list_sum(list_sort(list(
            log((stats.num_docs - matched.df + 0.5) / (matched.df + 0.5) + 1)
            * tfs.tf * (1.2 + 1) / (tfs.tf + 1.2 * (1 - 0.75 + 0.75 * docs.len / stats.avgdl))
        ))) as score,
        count(*) as terms_matched,
    from term_frequencies as tfs
    inner join matched on tfs.termid = matched.termid
    inner join {INDEX_SCHEMA}.docs as docs on tfs.docid = docs.docid
    cross join {INDEX_SCHEMA}.stats as stats
    group by tfs.docid
),
best as (
    select documents.*, scored.score, scored.terms_matched
    from scored
    inner join {INDEX_SCHEMA}.docs as docs on scored.docid = docs.docid
    inner join {SCHEMA}.documents as documents on docs.name = documents.doc_id
    order by scored.score desc, documents.doc_id
    limit max_results
),
texts as (
    select best.*, coalesce(articles.body, abstracts.text) as text
    from best
    left join marts.articles as articles on best.article_id = articles.article_id
    left join marts.abstracts as abstracts on best.abstract_id = abstracts.abstract_id
),
located as (
    select
        *,
        coalesce(list_min(list_filter(
            list_transform(query_terms, t -> instr(lower(text), t)), p -> p > 0
        )), 1) as hit_at,
    from texts
)
select
    doc_id, kind, article_id, abstract_id, title, score, terms_matched,
    substr(text, greatest(1, hit_at - {SNIPPET_BEFORE}), {SNIPPET_CHARS}) as snippet,
from located
order by score desc, doc_id;

create or replace macro {SCHEMA}.find(q, max_results := 20) as table
select * from {SCHEMA}.find_terms({SCHEMA}.terms(q), max_results := max_results);
"""

COLUMN_COMMENTS = {
    "doc_id": "'article:' || article_id or 'abstract:' || abstract_id.",
    "kind": "`article` (marts.articles) or `abstract` (marts.abstracts).",
    "article_id": "marts.articles.article_id of an article; null for an abstract.",
    "abstract_id": "marts.abstracts.abstract_id of an abstract; null for an article.",
    "title": "The article's or related document's title (null when none is shown).",
    "text_md5": "md5 of the indexed text; a changed text is segmented again.",
    "tokens": "The indexed words (jieba-rs search mode, lowercase, no punctuation), space-joined.",
}
COMMENTS = {
    f"table {SCHEMA}.documents": (
        "Search documents: one row per article (title + body) and per abstract (title + text), "
        "segmented with jieba-rs (search mode). Query with search.find('乡村振兴 产业')."
    ),
    **{f"column {SCHEMA}.documents.{name}": text for name, text in COLUMN_COMMENTS.items()},
    f"table {INDEX_SCHEMA}.docs": INDEX_MARKER,
    f"table {INDEX_SCHEMA}.terms": "BM25 index: one row per occurrence of a word (termid) in a document.",
    f"table {INDEX_SCHEMA}.dict": "BM25 index: the indexed words, df = the number of documents holding each.",
    f"table {INDEX_SCHEMA}.stats": "BM25 index: num_docs and avgdl (the mean number of words per document).",
    f"macro {SCHEMA}.terms": "search.terms(q): the indexed words found in the free text q (a VARCHAR[]).",
    f"macro table {SCHEMA}.find": (
        "search.find(q, max_results := 20): table of the best documents for free text q, by BM25 "
        "(doc_id, kind, article_id, abstract_id, title, score, terms_matched, snippet)."
    ),
    f"macro table {SCHEMA}.find_terms": (
        "search.find_terms(terms, max_results := 20): search.find for words already segmented (VARCHAR[])."
    ),
}


@dataclass(slots=True)
class IndexStats:
    documents: int = 0  # indexed in total
    segmented: int = 0  # new or changed, segmented in this build
    reused: int = 0  # unchanged, tokens kept from the previous build
    chars_segmented: int = 0
    segment_seconds: float = 0.0
    index_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    kind: str
    article_id: str | None
    abstract_id: str | None
    title: str | None
    score: float
    terms_matched: int
    snippet: str


def segment(text: str) -> list[str]:
    """Words of ``text`` in search mode (a long word and its parts), lowercase, no punctuation.

    rjieba binds jieba-rs, the Rust port of jieba: the same dictionary and the same search
    mode, about 5 times faster than jieba's Python (1.7M against 0.3M characters per
    second on the corpus here).
    """
    return [w for w in map(str.lower, map(str.strip, rjieba.cut_for_search(text))) if _HAS_ALNUM(w)]


def words(text: str) -> str:
    """``" ".join(segment(text))``, in a few passes over the whole text instead of a few calls
    per word (2,743 bench documents, 2.55M words: 0.21 s against 0.56 s, with the GIL held).

    jieba cuts whitespace and punctuation outside words into words of their own, and a word
    holding a letter or digit holds no whitespace: so lowering the words joined by NULs, and
    dropping each NUL that a word without letter or digit follows, with that word, leaves
    segment's words. A text holding a NUL itself takes segment's way.
    """
    if "\x00" in text:
        return " ".join(segment(text))
    joined = "\x00" + "\x00".join(rjieba.cut_for_search(text)).lower()
    return _NUL_AND_NON_WORD.sub("", joined).replace("\x00", " ")[1:]


def build_search_index(con: duckdb.DuckDBPyConnection) -> IndexStats:
    """Bring ``search.documents``, its BM25 index and the search macros up to date with the marts.

    When no document was added, changed or removed since the last build, the index is kept
    as it is; otherwise only the documents that changed are segmented and re-indexed."""
    stats = IndexStats()
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(DOCUMENTS_SQL)
    _keep_unchanged(con)
    stats.reused = _count(con, "select count(*) from search_reused")
    current = _count(con, "select count(*) from search_current")
    previous = _previous_documents(con)
    ours = _index_is_ours(con)
    if not (stats.reused == current == previous and ours):
        _segment_changed(con, stats)
        t0 = time.perf_counter()
        with duck.transaction(con):
            if ours and previous >= 0:
                _update_documents_and_index(con)
            else:
                _replace_documents_and_index(con)
        stats.index_seconds = time.perf_counter() - t0
    con.execute(MACROS_SQL)
    _comment(con)
    stats.documents = _count(con, f"select count(*) from {SCHEMA}.documents")
    con.execute("drop view if exists search_to_add")
    for scratch in ("search_current", "search_reused", "search_segmented", *INDEX_SCRATCH):
        con.execute(f"drop table if exists {scratch}")
    return stats


def _segment_changed(con: duckdb.DuckDBPyConnection, stats: IndexStats) -> None:
    """Segment the new or changed documents into the scratch table ``search_segmented``."""
    import pyarrow as pa  # here, not at the top: `winnow search` would import it for nothing (0.8 s)

    t0 = time.perf_counter()
    todo = [doc_id for (doc_id,) in con.execute(TODO_SQL).fetchall()]
    # jieba-rs releases the GIL while it cuts: threads segment on every core (3.3 → 2.45 s for 2,964
    # documents on 2 cores: the word filtering holds the GIL, and the SQL round trips are serial).
    # Each batch goes in as one Arrow table: executemany inserted a row at a time (2,743 bench
    # documents: 0.53 s of the 1.80 s this took; with ``words``' faster filtering, 1.15-1.29 s).
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for start in range(0, len(todo), BATCH):
            batch = con.execute(TEXT_SQL, [todo[start : start + BATCH]]).fetchall()
            segmented = pa.table(  # noqa: F841 - read by name in the SQL below
                {
                    "doc_id": [doc_id for doc_id, _ in batch],
                    "tokens": list(pool.map(words, [t for _, t in batch])),
                }
            )
            stats.segmented += len(batch)
            stats.chars_segmented += sum(len(text) for _, text in batch)
            con.execute("insert into search_segmented select doc_id, tokens from segmented")
    stats.segment_seconds = time.perf_counter() - t0


def _replace_documents_and_index(con: duckdb.DuckDBPyConnection) -> None:
    """First build, or an index this module did not make: write everything from scratch."""
    con.execute(
        f"create or replace table {SCHEMA}.documents as "
        "select c.*, r.tokens from search_current as c inner join search_reused as r using (doc_id) "
        "union all "
        "select c.*, s.tokens from search_current as c inner join search_segmented as s using (doc_id) "
        "order by doc_id"
    )
    con.execute(EMPTY_INDEX_SQL)
    con.execute(f"create or replace temp view search_to_add as select doc_id, tokens from {SCHEMA}.documents")
    con.execute(ADD_SQL)
    con.execute(STATS_SQL)


def _update_documents_and_index(con: duckdb.DuckDBPyConnection) -> None:
    """Take the removed and changed documents out, put the new and changed ones in."""
    con.execute(
        f"delete from {SCHEMA}.documents as d "
        "where not exists (select 1 from search_reused as r where r.doc_id = d.doc_id)"
    )
    con.execute(
        f"insert into {SCHEMA}.documents "
        "select c.*, s.tokens from search_current as c inner join search_segmented as s using (doc_id) "
        "order by doc_id"
    )
    con.execute(REMOVE_SQL)
    con.execute("create or replace temp view search_to_add as select doc_id, tokens from search_segmented")
    con.execute(ADD_SQL)
    con.execute(STATS_SQL)


def _previous_documents(con: duckdb.DuckDBPyConnection) -> int:
    if not _count(con, DOCUMENTS_EXIST_SQL, [SCHEMA, "documents"]):
        return -1
    return _count(con, f"select count(*) from {SCHEMA}.documents")


def _index_is_ours(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the index carries this module's marker (not the fts extension's, nor an older layout)."""
    row = con.execute(INDEX_COMMENT_SQL, [INDEX_SCHEMA]).fetchone()
    return row is not None and row[0] == INDEX_MARKER


def _keep_unchanged(con: duckdb.DuckDBPyConnection) -> None:
    reused = (
        f"select c.doc_id, d.tokens from search_current as c inner join {SCHEMA}.documents as d "
        "on c.doc_id = d.doc_id and c.text_md5 = d.text_md5"
        if _previous_documents(con) >= 0
        else "select null::varchar as doc_id, null::varchar as tokens where false"
    )
    con.execute(f"create or replace temp table search_reused as {reused}")
    con.execute("create or replace temp table search_segmented (doc_id varchar, tokens varchar)")


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    for target, text in COMMENTS.items():
        con.execute(f"comment on {target} is '{text.replace(chr(39), chr(39) * 2)}'")


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20) -> list[Hit]:
    """The best documents for ``query``, segmented exactly as the documents were."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    terms = sorted(set(segment(query)))
    if not terms:
        return []
    rows = con.execute(
        f"select * from {SCHEMA}.find_terms(?::varchar[], max_results := ?)", [terms, limit]
    ).fetchall()
    return [Hit(*row) for row in rows]


def search_warehouse(db: Path, query: str, limit: int = 20) -> list[Hit]:
    """``search`` on a warehouse file opened read-only (no fts extension needed to query)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return search(con, query, limit)
