"""One small module per third-party (or standard) library the readers rely on.

Each facade is the only place that imports its library, so the project's own SOUP list can say exactly
which part of each library it uses, and a library can be swapped in one place.
"""
