"""Qt widgets, item models and dialogs; they call services and never touch the database directly."""
