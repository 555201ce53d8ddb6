"""Make a module callable: ``exporter.convert(path)`` calls ``exporter.convert.convert(path)``.

The package exposes ``convert`` and ``validate`` both as modules and as functions; a module
attribute and a function of the same name cannot coexist (importing the submodule rebinds the
package attribute), so the module itself answers the call.
"""
from __future__ import annotations

import sys
import types


def make_callable(module_name: str, function_name: str) -> None:
    module = sys.modules[module_name]

    class CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(self, function_name)(*args, **kwargs)

    CallableModule.__name__ = f"CallableModule[{module_name}]"
    module.__class__ = CallableModule
