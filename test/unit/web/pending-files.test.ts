// Proves the console and the customer pages refuse files by the API's own rules (type, size, emptiness) before anything is sent.
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../web/src/api/attachments.ts';
import { checkFile } from '../../../web/src/components/pending-files.ts';

/** A File of the given size without allocating it (only name, type and size are read). */
function fileOf(name: string, type: string, size: number): File {
  const file = new File([], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('checkFile', () => {
  it('accepts documents and images up to the limit', () => {
    expect(checkFile(fileOf('warranty.pdf', 'application/pdf', 1200))).toBeUndefined();
    expect(checkFile(fileOf('photo.png', 'image/png', MAX_ATTACHMENT_BYTES))).toBeUndefined();
  });

  it('knows a few types by extension when the browser leaves the type empty', () => {
    expect(checkFile(fileOf('readings.csv', '', 30))).toBeUndefined();
    expect(checkFile(fileOf('tool', '', 30))).toEqual({ key: 'attach.type' });
  });

  it('refuses executables, oversize and empty files, each with its own reason', () => {
    expect(checkFile(fileOf('setup.exe', 'application/x-msdownload', 2))).toEqual({ key: 'attach.type' });
    expect(checkFile(fileOf('video.png', 'image/png', MAX_ATTACHMENT_BYTES + 1))).toEqual({ key: 'attach.tooBig' });
    expect(checkFile(fileOf('blank.txt', 'text/plain', 0))).toEqual({ key: 'attach.empty' });
  });
});
