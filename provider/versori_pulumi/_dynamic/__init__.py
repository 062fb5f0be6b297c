"""The dynamic face's side in Pulumi's dynamic provider host: what the host calls beyond the core (its
``configure`` request, the pickling flag it reads) and the patch that makes it print a failure as its message.

The program's side of the same face is :mod:`versori_pulumi.resources` with :mod:`versori_pulumi._program`.
"""
