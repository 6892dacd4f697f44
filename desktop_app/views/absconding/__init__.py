"""absconding."""
