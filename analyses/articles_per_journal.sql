-- Answers: how many articles come from each journal (来源), and how often are they cited?
-- Reads marts.articles (one row per article; the same article dumped twice counts once).
select
    coalesce(journal, '(not given)') as journal,
    count(*) as articles,
    sum(citations) as citations,
    round(avg(body_chars)) as avg_body_chars,
    sum(copies) as page_dumps,
from marts.articles
group by all
order by articles desc, journal;
