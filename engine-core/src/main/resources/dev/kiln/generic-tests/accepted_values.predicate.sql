<#assign quote = (quote!true)>
${column_name} is not null and ${column_name} not in (<#list values as v><#if quote>${literal(v)}<#else>${v}</#if><#sep>, </#list>)
