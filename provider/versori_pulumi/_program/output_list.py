"""The type of a list output whose elements are typed: indexing it gives the element's type, not ``Output[Any]``.

``pulumi.Output.__getitem__`` is typed ``Output[Any]``, so ``connector.auth_scheme_configs[0]`` would lose the
element type for ``mypy --strict``. For the type checker :class:`OutputList` is an ``Output[list[T]]`` whose
indexing gives ``Output[T]``; at run time it is ``pulumi.Output`` itself (whose indexing already does that), so no
object changes and nothing new reaches a pickled provider or the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import pulumi

__all__ = ["OutputList"]

T = TypeVar("T")

if TYPE_CHECKING:

    class OutputList(pulumi.Output[list[T]]):
        """An ``Output[list[T]]`` whose elements are typed when indexed."""

        def __getitem__(self, key: Any) -> pulumi.Output[T]: ...

else:
    OutputList = pulumi.Output
