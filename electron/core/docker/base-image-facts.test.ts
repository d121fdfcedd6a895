import { describe, expect, it } from 'vitest';
import { analyze } from '../../../shared/optimizer/index';
import { parseDpkgStatus, parseOsRelease, pipVersionOfPath, swapImagesWithoutSize } from './base-image-facts';

describe('base-image facts read from an image', () => {
  it('os-release: Debian codename, Alpine major.minor, Ubuntu codename', () => {
    expect(
      parseOsRelease('PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_CODENAME=bullseye\n'),
    ).toEqual({ osId: 'debian', osRelease: 'bullseye' });
    expect(parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n')).toEqual({
      osId: 'alpine',
      osRelease: '3.19',
    });
    // buster's os-release has no VERSION_CODENAME in some builds: the VERSION text carries it.
    expect(parseOsRelease('ID=debian\nVERSION="10 (buster)"\n')).toEqual({
      osId: 'debian',
      osRelease: 'buster',
    });
    expect(parseOsRelease('ID=ubuntu\nVERSION_CODENAME=jammy\n')).toEqual({
      osId: 'ubuntu',
      osRelease: 'jammy',
    });
  });

  it('dpkg status: installed packages only', () => {
    const status = [
      'Package: libpq5\nStatus: install ok installed\nVersion: 13.1',
      'Package: gcc\nStatus: deinstall ok config-files\nVersion: 10',
      'Package: zlib1g\nStatus: install ok installed',
    ].join('\n\n');
    expect(parseDpkgStatus(status)).toEqual(['libpq5', 'zlib1g']);
  });

  it('pip version from its dist-info path', () => {
    expect(pipVersionOfPath('/usr/local/lib/python3.8/site-packages/pip-21.0.1.dist-info/METADATA')).toBe(
      '21.0.1',
    );
    expect(pipVersionOfPath('/usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA')).toBe('23.0.1');
    expect(pipVersionOfPath('/usr/local/lib/python3.8/site-packages/pipx-1.0.dist-info/METADATA')).toBeNull();
    expect(pipVersionOfPath('/usr/local/lib/python3.8/site-packages/pip-21.0.1.dist-info/RECORD')).toBeNull();
  });
});

describe('the images a base-swap estimate names, to price it by the daemon', () => {
  const text =
    'FROM python:3.9\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
  const project = { files: ['requirements.txt', 'app.py'], dockerignore: '.git\n' };
  it('names the FROM image and its slim runtime when neither size is known', () => {
    expect(swapImagesWithoutSize(analyze(text, project)).sort()).toEqual(['python:3.9', 'python:3.9-slim']);
  });
  it('names only the ones without a size', () => {
    const known = { 'python:3.9': { sizeBytes: 877_001_299 } };
    expect(swapImagesWithoutSize(analyze(text, { ...project, baseImages: known }), known)).toEqual([
      'python:3.9-slim',
    ]);
  });
});
