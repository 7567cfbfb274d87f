MATCH (:Country {id: $country})<-[:LOCATED_IN]-(p:Project)
WHERE p.stage = 'MINING'
WITH DISTINCT p
WITH collect(p) AS matched
CALL (matched) {
  UNWIND matched AS p
  WITH p ORDER BY p.name LIMIT 11
  RETURN collect({id: p.id, name: p.name, status: p.status}) AS page
}
RETURN size(matched) AS totalCount, size(page) > 10 AS hasNextPage, page[0..10] AS edges
