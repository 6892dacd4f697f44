"""Sending what the provision shares: the summary and letters dialogs, and the outbox pump."""
