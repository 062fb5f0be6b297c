"""``versori-import-document``: write the ``pulumi import --file`` document that brings objects under management.

Two sources:

    versori-import-document [--connector ID_OR_NAME] [-o import.json]
        reads the organisation through the API (``VERSORI_BASE_URL``, ``VERSORI_ORGANISATION_ID``,
        ``VERSORI_API_KEY``, or a stack's ``versori:*`` config with ``--stack``): every connector, or one connector,
        with its versions, default version and connections;

    versori-import-document --from-state export.json [--urns URN ...] [--removal-list urns.txt] [-o import.json]
        lists a dynamic stack's objects (``pulumi stack export``) by id for the native face, with the same logical
        names, carrying over what the API cannot give back (encrypted secrets, provider-only settings), and the
        URNs to forget in the old stack: the move of docs/native-import.md.

Then ``pulumi import --file import.json --generate-code --out program.yaml`` (or ``__main__.py``) imports them in
one step and writes the program to keep. A summary goes to stderr; the document to stdout or ``-o``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from versori_pulumi.client import ConnectClient
from versori_pulumi.config import ProviderSettings, settings_from
from versori_pulumi.errors import VersoriError
from versori_pulumi.importing import entries_from_organisation, entries_from_state, import_document, removal_order
from versori_pulumi.importing.document import ImportEntry

__all__ = ["main"]

_SECRETS_NOTE = (
    "note: the API never returns a connection's credential values (nor a connector's client secrets); after the "
    "import, set them in the program as secrets (see docs/native-import.md)"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="versori-import-document",
        description="Write a `pulumi import --file` document for an organisation's objects on the native face.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--connector", metavar="ID_OR_NAME", help="only this connector and what hangs under it")
    source.add_argument(
        "--from-state", metavar="EXPORT_JSON", type=Path, help="a dynamic stack's `pulumi stack export` output"
    )
    parser.add_argument("--urns", nargs="+", default=[], metavar="URN", help="with --from-state: only these")
    parser.add_argument(
        "--removal-list",
        type=Path,
        metavar="FILE",
        help="with --from-state: write the URNs to `pulumi state delete` in the old stack, in a safe order",
    )
    parser.add_argument("--stack", help="read the versori:* settings from this stack's config (else the environment)")
    parser.add_argument("--cwd", default=".", help="the Pulumi project folder of --stack (default: here)")
    parser.add_argument("-o", "--output", type=Path, help="write the document here (default: stdout)")
    return parser


def _settings(stack: str | None, cwd: str) -> ProviderSettings:
    if stack is None:
        return settings_from()
    from pulumi import automation as auto  # only here: the Automation API is slow to import

    selected = auto.select_stack(stack_name=stack, work_dir=cwd)
    config = {key: value.value for key, value in selected.get_all_config().items()}
    return settings_from(config.get)


def _entries(args: argparse.Namespace) -> list[ImportEntry]:
    if args.from_state is not None:
        return entries_from_state(json.loads(args.from_state.read_text()), args.urns)
    settings = _settings(args.stack, args.cwd)
    with ConnectClient(settings.base_url, settings.organisation_id, settings.api_key) as client:
        return entries_from_organisation(client, args.connector)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.urns or args.removal_list) and args.from_state is None:
        parser.error("--urns and --removal-list need --from-state")
    try:
        entries = _entries(args)
    except (VersoriError, LookupError, ValueError, OSError) as exc:
        sys.stderr.write(f"versori-import-document: {exc}\n")
        return 1
    text = json.dumps(import_document(entries), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
    if args.removal_list is not None:
        order = removal_order(json.loads(args.from_state.read_text()), entries)
        args.removal_list.write_text("".join(f"{urn}\n" for urn in order))
    for entry in entries:
        sys.stderr.write(f"{entry.kind:<24} {entry.name:<32} {entry.id}  ({entry.description})\n")
    sys.stderr.write(f"{len(entries)} objects")
    sys.stderr.write(f" written to {args.output}\n" if args.output is not None else "\n")
    if args.from_state is None and any(e.kind in ("Connection", "Connector") for e in entries):
        sys.stderr.write(_SECRETS_NOTE + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
