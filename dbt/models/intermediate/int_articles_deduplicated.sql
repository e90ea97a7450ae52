{#- One row per article: the fields of its most recently loaded copy. -#}

with pages as (
    select * from {{ ref('stg_landing__pages') }}
),

identified as (
    select * from {{ ref('int_pages_identified') }}
),

latest_copies as (
    select * from identified
    where version_rank = 1
),

final as (
    select
        latest_copies.article_id,
        pages.title,
        pages.journal,
        pages.citations,
        pages.uploader,
        pages.authors,
        pages.affiliation,
        pages.abstract_text,
        pages.keywords,
        pages.headings,
        pages.body,
        pages.body_truncated,
        pages.title_simplified,
        pages.journal_simplified,
        pages.authors_simplified,
        pages.keywords_simplified,
        pages.affiliation_simplified,
        pages.minhash,
        pages.minhash_bands,
        pages.doi,
        pages.year,
        pages.volume,
        pages.issue,
        pages.pages,
        pages.classification,
        pages.fund,
        pages.doc_type,
        pages.degree,
        pages.advisor,
        pages.source_site,
        latest_copies.source_path,
        latest_copies.source_sha256,
        pages.format,
        pages.encoding,
        latest_copies.copies,
        latest_copies.first_loaded_at,
        latest_copies.last_loaded_at,
    from latest_copies
    inner join pages
        on latest_copies.source_path = pages.source_path
        and latest_copies.source_sha256 = pages.source_sha256
)

select * from final
