-- Answers: how many articles come from each journal (来源), and how often are they cited?
-- Reads marts.articles (one row per article). A journal is grouped by its simplified-script
-- spelling (鄉村振興 and 乡村振兴 are one journal; `spellings` lists what the pages wrote);
-- near-duplicate copies of an article count once (duplicate_of is null) and `page_dumps` counts
-- every page dump of the journal's articles, near copies included.
select
    coalesce(articles.journal_simplified, articles.journal, '(not given)') as journal,
    count(*) as articles,
    sum(articles.citations) as citations,
    round(avg(articles.body_chars)) as avg_body_chars,
    sum(articles.cluster_copies) as page_dumps,
    list(distinct articles.journal order by articles.journal) filter (
        where articles.journal is not null
    ) as spellings,
from marts.articles as articles
where articles.duplicate_of is null
group by 1
order by articles desc, journal;
