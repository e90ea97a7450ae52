{#- A mention belongs to exactly one owner: an article (source_kind article) or an abstract (related). -#}
with metrics as (
    select * from {{ ref('metrics') }}
),

final as (
    select * from metrics
    where not (
        (source_kind = 'article' and article_id is not null and abstract_id is null)
        or (source_kind = 'related' and abstract_id is not null and article_id is null)
    )
)

select * from final
