<#if expression?contains(r"${")><#assign inline = expression?interpret><#assign condition><@inline/></#assign><#elseif column_name?? && expression?lower_case?matches(r"\s*(=|<|>|!=|is\s|not\s|in\s*\(|between\s|like\s|ilike\s|similar\s).*", "s")><#assign condition = column_name + " " + expression><#else><#assign condition = expression></#if>
not (${condition})
