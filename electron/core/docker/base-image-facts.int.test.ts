/** The daemon side of the base-image resolver on the engine's python images (pip 21 and a full image). */
import { expect, it } from 'vitest';
import { collectBaseImageFacts, readBaseImageFacts } from './base-image-facts';
import { describeDocker, dockerClient } from './test-kit';

describeDocker('base-image facts from local images', () => {
  it('python:3.8.8-slim: pip 21.0.1, its Debian release, no compiler, the config', async () => {
    const docker = dockerClient();
    const f = await readBaseImageFacts(docker, 'python:3.8.8-slim');
    expect(f).not.toBeNull();
    expect(f!.pipVersion).toBe('21.0.1');
    expect(f!.osId).toBe('debian');
    expect(f!.osRelease).toMatch(/^(buster|bullseye)$/);
    expect(f!.full).toBe(false);
    expect(f!.packages).toContain('libc6');
    expect(f!.workdir).toBe('');
    // The engine's stand-in is CPython 3.9.2 under the 3.8.8 tag: the image's ENV is what counts.
    expect(f!.languageVersion).toMatch(/^3\.\d+\.\d+$/);
  }, 120_000);

  it('collects the bases of a Dockerfile, skipping stage names, scratch and images not local', async () => {
    const docker = dockerClient();
    const text =
      'ARG PY=3.9\nFROM python:${PY} AS build\nRUN true\nFROM build AS again\nFROM whittle-test-py-facts-absent:1\nFROM scratch\n';
    const facts = await collectBaseImageFacts(docker, text, { timeoutMs: 90_000 });
    expect(Object.keys(facts)).toEqual(['python:3.9']);
    expect(facts['python:3.9']!.full).toBe(true);
    expect(facts['python:3.9']!.pipVersion).toMatch(/^\d+\./);
  }, 120_000);
});
