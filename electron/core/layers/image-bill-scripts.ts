/**
 * Python scripts the bill's integration tests run inside the images, to measure what the bill
 * claims with the image's own tools: dpkg-query for packages, the RECORD files for a venv.
 * Each prints one JSON array on stdout.
 */

/**
 * Per installed dpkg package: name, version, Installed-Size (KiB), the bytes of the regular files
 * `dpkg-query -L` lists (each inode once), how many paths it lists, and whether another package
 * lists one of the same files.
 */
export const DPKG_SIZES_PY = String.raw`
import json, os, stat, subprocess
D = '$'
fmt = '\t'.join(D + '{' + f + '}' for f in ['binary:Package', 'Package', 'Version', 'Installed-Size', 'db:Status-Status']) + '\n'
q = subprocess.run(['dpkg-query', '-W', '-f=' + fmt], capture_output=True, text=True).stdout
pkgs = []
for line in q.splitlines():
    bp, name, ver, size, st = line.split('\t')
    if st != 'installed':
        continue
    listed = subprocess.run(['dpkg-query', '-L', bp], capture_output=True, text=True).stdout.split('\n')
    files = []
    for f in listed:
        if not f.startswith('/') or f == '/.':
            continue
        try:
            s = os.lstat(f)
        except OSError:
            continue
        if stat.S_ISDIR(s.st_mode):
            continue
        key = ('l', os.path.realpath(os.path.dirname(f)), os.path.basename(f)) if stat.S_ISLNK(s.st_mode) else (s.st_dev, s.st_ino)
        files.append((key, s))
    pkgs.append((name, ver, int(size or 0), len([f for f in listed if f.startswith('/') and f != '/.']), files))
owners = {}
for i, p in enumerate(pkgs):
    for key, _ in p[4]:
        owners.setdefault(key, set()).add(i)
out = []
for i, (name, ver, size, n, files) in enumerate(pkgs):
    seen = set()
    b = 0
    shared = False
    for key, s in files:
        if len(owners[key]) > 1:
            shared = True
        if stat.S_ISREG(s.st_mode) and key not in seen:
            seen.add(key)
            b += s.st_size
    out.append(dict(name=name, version=ver, installedKiB=size, bytes=b, listed=n, shared=shared))
print(json.dumps(out))
`;

/**
 * Per distribution in a venv (argv[1] is its prefix): name, version, the sum of the sizes its RECORD
 * declares, and the actual bytes of every regular file the RECORD lists (RECORD itself and .pyc
 * files are listed without a size).
 */
export const RECORD_SIZES_PY = String.raw`
import csv, glob, json, os, sys
out = []
for rec in glob.glob(sys.argv[1] + '/lib/python*/site-packages/*.dist-info/RECORD'):
    info = os.path.dirname(rec)
    site = os.path.dirname(info)
    name, ver = os.path.basename(info)[:-len('.dist-info')].split('-', 1)
    declared = 0
    actual = 0
    seen = set()
    with open(rec, newline='') as fh:
        for row in csv.reader(fh):
            if not row:
                continue
            p = os.path.normpath(os.path.join(site, row[0]))
            if len(row) > 2 and row[2]:
                declared += int(row[2])
            if p in seen:
                continue
            seen.add(p)
            if os.path.isfile(p) and not os.path.islink(p):
                actual += os.path.getsize(p)
    out.append(dict(name=name, version=ver, declared=declared, actual=actual))
print(json.dumps(out))
`;
