// Stack buffers (the fractional bucket key) need no zeroing: every byte read was written first.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
