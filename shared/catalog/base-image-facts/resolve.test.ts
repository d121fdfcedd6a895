import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../dockerfile/parse';
import { runtimeLibraryOn } from './debian-runtime-libs';
import { baseImageFacts, compareVersions, pipAtLeast } from './resolve';

const facts = (ref: string, known?: Parameters<typeof baseImageFacts>[1]) =>
  baseImageFacts(parseImageRef(ref), known);

describe('base-image facts: python tags from the catalog', () => {
  it('python:3.8.8 shipped pip 21.0.1 on buster, too old for PIP_PYTHON', () => {
    const f = facts('python:3.8.8');
    expect(f.source).toBe('catalog');
    expect(f.pip).toEqual({ min: '21.0.1', max: '21.0.1' });
    expect(f.osId).toBe('debian');
    expect(f.osReleases).toEqual(['buster']);
    expect(pipAtLeast(f, '22.3')).toBe(false);
    expect(f.setuptools).toBe(true);
    expect(f.full).toBe(true);
  });

  it('an explicit suite in the tag wins; slim is not full', () => {
    const f = facts('python:3.9.6-slim-buster');
    expect(f.osReleases).toEqual(['buster']);
    expect(f.full).toBe(false);
    expect(f.languageVersion).toBe('3.9.6');
    expect(pipAtLeast(f, '22.3')).toBe(false);
  });

  it('a patch tag whose default suite moved lists both releases', () => {
    // python:3.9.6 was rebuilt on bullseye when bullseye came out (2021-08).
    expect(facts('python:3.9.6').osReleases).toEqual(['buster', 'bullseye']);
    expect(facts('python:3.9.6-slim').osReleases).toEqual(['buster', 'bullseye']);
  });

  it('floating tags span every build: python:3.9 mixes old and new pips', () => {
    const f = facts('python:3.9');
    expect(pipAtLeast(f, '22.3')).toBeNull();
    expect(f.osReleases).toEqual(expect.arrayContaining(['buster', 'bullseye', 'bookworm']));
    expect(pipAtLeast(facts('python:latest'), '22.3')).toBeNull();
    expect(pipAtLeast(facts('python:3'), '22.3')).toBeNull();
  });

  it('3.11 always had pip ≥ 22.3 but also setuptools; 3.13 has neither concern', () => {
    expect(pipAtLeast(facts('python:3.11-slim'), '22.3')).toBe(true);
    expect(facts('python:3.11-slim').setuptools).toBe(true);
    const f = facts('python:3.13-slim');
    expect(pipAtLeast(f, '22.3')).toBe(true);
    expect(f.setuptools).toBe(false);
    // 3.12 images had setuptools until docker-library/python a8ec33a6 (2024-08).
    expect(facts('python:3.12.0').setuptools).toBe(true);
    expect(facts('python:3.12').setuptools).toBeNull();
  });

  it('what the catalog cannot know is unknown, not a guess', () => {
    for (const ref of ['python:3.99.1', 'python:3.14.0rc1-slim', 'python:3.9-windowsservercore']) {
      const f = facts(ref);
      expect(pipAtLeast(f, '22.3'), ref).toBeNull();
      expect(f.osReleases, ref).toEqual([]);
    }
    const other = facts('registry.example.com/team/python:3.9');
    expect(other.source).toBe('none');
    expect(other.workdir).toBeNull();
    expect(facts('python@sha256:' + 'a'.repeat(64)).source).toBe('none');
  });
});

describe('base-image facts: daemon facts win', () => {
  it('uses the release and pip read from the local image', () => {
    const f = facts('python:3.9', {
      'python:3.9': { osId: 'debian', osRelease: 'bookworm', pipVersion: '23.0.1' },
    });
    expect(f.source).toBe('daemon');
    expect(f.osReleases).toEqual(['bookworm']);
    expect(pipAtLeast(f, '22.3')).toBe(true);
  });

  it('the image ENV PYTHON_VERSION narrows a floating tag to its catalog row', () => {
    // A local python:3.9 that is really 3.9.6 (2021): pip 21, buster or bullseye.
    const old = facts('python:3.9', { 'python:3.9': { languageVersion: '3.9.6', workdir: '' } });
    expect(pipAtLeast(old, '22.3')).toBe(false);
    expect(old.osReleases).toEqual(['buster', 'bullseye']);
    const recent = facts('python:3.12-slim', { 'python:3.12-slim': { languageVersion: '3.12.8' } });
    expect(pipAtLeast(recent, '22.3')).toBe(true);
    expect(recent.setuptools).toBe(false);
    // A suite named in the tag stays.
    const pinned = facts('python:3.9-slim-bookworm', {
      'python:3.9-slim-bookworm': { languageVersion: '3.9.6' },
    });
    expect(pinned.osReleases).toEqual(['bookworm']);
  });

  it('finds facts filed under the normalised name', () => {
    const f = facts('python', { 'python:latest': { workdir: '/srv', user: 'app' } });
    expect(f.workdir).toBe('/srv');
    expect(f.user).toBe('app');
  });
});

describe('base-image facts: other families', () => {
  it('default WORKDIR and USER', () => {
    expect(facts('gradle:8.5-jdk17').workdir).toBe('/home/gradle');
    expect(facts('gradle:8.5-jdk17').user).toBeNull();
    expect(facts('golang:1.21').workdir).toBe('/go');
    expect(facts('maven:3.9-eclipse-temurin-17').workdir).toBe('/');
    expect(facts('node:20').user).toBe('');
  });

  it('Debian and Ubuntu releases from tags and line histories', () => {
    expect(facts('node:20-bookworm-slim').osReleases).toEqual(['bookworm']);
    // Node 20's images ended on bookworm (docker-node builds 22, 24, 26 only); 22 may still move.
    expect(facts('node:20').osReleases).toEqual(['bullseye', 'bookworm']);
    expect(facts('node:22').osReleases).toEqual(['bookworm', 'trixie']);
    expect(facts('golang:1.21').osReleases).toEqual(['bookworm', 'trixie']);
    expect(facts('ruby:3.2-slim').osReleases).toEqual(['bullseye', 'bookworm', 'trixie']);
    expect(facts('debian:12-slim').osReleases).toEqual(['bookworm']);
    expect(facts('debian:bullseye').osReleases).toEqual(['bullseye']);
    expect(facts('debian:stable-slim').osReleases).toEqual([]);
    expect(facts('ubuntu:22.04')).toMatchObject({ osId: 'ubuntu', osReleases: ['jammy'] });
    expect(facts('eclipse-temurin:17-jdk-noble')).toMatchObject({ osId: 'ubuntu', osReleases: ['noble'] });
    expect(facts('node:20-alpine3.19')).toMatchObject({ osId: 'alpine', osReleases: ['3.19'], full: false });
  });
});

describe('Debian runtime libraries by release', () => {
  it('names differ between releases', () => {
    expect(runtimeLibraryOn('libssl-dev', 'bullseye')).toBe('libssl1.1');
    expect(runtimeLibraryOn('libssl-dev', 'bookworm')).toBe('libssl3');
    expect(runtimeLibraryOn('libffi-dev', 'buster')).toBe('libffi6');
    expect(runtimeLibraryOn('libffi-dev', 'bullseye')).toBe('libffi7');
    expect(runtimeLibraryOn('libpq-dev', 'buster')).toBe('libpq5');
    expect(runtimeLibraryOn('libpq-dev', 'stretch')).toBeNull();
    expect(runtimeLibraryOn('libldap2-dev', 'trixie')).toBeNull();
    expect(runtimeLibraryOn('libfoo-dev', 'bookworm')).toBeNull();
  });

  it('compares versions numerically', () => {
    expect(compareVersions('21.0.1', '22.3')).toBeLessThan(0);
    expect(compareVersions('22.3', '22.3.0')).toBe(0);
    expect(compareVersions('100.0', '22.3')).toBeGreaterThan(0);
  });
});
