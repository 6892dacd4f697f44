.PHONY: screenshots

# Pictures of every page and the first-run dialogs, for docs/screenshots (no display needed).
screenshots:
	QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
	QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/register_screenshot.py
	QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/learner_screenshot.py
	QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/risk_screenshot.py
