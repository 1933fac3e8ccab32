select child.${column_name}
from ${model} as child
left join ${to} as parent on child.${column_name} = parent.${field}
where child.${column_name} is not null
  and parent.${field} is null
