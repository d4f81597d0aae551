"""stub"""


def read_poetry_lock(text, path):
    raise NotImplementedError
