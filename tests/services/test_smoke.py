"""The database opens, migrates and signs a director in."""

from desktop_app.models.engine import Database
from desktop_app.services.auth import authenticate
from tests.conftest import PASSWORD


def test_director_can_sign_in(db: Database) -> None:
    user = authenticate(db, "director", PASSWORD)
    assert user.role.value == "director"
