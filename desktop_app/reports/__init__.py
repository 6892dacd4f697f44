"""PDF (and CSV) reports built with reportlab from the dataclasses the report services return.
No Qt and no database here."""
