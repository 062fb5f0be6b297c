"""What the resource classes need in the user's program: the wire form of typed inputs, echoed outputs, typed
list outputs and the SDK pickler workaround."""
