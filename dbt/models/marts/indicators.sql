{#-
    The canonical indicator vocabulary (dbt/seeds/indicator_vocabulary.csv) with how often the marts
    mention each: one row per indicator, mentioned or not.
-#}
with indicators as (
    select * from {{ ref('stg_vocab__indicators') }}
),

metrics as (
    select * from {{ ref('int_metrics_standardised') }}  -- marts.metrics without its sentences
),

counted as (
    select
        indicator_code,
        count(*) as mentions,
        count(*) filter (where is_target) as target_mentions,
        count(distinct article_id) as articles,
        count(distinct region_code) as regions,
        min(period_year) as first_year,
        max(period_year) as last_year,
        list(distinct measure order by measure) as measures,
    from metrics
    where indicator_code is not null
    group by indicator_code
),

final as (
    select
        indicators.indicator_code,
        indicators.name_zh,
        indicators.name_en,
        indicators.domain,
        indicators.unit_family,
        indicators.measure_kind,
        indicators.units,
        indicators.nbs_code,
        indicators.synonyms,
        coalesce(counted.mentions, 0) as mentions,
        coalesce(counted.target_mentions, 0) as target_mentions,
        coalesce(counted.articles, 0) as articles,
        coalesce(counted.regions, 0) as regions,
        counted.first_year,
        counted.last_year,
        coalesce(counted.measures, []::varchar[]) as measures,
    from indicators
    left join counted on indicators.indicator_code = counted.indicator_code
)

select * from final
