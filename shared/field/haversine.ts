/** A point on the earth in decimal degrees (WGS 84, as phones and geocoders report it). */
export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * Mean earth radius (IUGG R1) in km. The sphere is off from the ellipsoid by up to ~0.5%, far less
 * than the gap between a straight line and the road a technician drives.
 */
export const EARTH_RADIUS_KM = 6371.0088;

const RADIANS = Math.PI / 180;

/** Great-circle distance between two points in km (haversine: stable for short distances too). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = (b.lat - a.lat) * RADIANS;
  const dLng = (b.lng - a.lng) * RADIANS;
  const sinLat = Math.sin(dLat / 2);
  const sinLng = Math.sin(dLng / 2);
  const h = sinLat * sinLat + Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * sinLng * sinLng;
  // min() guards against h creeping past 1 by rounding for nearly antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}
