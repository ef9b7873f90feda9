"""The reference optimizer under the student's name."""
import minigrad


class SGD(minigrad.optim.SGD):
    pass
