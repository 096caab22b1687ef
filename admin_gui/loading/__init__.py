"""Load data and Load changes: from the configured server or a folder, with progress and
a Cancel that leaves the catalog as it was."""
