{{ config(materialized='table') }}
{#-
    Gives every landed page the id of the article it carries (int_page_content_ids, hashed
    once per page version) and ranks the copies of one article: version_rank 1 is the most
    recently loaded copy (the one whose fields the marts publish). A table: three models read it.
    A left join, so a page without an id would show as a null article_id (a failing test)
    rather than vanish.
-#}

with pages as (
    select * from {{ ref('stg_landing__pages') }}
),

content_ids as (
    select * from {{ ref('int_page_content_ids') }}
),

identified as (
    select
        content_ids.article_id,
        pages.source_path,
        pages.source_sha256,
        pages.run_id,
        pages.loaded_at,
    from pages
    left join content_ids
        on pages.source_path = content_ids.source_path
        and pages.source_sha256 = content_ids.source_sha256
        and pages.loaded_at = content_ids.loaded_at
),

final as (
    select
        article_id,
        source_path,
        source_sha256,
        run_id,
        loaded_at,
        row_number() over (
            partition by article_id order by loaded_at desc, source_path desc
        ) as version_rank,
        count(*) over (partition by article_id) as copies,
        min(loaded_at) over (partition by article_id) as first_loaded_at,
        max(loaded_at) over (partition by article_id) as last_loaded_at,
    from identified
)

select * from final
