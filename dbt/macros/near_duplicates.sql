{#-
    The state that lets int_article_pairs_linked link only what changed (its own two side tables,
    beside it in the intermediate schema):
    - <model>__signatures: every published article's signature as the last build linked it
      (article_id, signature_hash, minhash_bands), written by the model's post-hook;
    - <model>__affected: for the build under way, the articles whose pairs are linked again,
      written by the pre-hook, read by the model, dropped by the post-hook.
    An article is affected when it shares a band key with an article whose signature is new,
    changed or gone: every other pair keeps its candidates (its buckets' members are the same,
    so are their sizes and anchors) and its similarity (both signatures are the same).
-#}

{% macro near_duplicate_state(suffix) -%}
    {%- do return(this.incorporate(path={"identifier": this.identifier ~ "__" ~ suffix}).include(database=false)) -%}
{%- endmacro %}


{% macro near_duplicate_signatures() -%}
    select article_id, hash(minhash) as signature_hash, minhash_bands,
    from {{ ref('int_articles_deduplicated') }}
    where minhash is not null
{%- endmacro %}


{#- Pre-hook: the affected articles (under the old signatures and the new), and their pairs
    forgotten. A warehouse without the state (built before the model was incremental) starts
    from an empty one: every article is new, every pair linked again. -#}
{% macro near_duplicate_forget_affected() %}
    {%- if is_incremental() -%}
        {%- set signatures = near_duplicate_state('signatures') -%}
        create table if not exists {{ signatures }} as
            select article_id, signature_hash, minhash_bands from ({{ near_duplicate_signatures() }}) where false;
        create or replace table {{ near_duplicate_state('affected') }} as
        with current_signatures as (
            {{ near_duplicate_signatures() }}
        ),

        changed as (
            select minhash_bands from current_signatures
            anti join {{ signatures }} as known using (article_id, signature_hash)
            union all
            select minhash_bands from {{ signatures }}
            anti join current_signatures using (article_id, signature_hash)
        ),

        keys as (
            select distinct unnest(minhash_bands) as band_key from changed
        ),

        members as (
            select article_id, unnest(minhash_bands) as band_key from current_signatures
            union all
            select article_id, unnest(minhash_bands) as band_key from {{ signatures }}
        )

        select distinct members.article_id
        from members
        semi join keys on members.band_key = keys.band_key;
        delete from {{ this }}
        where article_a in (select article_id from {{ near_duplicate_state('affected') }})
            or article_b in (select article_id from {{ near_duplicate_state('affected') }});
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}


{#- Post-hook: the signatures just linked are the state of the next build (kept by difference:
    a build that changed a few articles rewrites a few rows). -#}
{% macro near_duplicate_remember_signatures() %}
    {%- set signatures = near_duplicate_state('signatures') -%}
    {%- if is_incremental() -%}
        create or replace temp table near_duplicate_current as {{ near_duplicate_signatures() }};
        delete from {{ signatures }}
        where not exists (
            select 1 from near_duplicate_current as current_signatures
            where current_signatures.article_id = {{ signatures }}.article_id
                and current_signatures.signature_hash = {{ signatures }}.signature_hash
        );
        insert into {{ signatures }}
            select article_id, signature_hash, minhash_bands from near_duplicate_current
            anti join {{ signatures }} as known using (article_id, signature_hash);
        drop table near_duplicate_current;
        drop table if exists {{ near_duplicate_state('affected') }}
    {%- else -%}
        create or replace table {{ signatures }} as
            select article_id, signature_hash, minhash_bands from ({{ near_duplicate_signatures() }})
    {%- endif -%}
{% endmacro %}
