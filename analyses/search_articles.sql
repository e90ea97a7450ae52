-- Answers: which articles and abstracts talk about 乡村振兴 and 产业, best match first?
-- Uses the full-text search macro search.find(q, max_results := 20) that every published
-- warehouse carries (BM25 over words segmented with jieba-rs; no extension needed to query).
-- Replace the words to search for anything else; search.terms(q) shows the words it looked for.
select
    hits.kind,
    coalesce(articles.title, hits.title) as title,
    articles.journal,
    round(hits.score, 3) as score,
    hits.terms_matched,
    hits.snippet,
    hits.article_id,
    hits.abstract_id,
from search.find('乡村振兴 产业', max_results := 10) as hits
left join marts.articles as articles on hits.article_id = articles.article_id
order by hits.score desc, hits.doc_id;
