CALL () {
  CALL db.index.fulltext.queryNodes('entity_text', $nameQuery, {limit: 1000}) YIELD node, score
  RETURN node, score AS label, 0.0 AS text
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_text', $aliasQuery, {limit: 1000}) YIELD node, score
  RETURN node, score AS label, 0.0 AS text
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_text', $descriptionQuery, {limit: 1000}) YIELD node, score
  RETURN node, 0.0 AS label, score AS text
}
WITH node, max(label) + 0.25 * max(text) AS score
WITH node, score * (1.0 + 0.1 * log(1.0 + COUNT { (node)--() })) AS score
WITH node, score,
     toLower(node.id) = $exact OR toLower(node.name) = $exact
       OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $exact) AS exact
WITH collect({node: node, score: score, exact: exact}) AS hits, max(score) AS best
UNWIND hits AS hit
WITH hit.node AS node, hit.score + CASE WHEN hit.exact THEN best ELSE 0.0 END AS score
ORDER BY score DESC, node.name, node.id
LIMIT 10
RETURN score, {id: node.id, name: node.name} AS entity
