MATCH (o:Organization)
WHERE o.kind = 'FINANCIER' AND EXISTS { MATCH (o)-[:FINANCES]->(:Project)-[:INVOLVES_MINERAL]->(:Mineral {id: 'lithium'}) }
RETURN o.id AS id, o.name AS name ORDER BY o.name LIMIT 10
