/**
 * Debian releases the default tags (no suite in the tag) of each major line have been built on, from
 * the history of docker-library/official-images `library/<family>` (each entry's Directory names the
 * suite). A local copy of a floating tag may be from any of them. Lines missing here are unknown.
 * Snapshot of 2026-08; a maintained line may still move to a newer release, which callers allow for.
 */
export const FAMILY_LINE_RELEASES: Record<string, Record<string, string>> = {
  node: {
    '6': 'jessie stretch',
    '8': 'jessie stretch',
    '9': 'jessie',
    '10': 'jessie stretch',
    '11': 'stretch',
    '12': 'stretch',
    '13': 'stretch',
    '14': 'stretch buster',
    '15': 'stretch',
    '16': 'buster',
    '17': 'bullseye',
    '18': 'bullseye bookworm',
    '19': 'bullseye',
    '20': 'bullseye bookworm',
    '21': 'bookworm',
    '22': 'bookworm',
    '23': 'bookworm',
    '24': 'bookworm',
    '25': 'bookworm',
    '26': 'trixie',
  },
  ruby: {
    '2.2': 'jessie',
    '2.3': 'jessie stretch',
    '2.4': 'jessie stretch buster',
    '2.5': 'stretch buster',
    '2.6': 'stretch buster bullseye',
    '2.7': 'stretch buster bullseye',
    '3.0': 'buster bullseye',
    '3.1': 'bullseye bookworm',
    '3.2': 'bullseye bookworm trixie',
    '3.3': 'bullseye bookworm trixie',
    '3.4': 'bookworm trixie',
    '3.5': 'bookworm trixie',
    '4.0': 'trixie',
  },
  golang: {
    '1.7': 'jessie',
    '1.8': 'jessie',
    '1.9': 'stretch',
    '1.10': 'stretch',
    '1.11': 'stretch buster',
    '1.12': 'stretch buster',
    '1.13': 'buster',
    '1.14': 'buster',
    '1.15': 'buster',
    '1.16': 'buster bullseye',
    '1.17': 'buster bullseye',
    '1.18': 'bullseye',
    '1.19': 'bullseye bookworm',
    '1.20': 'bullseye bookworm',
    '1.21': 'bookworm',
    '1.22': 'bookworm',
    '1.23': 'bookworm',
    '1.24': 'bookworm trixie',
    '1.25': 'bookworm trixie',
    '1.26': 'trixie',
    '1.27': 'trixie',
  },
  perl: {
    '5.26': 'buster',
    '5.28': 'buster',
    '5.30': 'buster bullseye',
    '5.32': 'buster bullseye',
    '5.34': 'buster bullseye',
    '5.36': 'bullseye bookworm',
    '5.37': 'bullseye',
    '5.38': 'bookworm trixie',
    '5.39': 'bookworm',
    '5.40': 'bookworm trixie',
    '5.41': 'bookworm',
    '5.42': 'bookworm trixie',
    '5.43': 'trixie',
    '5.44': 'trixie',
    '5.45': 'trixie',
  },
  php: {
    '5.6': 'jessie stretch',
    '7.0': 'jessie stretch',
    '7.1': 'jessie stretch buster',
    '7.2': 'stretch buster',
    '7.3': 'stretch buster bullseye',
    '7.4': 'stretch buster bullseye',
    '8.0': 'buster bullseye',
    '8.1': 'buster bullseye bookworm trixie',
    '8.2': 'bullseye bookworm trixie',
    '8.3': 'bullseye bookworm trixie',
    '8.4': 'bookworm trixie',
    '8.5': 'bookworm trixie',
    '8.6': 'trixie',
  },
};

/**
 * Major lines whose images are no longer built, so the release they were last on is final (no
 * move to a newer Debian). Node: nodejs/docker-node versions.json of 2026-08 builds 22, 24 and 26
 * only; 20 ended on bookworm with 20.20.2 (its last 20/bookworm Dockerfile).
 */
export const FAMILY_ENDED_LINE: Record<string, (line: string) => boolean> = {
  node: (line) => !['22', '24', '26'].includes(line),
};
