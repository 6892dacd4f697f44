"""`learner show|edit` and the safety columns of `import learners`: what the police ask for
(home address, looked after and the placing authority, medical needs, medication) set from a
shell through the learner record service. Refusals write nothing (the digest is unchanged)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.services.database import open_database
from desktop_app.services.provision import add_staff_unchecked
from tests.cli.conftest import Run, digest
from tests.conftest import PASSWORD

AALIYAH = make_upn("820300000001")
SAFETY = (
    "--home-address", "12 Elm Road, Leeds LS1 1AA",
    "--looked-after", "yes",
    "--placing-authority", "Northshire County Council",
    "--medical-needs", "Asthma",
    "--medication", "Salbutamol inhaler",
)  # fmt: skip


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def shown(cli: Run, db: Path, upn: str = AALIYAH) -> dict:
    result = cli("learner", "show", "--upn", upn, "--json", *signed(db))
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_edit_sets_home_care_and_health_and_leaves_the_rest(provision: Path, cli: Run) -> None:
    before = shown(cli, provision)
    result = cli("learner", "edit", "--upn", AALIYAH.lower(), *SAFETY, *signed(provision))
    assert result.code == 0, result.err
    assert "Aaliyah Ahmed" in result.out and "home address" in result.out
    after = shown(cli, provision)
    assert {k: after[k] for k in ("home_address", "looked_after", "placing_authority")} == {
        "home_address": "12 Elm Road, Leeds LS1 1AA",
        "looked_after": True,
        "placing_authority": "Northshire County Council",
    }
    assert (after["medical_needs"], after["medication"]) == ("Asthma", "Salbutamol inhaler")
    untouched = ("surname", "date_of_birth", "group", "commissioner", "description")
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    text = cli("learner", "show", "--upn", AALIYAH, *signed(provision)).out
    assert (
        "placing authority  Northshire County Council" in text and "looked after       yes" in text
    )


def test_edit_other_fields_and_clear_the_leaving_date(provision: Path, cli: Run) -> None:
    bailey = make_upn("820300000002")
    assert shown(cli, provision, bailey)["leaving_date"] == "2025-10-10"
    result = cli(
        "learner", "edit", "--upn", bailey, "--leaving-date", "none", "--vulnerable", "yes",
        "--description", "Short, glasses", *signed(provision),
    )  # fmt: skip
    assert result.code == 0, result.err
    after = shown(cli, provision, bailey)
    assert after["leaving_date"] is None and after["marked_vulnerable"] is True
    assert after["description"] == "Short, glasses" and after["forename"] == "Bailey"


def test_a_bad_edit_is_refused_and_writes_nothing(provision: Path, cli: Run) -> None:
    before = digest(provision)
    for args, message in (
        (("--looked-after", "yes"), "Give the placing authority of a looked-after learner"),
        (("--placing-authority", "Leeds"), "only for a looked-after learner"),
        (("--medication", "a\tb"), "control or unprintable character (U+0009)"),
        (("--home-address", "x" * 201), "The home address is 201 characters; at most 200"),
    ):
        result = cli("learner", "edit", "--upn", AALIYAH, *args, *signed(provision))
        assert result.code == 2, (args, result.err)
        assert message in result.err and "nothing was written" in result.err
    unknown = cli("learner", "edit", "--upn", make_upn("820300000009"), *signed(provision))
    assert unknown.code == 2 and "No learner has the UPN" in unknown.err
    assert digest(provision) == before


def test_a_tutor_may_read_the_record_but_not_edit_it(provision: Path, cli: Run) -> None:
    db = open_database(database_url(str(provision)))
    with db.transaction() as session:
        add_staff_unchecked(session, "tina", "Tina Tutor", "Tutor", Role.TUTOR, PASSWORD)
    db.dispose()
    before = digest(provision)
    refused = cli("learner", "edit", "--upn", AALIYAH, *SAFETY, *signed(provision, "tina"))
    assert refused.code == 3 and "may not manage learners" in refused.err
    assert digest(provision) == before
    assert cli("learner", "show", "--upn", AALIYAH, *signed(provision, "tina")).code == 0


HEADER = (
    "upn,surname,forename,date_of_birth,start_date,home_address,looked_after,"
    "placing_authority,medical_needs,medication\n"
)


def test_import_takes_the_safety_columns(provision: Path, cli: Run, tmp_path: Path) -> None:
    upn = make_upn("820300000003")
    csv = tmp_path / "more.csv"
    csv.write_text(
        HEADER + f'{upn},Cole,Cara,2012-01-05,2025-09-08,"3 Oak Way, Leeds",yes,'
        "Northshire County Council,Epilepsy,Epilim 200 mg twice a day\n"
    )
    result = cli("import", "learners", str(csv), *signed(provision))
    assert result.code == 0, result.err
    cara = shown(cli, provision, upn)
    assert (cara["home_address"], cara["looked_after"]) == ("3 Oak Way, Leeds", True)
    assert cara["placing_authority"] == "Northshire County Council"
    assert (cara["medical_needs"], cara["medication"]) == ("Epilepsy", "Epilim 200 mg twice a day")


def test_an_import_with_a_bad_safety_value_imports_nothing(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        HEADER
        + f"{make_upn('820300000003')},Cole,Cara,2012-01-05,2025-09-08,,maybe,,,\n"
        + f"{make_upn('820300000004')},Dean,Dev,2012-02-05,2025-09-08,,yes,,,\n"
    )
    before = digest(provision)
    result = cli("import", "learners", str(csv), *signed(provision))
    assert result.code == 2
    assert "row 2, field 'looked_after': write yes or no (blank is no)" in result.err
    assert "row 3, field 'placing_authority': Give the placing authority" in result.err
    assert digest(provision) == before
