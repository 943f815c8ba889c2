"""`triggerpoint session-defaults` lists every protocol setting with its default."""

from __future__ import annotations

import json
from dataclasses import fields

from triggerpoint.cli import main
from triggerpoint.protocol.settings import DEFAULT_SETTINGS, ProtocolSettings


def test_session_defaults_lists_every_setting_with_its_default_and_source(capsys):
    assert main(["session-defaults", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == [f.name for f in fields(ProtocolSettings)]
    by_name = {row["name"]: row for row in rows}
    assert by_name["cap_seconds"]["default"] == DEFAULT_SETTINGS.cap_seconds == 90
    assert "Hou" in by_name["cap_seconds"]["source"]


def test_session_defaults_prints_a_table(capsys):
    assert main(["session-defaults"]) == 0
    out = capsys.readouterr().out
    assert "hold_seconds" in out and "breaths/min" in out
