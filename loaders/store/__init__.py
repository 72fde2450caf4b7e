"""The DuckDB database: its schema and query views, the writes into it, and the file
that the dashboard and the command line share."""
