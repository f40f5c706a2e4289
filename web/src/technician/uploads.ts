import { useEffect, useRef, useState } from 'preact/hooks';
import type { UploadStart } from '../api/attachments.ts';
import type { ApiClient } from '../api/client.ts';
import { ApiError, NETWORK_ERROR_CODE } from '../api/errors.ts';
import { registerWorkOrderFile } from '../api/jobs.ts';
import { MAX_ATTACHMENT_BYTES } from '../api/attachments.ts';

/** The photo types a work order takes (the API checks again). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
/** At most this many photos in a report (the API's limit). */
export const MAX_PHOTOS = 20;
/** Larger photos are scaled down before upload: a phone's 12-megapixel shot costs mobile data for nothing. */
const LARGE_PHOTO_BYTES = 2_500_000;
const MAX_EDGE_PX = 2560;
/** Signed upload links last 5 minutes; past 4 a retry registers the file afresh. */
const REUSE_START_MS = 4 * 60_000;

export interface Photo {
  key: number;
  name: string;
  state: 'preparing' | 'queued' | 'uploading' | 'done' | 'failed' | 'refused';
  /** 0…1 while uploading. */
  progress: number;
  file?: File;
  /** A local picture of it (object URL), while this page is open. */
  preview?: string;
  attachmentId?: string;
  started?: { start: UploadStart; at: number };
  problem?: 'type' | 'tooBig' | 'tooMany' | 'network' | 'refused';
}

let nextKey = 0;

/**
 * Sends bytes to the presigned link with XMLHttpRequest, the one browser API that reports upload
 * progress. No token goes to storage: the signature is in the URL.
 */
export function putWithProgress(start: UploadStart, body: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(start.upload.method ?? 'PUT', start.upload.url);
    for (const [name, value] of Object.entries(start.upload.headers ?? {})) {
      // The browser sets these itself and refuses to be told.
      if (!/^(content-length|host)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, 'UPLOAD_FAILED', '')));
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR_CODE, ''));
    xhr.ontimeout = xhr.onerror;
    xhr.send(body);
  });
}

/** Registers a file on the work order and uploads it; reuses a registration whose link is still good. */
export async function uploadToOrder(
  api: ApiClient,
  orderId: string,
  file: File,
  onProgress: (fraction: number) => void,
  previous?: { start: UploadStart; at: number },
  onStarted?: (started: { start: UploadStart; at: number }) => void,
): Promise<string> {
  let started = previous && Date.now() - previous.at < REUSE_START_MS ? previous : undefined;
  if (!started) {
    started = { start: await registerWorkOrderFile(api, orderId, { name: file.name, contentType: file.type, size: file.size }), at: Date.now() };
    onStarted?.(started);
  }
  await putWithProgress(started.start, file, onProgress);
  return started.start.attachment.id;
}

/**
 * A JPEG or PNG the API takes, scaled down when large. Other image types (HEIC, WebP) are
 * re-encoded as JPEG where the browser can decode them; undefined when it cannot.
 */
export async function preparePhoto(file: File): Promise<File | undefined> {
  const accepted = (PHOTO_TYPES as readonly string[]).includes(file.type);
  if (accepted && file.size <= LARGE_PHOTO_BYTES) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob) throw new Error('no JPEG');
    if (accepted && blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.[^.]+$/, '') || 'photo'}.jpg`, { type: 'image/jpeg' });
  } catch {
    return accepted ? file : undefined;
  }
}

/**
 * The report's photos: each is uploaded as soon as it is taken, one at a time, with its progress;
 * a failed one keeps its place and a retry sends it again (to the same signed link while valid, so
 * no stray copy is registered). Photos already uploaded (a saved draft) come back as done.
 */
export function usePhotoUploads(api: ApiClient, orderId: string, restored: { id: string; name: string }[]) {
  const [photos, setPhotos] = useState<Photo[]>(() =>
    restored.map((p) => ({ key: ++nextKey, name: p.name, state: 'done', progress: 1, attachmentId: p.id })),
  );
  const list = useRef(photos);
  const running = useRef(false);

  // The list lives in a ref too, so the upload loop reads what is current between awaits.
  function update(change: (prev: Photo[]) => Photo[]) {
    list.current = change(list.current);
    setPhotos(list.current);
  }

  function patch(key: number, change: Partial<Photo>) {
    update((prev) => prev.map((p) => (p.key === key ? { ...p, ...change } : p)));
  }

  async function pump() {
    if (running.current) return;
    running.current = true;
    try {
      for (;;) {
        const next = list.current.find((p) => p.state === 'queued');
        if (!next?.file) break;
        patch(next.key, { state: 'uploading', progress: 0 });
        try {
          const id = await uploadToOrder(
            api,
            orderId,
            next.file,
            (progress) => patch(next.key, { progress }),
            next.started,
            (started) => patch(next.key, { started }),
          );
          patch(next.key, { state: 'done', progress: 1, attachmentId: id });
        } catch (error) {
          const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.code !== 'UPLOAD_FAILED';
          // A refused registration will not succeed on retry with the same file; the link may be stale otherwise.
          patch(next.key, { state: 'failed', problem: refused ? 'refused' : 'network', ...(refused ? { started: undefined } : {}) });
        }
      }
    } finally {
      running.current = false;
    }
  }

  async function add(files: FileList | File[] | null) {
    if (!files?.length) return;
    const room = MAX_PHOTOS - list.current.filter((p) => p.state !== 'refused').length;
    const chosen = [...files];
    const added = chosen.map((file, i): Photo => ({
      key: ++nextKey,
      name: file.name,
      state: i >= room ? 'refused' : 'preparing',
      progress: 0,
      ...(i >= room ? { problem: 'tooMany' as const } : {}),
    }));
    update((prev) => [...prev, ...added]);
    for (const [i, photo] of added.entries()) {
      if (photo.state === 'refused') continue;
      const prepared = await preparePhoto(chosen[i]!);
      if (!prepared) patch(photo.key, { state: 'refused', problem: 'type' });
      else if (prepared.size > MAX_ATTACHMENT_BYTES) patch(photo.key, { state: 'refused', problem: 'tooBig' });
      else patch(photo.key, { state: 'queued', file: prepared, name: prepared.name, preview: URL.createObjectURL(prepared) });
    }
    void pump();
  }

  function retry(key: number) {
    patch(key, { state: 'queued', problem: undefined, progress: 0 });
    void pump();
  }

  function remove(key: number) {
    const photo = list.current.find((p) => p.key === key);
    if (photo?.preview) URL.revokeObjectURL(photo.preview);
    update((prev) => prev.filter((p) => p.key !== key));
  }

  useEffect(
    () => () => {
      for (const p of list.current) if (p.preview) URL.revokeObjectURL(p.preview);
    },
    [],
  );

  const busy = photos.some((p) => p.state === 'preparing' || p.state === 'queued' || p.state === 'uploading');
  const ids = photos.filter((p) => p.state === 'done' && p.attachmentId).map((p) => p.attachmentId!);
  return { photos, add, retry, remove, busy, ids };
}
