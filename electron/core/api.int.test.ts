/** The layer drill-down against the real daemon (DOCKER_HOST): a small base image's layer files. */
import Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { createLayerFiles } from './api';

describe('createLayerFiles (real daemon)', () => {
  it('lists the largest files of a layer and refuses a layer that does not exist', async () => {
    const docker = new Dockerode();
    const image = await docker.getImage('busybox:latest').inspect();
    const layerFiles = createLayerFiles(docker);
    const layer = await layerFiles({ imageId: image.Id, layerIndex: 0 });
    expect(layer.layerIndex).toBe(0);
    expect(layer.largestFiles.length).toBeGreaterThan(0);
    expect(layer.largestFiles[0]!.sizeBytes).toBeGreaterThan(0);
    // True counts (the lists may be capped), and nothing beyond the contract.
    expect(layer.counts.added).toBeGreaterThanOrEqual(layer.added.length);
    expect(layer).not.toHaveProperty('storedBytes');
    await expect(layerFiles({ imageId: image.Id, layerIndex: 999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(layerFiles({ imageId: 'sha256:' + '0'.repeat(64), layerIndex: 0 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
