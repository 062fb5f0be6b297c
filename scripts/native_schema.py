"""Write the native plugin's schema (``provider/versori_pulumi/native/schema.json``) from the specs and the
reference pages; ``--check`` exits 1 when the committed file differs (tests/test_native.py runs the same check)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from versori_pulumi.native.schema import derive

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "provider" / "versori_pulumi" / "native" / "schema.json"


def rendered() -> str:
    """The schema as committed: sorted keys, two-space indent, a final newline."""
    return json.dumps(derive(ROOT / "docs" / "resources"), indent=2, sort_keys=True) + "\n"


def main() -> int:
    text = rendered()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python scripts/native_schema.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
