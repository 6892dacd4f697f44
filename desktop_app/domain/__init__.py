"""Pure rules of the register: codes, statistics, calendar, watches. No Qt, no SQLAlchemy."""
