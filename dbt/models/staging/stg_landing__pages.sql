with source as (
    select * from {{ source('landing', 'pages') }}
),

final as (
    select
        path as source_path,
        sha256 as source_sha256,
        run_id,
        loaded_at,
        format,
        encoding,
        title,
        journal,
        citations::integer as citations,
        uploader,
        authors,
        affiliation,
        abstract as abstract_text,
        keywords,
        headings,
        body,
        coalesce(body_truncated, false) as body_truncated,
        title_simplified,
        journal_simplified,
        authors_simplified,
        keywords_simplified,
        affiliation_simplified,
        minhash,
        minhash_bands,
        doi,
        year::integer as year,
        volume,
        issue,
        pages,
        classification,
        fund,
        doc_type,
        degree,
        advisor,
        source_site,
        encoding_repair,
    from source
)

select * from final
