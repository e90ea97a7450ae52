-- Answers: how fast did GDP grow, province by province and year by year?
-- Reads marts.metrics_by_region_year (one row per region × year × canonical indicator × measure
-- × standard unit). `gdp` is the canonical indicator of 地区生产总值, 国内生产总值, 生产总值 …;
-- `growth_rate` its growth in %. Results (achieved growth) and targets (预期目标) are apart;
-- a near-duplicate copy of an article is not counted twice. Swap the code and the measure for
-- any other chart: 'grain_output' / 'level' (吨), 'rural_disposable_income_per_capita' / 'level' (元).
select
    region_name as province,
    period_year as year,
    value_median as gdp_growth_pct,
    target_value_median as target_growth_pct,
    result_mentions,
    target_mentions,
    articles,
from marts.metrics_by_region_year
where indicator_code = 'gdp' and measure = 'growth_rate' and region_level = 'province'
order by province, year;
