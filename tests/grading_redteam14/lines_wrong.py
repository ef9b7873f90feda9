"""Wrong, without a line break: the instructor's two lines stay two lines."""


def shout(s):
    return s
