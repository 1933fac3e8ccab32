{% test is_lowercase(model, column_name, allow_null=true) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} <> lower({{ column_name }})
{% if not allow_null %}or {{ column_name }} is null{% endif %}
{% endtest %}
