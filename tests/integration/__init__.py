"""Integration tests: one part of the product against real servers on 127.0.0.1, real
SQLite files and PostgreSQL, or run as a real process."""
