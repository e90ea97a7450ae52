{#- One row per author of an article, in page order: the authors of its most recently loaded copy. -#}

with identified as (
    select * from {{ ref('int_pages_identified') }}
),

authors as (
    select * from {{ ref('stg_landing__authors') }}
),

latest_copies as (
    select * from identified
    where version_rank = 1
),

final as (
    select
        latest_copies.article_id,
        authors.position,
        authors.name,
        authors.affiliation,
    from latest_copies
    inner join authors
        on latest_copies.source_path = authors.source_path
        and latest_copies.source_sha256 = authors.source_sha256
)

select * from final
