{{ config(materialized='table') }}
{#-
    Gives every landed page the id of the article it carries, derived from its content, and
    ranks the copies of one article: version_rank 1 is the most recently loaded copy (the
    one whose fields the marts publish). A table, not a view: hashing every body is the
    costliest step of the build and three models read the result.
-#}

with pages as (
    select * from {{ ref('stg_landing__pages') }}
),

identified as (
    select
        {{ content_id(['title', 'body']) }} as article_id,
        source_path,
        source_sha256,
        run_id,
        loaded_at,
    from pages
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
