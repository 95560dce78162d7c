"""Open311 GeoReport v2: web forms and third-party apps."""
