import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { apkOwners, dpkgOwners } from '../../../shared/repair/package-owners';
import { repairMissingLibraries, type LibraryRepairInput } from './repair-libraries';

const STATUS = (pkgs: string[]): string =>
  ['dpkg', ...pkgs]
    .map((p) => `Package: ${p}\nStatus: install ok installed\nArchitecture: amd64\n`)
    .join('\n');
const dpkg = (files: Record<string, string[]>) => ({
  manager: 'apt' as const,
  owners: dpkgOwners(
    STATUS(Object.keys(files)),
    new Map(
      Object.entries(files).map(([p, paths]) => [`/var/lib/dpkg/info/${p}:amd64.list`, paths.join('\n')]),
    ),
  ),
});
const DBS = {
  builder: dpkg({ libxml2: ['/usr/lib/x86_64-linux-gnu/libxml2.so.2'] }),
  original: dpkg({ libpq5: ['/usr/lib/x86_64-linux-gnu/libpq.so.5'] }),
  alpine: { manager: 'apk' as const, owners: apkOwners('P:libxml2\nF:usr/lib\nR:libxml2.so.2\n') },
};
const read = async (_d: Dockerode, image: string) => {
  if (image === 'broken') throw new Error('cannot read');
  return DBS[image as keyof typeof DBS] ?? null;
};
const SLIM =
  'FROM python:3.9 AS build\nRUN pip install uwsgi\nFROM python:3.9-slim\nCOPY --from=build /usr/local /usr/local\n';
const input = (o: Partial<LibraryRepairInput>): LibraryRepairInput => ({
  docker: {} as Dockerode,
  missingSonames: ['libxml2.so.2'],
  sourceImages: ['builder', 'original'],
  dockerfileText: SLIM,
  runtimeManager: 'apt',
  ...o,
});

describe('repairMissingLibraries', () => {
  it('maps each soname through the first image that ships it, skipping unreadable images', async () => {
    const r = await repairMissingLibraries(
      input({
        missingSonames: ['libpq.so.5', 'libxml2.so.2'],
        sourceImages: ['broken', 'builder', 'original'],
      }),
      read,
    );
    expect(r).toMatchObject({ packages: ['libpq5', 'libxml2'], unmapped: [] });
    expect(r.text).toContain('apt-get install -y --no-install-recommends libpq5 libxml2');
    expect(r.summary).toContain('from the package database of builder, original');
  });

  it('does nothing when a soname is shipped by no package (a partial repair would still fail)', async () => {
    const r = await repairMissingLibraries(
      input({ missingSonames: ['libxml2.so.2', 'libpython3.9.so.1.0'] }),
      read,
    );
    expect(r).toMatchObject({ text: null, unmapped: ['libpython3.9.so.1.0'] });
    expect(r.summary).toContain('libpython3.9.so.1.0');
  });

  it('does nothing on a runtime without a package manager, or with Alpine names for a Debian runtime', async () => {
    expect((await repairMissingLibraries(input({ runtimeManager: null }), read)).text).toBeNull();
    expect((await repairMissingLibraries(input({ sourceImages: ['alpine'] }), read)).text).toBeNull();
    // An Alpine runtime takes the apk database's name.
    const apk = await repairMissingLibraries(
      input({
        sourceImages: ['alpine'],
        runtimeManager: 'apk',
        dockerfileText: 'FROM alpine:3.19\nCOPY x /x\n',
      }),
      read,
    );
    expect(apk.text).toBe('FROM alpine:3.19\nRUN apk add --no-cache libxml2\nCOPY x /x\n');
  });

  it('does nothing when the runtime stage installs the package already', async () => {
    const text = `${SLIM}RUN apt-get update && apt-get install -y libxml2\n`;
    const r = await repairMissingLibraries(input({ dockerfileText: text }), read);
    expect(r.text).toBeNull();
    expect(r.summary).toContain('already installs libxml2');
  });
});
