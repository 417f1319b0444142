"""Plane shapes."""

import math


def area(radius, scale):
    """Area of a circle of RADIUS, multiplied by SCALE."""
    unused_total = 0
    return math.pi * radius * radius * scale


class Circle:
    def __init__(self, radius):
        self.radius = radius

    def area(self):
        return area(self.radius, 1.0)
