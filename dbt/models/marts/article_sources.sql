{#- One row per landed copy of an article: the site it was saved from and its file. -#}

with identified as (
    select * from {{ ref('int_pages_identified') }}
),

pages as (
    select * from {{ ref('stg_landing__pages') }}
),

final as (
    select
        identified.article_id,
        coalesce(pages.source_site, 'generic') as site,
        identified.source_path as path,
        identified.source_sha256,
        identified.loaded_at,
    from identified
    inner join pages
        on identified.source_path = pages.source_path
        and identified.source_sha256 = pages.source_sha256
)

select * from final
