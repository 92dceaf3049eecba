"""Ordnance Survey National Grid (OSGB36) eastings/northings to WGS84 latitude/longitude,
for Code-Point Open files. Accurate to a few metres, which is plenty for postcode centres."""

from math import atan2, cos, degrees, radians, sin, sqrt, tan


def _en_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    a, b = 6377563.396, 6356256.909  # Airy 1830
    f0 = 0.9996012717
    lat0, lon0 = radians(49), radians(-2)
    n0, e0 = -100000, 400000
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat, m = lat0, 0.0
    while True:
        lat = (northing - n0 - m) / (a * f0) + lat
        ma = (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * (lat - lat0)
        mb = (3 * n + 3 * n**2 + 21 / 8 * n**3) * sin(lat - lat0) * cos(lat + lat0)
        mc = (15 / 8 * n**2 + 15 / 8 * n**3) * sin(2 * (lat - lat0)) * cos(2 * (lat + lat0))
        md = 35 / 24 * n**3 * sin(3 * (lat - lat0)) * cos(3 * (lat + lat0))
        m = b * f0 * (ma - mb + mc - md)
        if abs(northing - n0 - m) < 0.00001:
            break
    nu = a * f0 / sqrt(1 - e2 * sin(lat) ** 2)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin(lat) ** 2) ** 1.5
    eta2 = nu / rho - 1
    t = tan(lat)
    sec = 1 / cos(lat)
    vii = t / (2 * rho * nu)
    viii = t / (24 * rho * nu**3) * (5 + 3 * t**2 + eta2 - 9 * t**2 * eta2)
    ix = t / (720 * rho * nu**5) * (61 + 90 * t**2 + 45 * t**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t**2)
    xii = sec / (120 * nu**5) * (5 + 28 * t**2 + 24 * t**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t**2 + 1320 * t**4 + 720 * t**6)
    de = easting - e0
    phi = lat - vii * de**2 + viii * de**4 - ix * de**6
    lam = lon0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return phi, lam


def _to_cartesian(lat: float, lon: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - (b * b) / (a * a)
    nu = a / sqrt(1 - e2 * sin(lat) ** 2)
    return nu * cos(lat) * cos(lon), nu * cos(lat) * sin(lon), (1 - e2) * nu * sin(lat)


def osgb36_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    if not (0 <= easting <= 800000 and 0 <= northing <= 1400000):
        raise ValueError("Outside the National Grid.")
    lat, lon = _en_to_osgb36(easting, northing)
    x1, y1, z1 = _to_cartesian(lat, lon, 6377563.396, 6356256.909)
    # Helmert transform OSGB36 -> WGS84.
    tx, ty, tz = 446.448, -125.157, 542.060
    s = -20.4894e-6
    rx, ry, rz = (radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))
    x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1
    y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1
    z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1
    a, b = 6378137.0, 6356752.3142
    e2 = 1 - (b * b) / (a * a)
    p = sqrt(x2**2 + y2**2)
    lat = atan2(z2, p * (1 - e2))
    for _ in range(10):
        nu = a / sqrt(1 - e2 * sin(lat) ** 2)
        lat = atan2(z2 + e2 * nu * sin(lat), p)
    return round(degrees(lat), 6), round(degrees(atan2(y2, x2)), 6)
