"""stub"""


def read_requirements(text, path):
    raise NotImplementedError
