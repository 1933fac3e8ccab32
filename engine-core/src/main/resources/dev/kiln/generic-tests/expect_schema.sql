<#-- Model-level schema check (Soda's schema check): one row per expected column that is missing
     or has another type, and (with allow_extra_columns: false) per column not expected.
     `columns` is {name: type, …} (a null type checks presence only), a list of names, or a
     list of {name, data_type}. Types compare case-insensitively; 'decimal' accepts
     'decimal(18,3)'. Reads information_schema.columns, so the model must be a table or view. -->
<#assign synonyms = {"int": "integer", "int4": "integer", "int8": "bigint", "long": "bigint", "string": "varchar",
    "text": "varchar", "bool": "boolean", "float8": "double", "double precision": "double", "int2": "smallint",
    "timestamptz": "timestamp with time zone"}>
<#function norm t><#if !(t??) || t?string?trim == ""><#return ""></#if><#local l = t?string?trim?lower_case><#return synonyms[l]!l></#function>
<#assign expected = []>
<#if columns?is_hash>
  <#list columns?keys as k><#assign expected += [{"name": k, "type": norm(columns[k]!"")}]></#list>
<#else>
  <#list columns as c><#if c?is_hash><#assign expected += [{"name": c.name, "type": norm((c.data_type)!((c.type)!""))}]><#else><#assign expected += [{"name": c?string, "type": ""}]></#if></#list>
</#if>
<#if model_schema?? && model_identifier??>
  <#assign where = "lower(table_schema) = lower(" + literal(model_schema) + ") and lower(table_name) = lower(" + literal(model_identifier) + ")">
  <#if model_database??><#assign where = where + " and lower(table_catalog) = lower(" + literal(model_database) + ")"></#if>
<#else>
  <#-- the relation as rendered: its marker is resolved inside the string literal too -->
  <#assign relation = model>
  <#list model?matches(r"\x01[^\x01]+\x01") as m><#assign relation = m?string><#break></#list>
  <#if relation == model && model?starts_with("(")><#assign relation = model?keep_after("(select * from ")?keep_before(" where ")></#if>
  <#if !relation?contains("\x01") && !relation?starts_with('"')><#stop "expect_schema needs a table or view, not " + relation + "."></#if>
  <#assign rendered = "lower(" + literal(relation) + ")">
  <#assign where = rendered + " in (lower('\"' || table_schema || '\".\"' || table_name || '\"'), lower('\"' || table_catalog || '\".\"' || table_schema || '\".\"' || table_name || '\"'))">
</#if>
with expected as (
<#list expected as e>
    select ${literal(e.name?lower_case)} as column_name, <#if e.type == "">cast(null as ${type_string()})<#else>${literal(e.type)}</#if> as expected_type<#sep>
    union all</#sep>
</#list>
),
actual as (
    select lower(column_name) as column_name, lower(data_type) as actual_type
    from information_schema.columns
    where ${where}
)
select e.column_name, e.expected_type, a.actual_type,
       case when a.column_name is null then 'missing' else 'wrong type' end as problem
from expected e
left join actual a on a.column_name = e.column_name
where a.column_name is null
   or (e.expected_type is not null and a.actual_type <> e.expected_type and a.actual_type not like e.expected_type || '(%')
<#if !(allow_extra_columns!true)>
union all
select a.column_name, cast(null as ${type_string()}) as expected_type, a.actual_type, 'unexpected' as problem
from actual a
where a.column_name not in (select column_name from expected)
</#if>
