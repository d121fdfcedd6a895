/** The parts of the build that need no daemon: error mapping and image naming. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WhittleFailure } from '../../../shared/api/result';
import { buildFailure, imageTag } from './build';

describe('buildFailure', () => {
  it.each([
    // BuildKit's and the classic builder's wording of a full disk.
    'failed to copy files: copy file range failed: no space left on device',
    'write /var/lib/docker/tmp/GetImageBlob123: No Space Left On Device',
  ])('maps "%s" to DISK_FULL and keeps the details', (message) => {
    const f = buildFailure(message, { step: 'RUN make', log: ['a'] });
    expect(f).toBeInstanceOf(WhittleFailure);
    expect(f.code).toBe('DISK_FULL');
    expect(f.message).toContain('ran out of disk space');
    expect(f.message).toContain(message);
    expect(f.details).toEqual({ step: 'RUN make', log: ['a'] });
  });

  it('maps anything else to BUILD_FAILED with the message as is', () => {
    const f = buildFailure("The command '/bin/sh -c exit 3' returned a non-zero code: 3", {
      step: 'RUN exit 3',
    });
    expect(f.code).toBe('BUILD_FAILED');
    expect(f.message).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    expect(f.details).toEqual({ step: 'RUN exit 3' });
  });
});

describe('imageTag', () => {
  it('is a valid reference, stable per folder and different across folders of the same name', () => {
    const a = imageTag('/home/me/work/My App', 'original');
    expect(a).toMatch(/^whittle\/my-app-[0-9a-f]{8}:original$/);
    expect(imageTag('/home/me/work/My App/', 'original')).toBe(a);
    expect(imageTag('/home/me/other/My App', 'original')).not.toBe(a);
    expect(imageTag('/home/me/work/My App', 'optimized')).toBe(a.replace(':original', ':optimized'));
  });

  it('never starts the repository name with a separator', () => {
    expect(imageTag(path.join('/tmp', '.hidden'), 'original')).toMatch(
      /^whittle\/hidden-[0-9a-f]{8}:original$/,
    );
    expect(imageTag('/', 'original')).toMatch(/^whittle\/project-[0-9a-f]{8}:original$/);
  });
});
