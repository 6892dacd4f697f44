"""What the printed reports and letters show: one service per report, each returning frozen
dataclasses that `desktop_app.reports` turns into PDFs."""
