{#-
    Near-duplicate articles grouped: the connected components of int_article_pairs_linked (two
    articles are in one cluster when a chain of linked pairs joins them). The canonical
    article of a cluster is its earliest loaded (ties: the smallest article id); the others
    are its duplicates, whose metrics marts.metrics_by_region_year leaves out.
    The components are found by a recursive walk over the links; clusters are small (the
    copies of one article), so the walk stays short.
-#}

with pairs as (
    select * from {{ ref('int_article_pairs_linked') }}
),

articles as (
    select article_id, copies, first_loaded_at,
    from {{ ref('int_articles_deduplicated') }}
),

edges as (
    select article_a as from_id, article_b as to_id, from pairs
    union all
    select article_b as from_id, article_a as to_id, from pairs
),

reached as (
    with recursive walk (article_id, member_id) as (
        select distinct from_id, from_id, from edges
        union
        select walk.article_id, edges.to_id,
        from walk
        inner join edges on walk.member_id = edges.from_id
    )

    select article_id, min(member_id) as component_id,
    from walk
    group by article_id
),

members as (
    select
        reached.article_id,
        reached.component_id,
        articles.copies,
        first_value(reached.article_id) over (
            partition by reached.component_id
            order by articles.first_loaded_at, reached.article_id
        ) as canonical_id,
    from reached
    inner join articles on reached.article_id = articles.article_id
),

final as (
    select
        article_id,
        canonical_id as cluster_id,
        if(article_id = canonical_id, null, canonical_id) as duplicate_of,
        article_id = canonical_id as is_canonical,
        count(*) over (partition by component_id) as cluster_articles,
        sum(copies) over (partition by component_id)::integer as cluster_copies,
    from members
)

select * from final
