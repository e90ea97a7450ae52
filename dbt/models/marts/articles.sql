with articles as (
    select * from {{ ref('int_articles_deduplicated') }}
),

clusters as (
    select * from {{ ref('article_clusters') }}
),

final as (
    select
        article_id,
        title,
        journal,
        citations,
        uploader,
        authors,
        affiliation,
        abstract_text,
        keywords,
        headings,
        body,
        length(body) as body_chars,
        body_truncated,
        doi,
        year,
        volume,
        issue,
        pages,
        classification,
        fund,
        doc_type,
        degree,
        advisor,
        source_site,
        source_path,
        source_sha256,
        format,
        encoding,
        copies,
        first_loaded_at,
        last_loaded_at,
        title_simplified,
        journal_simplified,
        authors_simplified,
        keywords_simplified,
        affiliation_simplified,
        clusters.duplicate_of,
        coalesce(clusters.cluster_copies, copies) as cluster_copies,
    from articles
    left join clusters using (article_id)
)

select * from final
