with collected as (
    select * from {{ ref('int_abstracts_collected') }}
),

final as (
    select distinct
        article_id,
        abstract_id,
        position,
        kind,
    from collected
)

select * from final
