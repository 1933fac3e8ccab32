select ${column_name}
from ${model}
where ${column_name} is null
