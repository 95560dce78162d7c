"""The README is the operator's reference: every setting must be in its table."""

from __future__ import annotations

from pathlib import Path

from civicdesk.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_every_setting_is_documented_with_its_environment_variable() -> None:
    missing = [name for name in Settings.model_fields if f"`CIVICDESK_{name.upper()}`" not in README]
    assert not missing, f"add to the README's configuration table (python -m civicdesk.settings): {missing}"


def test_the_two_commands_are_in_the_readme() -> None:
    assert "make demo" in README and "make test" in README
