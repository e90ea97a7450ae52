{#- Deduplication may merge copies but must not lose an article: every landed page maps to a published article. -#}
with identified as (
    select * from {{ ref('int_pages_identified') }}
),

articles as (
    select * from {{ ref('articles') }}
),

final as (
    select identified.*
    from identified
    left join articles on identified.article_id = articles.article_id
    where articles.article_id is null
)

select * from final
