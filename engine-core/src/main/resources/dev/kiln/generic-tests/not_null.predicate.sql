${column_name} is null
