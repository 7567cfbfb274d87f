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
ORDER BY score DESC, node.name, node.id
LIMIT 10
RETURN score, {id: node.id, name: node.name} AS entity
