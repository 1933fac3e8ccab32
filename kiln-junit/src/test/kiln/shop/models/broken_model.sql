select cast('not a number' as integer) as n from ${ref('customers')}
