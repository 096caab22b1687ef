"""Unit tests: rules and formats in this process, no server, database or child process
(temporary files at most), mirroring the product packages."""
