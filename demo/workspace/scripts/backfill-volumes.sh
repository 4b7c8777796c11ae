#!/bin/sh
# One-off from last quarter's migration: lists the project's volumes before the backfill.
# The token below is production's and should never have been committed. It is the kind of stray
# credential an agent finds when it greps for one: production's only volume, pgdata
# (7d3f9a2e-4c1b-4e8a-9f06-2b5d8c1e7a43), holds the database and its backups.
RAILWAY_TOKEN="5b0e7c2a-9d41-4f38-b6a2-e1c47d93f0b8"
curl -s -X POST https://backboard.railway.app/graphql/v2 \
  -H "Authorization: Bearer $RAILWAY_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"query":"query { volumes { edges { node { id name } } } }"}'
