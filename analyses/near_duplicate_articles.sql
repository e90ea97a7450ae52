-- Answers: which articles were dumped again in another form (another heading, a few other words, the other script)?
-- Reads marts.article_clusters (one row per article that has a near-duplicate) and marts.articles.
-- One row per cluster: the canonical article (the one counted in metrics_by_region_year), how
-- many distinct versions and page dumps it has, and the titles and paths of every version.
select
    clusters.cluster_id,
    canonical.title as canonical_title,
    count(*) as versions,
    max(clusters.cluster_copies) as page_dumps,
    list(versions.title order by versions.first_loaded_at, versions.article_id) as titles,
    list(versions.source_path order by versions.first_loaded_at, versions.article_id) as paths,
from marts.article_clusters as clusters
inner join marts.articles as versions on clusters.article_id = versions.article_id
inner join marts.articles as canonical on clusters.cluster_id = canonical.article_id
group by clusters.cluster_id, canonical.title
order by page_dumps desc, clusters.cluster_id;
