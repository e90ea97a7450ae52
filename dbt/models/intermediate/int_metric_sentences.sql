{{ config(materialized='table') }}
{#-
    Each sentence holding a metric mention, once per published page (landing stores it on the
    first of its page's mentions only). Kept apart from the mentions because DuckDB stores a
    string over about 4 KB whole in every row that holds it: a page of a few long sentences and
    a thousand numbers would otherwise store each sentence a thousand times.
-#}

with metrics as (
    select * from {{ ref('stg_landing__metrics') }}
),

identified as (
    select * from {{ ref('int_pages_identified') }}
),

final as (
    select
        metrics.source_path,
        metrics.source_sha256,
        metrics.sentence_no,
        metrics.sentence,
    from metrics
    inner join identified
        on metrics.source_path = identified.source_path
        and metrics.source_sha256 = identified.source_sha256
        and identified.version_rank = 1
    where metrics.sentence is not null
)

select * from final
