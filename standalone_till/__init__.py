"""The standalone till: catalog, sales, journal, outbox, loading and CLI."""
