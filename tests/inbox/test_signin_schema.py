"""Sign-in back ends (issue 26) without servers: the 0007 migration matches the tables,
and the groups -> role mapping picks the first entry the person is in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.migrationkit import migration_diff


def test_migration_0007_matches_the_signin_tables(db_url: str) -> None:
    assert migration_diff(db_url, {"external_identity", "signin_token"}) == []


def test_the_first_mapped_group_wins_and_groups_compare_without_case() -> None:
    from bursar.config import SigninGroup
    from bursar.inbox.signin.mapping import map_groups, verdict_for

    mapping = [
        SigninGroup(group="CN=Controllers,OU=G,DC=x", role="controller"),
        SigninGroup(group="CN=Approvers,OU=G,DC=x", role="approver", limit=Decimal("2500")),
    ]
    assert map_groups(mapping, ["cn=approvers,ou=g,dc=x"]) == ("approver", Decimal("2500"))
    both = ["cn=approvers,ou=g,dc=x", "CN=Controllers,OU=G,DC=x"]
    assert map_groups(mapping, both) == ("controller", None)
    refused = verdict_for(mapping, username="z", subject="uid=z", groups=["CN=Other"])
    assert not refused.allowed and refused.reason == "no_group"


def test_an_unknown_role_in_the_mapping_is_a_clear_error() -> None:
    from bursar.config import SigninGroup
    from bursar.errors import ConfigError
    from bursar.inbox.signin.mapping import check_mapping

    with pytest.raises(ConfigError, match="unknown role 'boss'"):
        check_mapping([SigninGroup(group="g", role="boss")])


def test_the_readme_examples_are_valid_settings() -> None:
    import re
    import tomllib
    from pathlib import Path

    from bursar.config import Settings
    from bursar.inbox.signin.mapping import check_mapping

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Connecting a directory or an identity provider", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"```toml\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for block in blocks:
        signin = Settings.model_validate(tomllib.loads(block)).signin
        check_mapping(signin.groups)
        assert signin.groups and (signin.ldap or signin.oidc)
