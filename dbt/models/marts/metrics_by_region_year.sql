{#-
    The chart table: coded mentions (indicator_code not null) of one region and year, per
    canonical indicator, measure and standard unit, with results (observed figures) and targets
    (planned ones) in separate columns. "GDP growth by province and year" is
    `where indicator_code = 'gdp' and measure = 'growth_rate' and region_level = 'province'`.
    Mentions without a code stay in marts.metrics (their free-text indicator kept as written).
-#}
with metrics as (
    select * from {{ ref('int_metrics_standardised') }}  -- marts.metrics without its sentences
),

regions as (
    select * from {{ ref('regions') }}
),

indicators as (
    select * from {{ ref('stg_vocab__indicators') }}
),

near_copies as (  -- a near-duplicate of an article counted already (marts.article_clusters)
    select article_id from {{ ref('article_clusters') }}
    where duplicate_of is not null
),

located as (
    select metrics.* from metrics
    anti join near_copies on metrics.article_id = near_copies.article_id
    where metrics.region_code is not null and metrics.period_year is not null
        and metrics.indicator_code is not null
),

aggregated as (
    select
        region_code,
        period_year,
        indicator_code,
        measure,
        unit_std,
        count(*) as mentions,
        count(*) filter (where not is_target) as result_mentions,
        count(*) filter (where is_target) as target_mentions,
        count(distinct article_id) as articles,
        count(distinct abstract_id) as abstracts,
        min(value_std) filter (where not is_target) as value_min,
        max(value_std) filter (where not is_target) as value_max,
        median(value_std) filter (where not is_target) as value_median,
        avg(value_std) filter (where not is_target) as value_avg,
        min(value_std) filter (where is_target) as target_value_min,
        max(value_std) filter (where is_target) as target_value_max,
        median(value_std) filter (where is_target) as target_value_median,
    from located
    group by region_code, period_year, indicator_code, measure, unit_std
),

final as (
    select
        md5(concat_ws('|', aggregated.region_code, aggregated.period_year,
            aggregated.indicator_code, aggregated.measure, aggregated.unit_std)) as cell_id,
        aggregated.region_code,
        regions.name as region_name,
        regions.level as region_level,
        regions.province_code,
        aggregated.period_year,
        aggregated.indicator_code,
        indicators.name_zh as indicator_name,
        indicators.name_en as indicator_name_en,
        aggregated.measure,
        aggregated.unit_std,
        aggregated.mentions,
        aggregated.result_mentions,
        aggregated.target_mentions,
        aggregated.articles,
        aggregated.abstracts,
        aggregated.value_min,
        aggregated.value_max,
        aggregated.value_median,
        aggregated.value_avg,
        aggregated.target_value_min,
        aggregated.target_value_max,
        aggregated.target_value_median,
    from aggregated
    left join regions on aggregated.region_code = regions.region_code
    left join indicators on aggregated.indicator_code = indicators.indicator_code
)

select * from final
