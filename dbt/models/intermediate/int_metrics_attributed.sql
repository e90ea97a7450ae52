{#-
    Metric mentions of the published copy of each article, attributed to their owner: the
    article for mentions in its body, the abstract for mentions in a related abstract.
    metric_id is derived from content (owner, mention text, its occurrence among equal
    mentions of that owner), so the same abstract listed on several pages yields the same
    ids and the marts keep one row each.
    landing.metrics is read once and joined to the published copies (one page per article)
    before anything else: read by two CTEs, DuckDB materialized all of it (2.5 million rows,
    9 s of a 23 s build at 100,000 pages).
-#}

with metrics as (
    select * from {{ ref('stg_landing__metrics') }}
),

identified as (
    select * from {{ ref('int_pages_identified') }}
),

abstracts as (
    select * from {{ ref('int_abstracts_collected') }}
    where kind = 'related'
),

published as (
    select
        metrics.*,
        identified.loaded_at,
        identified.article_id as page_article_id,
    from metrics
    inner join identified
        on metrics.source_path = identified.source_path
        and metrics.source_sha256 = identified.source_sha256
        and identified.version_rank = 1
),

article_mentions as (
    select
        published.* exclude (page_article_id),
        published.page_article_id as article_id,
        null::varchar as abstract_id,
    from published
    where published.source_kind = 'article'
),

related_mentions as (
    select
        published.* exclude (page_article_id),
        null::varchar as article_id,
        abstracts.abstract_id,
    from published
    left join abstracts
        on published.source_path = abstracts.source_path
        and published.source_sha256 = abstracts.source_sha256
        and published.related_position = abstracts.position
    where published.source_kind = 'related'
),

attributed as (
    select * from article_mentions
    union all
    select * from related_mentions
),

numbered as (
    select
        *,
        coalesce(article_id, abstract_id, source_path) as owner_id,
        {{ strip_whitespace('mention') }} as mention_key,
        row_number() over (
            partition by
                source_kind,
                coalesce(article_id, abstract_id, source_path),
                source_path,
                related_position,
                {{ strip_whitespace('mention') }}
            order by char_start, seq
        ) as occurrence,
    from attributed
),

final as (
    select
        md5(concat_ws('|', source_kind, owner_id, mention_key, occurrence)) as metric_id,
        source_kind,
        article_id,
        abstract_id,
        mention,
        char_start,
        char_end,
        sentence_no,
        value,
        unit,
        unit_family,
        qualifier,
        indicator,
        region,
        region_code,
        region_level,
        period_year,
        period_text,
        is_target,
        indicator_code,
        measure,
        direction,
        source_path,
        source_sha256,
        loaded_at,
    from numbered
)

select * from final
