{{ config(materialized='table') }}
{#-
    The metric mentions of marts.metrics, deduplicated and standardised, with their sentence's
    number instead of its text (int_metric_sentences holds each sentence once per page).
    A table: marts.metrics is a view over it and the marts that count metrics read it.
-#}

with attributed as (
    select * from {{ ref('int_metrics_attributed') }}
),

indicators as (
    select * from {{ ref('stg_vocab__indicators') }}
),

conversions as (
    select * from {{ ref('stg_vocab__unit_conversions') }}
),

deduplicated as (
    select * from attributed
    qualify row_number() over (
        partition by metric_id order by loaded_at desc, source_path desc
    ) = 1
),

standardised as (
    select
        deduplicated.*,
        indicators.name_zh as indicator_name,
        indicators.name_en as indicator_name_en,
        -- a unit the table does not convert (counts: 个, 户, 人 count different things) is its own standard
        coalesce(conversions.unit_std, deduplicated.unit) as unit_std,
        -- a fall (下降3%, 减少1240万人) measured as a change is negative: rises and falls on one axis
        deduplicated.value * coalesce(conversions.factor, 1)
            * (case when deduplicated.measure in ('growth_rate', 'change', 'pp_change')
                then coalesce(deduplicated.direction, 1) else 1 end) as value_std,
    from deduplicated
    left join indicators on deduplicated.indicator_code = indicators.indicator_code
    left join conversions on deduplicated.unit = conversions.unit
),

final as (
    select
        metric_id,
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
        indicator_name,
        indicator_name_en,
        measure,
        value_std,
        unit_std,
        source_path,
        source_sha256,
    from standardised
)

select * from final
