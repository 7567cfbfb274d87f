MATCH (o:Organization)
WHERE o.kind = 'FINANCIER' AND o.name STARTS WITH 'C'
WITH o ORDER BY o.name
WITH collect(o) AS os
RETURN size(os) AS totalCount, [o IN os[0..10] | {id: o.id, name: o.name}] AS edges
