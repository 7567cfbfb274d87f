MATCH (:Country {id: $country})<-[:BASED_IN]-(o:Organization)
WHERE o.kind = 'FINANCIER'
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.aliases AS aliases
ORDER BY o.name
LIMIT 20
