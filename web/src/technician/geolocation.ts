import type { PhoneLocation } from '../api/jobs.ts';

export type LocationOutcome = { location: PhoneLocation } | { problem: 'denied' | 'unavailable' | 'timeout' | 'unsupported' };

/** How long check-in waits for a position before it goes ahead without one. */
export const LOCATION_TIMEOUT_MS = 10_000;

/**
 * Where the phone is, asked once (the browser asks the technician the first time). Never fails:
 * a refusal, no fix in time or no GPS at all is answered as a problem, and check-in goes on without.
 */
export function currentLocation(timeoutMs = LOCATION_TIMEOUT_MS): Promise<LocationOutcome> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve({ problem: 'unsupported' });
  return new Promise((resolve) => {
    // Some browsers never call back when the prompt is ignored; our own timer ends the wait.
    const guard = setTimeout(() => resolve({ problem: 'timeout' }), timeoutMs + 1_000);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        clearTimeout(guard);
        const { latitude, longitude, accuracy } = position.coords;
        resolve({
          location: {
            lat: latitude,
            lng: longitude,
            ...(Number.isFinite(accuracy) ? { accuracyM: Math.min(100_000, Math.max(0, Math.round(accuracy))) } : {}),
          },
        });
      },
      (error) => {
        clearTimeout(guard);
        resolve({ problem: error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable' });
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
