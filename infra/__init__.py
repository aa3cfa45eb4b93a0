"""Infrastructure that several apps use: database helpers and routing, rate limits, the client's address,
pagination, site-wide middleware and error views. It imports no feature app (import-linter checks it)."""
