MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*1..4]-(b))
WITH p LIMIT 1000
WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.id] LIMIT 5
RETURN length(p) AS length, [n IN nodes(p) | {id: n.id, name: n.name}] AS nodes,
  [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id}] AS edges
