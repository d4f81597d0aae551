"""stub"""


def read_uv_lock(text, path):
    raise NotImplementedError
