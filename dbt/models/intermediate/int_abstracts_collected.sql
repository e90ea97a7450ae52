{{ config(materialized='table') }}
{#-
    One row per abstract carried by an article's published copy: its own abstract at
    position 0, then the related abstracts listed under 其他文献 at positions 1, 2, …
    abstract_id is derived from the text, so an abstract listed on several pages has one id.
-#}

with articles as (
    select * from {{ ref('int_articles_deduplicated') }}
),

related as (
    select * from {{ ref('stg_landing__related') }}
),

own_abstracts as (
    select
        article_id,
        source_path,
        source_sha256,
        0 as position,
        'own' as kind,
        null::varchar as doc_type,
        null::varchar as title,
        trim(abstract_text) as text,
        false as is_truncated,
        last_loaded_at as loaded_at,
    from articles
    where nullif(trim(abstract_text), '') is not null
),

related_abstracts as (
    select
        articles.article_id,
        related.source_path,
        related.source_sha256,
        related.position,
        'related' as kind,
        related.doc_type,
        related.title,
        trim(related.text) as text,
        related.is_truncated,
        articles.last_loaded_at as loaded_at,
    from related
    inner join articles
        on related.source_path = articles.source_path
        and related.source_sha256 = articles.source_sha256
    where nullif(trim(related.text), '') is not null
),

unioned as (
    select * from own_abstracts
    union all
    select * from related_abstracts
),

final as (
    select
        {{ content_id(['text']) }} as abstract_id,
        *,
    from unioned
)

select * from final
