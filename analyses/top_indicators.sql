-- Answers: which indicators do the texts mention most, and how widely?
-- Reads marts.metrics (one row per metric mention); mentions without an indicator are left out.
-- articles / abstracts count the distinct documents (article bodies, related abstracts) naming it.
select
    indicator,
    count(*) as mentions,
    count(distinct article_id) as articles,
    count(distinct abstract_id) as abstracts,
    count(distinct region_code) as regions,
    mode(unit) as usual_unit,
    min(period_year) as first_year,
    max(period_year) as last_year,
from marts.metrics
where indicator is not null
group by indicator
order by mentions desc, indicator
limit 20;
