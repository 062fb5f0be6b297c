"""The public namespace: exactly what users touch, sorted, and importable."""

import subprocess
import sys

import versori_pulumi


def test_all_is_sorted_and_resolves() -> None:
    assert versori_pulumi.__all__ == sorted(versori_pulumi.__all__)
    for name in versori_pulumi.__all__:
        assert getattr(versori_pulumi, name) is not None


def test_import_is_lazy() -> None:
    code = "import sys, versori_pulumi; print('pulumi' in sys.modules, 'httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
