"""Domain-free helpers shared by every section."""
