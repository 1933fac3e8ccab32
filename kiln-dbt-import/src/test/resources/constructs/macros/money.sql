{# Money helpers, in the style of the dbt docs #}
{% macro cents_to_dollars(column_name, scale=2) -%}
    round({{ column_name }} / 100.0, {{ scale }})
{%- endmacro %}

{% macro safe_label(value, fallback='unknown') -%}
    {%- if value is none -%}
        '{{ fallback }}'
    {%- else -%}
        coalesce({{ value }}, '{{ fallback }}')
    {%- endif -%}
{%- endmacro %}

{% macro day_of(column) -%}
  {{ return(adapter.dispatch('day_of', 'shop')(column)) }}
{%- endmacro %}

{% macro default__day_of(column) -%}
    cast({{ column }} as date)
{%- endmacro %}

{% macro duckdb__day_of(column) -%}
    cast(date_trunc('day', {{ column }}) as date)
{%- endmacro %}
