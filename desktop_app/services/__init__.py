"""One function per user action: one transaction, a role check, plain dataclasses back."""
