MATCH (start:Entity {id: $id})
WITH start, [start] AS found, [start] AS frontier
CALL (found, frontier) {
  UNWIND frontier AS x
  MATCH (x)--(m:Entity)
  WITH m LIMIT 10000
  WITH m WHERE NOT m IN found
  WITH m, count(*) AS links ORDER BY links DESC, m.id LIMIT 100
  RETURN collect(m) AS next
}
WITH start, found + next AS found, next AS frontier
CALL (found, frontier) {
  UNWIND CASE WHEN size(found) > 100 THEN [] ELSE frontier END AS x
  MATCH (x)--(m:Entity)
  WITH m LIMIT 10000
  WITH m WHERE NOT m IN found
  WITH m, count(*) AS links ORDER BY links DESC, m.id LIMIT 100
  RETURN collect(m) AS next
}
WITH found + next AS found
WITH found[0..100] AS nodes
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r]->(b)
  WITH r, b LIMIT 10000
  WITH r WHERE b IN nodes
  WITH r ORDER BY r.id
  RETURN collect({id: r.id, type: type(r), from: startNode(r).id, to: endNode(r).id}) AS edges
}
RETURN [n IN nodes | {id: n.id, name: n.name}] AS nodes, edges
