"""Fictional people and calendars for the demo provision and the benchmarks."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.calendar import Term, week_start

FORENAMES = [
    "Aaliyah",
    "Bailey",
    "Callum",
    "Demi",
    "Ellis",
    "Freya",
    "Harvey",
    "Imogen",
    "Jayden",
    "Kacey",
    "Leon",
    "Maisie",
    "Niall",
    "Olivia",
    "Priya",
    "Reece",
    "Sienna",
    "Tyler",
    "Umar",
    "Violet",
    "Warren",
    "Yasmin",
    "Zak",
    "Amelia",
    "Brandon",
    "Chloe",
    "Dylan",
    "Erin",
    "Finley",
]
SURNAMES = [
    "Ahmed",
    "Barker",
    "Clarke",
    "Doherty",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "McBride",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Robinson",
    "Shaw",
    "Thompson",
    "Underwood",
    "Vaughan",
    "Walsh",
    "Young",
    "Zielinski",
    "Bennett",
    "Carter",
]
GROUPS = ["Kestrel", "Falcon", "Osprey"]
COMMISSIONERS = [
    ("Northgate Academy", "Ms R. Osei", "attendance@northgate.example.org", "0161 496 0102"),
    (
        "St Aidan's CE High School",
        "Mr P. Lindqvist",
        "office@staidans.example.org",
        "0161 496 0371",
    ),
    (
        "Hillside Local Authority Inclusion Team",
        "Mrs J. Burke",
        "inclusion@hillside.example.gov.uk",
        "0161 496 0844",
    ),
    ("Moorfield School", "Dr A. Rahman", "pastoral@moorfield.example.org", "0161 496 0555"),
]
STAFF = [
    ("director", "Helen Marsh", "Director", "director"),
    ("officer", "Sam Patel", "Attendance Officer", "attendance_officer"),
    ("dsl", "Grace Okoro", "Designated Safeguarding Lead", "dsl"),
    ("tutor1", "Tom Reilly", "Tutor, Kestrel", "tutor"),
    ("tutor2", "Aisha Khan", "Tutor, Falcon and Osprey", "tutor"),
]


def _monday_on_or_after(day: date) -> date:
    return day if day.weekday() == 0 else week_start(day) + timedelta(days=7)


def academic_year_terms(year: int) -> list[Term]:
    """Six half-terms for the academic year starting in September of year."""
    sep1 = date(year, 9, 1)
    autumn = sep1 + timedelta(days=(2 - sep1.weekday()) % 7)  # first Wednesday
    half_autumn = _monday_on_or_after(date(year, 10, 24))
    spring = _monday_on_or_after(date(year + 1, 1, 3))
    half_spring = _monday_on_or_after(date(year + 1, 2, 12))
    summer = _monday_on_or_after(date(year + 1, 4, 13))
    half_summer = _monday_on_or_after(date(year + 1, 5, 25))
    return [
        Term(f"Autumn 1 {year}", autumn, half_autumn - timedelta(days=3)),
        Term(f"Autumn 2 {year}", half_autumn + timedelta(days=7), date(year, 12, 18)),
        Term(f"Spring 1 {year + 1}", spring, half_spring - timedelta(days=3)),
        Term(f"Spring 2 {year + 1}", half_spring + timedelta(days=7), date(year + 1, 3, 27)),
        Term(f"Summer 1 {year + 1}", summer, half_summer - timedelta(days=3)),
        Term(f"Summer 2 {year + 1}", half_summer + timedelta(days=7), date(year + 1, 7, 21)),
    ]


def name_for(index: int) -> tuple[str, str]:
    """A fictional (forename, surname) pair, different for each index up to several hundred."""
    forename = FORENAMES[index % len(FORENAMES)]
    surname = SURNAMES[(index * 7 + index // len(FORENAMES)) % len(SURNAMES)]
    return forename, surname
